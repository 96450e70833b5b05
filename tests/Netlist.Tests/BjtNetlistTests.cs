using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Elaboration;
using MemristorSpice.Netlist.Elements;
using MemristorSpice.Netlist.Model;
using MemristorSpice.Netlist.Reading;
using MemristorSpice.Netlist.Simulation;
using MemristorSpice.Netlist.Writing;
using MemristorSpice.Tests.Shared;
using static MemristorSpice.Netlist.Tests.TestNetlists;

namespace MemristorSpice.Netlist.Tests;

/// <summary>
/// Q elements and NPN/PNP Gummel-Poon cards: reading, errors, writing, and our engine against ngspice. DC decks run with
/// .options reltol=1e-6 and are compared with <see cref="ComparisonTolerance.Default"/> (1e-4 relative + 1 µV / 1 nA):
/// at ngspice's default RELTOL 1e-3 both simulators may stop Newton up to ~1e-4 apart on a high-gain node, the size of
/// the tolerance itself. .ac: 0.01 dB / 0.1°; .tran: 1 % of each waveform's peak-to-peak (both integrate with the
/// trapezoidal rule under their own step control).
/// </summary>
public class BjtNetlistTests
{
    /// <summary>Full Gummel-Poon cards: Early voltages, high injection, leakage, base resistance modulation, all charges.</summary>
    private const string Models =
        ".model qn npn (is=1e-15 bf=150 vaf=80 ikf=50m ise=1e-14 ne=1.6 br=2 var=20 ikr=20m isc=1e-13 nc=1.8 rb=100 rbm=20 irb=1m re=1 rc=10\n" +
        "+ cje=2p vje=0.75 mje=0.33 cjc=1p vjc=0.6 mjc=0.4 xcjc=0.8 tf=300p xtf=2 vtf=5 itf=20m tr=20n cjs=1.5p vjs=0.7 mjs=0.3)\n" +
        ".model qp pnp (is=5e-16 bf=60 vaf=40 ikf=20m ise=5e-15 ne=1.7 br=1.5 var=15 rb=200 re=2 rc=20\n" +
        "+ cje=3p mje=0.4 cjc=2p vjc=0.55 mjc=0.45 tf=1n tr=50n cjs=2p)\n";

    [Fact]
    public void Q_line_reads_nodes_substrate_model_area_and_off()
    {
        var c = Read("t\nQ1 c b e qn\nQ2 c b e s qn 2.5 off\nQ3 c b e 0 qp area=3 m=2\nQ4 c b e qn off\nVC c 0 1\n" + Models);
        var q1 = Element<BjtElement>(c, "q1");
        Assert.Equal(["c", "b", "e"], q1.Nodes);
        Assert.Null(q1.Substrate);
        Assert.Equal(("qn", 1.0, false), (q1.Model, q1.Area, q1.Off));
        var q2 = Element<BjtElement>(c, "q2");
        Assert.Equal(["c", "b", "e", "s"], q2.Nodes);
        Assert.Equal(("qn", 2.5, true), (q2.Model, q2.Area, q2.Off));
        var q3 = Element<BjtElement>(c, "q3");
        Assert.Equal(("0", "qp", 6.0), (q3.Substrate, q3.Model, q3.Area));
        Assert.True(Element<BjtElement>(c, "q4").Off);
        Assert.Equal("pnp", c.Models["qp"].Type);
    }

    [Fact]
    public void Q_line_inside_a_subcircuit_gets_hierarchical_names_and_the_local_model()
    {
        var c = Read("t\n.subckt pair a b\nQ1 a b 0 loc\n.model loc npn (bf=50)\n.ends\nX1 n1 n2 pair\nV1 n1 0 1\nV2 n2 0 0.7\n");
        var q = Element<BjtElement>(c, "q.x1.q1");
        Assert.Equal(["n1", "n2", "0"], q.Nodes);
        Assert.Equal("x1.loc", q.Model);
    }

    [Fact]
    public void Writer_round_trips_q_lines()
    {
        var c = Read("t\nQ1 c b 0 qn\nQ2 c b e vee qp 2 off\nVC c 0 1\nVB b 0 0.7\nVE e 0 1\nVEE vee 0 -5\n" + Models + ".op\n");
        var text = NetlistWriter.Write(c);
        Assert.Matches(@"q1\s+c\s+b\s+0\s+qn\n", text);
        Assert.Matches(@"q2\s+c\s+b\s+e\s+vee\s+qp 2 off\n", text);
        var back = NetlistReader.ReadText(text, "back.cir").Circuit;
        Assert.Empty(c.DifferencesFrom(back));
    }

    [Theory]
    [InlineData("Q1 c b", "missing emitter node")]
    [InlineData("Q1 c b e", "missing model name")]
    [InlineData("Q1 c b e nomodel", "unknown model 'nomodel'")]
    [InlineData("Q1 c b e qn X=1", "unknown instance parameter 'x'")]
    [InlineData("Q1 c b e qn 0", "BJT area must be positive")]
    [InlineData("Q1 c b e dm", "needs a model of type NPN/PNP")]
    public void Bad_q_lines_are_one_clear_error_at_the_line(string line, string message)
    {
        var ex = Fails("t\n" + line + "\n" + Models + ".model dm d(is=1e-14)\nVC c 0 1\n", "bad.cir");
        Assert.Contains(message, ex.Message);
        Assert.Contains("bad.cir:2:", ex.Message);
    }

    [Fact]
    public void Vbic_and_other_levels_are_an_error_naming_the_card_the_model_and_level_1()
    {
        var circuit = Read("t\nVC c 0 1\nQ1 c c 0 vb\n.model vb npn (level=4 is=1e-16 bf=100 rcx=10 rci=60 vo=2 gamm=2e-11)\n.op\n", "v.cir");
        var ex = Assert.Throws<NetlistException>(() => new Elaborator().Elaborate(circuit));
        var error = Assert.Single(ex.Errors);
        Assert.Equal(new SourceLocation("v.cir", 4, 1), error.Location);
        Assert.Contains("'vb' is level 4", error.Message);
        Assert.Contains("supported: level 1", error.Message);
    }

    [Fact]
    public void Unknown_model_parameters_are_a_warning_naming_them()
    {
        var circuit = Read("t\nVC c 0 1\nQ1 c c 0 n1\n.model n1 npn (is=1e-16 bf=100 tf=1n ptf=30 kf=1e-16 af=1 iss=1f nkf=0.5)\n.op\n");
        var built = new Elaborator().Elaborate(circuit);
        var names = built.Warnings.Select(w => w.Token).Order(StringComparer.Ordinal).ToList();
        // KF and AF feed the flicker noise of .noise; ISS and NKF are not simulated.
        Assert.Equal(["iss", "nkf"], names);
        Assert.All(built.Warnings, w => Assert.Contains("not used by our engine", w.Message));
    }

    [Fact]
    public void Model_card_maps_to_the_engine_model_with_spice_aliases()
    {
        var c = Read("t\nVC c 0 1\nQ1 c c 0 p1 4\n.model p1 pnp (is=2e-16 va=50 ik=10m pe=0.8 me=0.4 ccs=1p rb=100 tnom=50)\n.op\n");
        var q = Assert.IsType<Engine.Components.Bjt>(new Elaborator().Elaborate(c).Circuit.Entities.Single(e => e.Name == "q1"));
        Assert.Equal(Engine.Components.BjtPolarity.Pnp, q.Model.Polarity);
        Assert.Equal((2e-16, 50.0, 10e-3, 0.8, 0.4, 1e-12), (q.Model.Is, q.Model.Vaf, q.Model.Ikf, q.Model.Vje, q.Model.Mje, q.Model.Cjs));
        Assert.Equal(100, q.Model.MinimumBaseResistance); // RBM defaults to RB
        Assert.Equal(4, q.Area);
        Assert.Equal("0", q.Substrate);
        Close(323.15, q.Model.Tnom);
        Assert.Equal(-1, q.Model.SubstrateGeometry); // ngspice: PNP lateral unless SUBS says otherwise
    }

    public static TheoryData<string, string> NgspiceDecks() => new()
    {
        {
            "npn_output",
            "NPN output characteristics Ic(Vce) for Ib = 2..10 uA\nVC c 0 DC 0\nIB 0 b DC 0\nQ1 c b 0 qn\n" + Models +
            ".options reltol=1e-6\n.dc VC 0 5 0.05 IB 2u 10u 2u\n"
        },
        {
            "gummel",
            "Gummel plot: Ic and Ib against Vbe at Vce = 2 V (leakage at low, high injection and RB, RE at high current)\n" +
            "VC c 0 DC 2\nVB b 0 DC 0\nQ1 c b 0 qn\n" + Models + ".options reltol=1e-6\n.dc VB 0.3 1.0 0.01\n"
        },
        {
            "pnp_output",
            "PNP output characteristics, emitter at 5 V\nVE e 0 DC 5\nVC c 0 DC 5\nIB b 0 DC 0\nQ1 c b e qp\n" + Models +
            ".options reltol=1e-6\n.dc VC 5 0 -0.05 IB 5u 20u 5u\n"
        },
        {
            "diff_pair_mirror",
            "NPN differential pair with a PNP current-mirror load: DC transfer\nVCC vcc 0 DC 10\nVEE vee 0 DC -10\n" +
            "VIN inp 0 DC 0\nQ1 c1 inp tail qn\nQ2 out 0 tail qn\nQ3 c1 c1 vcc qp\nQ4 out c1 vcc qp\nIEE tail vee DC 200u\nRL out 0 100k\n" +
            Models + ".options reltol=1e-6\n.dc VIN -0.1 0.1 0.002\n"
        },
        {
            // Temperature: IS with EG and XTI, beta with XTB, leakage with NE/NC, TNOM different from the circuit.
            "npn_85C",
            "NPN Gummel plot at 85 C, parameters measured at 50 C\nVC c 0 DC 2\nVB b 0 DC 0\nQ1 c b 0 qt 2\n" +
            ".model qt npn (is=1e-16 bf=120 xtb=1.5 eg=1.12 xti=3.5 ise=2e-15 ne=1.5 isc=1e-15 nc=2 vaf=70 ikf=30m rb=50 tnom=50)\n" +
            ".options reltol=1e-6 temp=85\n.dc VB 0.3 0.9 0.01\n"
        },
        {
            // Saturation and reverse-active: both junctions forward biased, then Vce < 0.
            "saturation_reverse",
            "NPN through saturation into reverse active\nVC c 0 DC 0\nVB b 0 DC 0.75\nQ1 c b 0 s qn\nVS s 0 DC -1\n" + Models +
            ".options reltol=1e-6\n.dc VC -1 2 0.02\n"
        },
        {
            // gmin across the substrate junction (ISS = 0), at the collector of the vertical NPN and the base of the lateral
            // PNP: through 1 TOhm each substrate settles halfway, v(sn) = (1 + 5)/2 = 3 V and v(sp) = (1 − 0.7)/2 = 0.15 V
            // (without that gmin both would sit at 1 V).
            "substrate_gmin",
            "Floating substrates held only by gmin\nVC c 0 DC 5\nVB b 0 DC 0.7\nV1 a 0 DC 1\nR1 a sn 1e12\nQ1 c b 0 sn qn\n" +
            "VCP cp 0 DC -5\nVBP bp 0 DC -0.7\nR2 a sp 1e12\nQ2 cp bp 0 sp qp\n" + Models + ".options reltol=1e-6\n.op\n"
        },
        {
            // Seven transistors, two diodes, no initial guess: Newton from zero through a high-gain loop (pnjlim at work).
            "transistor_opamp_follower",
            "Two-stage transistor op-amp as a unity-gain follower: PNP pair, NPN mirror, NPN gain stage, class AB output\n" +
            "VCC vcc 0 DC 15\nVEE vee 0 DC -15\nVIN in 0 DC 0\nQ1 c1 in tail qp\nQ2 c2 out tail qp\nIT vcc tail DC 50u\n" +
            "Q3 c1 c1 vee qn\nQ4 c2 c1 vee qn\nQ5 g2 c2 vee qn\nIB2 vcc g2 DC 300u\nD1 g2 d1 dd\nD2 d1 d2 dd\nQ6 vcc g2 out qn\n" +
            "Q7 vee d2 out qp\nIB3 d2 vee DC 10u\nRL out 0 2k\n.model dd d (is=1e-15)\n" + Models +
            ".options reltol=1e-6\n.op\n.dc VIN -10 10 0.25\n"
        },
    };

    [Theory]
    [MemberData(nameof(NgspiceDecks))]
    public void Native_engine_matches_ngspice(string name, string deck)
    {
        Dependencies.RequireNgspice();
        var circuit = Read(deck, name + ".cir");
        var runner = new SimulationRunner();
        // ngspice gets the deck as our writer prints it, so the Q lines and NPN/PNP cards also go through the writer.
        var report = BackendComparison.Compare(runner.Run(circuit, Backend.Native), runner.Run(circuit, Backend.Ngspice));
        AssertPass(report, name);
    }

    private const string CommonEmitter =
        "Common-emitter amplifier, divider bias, bypassed emitter\nVCC vcc 0 DC 12\nR1 vcc b 47k\nR2 b 0 10k\nRC vcc c 4.7k\nRE e 0 1k\n" +
        "CE e 0 10u\nCIN in b 1u\nRS src in 600\nCL c 0 10p\nQ1 c b e 0 qn\n";

    /// <summary>Small signal at the operating point: Cπ (CJE + TF·gm with XTF/VTF/ITF), Cμ split by XCJC, CJS, rbb modulated by IRB.</summary>
    [Fact]
    public void Common_emitter_ac_matches_ngspice()
    {
        Dependencies.RequireNgspice();
        var circuit = Read(CommonEmitter + "VS src 0 DC 0 AC 1\n" + Models + ".options reltol=1e-6\n.ac dec 10 10 10g\n", "ce_ac.cir");
        var runner = new SimulationRunner();
        var ours = runner.Run(circuit, Backend.Native);
        var report = BackendComparison.Compare(ours, runner.Run(circuit, Backend.Ngspice));
        AssertPass(report, "ce_ac");
        Assert.Contains(report.Signals, s => s.Signal == "vdb(c)");
        // Mid-band gain is about −gm·RC ∥ input divider: well above 30 dB, falling at high frequency (the test sees the capacitances).
        var db = ours.Analyses[0].Table["vdb(c)"];
        Assert.True(db.Max() > 30, $"peak gain {db.Max():F1} dB");
        Assert.True(db[^1] < db.Max() - 20, "gain must roll off by 10 GHz");
    }

    [Fact]
    public void Common_emitter_transient_matches_ngspice()
    {
        Dependencies.RequireNgspice();
        var circuit = Read(CommonEmitter + "VS src 0 DC 0 SIN(0 20m 1meg)\n" + Models + ".tran 5n 4u\n", "ce_tran.cir");
        var runner = new SimulationRunner();
        AssertPass(BackendComparison.Compare(runner.Run(circuit, Backend.Native), runner.Run(circuit, Backend.Ngspice)), "ce_tran");
    }

    /// <summary>
    /// Excess phase PTF = 40° on a fast transistor (TF = 300 ps): in .ac gm is delayed by td = PTF·(π/180)·TF, in .tran
    /// Weil's second-order delay acts on the transport current. Both against ngspice; the same deck without PTF must
    /// fail the comparison at high frequency, so the test sees the effect.
    /// </summary>
    [Theory]
    [InlineData(".ac dec 10 1meg 10g")]
    [InlineData(".tran 0.1n 40n")]
    public void Excess_phase_matches_ngspice(string analysis)
    {
        Dependencies.RequireNgspice();
        string deck = "Fast common-emitter stage with excess phase\nVCC vcc 0 DC 5\nRC vcc c 1k\nRE e 0 100\nRB in b 200\n" +
                      "VS in 0 DC 1 AC 1 PULSE(1 1.2 2n 0.5n 0.5n 10n 20n)\nQ1 c b e 0 qf\n" +
                      ".model qf npn (is=1e-16 bf=100 vaf=50 cje=0.2p cjc=0.1p tf=300p ptf=40 rb=20)\n.options reltol=1e-6\n" + analysis + "\n";
        var runner = new SimulationRunner();
        var circuit = Read(deck, "ptf.cir");
        var reference = runner.Run(circuit, Backend.Ngspice);
        AssertPass(BackendComparison.Compare(runner.Run(circuit, Backend.Native), reference), "ptf " + analysis);
        var without = Read(deck.Replace(" ptf=40", ""), "noptf.cir");
        var bare = BackendComparison.Compare(runner.Run(without, Backend.Native), reference);
        Assert.Contains(bare.Signals, s => s.Signal is "vdb(c)" or "vp(c)_deg" or "v(c)" && !s.Pass);
    }

    /// <summary>A PNP with CJS on a lateral substrate (base side, ngspice's PNP default) and on a vertical one (SUBS=1).</summary>
    [Theory]
    [InlineData("")]
    [InlineData(" subs=1")]
    public void Pnp_substrate_capacitance_follows_ngspice_geometry(string subs)
    {
        Dependencies.RequireNgspice();
        var circuit = Read("PNP common emitter with a substrate pin\nVEE vee 0 DC -12\nR1 vee b 47k\nR2 b 0 10k\nRC vee c 4.7k\nRE e 0 1k\n" +
                           "CIN in b 1u\nRS src in 600\nVS src 0 DC 0 AC 1\nQ1 c b e sub qp2\nRSUB sub vee 1k\n" +
                           ".model qp2 pnp (is=5e-16 bf=60 vaf=40 rb=200 cje=1p cjc=0.5p cjs=20p" + subs + ")\n" +
                           ".options reltol=1e-6\n.ac dec 10 1k 10g\n", "pnp_sub.cir");
        var runner = new SimulationRunner();
        AssertPass(BackendComparison.Compare(runner.Run(circuit, Backend.Native), runner.Run(circuit, Backend.Ngspice)), "pnp_sub" + subs);
    }

    /// <summary>
    /// The Boyle-style op-amp macromodel deck (netlists/reference/bjt_opamp_tia.cir; ngspice agreement is checked by
    /// <see cref="ReferenceDeckTests"/>) against its design equations. Open-loop gain A0 = (gm1·RC)·(G2·R2)·(G3·R3) with
    /// gm1 = (IEE/2)/Vt; dominant Miller pole fp = 1/(2π·R2·(1 + G3·R3)·CM); GBW = A0·fp ≈ 3.0 MHz. In the inverting TIA
    /// (Rin 10k, Rf 100k ∥ 1 pF): mid-band gain −Rf/Rin·1/(1 + 1/(A0·β)), β = Rin/(Rin + Rf); closed-loop −3 dB corner about
    /// GBW·β (277 kHz), lowered by the Rf·Cf pole at 1.59 MHz; output step of the 0.1 V input settles at −1 V; the slope is
    /// capped by the slew rate IEE·RC·G2/CM = 1 V/µs (the input pair's tail current limits the Miller current).
    /// Tolerances: gain 0.01 dB (A0·β ≈ 1800, the formula is exact at DC up to the bias currents); corner 15 % (the
    /// single-pole Miller estimate ignores the Cf pole and the second pole); settled step 2 mV; slew see below.
    /// </summary>
    [Fact]
    public void Opamp_macromodel_tia_follows_its_design_equations()
    {
        var path = Path.Combine(Dependencies.RepoRoot, "netlists", "reference", "bjt_opamp_tia.cir");
        var ours = new SimulationRunner().RunFile(path, Backend.Native);
        double vt = Engine.Components.Junction.ThermalVoltage(300.15);
        double a0 = 10e-6 / vt * 5e3 * (1e-3 * 100e3) * (1e-3 * 100e3);
        double fp = 1 / (2 * Math.PI * 100e3 * (1 + 100) * 100e-12);
        double beta = 10e3 / 110e3;
        var op = ours.Analyses[0].Table;
        // Input bias currents (~80 nA) meet nearly equal resistances (9.1k vs Rin ∥ Rf = 9.09k): the offset stays below 1 mV.
        Assert.True(Math.Abs(op["v(out)"][0]) < 1e-3, $"output offset {op["v(out)"][0]:G3} V");

        var ac = ours.Analyses[1].Table;
        double[] f = ac.Axis, db = ac["vdb(out)"];
        double midband = 20 * Math.Log10(10 / (1 + 1 / (a0 * beta)));
        Assert.True(Math.Abs(db[0] - midband) < 0.01, $"gain at {f[0]} Hz {db[0]:F4} dB, closed form {midband:F4} dB");
        double corner = Corner(f, db), expected = a0 * fp * beta;
        Assert.True(Math.Abs(corner / expected - 1) < 0.15, $"-3 dB corner {corner:G4} Hz, GBW·β {expected:G4} Hz");

        var tran = ours.Analyses[2].Table;
        double[] t = tran.Axis, vout = tran["v(out)"];
        Assert.True(Math.Abs(vout[^1] - (-1)) < 2e-3, $"settled output {vout[^1]:G5} V");
        // Slew-limited edge: between the 10 % and 50 % crossings the pair's tail current caps the slope at IEE·RC·G2/CM; a
        // linear (unlimited) stage would start at 1 V/(2π·GBW·β)⁻¹ ≈ 1.7 V/µs. ngspice gives 0.80 V/µs on this deck.
        double t10 = Crossing(t, vout, -0.1), t50 = Crossing(t, vout, -0.5);
        double slope = 0.4 / (t50 - t10), slew = 20e-6 * 5e3 * 1e-3 / 100e-12;
        Assert.True(slope <= 1.02 * slew && slope >= 0.7 * slew, $"10-50 % slope {slope:G4} V/s, slew rate {slew:G4} V/s");
    }

    private static double Crossing(double[] t, double[] v, double level)
    {
        for (int k = 1; k < t.Length; k++)
            if (v[k - 1] > level && v[k] <= level) return t[k - 1] + (t[k] - t[k - 1]) * (v[k - 1] - level) / (v[k - 1] - v[k]);
        return double.NaN;
    }

    private static double Corner(double[] f, double[] db)
    {
        double target = db[0] - 10 * Math.Log10(2);
        for (int k = 1; k < f.Length; k++)
            if (db[k - 1] >= target && db[k] < target)
            {
                double x = (db[k - 1] - target) / (db[k - 1] - db[k]);
                return Math.Pow(10, Math.Log10(f[k - 1]) + x * Math.Log10(f[k] / f[k - 1]));
            }
        return double.NaN;
    }

    private static void AssertPass(ComparisonReport report, string name)
    {
        var failing = report.Signals.Where(s => !s.Pass).Select(s => $"{s.Analysis} {s.Signal}: max {s.MaxDifference:G3} > tol {s.Tolerance:G3}");
        Assert.True(report.Pass, name + ": " + string.Join("; ", report.Problems.Concat(failing)));
        Assert.NotEmpty(report.Signals);
    }
}
