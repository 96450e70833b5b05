using MemristorSpice.Netlist.Simulation;

namespace MemristorSpice.Netlist.Tests.Dialect;

/// <summary>
/// Gaps found by running public decks of spice3f5, KiCad exports and ngspice course repositories: model parameters
/// written without '=' (spice3f5's rca3040: <c>cjc=2pf va 50</c>), <c>.ends</c> with another subcircuit's name (ngspice
/// ignores it), a PULSE whose width equals its period (held high, with a TR-wide notch ngspice steps over), and
/// <c>@r1[i]</c> resistor-current vectors in .control, vecd and pos, stray words on a set line, a subcircuit defined twice
/// (the first kept), valueless model flags and the current of a POLY source (ngspice's a$poly$ branch). Each is checked against live ngspice 39 at compare's default
/// tolerances (1e-4 of the value at DC points, 1 % of peak-to-peak for transients) and against a closed form.
/// </summary>
public sealed class CollectedDeckGapTests() : NgspiceDeckFolder("collected-gap-")
{
    private static void AssertAgrees(SimulationResult ours, SimulationResult reference)
    {
        var report = BackendComparison.Compare(ours, reference, ComparisonTolerance.ForDeck(ours.Options.RelTol));
        Assert.True(report.Pass, string.Join("\n", report.Problems.Concat(report.Signals.Where(s => !s.Pass).Select(s => s.ToString()))));
    }

    [Fact]
    public void Model_parameters_without_equals_read_as_name_value_pairs_like_ngspice()
    {
        // is 1e-12 n 1.5 with and without '=' must give the same card; a diode through 10k from 5 V.
        string Deck(string model) => $"diode\nv1 1 0 5\nr1 1 2 10k\nd1 2 0 dm\n.model dm d {model}\n.op\n.end\n";
        var runner = Runner();
        var spice3 = runner.RunFile(Write("spice3.cir", Deck("is 1e-12 n 1.5 rs=10")), Backend.Native);
        var modern = runner.RunFile(Write("modern.cir", Deck("is=1e-12 n=1.5 rs=10")), Backend.Native);
        double v = spice3.Analyses[0].Table["v(2)"][0];
        Assert.Equal(modern.Analyses[0].Table["v(2)"][0], v);
        // Closed form: I = (5 - V)/10k and V = n·Vt·ln(I/Is + 1) + I·Rs; the residual at our V within 1e-6 V
        // (Newton stops far closer; Vt at 27 °C with ngspice's k/q).
        double vt = 1.380649e-23 * 300.15 / 1.602176634e-19, i = (5 - v) / 10e3;
        Assert.Equal(v, 1.5 * vt * Math.Log(i / 1e-12 + 1) + i * 10, 1e-6);
        AssertAgrees(spice3, runner.RunFile(Write("spice3-ng.cir", Deck("is 1e-12 n 1.5 rs=10")), Backend.Ngspice));
    }

    [Fact]
    public void Ends_with_another_name_closes_the_open_subcircuit_with_a_warning()
    {
        var deck = Write("ends.cir", "ends name\n.subckt half a b\nr1 a m 1k\nr2 m b 1k\n.ends other\nv1 1 0 2\nx1 1 0 half\n.op\n.end\n");
        var runner = Runner();
        var ours = runner.RunFile(deck, Backend.Native);
        Assert.Equal(-1e-3, ours.Analyses[0].Table["i(v1)"][0], 1e-12); // 2 V over 2 kΩ
        var warning = Assert.Single(ours.Warnings, w => w.Message.Contains(".ends other"));
        Assert.Equal(5, warning.Location.Line);
        AssertAgrees(ours, runner.RunFile(deck, Backend.Ngspice));
    }

    [Fact]
    public void Pulse_as_long_as_its_period_holds_v2_and_charges_the_rc_as_a_step_does()
    {
        // PULSE(0 9 1u 1u 1u 1 1): PW = PER, so the value is 9 V except a 1 µs notch at each period start, which
        // ngspice steps over. The 3 s RC charges as from a 9 V step: v(b) = 9(1 - e^(-(t-1µs)/3s)), to 1 % of 9 V (the
        // notches remove at most 1e-6 of the charge per second; the rest is integration error).
        var deck = Write("pulse.cir", "capacitor charge\nV1 a 0 dc 0 PULSE (0 9 1u 1u 1u 1 1)\nC1 b 0 1000u\nR1 a b 3k\n.tran 1s 20s\n.end\n");
        var runner = Runner();
        var ours = runner.RunFile(deck, Backend.Native);
        var table = ours.Analyses[0].Table;
        for (int k = 0; k < table.Axis.Length; k++)
            Assert.Equal(9 * (1 - Math.Exp(-Math.Max(0, table.Axis[k] - 1e-6) / 3)), table["v(b)"][k], 0.09);
        AssertAgrees(ours, runner.RunFile(deck, Backend.Ngspice));
    }

    [Fact]
    public void Resistor_current_vector_is_read_in_control_after_an_op()
    {
        // Divider 2 V over 1k + 1k: @r1[i] = 1 mA selects R1 = 3k, then v(out) = 2·1k/4k = 0.5 V (10k would give 1/5.5).
        var deck = Write("ri.cir", """
            resistor current vector
            V1 in 0 2
            R1 in out 1k
            R2 out 0 1k
            .control
            op
            if @r1[i] gt 0.9m
              alter r1 = 3k
            else
              alter r1 = 10k
            end
            op
            .endc
            .end
            """);
        var runner = Runner();
        var ours = runner.RunFile(deck, Backend.Native);
        Assert.Equal(2, ours.Analyses.Count);
        Assert.Equal(0.5, ours.Analyses[1].Table["v(out)"][0], 1e-9);
        AssertAgrees(ours, runner.RunFile(deck, Backend.Ngspice, ours));
    }

    [Fact]
    public void Vecd_pos_and_a_set_line_with_stray_words_compute_the_closed_form()
    {
        // vecd([0 1 3 6]) = [1 3 5 3] (ngspice's cmath2.c: one-sided ends, central differences inside);
        // pos([0 1 3 6] - 2) = [0 0 1 1]. The stray ", set background as white" only sets boolean variables.
        var deck = Write("vecd.cir", """
            vecd and pos
            V2 probe 0 0
            R9 probe 0 1
            .control
            set color0 white , set background as white
            compose t values 0 1 3 6
            let d = vecd(t)
            let s = d[0] + 10*d[1] + 100*d[2] + 1000*d[3] + 10000*sum(pos(t - 2))
            alter v2 = s
            op
            .endc
            .end
            """);
        var runner = Runner();
        var ours = runner.RunFile(deck, Backend.Native);
        Assert.Equal(1 + 30 + 500 + 3000 + 20000, ours.Analyses[0].Table["v(probe)"][0], 1e-9);
        AssertAgrees(ours, runner.RunFile(deck, Backend.Ngspice, ours));
    }

    [Fact]
    public void A_subcircuit_defined_twice_keeps_the_first_definition_and_model_flags_read_as_one()
    {
        // A model file included twice defines its subcircuits twice: ngspice 39 warns and keeps the first (1k + 1k
        // here, so 2 V gives 1 mA; the second body would give 0.5 mA). The LTRA card's flags (steplimit,
        // quadinterp) read as flag=1 without an error.
        var deck = Write("twice.cir", """
            subcircuit twice
            .subckt half a b
            r1 a m 1k
            r2 m b 1k
            .ends
            .subckt half a b
            r1 a b 4k
            .ends
            .model lline ltra rel=1 r=0.2 l=9.13e-9 c=3.65e-12 len=24 steplimit quadinterp
            v1 1 0 2
            x1 1 0 half
            .op
            .end
            """);
        var runner = Runner();
        var ours = runner.RunFile(deck, Backend.Native);
        Assert.Equal(-1e-3, ours.Analyses[0].Table["i(v1)"][0], 1e-12);
        var warning = Assert.Single(ours.Warnings, w => w.Message.Contains("defined again"));
        Assert.Equal(6, warning.Location.Line);
        AssertAgrees(ours, runner.RunFile(deck, Backend.Ngspice));
    }

    [Fact]
    public void Poly_source_current_pairs_with_ngspice_spice2poly_branch()
    {
        // ngspice runs e1 poly(1) as the code model a$poly$e1; its branch is e1's current: 3·2 V into 1 kΩ = 6 mA,
        // -6 mA as a source current (closed form to 1e-12 A, far below any solver error at this linear point).
        var deck = Write("poly.cir", "poly e\nv1 1 0 2\ne1 2 0 poly(1) 1 0 0 3\nr1 2 0 1k\n.op\n.end\n");
        var runner = Runner();
        var ours = runner.RunFile(deck, Backend.Native);
        Assert.Equal(-6e-3, ours.Analyses[0].Table["i(e1)"][0], 1e-12);
        var report = BackendComparison.Compare(ours, runner.RunFile(deck, Backend.Ngspice), ComparisonTolerance.ForDeck(ours.Options.RelTol));
        Assert.Contains(report.Signals, x => x.Signal == "i(e1)" && x.Pass);
        Assert.Empty(report.NotCompared);
        Assert.True(report.Pass);
    }
}
