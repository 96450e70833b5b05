using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Elements;
using MemristorSpice.Netlist.Model;
using MemristorSpice.Netlist.Reading;
using MemristorSpice.Netlist.Simulation;
using static MemristorSpice.Netlist.Tests.TestNetlists;

namespace MemristorSpice.Netlist.Tests.Dialect;

/// <summary>
/// The constructs of other dialects that <see cref="PublicDeckTests"/> meets, each checked against its closed form
/// (the operating point of a linear or piecewise circuit, exact up to the LU solve: 1e-9 relative) or against the
/// error it must give.
/// </summary>
public class DialectClosedFormTests
{
    private static double Op(string text, string signal) =>
        new SimulationRunner().Run(Read(text), Backend.Native).Analyses[0].Table[signal][0];

    [Fact]
    public void If_stp_and_uramp_follow_their_definitions_at_read_time_and_in_b_sources()
    {
        var c = Read("p\n.param a={if(2>1, 3, 4)} b={stp(-1)+stp(2)} d={uramp(-2)+uramp(3)}\nV1 x 0 {a*100+b*10+d}\nR1 x 0 1\n.op\n");
        Close(100 * 3 + 10 * 1 + 3, Element<VoltageSourceElement>(c, "v1").Dc!.Value);
        // In a B source: if(v>1, 2v, -v) + stp(v-3) + uramp(v-2) at v = 2.5: 5 + 0 + 0.5.
        Close(5.5, Op("b\nV1 a 0 2.5\nB1 y 0 V=if(v(a)>1, 2*v(a), -v(a)) + stp(v(a)-3) + uramp(v(a)-2)\nR1 y 0 1\n.op\n", "v(y)"), 1e-9);
    }

    [Fact]
    public void Resistor_tc_is_the_short_form_of_tc1()
    {
        // R(T) = R·(1 + tc1·(T − Tnom)): 1 kΩ with tc = 0.01 /K at 127 °C (Tnom 27 °C) is 2 kΩ, so 1 V drives 0.5 mA.
        Close(-0.5e-3, Op("t\nV1 a 0 1\nR1 a 0 1k tc=0.01\n.options temp=127\n.op\n", "i(v1)"), 1e-9);
        var ex = Assert.Throws<NetlistException>(() => Read("t\nV1 a 0 1\nR1 a 0 1k tc=0.01 tc1=0.02\n.op\n"));
        Assert.Contains("given twice", ex.Message);
    }

    [Fact]
    public void Func_with_equals_sign_keeps_comparisons_split_by_the_tokenizer()
    {
        var c = Read("f\n.params lim=2\n.func pick(x) = IF(x <= lim, 10, IF(x >= 5, 30, 20))\n.param a={pick(2)} b={pick(3)} d={pick(5)}\nV1 x 0 {a+b*100+d*10000}\nR1 x 0 1\n.op\n");
        Close(10 + 2000 + 300000, Element<VoltageSourceElement>(c, "v1").Dc!.Value);
    }

    [Fact]
    public void Braces_inside_an_expression_group_like_parentheses() =>
        Close(7, Element<VoltageSourceElement>(Read("b\n.param k=3\nV1 x 0 '{k}*2+{1}'\nR1 x 0 1\n.op\n"), "v1").Dc!.Value);

    [Fact]
    public void Ic_inside_a_subcircuit_applies_to_each_instance_with_its_parameters()
    {
        var c = Read("ic\n.subckt cell a params: s0=0.2\nC1 s 0 1\nR1 s a 1meg\n.ic v(s)=s0 v(a)={2*s0}\n.ends\nX1 n1 cell s0=0.3\nX2 n2 cell\nR1 n1 0 1\nR2 n2 0 1\n.tran 1m 2m uic\n");
        Close(0.3, c.InitialConditions["x1.s"]);
        Close(0.2, c.InitialConditions["x2.s"]);
        Close(0.6, c.InitialConditions["n1"]); // pin a of x1 is node n1
    }

    [Fact]
    public void Current_of_a_resistor_a_g_source_and_an_f_source_reads_their_element_law()
    {
        // V1 = 3 V over R1 = 1.5 kΩ: i(R1) = 2 mA; G1 carries 4 mS · v(a) = 12 mA; F1 copies 2·i(V2), V2 in series with R2 = 1 kΩ carries 3 mA, so 6 mA.
        const string deck = "i\nV1 a 0 3\nR1 a 0 1.5k\nG1 a 0 value={4m*v(a)}\nV2 a b 0\nR2 b 0 1k\nF1 0 c V2 2\nRc c 0 1\n" +
                            "B1 y 0 V=i(R1)*1000 + i(G1)*100 + i(F1)*10\nRy y 0 1\n.op\n";
        Close(2 + 1.2 + 0.06, Op(deck, "v(y)"), 1e-9);
    }

    [Fact]
    public void A_current_that_reads_itself_is_an_error_at_the_i_call()
    {
        var error = Assert.Throws<NetlistException>(() =>
            new SimulationRunner().Run(Read("self\nV1 a 0 1\nG1 a 0 value={v(a)*1m + i(G1)}\n.op\n"), Backend.Native));
        var e = Assert.Single(error.Errors);
        Assert.Contains("depends on itself", e.Message);
        Assert.Equal(3, e.Location.Line);
    }

    [Fact]
    public void Poly_of_two_controls_orders_its_coefficients_as_spice2()
    {
        // p0 + p1·x1 + p2·x2 + p3·x1² + p4·x1·x2 + p5·x2² + p6·x1³ with x1 = 2, x2 = 3.
        double[] p = [0.5, 1, 2, 3, 4, 5, 6];
        double expected = p[0] + p[1] * 2 + p[2] * 3 + p[3] * 4 + p[4] * 6 + p[5] * 9 + p[6] * 8;
        string deck = $"poly\nV1 a 0 2\nV2 b 0 3\nE1 y 0 poly(2) a 0 (b,0) {string.Join(' ', p)}\nR1 y 0 1\n.op\n";
        Close(expected, Op(deck, "v(y)"), 1e-12);
        // One control with a single coefficient is the linear gain (SPICE2 rule).
        Close(2 * 7, Op("g\nV1 a 0 2\nE1 y 0 poly(1) a 0 7\nR1 y 0 1\n.op\n", "v(y)"), 1e-12);
        // F/H POLY reads source currents: H1 = 0.1 + 1k·i(Vs), i(Vs) = 2 V / 1 kΩ = 2 mA.
        Close(2.1, Op("h\nV1 a 0 2\nVs a b 0\nR1 b 0 1k\nH1 y 0 poly(1) vs 0.1 1k\nRy y 0 1\n.op\n", "v(y)"), 1e-12);
    }

    [Theory]
    [InlineData(-2.0, -0.5)]          // below the table: first value held
    [InlineData(-0.5, -0.25)]         // on a straight segment
    [InlineData(0.0, 0.0 + 1.5 * 0.1 / 4)] // at a corner: y + (s⁺ − s⁻)·d/4 with d = 0.1·1
    [InlineData(1.0, 2.0 - 2.0 * 0.1 / 4)] // the last point: slope 2 → 0
    [InlineData(5.0, 2.0)]            // above the table: last value held
    public void Table_source_is_the_ngspice_table_with_rounded_corners(double input, double expected) =>
        Close(expected, Op($"t\nV1 a 0 {input}\nE1 y 0 table {{v(a)}} = (-1,-0.5) (0,0) (1,2)\nR1 y 0 1\n.op\n", "v(y)"), 1e-12);

    [Fact]
    public void Table_and_poly_errors_name_the_card()
    {
        var e = Fails("t\nV1 a 0 1\nE1 y 0 table {v(a)} = (1,0) (0,1)\nR1 y 0 1\n.op\n");
        Assert.Contains("TABLE x values must increase", e.Errors[0].Message);
        Assert.Equal(3, e.Errors[0].Location.Line);
        e = Fails("p\nV1 a 0 1\nE1 y 0 poly(0) a 0 1\nR1 y 0 1\n.op\n");
        Assert.Contains("POLY(n) needs a whole number", e.Errors[0].Message);
    }

    [Fact]
    public void Source_options_dc_equals_and_pwl_repeat_and_delay_are_read()
    {
        var c = Read("s\nV1 a 0 dc=0.3\nV2 b 0 pwl(0 0 1m 1 2m 0) r=1m td=0.5m\nV3 c 0 sffm(0 1 2k 3 200)\nR1 a 0 1\nR2 b 0 1\nR3 c 0 1\n.tran 1u 1m\n");
        Close(0.3, Element<VoltageSourceElement>(c, "v1").Dc!.Value);
        var pwl = Assert.IsType<PwlWaveform>(Element<VoltageSourceElement>(c, "v2").Waveform);
        Assert.Equal((1e-3, 0.5e-3), (pwl.Repeat!.Value, pwl.Delay!.Value));
        Assert.IsType<SffmWaveform>(Element<VoltageSourceElement>(c, "v3").Waveform);
        var bad = Fails("s\nV2 b 0 pwl(0 0 1m 1) r=2m\nR2 b 0 1\n.tran 1u 1m\n");
        Assert.Contains("repeat time", bad.Errors[0].Message);
    }

    [Fact]
    public void Options_with_word_values_and_micro_sign_are_accepted()
    {
        var read = ReadWithWarnings("o\n.options filetype = binary post=2 reltol=1e-4\nC1 a 0 0.1µF\nR1 a 0 1k\n.op\n");
        Close(1e-4, read.Circuit.Options.Numeric["reltol"]);
        Assert.Contains(read.Warnings, w => w.Message.Contains("'filetype' ignored"));
        Close(0.1e-6, Element<CapacitorElement>(read.Circuit, "c1").Capacitance);
    }

    [Fact]
    public void Compare_deck_for_ngspice_drops_control_and_output_lines_and_defines_what_ngspice_lacks()
    {
        string deck = "t\n.func f(x) = if(x>0, stp(x), 0)\n.save v(a)\n+ v(b)\n.control\nrun\n.endc\n.options filetype=binary\n.tran 1u 1m\n.end\n";
        var lines = NgspiceDeck.ForBatchRun(NetlistReader.ReadText(deck)).Split('\n');
        Assert.Equal(".func f(x) = if(x>0, stp(x), 0)", lines[1]);
        Assert.DoesNotContain(lines, l => l.Contains("save") || l.Contains("control") || l.Contains("endc") || l == "run" || l.Contains("filetype") || l.StartsWith('+'));
        Assert.Single(lines, l => l.StartsWith(".tran ", StringComparison.Ordinal));
        Assert.Contains(".func stp(x) {x > 0 ? 1 : 0}", lines);
        Assert.Contains(".func if(c, a, b) {c ? a : b}", lines);
        Assert.Equal(".end", lines.Last(l => l.Length > 0));
        // A deck that defines stp itself keeps its definition only.
        Assert.DoesNotContain(".func stp(x) {x > 0 ? 1 : 0}", NgspiceDeck.ForBatchRun(NetlistReader.ReadText("t\n.func stp(x) {x>=0}\nB1 a 0 V=stp(1)\n.end\n")).Split('\n'));
    }

    [Theory]
    [InlineData("controlled_source_forms.cir")]
    [InlineData("source_waveforms.cir")]
    [InlineData("ltspice_export_misc.cir")]
    [InlineData("yakopcic_generalized.cir")]
    public void Decks_with_the_new_forms_round_trip_through_the_writer(string deck)
    {
        // SimulationRunner.Run(circuit, Ngspice) hands ngspice the written circuit: TABLE/POLY as B sources, PWL r=/td=,
        // SFFM and tc1 must survive writing and reading back exactly.
        var circuit = Reading.NetlistReader.ReadFile(Path.Combine(PublicDeckTests.DeckFolder, deck)).Circuit;
        var again = Read(Writing.NetlistWriter.Write(circuit));
        Assert.Empty(circuit.DifferencesFrom(again));
    }

    [Fact]
    public void Coupling_errors_name_the_k_line()
    {
        var e = Fails("k\nV1 a 0 1\nL1 a 0 1m\nR2 b 0 1k\nK1 L1 R2 0.9\n.tran 1u 1m\n");
        Assert.Contains("'R2' is not an inductor name", e.Errors[0].Message);
        Assert.Equal((5, 7), (e.Errors[0].Location.Line, e.Errors[0].Location.Column));
        e = Fails("k\nV1 a 0 1\nL1 a 0 1m\nL2 b 0 1m\nR2 b 0 1k\nK1 L1 L2 {1/0}\n.tran 1u 1m\n");
        Assert.Contains("division by zero", e.Errors[0].Message);
        e = Fails("k\nV1 a 0 1\nL1 a 0 1m\nK1 L1 L9 0.5\n.tran 1u 1m\n");
        Assert.Contains("'l9', which is not a linear inductor", e.Errors[0].Message);
    }
}
