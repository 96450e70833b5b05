using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Elements;
using MemristorSpice.Netlist.Model;
using MemristorSpice.Netlist.Simulation;
using MemristorSpice.Netlist.Writing;
using MemristorSpice.Tests.Shared;
using static MemristorSpice.Netlist.Tests.TestNetlists;

namespace MemristorSpice.Netlist.Tests.Dialect;

/// <summary>
/// ngspice 39 constructs that decks written by others use: the expression functions, R/C/L model cards, ac= and
/// temperature coefficients, MOSFET L/W defaults, POLY coefficient forms, PULSE's pulse count, <c>.ac lin 1 0 0</c>,
/// K with |k| &gt; 1, expressions continued over '+' lines. Each deck runs through our engine and through ngspice 39 as
/// <c>memspice compare</c> runs a file (the file's own text goes to ngspice, so ngspice applies its own model rules),
/// at compare's default tolerances: OP/DC 1e-4·|ref| + 1 µV (1 nA), .ac 0.01 dB and 0.1°, transients 1 % of each
/// waveform's peak-to-peak. What ngspice 39 does not read (its missing B-source functions, tc=a,b) is checked against
/// closed forms to 1e-12 relative (the rounding of a few multiplies).
/// </summary>
public class NgspiceReaderGapTests
{
    private static (ComparisonReport Report, SimulationResult Ours, SimulationResult Reference) Compare(string deck, string name)
    {
        Dependencies.RequireNgspice();
        var folder = Directory.CreateTempSubdirectory("reader-gap-");
        try
        {
            string path = Path.Combine(folder.FullName, name + ".cir");
            File.WriteAllText(path, deck);
            var runner = new SimulationRunner();
            var ours = runner.RunFile(path, Backend.Native);
            var reference = runner.RunFile(path, Backend.Ngspice);
            return (BackendComparison.Compare(ours, reference), ours, reference);
        }
        finally
        {
            folder.Delete(true);
        }
    }

    private static void AssertAgrees(ComparisonReport report, string name)
    {
        var failing = report.Signals.Where(s => !s.Pass).Select(s => $"{s.Analysis} {s.Signal}: max {s.MaxDifference:G3} > tol {s.Tolerance:G3}");
        Assert.True(report.Pass, name + ": " + string.Join("; ", report.Problems.Concat(failing)));
    }

    private static double Op(string text, string signal) =>
        new SimulationRunner().Run(Read(text), Backend.Native).Analyses[0].Table[signal][0];

    [Fact]
    public void B_source_functions_agree_with_ngspice()
    {
        // Every function ngspice 39 knows in B sources, away from corners, at v(x) = 0.3; the deck also pins the
        // values measured on ngspice 39 by hand (nint rounds halves to even, u(0) = 0.5, u2 clamps to [0, 1]).
        const string deck = """
            functions
            V1 x 0 0.3
            B1 a1 0 V=atan(v(x)) + asinh(v(x)+1) + acosh(v(x)+1.5) + atanh(v(x))
            B2 a2 0 V=pwr(v(x)-1, 2.5) + pow(v(x)-1, 3) + (v(x)-1)^3 + (v(x)-1)**2.5
            B3 a3 0 V=nint(v(x)*0+2.5) + 10*nint(v(x)*0-2.5) + 100*nint(v(x)*0+3.5) + 1000*nint(v(x)+2.2)
            B4 a4 0 V=floor(v(x)-1) + 10*ceil(v(x)-1) + 100*u(v(x)) + 1000*u(v(x)*0)
            B5 a5 0 V=u2(v(x)+0.5) + 10*u2(v(x)-0.1) + 100*u2(v(x)+1) + 1000*uramp(v(x)-1) + uramp(v(x))
            B6 a6 0 V=ternary_fcn(v(x)>0.2, 3, 4) + 10*ternary_fcn(v(x)-0.5, 5, 6) + pwl(v(x), 0, 1, 1, 3) + pwl(v(x)+2, 0, 1, 1, 3)
            B7 a7 0 V=((v(x)>0.1) && (v(x)<0.2)) + 10*((v(x)>0.1) || (v(x)<0.2)) + 100*!(v(x)>0.1) + temper + hertz
            B8 a8 0 V=sgn(v(x)-3) + min(v(x), 0.2) + max(v(x), 3) + exp(v(x))*ln(v(x))*log10(v(x)) + sinh(v(x)) + tanh(v(x))
            .op
            .end
            """;
        var (report, ours, _) = Compare(deck, "functions");
        AssertAgrees(report, "functions");
        var table = ours.Analyses[0].Table;
        Close(2 - 20 + 400 + 2000, table["v(a3)"][0]);
        Close(-1 + 0 + 100 + 500, table["v(a4)"][0]);
        Close(0.8 + 2 + 100 + 0 + 0.3, table["v(a5)"][0]);
        Close(0 + 10 + 0 + 27, table["v(a7)"][0]);
    }

    [Fact]
    public void Parameter_functions_agree_with_ngspice()
    {
        // ngspice's .param evaluator: sqr, arctan, ternary_fcn, and ^/** as |x|^y ((-2)^3 = 8, (-2)**2.5 = 5.657).
        const string deck = """
            parameters
            .param p1={sqr(-3)} p2={arctan(1)} p3={ternary_fcn(1>2, 3, 4)} p4={(-2)^3} p5={(-2)**2.5} p6={nint(2.5)} p7={nint(-2.5)}
            .param p8={asinh(1)+acosh(2)+atanh(0.5)} p9={floor(-2.5)+ceil(-2.5)} p10={!(1>0) + ((1>0)||(2>3)) + ((1>0)&&(2>3))}
            V1 n1 0 {p1}
            V2 n2 0 {p2}
            V3 n3 0 {p3}
            V4 n4 0 {p4}
            V5 n5 0 {p5}
            V6 n6 0 {p6 + 10*p7}
            V8 n8 0 {p8}
            V9 n9 0 {p9}
            V10 n10 0 {p10}
            .param p11={max(0.5) + 10*max(3) + 100*min(5) + 1000*min(0.3)}
            V11 n11 0 {p11}
            .op
            .end
            """;
        var (report, ours, _) = Compare(deck, "parameters");
        // One-argument min/max compare with 1 in ngspice 39's .param evaluator: 1 + 30 + 100 + 300.
        Close(431, ours.Analyses[0].Table["v(n11)"][0]);
        AssertAgrees(report, "parameters");
        var table = ours.Analyses[0].Table;
        Close(9, table["v(n1)"][0]);
        Close(Math.PI / 4, table["v(n2)"][0]);
        Close(8, table["v(n4)"][0]);
        Close(2 - 20, table["v(n6)"][0]);
    }

    [Fact]
    public void Functions_ngspice_39_lacks_in_b_sources_follow_their_definitions()
    {
        // sqr, arctan and pwrs (HSPICE) are not B-source functions in ngspice 39 ("no such function"): closed forms.
        // At v = -0.7: sqr = 0.49, arctan = atan(-0.7), pwrs(v, 2.5) = -|v|^2.5; limit clamps (ngspice 39 returns 0).
        double v = -0.7;
        Close(0.49 + Math.Atan(v) - Math.Pow(0.7, 2.5) + 0.5,
            Op("b\nV1 x 0 -0.7\nB1 y 0 V=sqr(v(x)) + arctan(v(x)) + pwrs(v(x), 2.5) + limit(v(x), 0.5, 1)\nR1 y 0 1\n.op\n", "v(y)"));
        // PSpice's TEMP in expressions is the circuit temperature (ngspice 39 refuses the name).
        Close(85 * 2, Op("b\nV1 x 0 1\nB1 y 0 V={TEMP*2}\nR1 y 0 1\n.temp 85\n.op\n", "v(y)"));
    }

    [Fact]
    public void Braced_expressions_and_model_cards_continue_over_plus_lines()
    {
        const string deck = """
            continued
            .param a={1+
            + 2}
            V1 x 0 {a*
            + 2}
            B1 y 0 V={v(x)*
            + 3 + a}
            .model dm d (is=1e-14
            + n=1.5
            + )
            D1 x z dm
            R1 z 0 1k
            .op
            .end
            """;
        var c = Read(deck);
        Close(6, Element<VoltageSourceElement>(c, "v1").Dc!.Value);
        Close(1.5, c.Models["dm"].Parameters["n"]);
        var (report, ours, _) = Compare(deck, "continued");
        AssertAgrees(report, "continued");
        Close(21, ours.Analyses[0].Table["v(y)"][0]);
        // An expression still open at the end of the statement is one located error at its '{'.
        var e = Fails("t\nV1 x 0 {1+\n+ 2\nR1 x 0 1\n");
        Assert.Contains("missing its closing '}'", e.Errors[0].Message);
        Assert.Equal((2, 8), (e.Errors[0].Location.Line, e.Errors[0].Location.Column));
    }

    [Fact]
    public void Resistor_model_cards_agree_with_ngspice()
    {
        // Sheet resistance with NARROW/SHORT (and their aliases DW/DLR) subtracted twice, DEFW and the model's L as
        // defaults, model R as the default value, TC1/TC2 with the model's TNOM, TCE, M and SCALE, value and model name
        // in either order, PSpice's RES type: each resistor alone on a 1 V source at 50 °C.
        const string deck = """
            resistor models
            .model ra r (rsh=100 narrow=0.5u)
            .model rb r (rsh=100 short=0.5u)
            .model rc r (rsh=100 dw=0.5u dlr=0.25u)
            .model rd r (rsh=100 defw=4u)
            .model re r (rsh=100 defw=4u l=30u)
            .model rf r (rsh=100 tc1=0.01 tnom=20)
            .model rg r (r=3k tc1=0.01 tc2=1e-4)
            .model rh r (r=2k tce=0.01)
            .model R_NOISELESS RES (T_ABS=-273.15)
            V1 x1 0 1
            R1 x1 0 ra l=10u w=2u
            V2 x2 0 1
            R2 x2 0 rb l=10u w=2u
            V3 x3 0 1
            R3 x3 0 rc l=10u w=2u
            V4 x4 0 1
            R4 x4 0 rd l=10u
            V5 x5 0 1
            R5 x5 0 re
            V6 x6 0 1
            R6 x6 0 rf l=10u w=2u
            V7 x7 0 1
            R7 x7 0 rg
            V8 x8 0 1
            R8 x8 0 ra l=10u w=2u m=2
            V9 x9 0 1
            R9 x9 0 ra l=10u w=2u scale=2
            V10 x10 0 1
            R10 x10 0 1k rg
            V11 x11 0 1
            R11 x11 0 rh
            V12 x12 0 1
            R12 x12 0 1k tc1=0.01 tc2=1e-4 tce=0.01
            V13 x13 0 1
            R13 x13 0 R_NOISELESS 3k
            V14 x14 0 1
            R14 x14 0 ra
            .temp 50
            .op
            .end
            """;
        var (report, ours, _) = Compare(deck, "rmodels");
        AssertAgrees(report, "rmodels");
        var table = ours.Analyses[0].Table;
        // Closed forms: 100·10/(2 − 2·0.5) = 1 kΩ; 3 kΩ·(1 + 0.23 + 0.0529) at ΔT = 23 K; 2 kΩ·1.01^(0.01·23).
        Close(-1.0 / 1000, table["i(v1)"][0], 1e-9);
        Close(-1.0 / (3000 * 1.2829), table["i(v7)"][0], 1e-9);
        Close(-1.0 / (2000 * Math.Pow(1.01, 0.23)), table["i(v11)"][0], 1e-9);
    }

    [Fact]
    public void Resistor_tc_pair_ac_resistance_and_unknown_model_parameters()
    {
        // tc=a,b (HSPICE, PSpice; ngspice 39 refuses it): R·(1 + a·ΔT + b·ΔT²) at ΔT = 100 K.
        Close(-1.0 / (1000 * (1 + 1 + 1)), Op("t\nV1 a 0 1\nR1 a 0 1k tc=0.01,1e-4\n.temp 127\n.op\n", "i(v1)"), 1e-9);
        var result = ReadWithWarnings("t\n.model rx r (rsh=10 foo=3)\nV1 a 0 1\nR1 a 0 rx 1k\n.op\n");
        var built = new Elaboration.Elaborator().Elaborate(result.Circuit);
        Assert.Contains(built.Warnings, w => w.Token == "foo");
        // The writer keeps the model name, the resolved value and ac=; reading it back gives the same element.
        var c = Read("t\n.model rg r (tc1=0.01 tnom=20)\nV1 a 0 dc 1 ac 1\nR1 a 0 rg 1k ac=2k\n.op\n");
        var again = Read(NetlistWriter.Write(c));
        Assert.Empty(c.DifferencesFrom(again));
    }

    [Fact]
    public void Hertz_makes_b_sources_frequency_dependent_in_ac_as_in_ngspice()
    {
        // Small-signal gain of V=v(in)·(1 + hertz) is 1 + f, of I=v(in)·hertz·1m into 1 kΩ is f; the DC point has hertz = 0.
        const string deck = """
            hertz
            V1 in 0 dc 1 ac 1
            B1 out 0 V=v(in)*(1+hertz)
            R1 out 0 1k
            B2 0 o2 I=v(in)*hertz*1m
            R2 o2 0 1k
            .ac lin 3 1 3
            .end
            """;
        // (No .op in the ngspice deck: ngspice 39 keeps hertz at the last .ac frequency in a following analysis.)
        var (report, ours, _) = Compare(deck, "hertz");
        AssertAgrees(report, "hertz");
        var ac = ours.Analyses[0].Table;
        for (int k = 0; k < 3; k++)
        {
            Close(20 * Math.Log10(1 + ac.Axis[k]), ac["vdb(out)"][k], 1e-9);
            Close(20 * Math.Log10(ac.Axis[k]), ac["vdb(o2)"][k], 1e-9);
        }
        Close(1, Op(deck.Replace(".ac lin 3 1 3", ".op"), "v(out)"), 1e-12);
    }

    [Fact]
    public void B_source_temperature_coefficients_agree_with_ngspice()
    {
        // ngspice 39 scales a B source's value by 1 + tc1·ΔT + tc2·ΔT², ΔT = (circuit temperature + dtemp) − tnom.
        const string deck = """
            b source tc
            V1 x 0 2
            B1 y 0 V=v(x)*3 tc1=0.01 tc2=1e-4
            R1 y 0 1k
            B2 0 z I=v(x)*1m tc1=0.01
            R2 z 0 1k
            B3 w 0 V=v(x) tc1=0.01 dtemp=10
            R3 w 0 1k
            .temp 77
            .op
            .end
            """;
        var (report, ours, _) = Compare(deck, "btc");
        AssertAgrees(report, "btc");
        var table = ours.Analyses[0].Table;
        Close(6 * (1 + 0.5 + 0.25), table["v(y)"][0], 1e-9);
        Close(2 * (1 + 0.6), table["v(w)"][0], 1e-9);
        // tc=a,b (HSPICE) on a B line: both coefficients, after the expression.
        Close(6 * (1 + 0.5 + 0.25), Op("b\nV1 x 0 2\nB1 y 0 V=v(x)*3 tc=0.01,1e-4\nR1 y 0 1\n.temp 77\n.op\n", "v(y)"), 1e-12);
    }

    [Fact]
    public void Ac_resistance_capacitor_and_inductor_models_agree_with_ngspice()
    {
        // |i| of a capacitor under 1 V at ω = 1 rad/s is C; |v| of an inductor under 1 A is L; ac= replaces R in .ac only.
        const string deck = """
            passive models
            .model ca c (cj=1e-3 cjsw=1e-9 narrow=0.5u short=0.25u)
            .model cb c (cap=2p tc1=0.01)
            .model cc c (cj=1e-3 defw=4u)
            .model la l (ind=3u tc1=0.01)
            .model rg r (tc1=0.01)
            V1 x1 0 dc 0 ac 1
            C1 x1 0 ca l=10u w=2u
            V2 x2 0 dc 0 ac 1
            C2 x2 0 cb
            V3 x3 0 dc 0 ac 1
            C3 x3 0 cc l=10u
            V4 x4 0 dc 0 ac 1
            C4 x4 0 cb 1p
            V5 x5 0 dc 0 ac 1
            C5 x5 0 1p tc1=0.01 tc2=1e-4
            I6 0 x6 dc 0 ac 1
            L6 x6 0 la
            I8 0 x8 dc 0 ac 1
            L8 x8 0 la 1u
            V11 x11 0 dc 0 ac 1
            C11 x11 0 ca l=10u w=2u m=2 scale=2
            V12 x12 0 dc 1 ac 1
            R12 x12 0 1k ac=2k tc1=0.01 m=2
            V13 x13 0 dc 1 ac 1
            R13 x13 0 rg 1k ac=500
            .temp 50
            .ac lin 1 0.15915494309189535 0.15915494309189535
            .op
            .end
            """;
        var (report, ours, _) = Compare(deck, "passives");
        AssertAgrees(report, "passives");
        // Closed forms: C1 = cj·9.75u·1.5u + cjsw·2·(9.75u + 1.5u) = 3.7125e-14 F; R12 in .ac: 2 kΩ·1.23/2.
        Close(20 * Math.Log10(3.7125e-14), ours.Analyses[0].Table["idb(v1)"][0], 1e-9);
        Close(20 * Math.Log10(1 / 1230.0), ours.Analyses[0].Table["idb(v12)"][0], 1e-9);
        Close(-1 / 615.0, ours.Analyses[1].Table["i(v12)"][0], 1e-9);
    }

    [Fact]
    public void Mosfet_length_and_width_come_from_the_model_card_then_from_options()
    {
        const string deck = """
            mos geometry defaults
            .model nch nmos (level=1 vto=0.7 kp=110u l=2u w=10u)
            .model nch2 nmos (level=1 vto=0.7 kp=110u)
            VG g 0 2
            VD d 0 2
            M1 d g 0 0 nch
            VD2 d2 0 2
            M2 d2 g 0 0 nch L=4u
            VD3 d3 0 2
            M3 d3 g 0 0 nch2
            .options defl=5u defw=20u reltol=1e-6
            .op
            .end
            """;
        var (report, ours, _) = Compare(deck, "mosgeom");
        AssertAgrees(report, "mosgeom");
        // Saturation: Id = KP/2·W/L·(Vgs − VTO)² = 110u/2·5·1.69 (model L/W) and 110u/2·4·1.69 (.options defl/defw),
        // to 1e-8 relative: GMIN (1e-12 S) across the reverse-biased drain junction adds 2 pA to 0.46 mA.
        var table = ours.Analyses[0].Table;
        Close(-110e-6 / 2 * 5 * 1.69, table["i(vd)"][0], 1e-8);
        Close(-110e-6 / 2 * 4 * 1.69, table["i(vd3)"][0], 1e-8);
    }

    [Fact]
    public void A_bsim_card_is_a_located_error_naming_its_level()
    {
        var e = Assert.Throws<NetlistException>(() =>
            new SimulationRunner().Run(Read("b\nM1 d g 0 0 nb L=1u W=1u\n.model nb nmos (level=54 version=4.3.0 toxe=1.8n\n+ vth0=0.4)\nVD d 0 1\nVG g 0 1\n.op\n", "bsim.cir"), Backend.Native));
        var error = Assert.Single(e.Errors);
        Assert.Equal(("bsim.cir", 3), (error.Location.File, error.Location.Line));
        Assert.Contains("level 54", error.Message);
        Assert.Contains("supported: levels 1, 2, 3, 6", error.Message);
    }

    [Fact]
    public void Poly_coefficients_in_parentheses_or_with_commas_agree_with_ngspice()
    {
        const string deck = """
            poly forms
            V1 a 0 2
            V2 b 0 3
            E1 o1 0 POLY(2) a 0 b 0 (1, 2, 3, 0.5)
            R1 o1 0 1k
            E2 o2 0 POLY(1) (a,0) 1,2,3
            R2 o2 0 1k
            Vs s 0 0
            R0 a s 1k
            F1 0 o3 POLY(1) Vs (0 2 1000)
            R3 o3 0 1k
            .op
            .end
            """;
        var (report, ours, _) = Compare(deck, "poly");
        AssertAgrees(report, "poly");
        var table = ours.Analyses[0].Table;
        Close(1 + 2 * 2 + 3 * 3 + 0.5 * 4, table["v(o1)"][0], 1e-9); // p0 + p1·x1 + p2·x2 + p3·x1²
        Close(1 + 2 * 2 + 3 * 4, table["v(o2)"][0], 1e-9);
        Close(1000 * (2 * 2e-3 + 1000 * 4e-6), table["v(o3)"][0], 1e-9);
    }

    [Fact]
    public void Pulse_count_and_a_single_zero_hertz_ac_point_agree_with_ngspice()
    {
        const string deck = """
            pulse count
            V3 p 0 pulse(0 1 1u 1u 1u 2u 10u 3)
            R4 p q 1k
            C4 q 0 1n
            V1 a 0 dc 0 ac 1
            R1 a b 1k
            C1 b 0 1u
            .tran 0.1u 60u
            .ac lin 1 0 0
            .end
            """;
        var (report, ours, _) = Compare(deck, "pulses");
        AssertAgrees(report, "pulses");
        var tran = ours.Analyses.Single(a => a.Analysis is TransientAnalysis).Table;
        var time = tran.Axis;
        var p = tran["v(p)"];
        // Three pulses (at 1, 11 and 21 µs), none after 31 µs; the fourth would be high at 42 µs.
        Assert.Equal(1, p[Array.FindIndex(time, t => t >= 23e-6)], 9);
        Assert.All(Enumerable.Range(0, time.Length).Where(k => time[k] > 31e-6), k => Assert.Equal(0, p[k]));
        var ac = ours.Analyses.Single(a => a.Analysis is AcAnalysis).Table;
        Assert.Equal([0.0], ac.Axis);
    }

    [Fact]
    public void Coupling_larger_than_one_reads_with_a_warning_and_agrees_with_ngspice_in_ac()
    {
        // |v2| = ω·M·|i1| with M = k·√(L1·L2) = 1.5 mH at ω = 1000 rad/s and 1 A: 1.5 V (L2 unloaded but for 1 GΩ).
        const string deck = """
            k above one
            I1 0 a dc 0 ac 1
            L1 a 0 1m
            L2 b 0 1m
            R2 b 0 1g
            K1 L1 L2 1.5
            .ac lin 1 159.15494309189535 159.15494309189535
            .end
            """;
        var read = ReadWithWarnings(deck);
        var built = new Elaboration.Elaborator().Elaborate(read.Circuit);
        Assert.Contains(built.Warnings, w => w.Message.Contains("larger than 1"));
        var (report, ours, _) = Compare(deck, "kbig");
        AssertAgrees(report, "kbig");
        Close(20 * Math.Log10(1.5), ours.Analyses[0].Table["vdb(b)"][0], 1e-6);
    }
}
