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
/// M elements and NMOS/PMOS level-1 cards: reading, errors, writing, and our engine against ngspice on decks that are
/// not in netlists/reference (those run in <see cref="ReferenceDeckTests"/>). Engine-vs-ngspice tolerances are
/// <see cref="ComparisonTolerance.Default"/> (1e-4 relative + 1 µV / 1 nA at DC points) with .options reltol=1e-6 in
/// the decks: at ngspice's default RELTOL 1e-3 both simulators may stop Newton up to ~1e-4 apart on a high-gain node,
/// the size of the tolerance itself.
/// </summary>
public class MosfetNetlistTests
{
    private const string Models =
        ".model nch nmos (level=1 vto=0.7 kp=110u gamma=0.4 phi=0.65 lambda=0.04)\n" +
        ".model pch pmos (level=1 vto=-0.8 kp=50u gamma=0.5 phi=0.65 lambda=0.05)\n";

    [Fact]
    public void M_line_reads_nodes_model_and_geometry()
    {
        var c = Read("t\nM1 d g s b nch L=2u W=10u M=2 AD=20p AS=20p PD=24u PS=24u NRD=1 NRS=1\n" + Models + "V1 d 0 1\n");
        var m = Element<MosfetElement>(c, "m1");
        Assert.Equal(["d", "g", "s", "b"], m.Nodes);
        Assert.Equal("nch", m.Model);
        Close(2e-6, m.L!.Value);
        Close(10e-6, m.W!.Value);
        Assert.Equal(2, m.M);
        Close(20e-12, m.Ad!.Value);
        Close(24e-6, m.Ps!.Value);
        Assert.Equal("nmos", c.Models["nch"].Type);
    }

    [Fact]
    public void M_line_inside_a_subcircuit_gets_hierarchical_names_and_the_local_model()
    {
        var c = Read("t\n.subckt cell bl wl\nM1 x wl 0 0 acc W=1u L=0.5u\nR1 bl x 1k\n.model acc nmos (vto=0.5 kp=100u)\n.ends\n" +
                     "X1 b w cell\nVB b 0 1\nVW w 0 1\n");
        var m = Element<MosfetElement>(c, "m.x1.m1");
        Assert.Equal(["x1.x", "w", "0", "0"], m.Nodes);
        Assert.Equal("x1.acc", m.Model);
    }

    [Fact]
    public void Writer_round_trips_m_lines()
    {
        var c = Read("t\nM1 d g 0 0 nch L=2u W=10u\nM2 d g vdd vdd pch W=4u off\nVD d 0 1\nVG g 0 1\nVDD vdd 0 3\n" + Models + ".op\n");
        var text = NetlistWriter.Write(c);
        Assert.Contains("nch l=2u w=10u\n", text);
        Assert.Contains("pch w=4u off\n", text);
        var back = NetlistReader.ReadText(text, "back.cir").Circuit;
        Assert.Empty(c.DifferencesFrom(back));
    }

    [Theory]
    [InlineData("M1 d g s", "missing bulk node")]
    [InlineData("M1 d g s b", "missing model name")]
    [InlineData("M1 d g s b nomodel", "unknown model 'nomodel'")]
    [InlineData("M1 d g s b nch Q=1", "unknown instance parameter 'q'")]
    [InlineData("M1 d g s b nch W=0", "MOSFET W must be positive")]
    [InlineData("M1 d g s b dm", "needs a model of type NMOS/PMOS")]
    public void Bad_m_lines_are_one_clear_error_at_the_line(string line, string message)
    {
        var ex = Fails("t\n" + line + "\n" + Models + ".model dm d(is=1e-14)\nVD d 0 1\n", "bad.cir");
        Assert.Contains(message, ex.Message);
        Assert.Contains("bad.cir:2:", ex.Message);
    }

    [Fact]
    public void Other_levels_are_an_error_naming_the_card_the_model_and_level_1()
    {
        var circuit = Read("t\nVD d 0 1\nM1 d d 0 0 bsim\n.model bsim nmos (level=49 version=3.3 tox=4n vth0=0.4 u0=400)\n.op\n", "b.cir");
        var ex = Assert.Throws<NetlistException>(() => new Elaborator().Elaborate(circuit));
        var error = Assert.Single(ex.Errors);
        Assert.Equal(new SourceLocation("b.cir", 4, 1), error.Location);
        Assert.Contains("'bsim' is level 49", error.Message);
        Assert.Contains("supported: levels 1, 2, 3, 6", error.Message);
        Assert.Contains("b.cir:4:1", ex.Message);
    }

    [Fact]
    public void Substrate_doping_below_the_intrinsic_density_is_an_error_at_the_card()
    {
        var circuit = Read("t\nVD d 0 1\nM1 d d 0 0 n1\n.model n1 nmos (tox=20n nsub=1e9)\n.op\n", "n.cir");
        var ex = Assert.Throws<NetlistException>(() => new Elaborator().Elaborate(circuit));
        Assert.Contains("n.cir:4:1", ex.Message);
        Assert.Contains("below the intrinsic density", ex.Message);
    }

    [Fact]
    public void Unknown_model_parameters_are_a_warning_naming_them()
    {
        var circuit = Read("t\nVD d 0 1\nM1 d d 0 0 n1\n.model n1 nmos (level=1 vto=0.5 kp=100u kf=1e-25 xj=0.2u)\n.op\n");
        var built = new Elaborator().Elaborate(circuit);
        var names = built.Warnings.Select(w => w.Token).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["xj"], names); // KF feeds the flicker noise of .noise
        Assert.All(built.Warnings, w => Assert.Contains("not used by our engine", w.Message));
    }

    [Fact]
    public void Model_card_maps_to_the_engine_model()
    {
        var c = Read("t\nVD d 0 1\nM1 d d 0 0 p1 L=1u W=3u M=2\n.model p1 pmos (vt0=-0.6 tox=15n uo=200 ld=0.1u rd=20 rs=30 js=1e-4 cgso=1n cgdo=2n cgbo=3n)\n.op\n");
        var m = Assert.IsType<Engine.Components.Mosfet>(new Elaborator().Elaborate(c).Circuit.Entities.Single(e => e.Name == "m1"));
        Assert.Equal(Engine.Components.MosfetPolarity.Pmos, m.Model.Polarity);
        Assert.Equal(-0.6, m.Model.Vto);
        Assert.Null(m.Model.Kp);
        // KP = U0·1e-4·εox/TOX (SPICE), εox = 3.9·8.854214871e-12 F/m.
        Close(200e-4 * 3.9 * 8.854214871e-12 / 15e-9, m.Model.Transconductance);
        Close(0.8e-6, m.EffectiveLength);
        Assert.Equal(2, m.Geometry.M);
        Assert.Equal((20.0, 30.0, 1e-4), (m.Model.Rd, m.Model.Rs, m.Model.Js));
    }

    public static TheoryData<string, string> NgspiceDecks() => new()
    {
        {
            "pmos_output",
            "PMOS output characteristics, bulk at 3.3 V\nVS s 0 DC 3.3\nVD d 0 DC 0\nVG g 0 DC 0\nM1 d g s s pch L=1u W=5u\n" + Models +
            ".options reltol=1e-6\n.dc VD 3.3 0 -0.1 VG 2.5 0 -0.5\n"
        },
        {
            "nmos_transfer_body",
            "NMOS transfer curve Id(Vgs) at Vds = 0.1 V for Vsb = 0, 1, 2 V\nVD d 0 DC 0.1\nVG g 0 DC 0\nVB b 0 DC 0\n" +
            "M1 d g 0 b nch L=1u W=4u\n" + Models + ".options reltol=1e-6\n.dc VG 0 3.3 0.05 VB 0 -2 -1\n"
        },
        {
            // ngspice's MOS1 puts gmin across the bulk junctions only, not drain-source: through 1 TOhm the cut-off drain
            // settles where (1 - v)/1e12 = gmin·v + IS, v = 0.495 V (a drain-source gmin would give 0.33 V).
            "cutoff_leakage",
            "Cut-off NMOS fed through 1 TOhm: only junction gmin and IS\nV1 a 0 DC 1\nR1 a out 1e12\nM1 out 0 0 0 nch L=1u W=1u\n" + Models +
            ".op\n"
        },
        {
            // Temperature scaling of KP, PHI, VTO and IS (ngspice MOS1temp): at 85 °C the current is ~20 % below 27 °C's.
            "nmos_85C",
            "NMOS output characteristics at 85 C\nVD d 0 DC 0\nVG g 0 DC 0\nVB b 0 DC -1\nM1 d g 0 b nch L=2u W=10u\n" + Models +
            ".options reltol=1e-6 temp=85\n.dc VD -0.5 3 0.1 VG 0 3 0.5\n"
        },
        {
            "pmos_tnom50_at_minus40C",
            "PMOS measured at TNOM = 50 C, simulated at -40 C\nVS s 0 DC 3.3\nVD d 0 DC 0\nVG g 0 DC 0\nM1 d g s s pt L=1u W=5u\n" +
            ".model pt pmos (level=1 vto=-0.8 kp=50u gamma=0.5 phi=0.65 lambda=0.05 tnom=50 is=1e-12)\n" +
            ".options reltol=1e-6 temp=-40\n.dc VD 3.3 -0.3 -0.1 VG 2.5 0 -0.5\n"
        },
        {
            // .options tnom is the default TNOM of cards without one (ngspice): parameters measured at 60 C, run at 27 C.
            "nmos_options_tnom",
            "NMOS whose card takes TNOM from .options tnom\nVD d 0 DC 0\nVG g 0 DC 0\nM1 d g 0 0 nch L=2u W=10u\n" + Models +
            ".options reltol=1e-6 tnom=60\n.dc VD 0 3 0.1 VG 1 3 0.5\n"
        },
        {
            // RSH·NRD = 100 Ohm and RSH·NRS = 62.5 Ohm per device, three devices in parallel (M=3).
            "nmos_rsh_m3",
            "NMOS with diffusion sheet resistance and M=3\nVD d 0 DC 0\nVG g 0 DC 0\nM1 d g 0 0 nr L=1u W=4u M=3 NRD=4 NRS=2.5\n" +
            ".model nr nmos (level=1 vto=0.7 kp=110u gamma=0.4 phi=0.65 lambda=0.04 rsh=25)\n.options reltol=1e-6\n.dc VD 0 3 0.1 VG 1 3 0.5\n"
        },
        {
            // PHI, GAMMA and VTO derived from NSUB/NSS/TPG and TOX (ngspice mos1temp.c), KP from U0 and TOX.
            "process_parameters",
            "NMOS and PMOS from process parameters\nVD d 0 DC 0\nVG g 0 DC 0\nVB b 0 DC -1\nM1 d g 0 b nn L=2u W=4u\n" +
            "VS s 0 DC 3.3\nM2 dp g s s pp L=2u W=8u\nVDP dp 0 DC 0\n" +
            ".model nn nmos (level=1 tox=25n nsub=3e16 nss=1e10 u0=550 lambda=0.03)\n" +
            ".model pp pmos (level=1 tox=25n nsub=1e16 tpg=-1 u0=200 phi=0.7)\n.options reltol=1e-6\n.dc VD 0 3.3 0.1 VG 0 3.3 0.5\n"
        },
        {
            "cmos_inverter_dc",
            "CMOS inverter DC transfer\nVDD vdd 0 DC 3.3\nVIN in 0 DC 0\nM1 out in 0 0 nch L=1u W=2u\nM2 out in vdd vdd pch L=1u W=4u\n" + Models +
            ".options reltol=1e-6\n.dc VIN 0 3.3 0.05\n"
        },
    };

    private const string JunctionCapInverter =
        "CMOS inverter whose edges are set by the bulk junction capacitances\n" +
        "VDD vdd 0 DC 3.3\nVIN in 0 PULSE(0 3.3 1n 0.2n 0.2n 4n 10n)\nRIN in g 2k\n" +
        "M1 out g 0 0 nch L=1u W=2u AD=4p AS=4p PD=6u PS=6u\nM2 out g vdd vdd pch L=1u W=4u AD=8p AS=8p PD=10u PS=10u\n" +
        ".model nch nmos (level=1 vto=0.7 kp=110u gamma=0.4 phi=0.65 lambda=0.04 tox=20n cgso=0.3n cgdo=0.3n cj=10m mj=0.4 cjsw=0.3n mjsw=0.3 pb=0.9)\n" +
        ".model pch pmos (level=1 vto=-0.8 kp=50u gamma=0.5 phi=0.65 lambda=0.05 tox=20n cgso=0.3n cgdo=0.3n cbd=100f cbs=100f cjsw=0.3n fc=0.6)\n" +
        ".tran 0.02n 20n\n";

    [Fact]
    public void Bulk_junction_capacitances_match_ngspice_and_matter()
    {
        Dependencies.RequireNgspice();
        var runner = new SimulationRunner();
        var withCaps = Read(JunctionCapInverter, "jcap.cir");
        var reference = runner.Run(withCaps, Backend.Ngspice);
        // Transient tolerance: 1 % of each waveform's peak-to-peak (ComparisonTolerance.Default), ours interpolated at
        // ngspice's time points; both integrate with trapezoidal rule and their own step control.
        var report = BackendComparison.Compare(runner.Run(withCaps, Backend.Native), reference);
        var failing = report.Signals.Where(s => !s.Pass).Select(s => $"{s.Signal}: max {s.MaxDifference:G3} > tol {s.Tolerance:G3}");
        Assert.True(report.Pass, string.Join("; ", report.Problems.Concat(failing)));
        // The same circuit without the junction capacitances must fail that comparison: the test can see them.
        var withoutCaps = Read(System.Text.RegularExpressions.Regex.Replace(JunctionCapInverter, @" (cj|mj|cjsw|mjsw|pb|fc|cbd|cbs)=[0-9.a-z]+", ""), "nocap.cir");
        var bare = BackendComparison.Compare(runner.Run(withoutCaps, Backend.Native), reference);
        Assert.Contains(bare.Signals, s => s.Signal == "v(out)" && !s.Pass);
    }

    [Theory]
    [MemberData(nameof(NgspiceDecks))]
    public void Native_engine_matches_ngspice(string name, string deck)
    {
        Dependencies.RequireNgspice();
        var circuit = Read(deck, name + ".cir");
        var runner = new SimulationRunner();
        // ngspice gets the deck as our writer prints it, so the M lines and NMOS/PMOS cards also go through the writer.
        var report = BackendComparison.Compare(runner.Run(circuit, Backend.Native), runner.Run(circuit, Backend.Ngspice));
        var failing = report.Signals.Where(s => !s.Pass).Select(s => $"{s.Analysis} {s.Signal}: max {s.MaxDifference:G3} > tol {s.Tolerance:G3}");
        Assert.True(report.Pass, name + ": " + string.Join("; ", report.Problems.Concat(failing)));
        Assert.Contains(report.Signals, s => s.Signal == "i(vd)" || s.Signal == "v(out)");
    }
}
