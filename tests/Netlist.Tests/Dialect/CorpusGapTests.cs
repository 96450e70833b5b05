using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Simulation;

namespace MemristorSpice.Netlist.Tests.Dialect;

/// <summary>
/// What the ngspice regression and example decks of the public corpus use beyond the basics: control functions made
/// with define, compose (values and linear sweeps), csh brace expansion of substituted names (n{$n}_t), ';' and
/// lone '$' comments on .control lines, repeat without a count, label/goto, alter of a K coupling factor, @device[parameter] and @model[parameter] vectors, the B-source comparisons with zero (eq0 ... le0),
/// min/max of one argument in .param, and the located error for XSPICE A elements. Control results are checked against closed
/// forms (each written into a source and read back from an op, so the test sees the number the script computed);
/// the expression functions against live ngspice 39 at compare's default tolerances (1e-4 of the value at DC points).
/// </summary>
public sealed class CorpusGapTests() : NgspiceDeckFolder("corpus-gap-")
{
    private static void AssertAgrees(SimulationResult ours, SimulationResult reference)
    {
        var report = BackendComparison.Compare(ours, reference, ComparisonTolerance.ForDeck(ours.Options.RelTol));
        Assert.True(report.Pass, string.Join("\n", report.Problems.Concat(report.Signals.Where(s => !s.Pass).Select(s => s.ToString()))));
    }

    [Fact]
    public void Define_compose_brace_expansion_comments_and_repeat_compute_the_closed_forms()
    {
        var deck = Write("control.cir", """
            control gaps
            V2 probe 0 0
            R9 probe 0 1
            .control
            define hyp(a, b) sqrt(a*a + b*b)
            define twice(x) 2*x
            let h = twice(hyp(3, 4))   ; 2·5
            alter v2 = h
            op
            compose ramp start=1 stop=2 step=0.25    $ 1 1.25 1.5 1.75 2
            let s = sum(ramp) + 100*length(ramp)
            alter v2 = s
            op
            compose vals values 2 3 * 2 hyp(6, 8)
            let t = vals[0] + 10*vals[1] + 100*vals[2]
            alter v2 = t
            op
            let x1001 = 42
            foreach k 1001
              set name = "x{$k}"
              let got = $name
            end
            alter v2 = got
            op
            let index = 0
            repeat
              let index = index + 1
              if index > 4
                break
              end
            end
            alter v2 = index
            op
            let loop = 0
            label again
            let loop = loop + 1
            if loop < 3
              goto again
            end
            alter v2 = loop
            op
            .endc
            .end
            """);
        var ours = Runner().RunFile(deck, Backend.Native);
        double Probe(int k) => ours.Analyses[k].Table["v(probe)"][0];
        // Exact arithmetic on small numbers: equal to 1e-12. ngspice 39 prints the same values for these lines
        // (vals = 2 6 10, ramp = 1 1.25 1.5 1.75 2, got = 42, index = 5, loop = 3).
        Assert.Equal(10, Probe(0), 12);
        Assert.Equal(1 + 1.25 + 1.5 + 1.75 + 2 + 500, Probe(1), 12);
        Assert.Equal(2 + 10 * 6 + 100 * 10, Probe(2), 12);
        Assert.Equal(42, Probe(3), 12);
        Assert.Equal(5, Probe(4), 12);
        Assert.Equal(3, Probe(5), 12);
    }

    [Fact]
    public void Alter_of_a_coupling_factor_agrees_with_ngspice()
    {
        // Two 1 mH inductors, the secondary loaded by 10 Ohm: the coupling sets how much reaches v(b).
        var deck = Write("alterk.cir", """
            alter coupling
            V1 in 0 dc 0 ac 1
            R1 in a 10
            L1 a 0 1m
            L2 b 0 1m
            R2 b 0 10
            K1 L1 L2 0.5
            .control
            ac dec 5 1k 100k
            alter k1 0.9
            ac dec 5 1k 100k
            .endc
            .end
            """);
        var runner = Runner();
        var ours = runner.RunFile(deck, Backend.Native);
        // The second sweep saw the new factor: its gain in dB differs between the runs in the third decimal or more.
        Assert.NotEqual(ours.Analyses[0].Table["vdb(b)"][^1], ours.Analyses[1].Table["vdb(b)"][^1], 3);
        AssertAgrees(ours, runner.RunFile(deck, Backend.Ngspice, ours));
    }

    [Fact]
    public void Device_and_model_parameters_read_as_vectors_follow_alter()
    {
        var deck = Write("atparam.cir", """
            device parameters
            V1 1 0 dc 0.25 pulse(-1 2 3m 4u 5u 6m 7m)
            R1 1 2 1k
            D1 2 0 dm
            .model dm d(is=1.3f)
            V2 probe 0 0
            R9 probe 0 1
            .control
            op
            let p = @v1[pulse]
            let s = length(p) + 10*p[1] + 1e15*@dm[is] + @r1[resistance] + @v1[dc]
            alter v2 = s
            op
            alter @v1[pulse] = [ 2 5 11n 12n 13n 54n 105n ]
            let q = @v1[pulse]
            alter v2 = q[6]
            op
            .endc
            .end
            """);
        var ours = Runner().RunFile(deck, Backend.Native);
        // Sums of given numbers: equal to 1e-9 absolute (1e-12 relative for the 105 ns period).
        // 7 coefficients, v2 = 2, is = 1.3 fA, 1 kOhm, dc 0.25: 7 + 20 + 1.3 + 1000 + 0.25; then the altered period 105 ns.
        Assert.Equal(1028.55, ours.Analyses[1].Table["v(probe)"][0], 9);
        Assert.Equal(105e-9, ours.Analyses[2].Table["v(probe)"][0], 105e-9 * 1e-12);
    }

    [Fact]
    public void A_define_called_with_the_wrong_number_of_arguments_is_a_located_error()
    {
        var deck = Write("arity.cir", """
            define arity
            V1 1 0 1
            R1 1 0 1k
            .control
            define f(a, b) a + b
            op
            let y = f(1)
            .endc
            .end
            """);
        var ex = Assert.Throws<NetlistException>(() => Runner().RunFile(deck, Backend.Native));
        Assert.Equal(7, ex.First.Location.Line);
        Assert.Contains("takes 2 argument(s), not 1", ex.First.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Comparisons_with_zero_and_one_argument_max_agree_with_ngspice()
    {
        // A dc sweep through zero: each function contributes a distinct power of two, so one output shows all six.
        // one = max(3) - min(2) = 3 - 1 = 2: ngspice's parameter evaluator compares a lone argument with 1.
        var deck = Write("zero.cir", """
            comparisons with zero
            .param one = {max(3)-min(2)}
            Va a 0 0
            B1 out 0 v = eq0(v(a)) + 2*ne0(v(a)) + 4*gt0(v(a)) + 8*lt0(v(a)) + 16*ge0(v(a)) + 32*le0(v(a))
            R1 out 0 1k
            R2 a 0 {one*1k}
            .dc Va -1 1 0.5
            .end
            """);
        var runner = Runner();
        var ours = runner.RunFile(deck, Backend.Native);
        var table = ours.Analyses[0].Table;
        // Closed form at -1 (ne0 lt0 le0 = 2+8+32), 0 (eq0 ge0 le0 = 1+16+32) and 1 (ne0 gt0 ge0 = 2+4+16).
        Assert.Equal(42, table["v(out)"][0], 12);
        Assert.Equal(49, table["v(out)"][2], 12);
        Assert.Equal(22, table["v(out)"][4], 12);
        AssertAgrees(ours, runner.RunFile(deck, Backend.Ngspice));
    }

    [Fact]
    public void An_xspice_a_element_is_refused_naming_its_code_model_and_line()
    {
        var deck = Write("xspice.cir", """
            xspice gain
            V1 in 0 1
            R1 in 0 1k
            a1 %v(in) %v(out) amp
            R2 out 0 1k
            .model amp gain(gain=2)
            .op
            .end
            """);
        var ex = Assert.Throws<NetlistException>(() => Runner().RunFile(deck, Backend.Native));
        Assert.Equal(4, ex.First.Location.Line);
        Assert.Contains("XSPICE code model 'gain' (model 'amp')", ex.First.Message, StringComparison.Ordinal);
    }
}
