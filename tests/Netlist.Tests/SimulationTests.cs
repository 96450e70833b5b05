using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Elaboration;
using MemristorSpice.Netlist.Model;
using MemristorSpice.Netlist.NativeDevices;
using MemristorSpice.Netlist.Reading;
using MemristorSpice.Netlist.Simulation;
using static MemristorSpice.Netlist.Tests.TestNetlists;

namespace MemristorSpice.Netlist.Tests;

public class SimulationTests
{
    private const string Divider = "divider\nV1 in 0 DC 3\nR1 in mid 2k\nR2 mid 0 1k\n.op\n.dc V1 0 3 1\n.tran 1u 10u\n";

    [Fact]
    public void Native_run_gives_one_table_per_analysis()
    {
        var result = new SimulationRunner().Run(Read(Divider), Backend.Native);
        Assert.Equal(["op", "dc", "tran"], result.Analyses.Select(a => a.Kind));
        // Linear divider: exact up to the LU solve's rounding, 1e-12 relative.
        Close(1.0, result.Analyses[0].Table["v(mid)"][0]);
        Assert.Equal([0.0, 1, 2, 3], result.Analyses[1].Table.Axis);
        Close(2.0 / 3, result.Analyses[1].Table["v(mid)"][2]);
        Close(-1e-3, result.Analyses[0].Table["i(v1)"][0]);
    }

    [Fact]
    public void Comparison_passes_identical_runs_and_fails_a_changed_value()
    {
        var runner = new SimulationRunner();
        var a = runner.Run(Read(Divider), Backend.Native);
        var same = BackendComparison.Compare(a, runner.Run(Read(Divider), Backend.Native));
        Assert.True(same.Pass);
        Assert.All(same.Signals, s => Assert.Equal(0, s.MaxDifference));
        // R2 up by 0.1 %: v(mid) moves by about 0.07 %, above the 1e-4 DC tolerance.
        var changed = runner.Run(Read(Divider.Replace("R2 mid 0 1k", "R2 mid 0 1.001k")), Backend.Native);
        var report = BackendComparison.Compare(changed, a);
        Assert.False(report.Pass);
        Assert.Contains(report.Signals, s => s.Signal == "v(mid)" && !s.Pass && s.Analysis == "op1 .op");
        Assert.True(BackendComparison.Compare(changed, a, ComparisonTolerance.Uniform(1e-2)).Pass);
    }

    /// <summary>
    /// A diode sweep at the default RELTOL 1e-3: our engine against the exact solution of the series circuit (found by
    /// bisection on the diode current; 1e-6 V, measured 2.6e-7 V at worst, gmin and Newton's last step) and against
    /// ngspice within the comparison tolerance for the deck
    /// (<see cref="ComparisonTolerance.ForDeck"/>: ngspice 39's own Newton stops up to ~1e-4 of |v| away here).
    /// </summary>
    [Fact]
    public void Diode_sweep_at_default_reltol_is_exact_here_and_within_the_decks_tolerance_of_ngspice()
    {
        var deck = Read("diode sweep\nV1 1 0 0\nV2 2 0 0\nR1 1 3 1k\nD1 3 2 dm\n.model dm d(is=1e-14 n=1.2 rs=5)\n" +
                        ".dc V1 -1 2 0.05 V2 0 0.5 0.25\n.end\n");
        var runner = new SimulationRunner();
        var ours = runner.Run(deck, Backend.Native);
        var table = ours.Analyses[0].Table;
        double vt = 1.380649e-23 * 300.15 / 1.602176634e-19;
        for (int k = 0; k < table.Axis.Length; k++)
        {
            double v1 = table["v(1)"][k], v2 = table["v(2)"][k];
            // KVL: v1 − v2 = 1005·i + 1.2·vt·ln(1 + i/Is), monotone in i.
            double lo = -1e-14 * 0.999999, hi = 0.01;
            for (int it = 0; it < 200; it++)
            {
                double mid = 0.5 * (lo + hi);
                if (v1 - v2 - 1005 * mid - 1.2 * vt * Math.Log(1 + mid / 1e-14) > 0) lo = mid; else hi = mid;
            }
            double exact = v1 - 1000 * 0.5 * (lo + hi);
            Assert.True(Math.Abs(table["v(3)"][k] - exact) < 1e-6, $"v1 {v1}, v2 {v2}: v(3) {table["v(3)"][k]} vs exact {exact}");
        }
        var reference = runner.Run(deck, Backend.Ngspice);
        Assert.True(BackendComparison.Compare(ours, reference, ComparisonTolerance.ForDeck(deck.Options.RelTol)).Pass);
    }

    /// <summary>Text after .end is ignored by our reader (SPICE2) but parsed by ngspice, which then fails: compare cuts it.</summary>
    [Fact]
    public void Text_after_end_is_cut_for_ngspice_and_both_engines_run()
    {
        var path = Path.Combine(Path.GetTempPath(), $"after_end_{Guid.NewGuid():N}.cir");
        File.WriteAllText(path, "after end\nV1 a 0 1\nR1 a 0 1k\n.op\n.end\nthis line is not part of the circuit\n");
        try
        {
            Assert.DoesNotContain("this line", NgspiceDeck.ForBatchRun(NetlistReader.ReadFile(path)));
            var runner = new SimulationRunner();
            var report = BackendComparison.Compare(runner.RunFile(path, Backend.Native), runner.RunFile(path, Backend.Ngspice));
            Assert.True(report.Pass);
        }
        finally { File.Delete(path); }
    }

    /// <summary>
    /// .dc of a resistor and of TEMP (ngspice forms): closed forms of a divider, v(b) = V·R2/(R1(T) + R2) with
    /// R1(T) = 1k·(1 + tc1·(T − 27)), exact up to the LU solve (1e-12 relative), and a nested V × R sweep.
    /// </summary>
    [Fact]
    public void Dc_sweeps_of_a_resistor_and_of_the_temperature_follow_the_closed_forms()
    {
        var r = new SimulationRunner().Run(Read("r\nV1 a 0 2\nR1 a b 1k\nR2 b 0 1k\n.dc R1 1k 4k 1k\n.end\n"), Backend.Native).Analyses[0].Table;
        Assert.Equal([1000.0, 2000, 3000, 4000], r.Axis);
        for (int k = 0; k < 4; k++) Close(2 * 1e3 / (r.Axis[k] + 1e3), r["v(b)"][k]);

        var t = new SimulationRunner().Run(Read("t\nV1 a 0 1\nR1 a b 1k tc1=0.002\nR2 b 0 1k\n.dc TEMP -40 125 55\n.end\n"), Backend.Native).Analyses[0].Table;
        Assert.Equal([-40.0, 15, 70, 125], t.Axis);
        for (int k = 0; k < 4; k++) Close(1e3 / (1e3 * (1 + 0.002 * (t.Axis[k] - 27)) + 1e3), t["v(b)"][k]);

        var n = new SimulationRunner().Run(Read("n\nV1 a 0 1\nR1 a b 1k\nR2 b 0 1k\n.dc V1 0 2 1 R2 1k 3k 2k\n.end\n"), Backend.Native).Analyses[0].Table;
        Assert.Equal([0.0, 1, 2, 0, 1, 2], n.Axis);
        Assert.Equal([1000.0, 1000, 1000, 3000, 3000, 3000], n["sweep2"]);
        for (int k = 0; k < 6; k++) Close(n.Axis[k] * n["sweep2"][k] / (1e3 + n["sweep2"][k]), n["v(b)"][k]);

        var ex = Assert.Throws<NetlistException>(() => Read("e\nV1 a 0 1\nR1 a 0 1k\nC1 a 0 1n\n.dc C1 1n 2n 1n\n.end\n"));
        Assert.Contains("not an independent source, a resistor or TEMP", ex.Message);
    }

    /// <summary>
    /// A level-1 NMOS drain current against TEMP nested with the gate voltage, against ngspice (KP, VTO, PHI and the
    /// junctions scale with temperature; the netlist is rebuilt at every point). Tolerance: the deck's reltol 1e-6
    /// keeps both Newton solutions far inside the 1e-4 comparison.
    /// </summary>
    [Fact]
    public void Temperature_sweep_of_a_mosfet_matches_ngspice()
    {
        var deck = Read("""
            nmos vs temperature
            VD d 0 2
            VG g 0 1.5
            M1 d g 0 0 nch L=2u W=10u
            .model nch nmos (level=1 vto=0.7 kp=110u gamma=0.4 phi=0.65 lambda=0.04)
            .options reltol=1e-6
            .dc TEMP -40 125 15 VG 1 2 0.5
            .end
            """);
        var runner = new SimulationRunner();
        var ours = runner.Run(deck, Backend.Native);
        var reference = runner.Run(deck, Backend.Ngspice);
        var report = BackendComparison.Compare(ours, reference);
        Assert.True(report.Pass, string.Join("; ", report.Signals.Where(s => !s.Pass).Select(s => $"{s.Signal} {s.MaxDifference:G3} > {s.Tolerance:G3}").Concat(report.Problems)));
    }

    /// <summary>
    /// A diode against TEMP with a .temp line in the deck (the sweep overrides it, as in ngspice): IS(T), EG and XTI act
    /// at every point. Against ngspice at the comparison tolerance for reltol 1e-6 (1e-4·|ref| + 1 µV).
    /// </summary>
    [Fact]
    public void Temperature_sweep_of_a_diode_overrides_the_temp_line_and_matches_ngspice()
    {
        var deck = Read("d\n.temp 85\nV1 a 0 1\nR1 a b 1k\nD1 b 0 dm\n.model dm d(is=1e-14 n=1.1 xti=3 eg=1.11)\n" +
                        ".options reltol=1e-6\n.dc TEMP -40 125 15\n.end\n");
        var runner = new SimulationRunner();
        var ours = runner.Run(deck, Backend.Native);
        var report = BackendComparison.Compare(ours, runner.Run(deck, Backend.Ngspice));
        Assert.True(report.Pass, string.Join("; ", report.Signals.Where(s => !s.Pass).Select(s => $"{s.Signal} {s.MaxDifference:G3}")));
        // The forward voltage falls with temperature (about −2 mV/K at ~0.3 mA): the sweep really changed the diode.
        var vb = ours.Analyses[0].Table["v(b)"];
        Assert.True(vb[0] - vb[^1] > 0.2, $"v(b) from {vb[0]} to {vb[^1]}");
    }

    /// <summary>
    /// A BJT card without TNOM takes .options tnom (here 50 °C, circuit at 85 °C from .temp), as ngspice's bjttemp.c:
    /// with 27 °C instead, IS(T) and the base current differ by ~40 %. Against ngspice at 1e-4·|ref| (reltol 1e-6).
    /// </summary>
    [Fact]
    public void Bjt_without_tnom_takes_the_options_tnom_like_ngspice()
    {
        var deck = Read("q\nVC c 0 5\nVB b0 0 0.7\nRB b0 b 1k\nQ1 c b 0 qn\n.model qn npn(is=1e-15 bf=100 vaf=50 eg=1.11 xti=3)\n" +
                        ".options tnom=50 reltol=1e-6\n.temp 85\n.dc VB 0.5 0.8 0.05\n.end\n");
        var runner = new SimulationRunner();
        var report = BackendComparison.Compare(runner.Run(deck, Backend.Native), runner.Run(deck, Backend.Ngspice));
        Assert.True(report.Pass, string.Join("; ", report.Signals.Where(s => !s.Pass).Select(s => $"{s.Signal} {s.MaxDifference:G3}")));
    }

    /// <summary>
    /// .tf: a divider's closed forms (gain R2/(R1+R2) = 0.75, input resistance R1+R2 = 4 kΩ, output resistance R1 ∥ R2 =
    /// 750 Ω, 1e-12 relative), ngspice's result names, the writer's line, and errors for a current output or a source
    /// that is not one.
    /// </summary>
    [Fact]
    public void Transfer_function_of_a_divider_follows_the_closed_forms()
    {
        var deck = Read("tf\nV1 in 0 1\nR1 in out 1k\nR2 out 0 3k\nC1 out 0 1u\n.tf v(out) V1\n.end\n");
        var t = new SimulationRunner().Run(deck, Backend.Native).Analyses[0].Table;
        Close(0.75, t["v(transfer_function)"][0]);
        Close(4000, t["v(v1#input_impedance)"][0]);
        Close(750, t["v(output_impedance_at_v(out))"][0]);
        Assert.Contains(".tf v(out) v1", Writing.NetlistWriter.Write(deck));
        Assert.Contains("node voltage", Assert.Throws<NetlistException>(() => Read("t\nV1 a 0 1\nR1 a 0 1k\n.tf i(v1) V1\n")).Message);
        Assert.Contains("not an independent source", Assert.Throws<NetlistException>(() => Read("t\nV1 a 0 1\nR1 a 0 1k\n.tf v(a) R1\n")).Message);
    }

    /// <summary>
    /// .tf against ngspice at the operating point of nonlinear circuits: a common-emitter BJT stage with a differential
    /// output v(c,e), and a diode fed by a current source (input resistance seen by an I source). reltol 1e-6 so both
    /// operating points agree far inside the 1e-4 comparison.
    /// </summary>
    [Theory]
    [InlineData("VCC vcc 0 12\nVIN in 0 0.65\nRB in b 1k\nQ1 c b e qn\nRE e 0 100\nRC vcc c 4.7k\n.model qn npn(is=1e-15 bf=150 vaf=80 rb=50)\n.tf v(c,e) VIN")]
    [InlineData("I1 0 a 1m\nR1 a b 1k\nR2 b 0 2k\nD1 b 0 dm\n.model dm d(is=1e-14)\n.tf v(b) I1")]
    public void Transfer_function_matches_ngspice(string body)
    {
        var deck = Read("tf\n" + body + "\n.options reltol=1e-6\n.end\n");
        var runner = new SimulationRunner();
        var report = BackendComparison.Compare(runner.Run(deck, Backend.Native), runner.Run(deck, Backend.Ngspice));
        Assert.True(report.Pass, string.Join("; ", report.Signals.Where(s => !s.Pass).Select(s => $"{s.Signal} {s.MaxDifference:G3}").Concat(report.Problems)));
        Assert.Equal(3, report.Signals.Count);
    }

    [Fact]
    public void Hierarchical_names_reach_the_results()
    {
        var text = "h\n.subckt buf in out\nVs in m 0\nR1 m out 1k\n.ends\nV1 a 0 1\nX1 a b buf\nR2 b 0 1k\n.op\n";
        var op = new SimulationRunner().Run(Read(text), Backend.Native).Analyses[0].Table;
        Close(1.0, op["v(x1.m)"][0]);
        Close(0.5, op["v(b)"][0]);
        Close(0.5e-3, op["i(v.x1.vs)"][0]);
    }

    [Fact]
    public void Behavioral_sources_run_in_the_native_engine()
    {
        var op = new SimulationRunner().Run(Read("b\nV1 a 0 1\nB1 b 0 V={2*v(a)}\nR1 b 0 1\n.op\n"), Backend.Native).Analyses[0].Table;
        Close(2.0, op["v(b)"][0]);
    }

    [Fact]
    public void Registered_native_device_becomes_its_entity()
    {
        var registry = new NativeDeviceRegistry().Register(new HalfOhmDevice());
        var c = NetlistReader.ReadText("n\nV1 a 0 1\nX1 a 0 half scale=4\n.op\n", "n.cir", registry).Circuit;
        var op = new SimulationRunner { Registry = registry }.Run(c, Backend.Native).Analyses[0].Table;
        // 1 V across 4 × 0.5 Ω = 2 Ω: 0.5 A out of the source's + pin, so i(v1) = -0.5 A.
        Close(-0.5, op["i(v1)"][0]);
    }

    [Fact]
    public void Ngspice_gets_the_registry_text_of_native_devices_the_file_does_not_define()
    {
        MemristorSpice.Tests.Shared.Dependencies.RequireNgspice();
        var registry = new NativeDeviceRegistry().Register(new HalfOhmDevice());
        var file = Path.Combine(Path.GetTempPath(), $"native-{Guid.NewGuid():N}.cir");
        File.WriteAllText(file, "n\nV1 a 0 1\nX1 a 0 half scale=4\n.op\n.end\n");
        try
        {
            var runner = new SimulationRunner { Registry = registry };
            var ng = runner.RunFile(file, Backend.Ngspice);
            // ngspice's raw file keeps about 7 significant digits: 1e-6 relative.
            Close(-0.5, ng.Analyses[0].Table["i(v1)"][0], 1e-6);
            Assert.True(BackendComparison.Compare(runner.RunFile(file, Backend.Native), ng).Pass);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private sealed class HalfOhmDevice : INativeDevice
    {
        public string SubcircuitName => "half";
        public int PinCount => 2;
        public IReadOnlyDictionary<string, double> DefaultParameters { get; } = new Dictionary<string, double> { ["scale"] = 1 };
        public string SubcircuitText => ".subckt half p n params: scale=1\nR1 p n {0.5*scale}\n.ends";
        public Engine.Core.Entity Create(string name, IReadOnlyList<string> pins, IReadOnlyDictionary<string, double> parameters) =>
            new Engine.Components.Resistor(name, pins[0], pins[1], 0.5 * parameters["scale"]);
    }

    [Fact]
    public void Options_map_to_the_engine()
    {
        var o = EngineMapping.Options(Read("o\nR1 a 0 1\n.options reltol=1e-5 abstol=1e-10 vntol=1e-7 gmin=1e-14 method=gear itl1=300 itl4=40 temp=50\n").Options, 1e-9);
        Assert.Equal((1e-5, 1e-10, 1e-7, 1e-14, Engine.Core.IntegrationMethod.Gear, 300, 40, 1e-9), (o.RelTol, o.AbsTol, o.VnTol, o.Gmin, o.Method, o.DcMaxIterations, o.TransientMaxIterations, o.MaxStep));
        Close(323.15, o.Temperature);
    }

    [Fact]
    public void Ngspice_backend_runs_included_files_from_their_folder()
    {
        MemristorSpice.Tests.Shared.Dependencies.RequireNgspice();
        var dir = Directory.CreateTempSubdirectory("netlist-ng-");
        try
        {
            Directory.CreateDirectory(Path.Combine(dir.FullName, "lib"));
            File.WriteAllText(Path.Combine(dir.FullName, "top.cir"), "inc\n.include lib/r.inc\nV1 a 0 2\n.op\n.end\n");
            File.WriteAllText(Path.Combine(dir.FullName, "lib", "r.inc"), "R1 a b 1k\nR2 b 0 1k\n");
            var runner = new SimulationRunner();
            var ng = runner.RunFile(Path.Combine(dir.FullName, "top.cir"), Backend.Ngspice);
            // ngspice prints about 7 significant digits in its raw file; 1e-6 relative covers that.
            Close(1.0, ng.Analyses[0].Table["v(b)"][0], 1e-6);
            Assert.True(BackendComparison.Compare(runner.RunFile(Path.Combine(dir.FullName, "top.cir"), Backend.Native), ng).Pass);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
