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
        Assert.Contains(report.Signals, s => s.Signal == "v(mid)" && !s.Pass && s.Analysis == ".op");
        Assert.True(BackendComparison.Compare(changed, a, ComparisonTolerance.Uniform(1e-2)).Pass);
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
        public Engine.Entity Create(string name, IReadOnlyList<string> pins, IReadOnlyDictionary<string, double> parameters) =>
            new Engine.Resistor(name, pins[0], pins[1], 0.5 * parameters["scale"]);
    }

    [Fact]
    public void Options_map_to_the_engine()
    {
        var o = EngineMapping.Options(Read("o\nR1 a 0 1\n.options reltol=1e-5 abstol=1e-10 vntol=1e-7 gmin=1e-14 method=gear itl1=300 itl4=40 temp=50\n").Options, 1e-9);
        Assert.Equal((1e-5, 1e-10, 1e-7, 1e-14, Engine.IntegrationMethod.Gear, 300, 40, 1e-9), (o.RelTol, o.AbsTol, o.VnTol, o.Gmin, o.Method, o.DcMaxIterations, o.TransientMaxIterations, o.MaxStep));
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
