using System.Diagnostics;
using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Ngspice;
using MemristorSpice.Netlist.Reading;
using MemristorSpice.Netlist.Simulation;
using MemristorSpice.Tests.Shared;

namespace MemristorSpice.Netlist.Tests.Control;

/// <summary>
/// Decks whose analyses stand only in a .control block, run by our interpreter and compared with live ngspice 39
/// running the equivalent deck written by hand with dot analyses (or one deck per altered value), so a wrong loop
/// count, a missed alter or a wrong analysis argument fails: the reference does not come from our interpreter.
/// Tolerances are compare's defaults for these decks (OP/DC/TF 1e-3·|ref| + 1 µV / 1 nA: the decks' RELTOL, where
/// ngspice's own Newton stops on the diode; 1 % of peak-to-peak for transients; 0.01 dB and 0.1° for AC): the level
/// the engine is validated to against ngspice, far below the effect of any alter in these tests (over 1 %).
/// </summary>
public sealed class ControlBlockTests() : NgspiceDeckFolder("control-")
{
    private const string Circuit = """
        V1 in 0 dc 1 ac 1 pulse(0 1 1u 1n 1n 20u 40u)
        R1 in out 1k
        R2 out 0 2k
        C1 out 0 10n
        D1 out 0 dm
        .model dm d(is=1e-14 n=1.5)
        """;

    private static void AssertAgrees(SimulationResult ours, SimulationResult reference)
    {
        var report = BackendComparison.Compare(ours, reference, ComparisonTolerance.ForDeck(ours.Options.RelTol));
        Assert.True(report.Pass, string.Join("\n", report.Problems.Concat(report.Signals.Where(s => !s.Pass).Select(s => s.ToString()))));
        Assert.Empty(report.NotCompared);
    }

    [Fact]
    public void Op_dc_tran_ac_tf_commands_agree_with_ngspice_running_the_same_analyses_as_dot_lines()
    {
        var control = Write("control.cir", $"analyses in .control\n{Circuit}\n.control\nop\ndc v1 0 2 0.1\ntran 0.2u 60u\nac dec 10 10 10meg\ntf v(out) v1\nprint v(out)\nplot v(out)\n.endc\n.end\n");
        var dots = Write("dots.cir", $"analyses as dot lines\n{Circuit}\n.op\n.dc v1 0 2 0.1\n.tran 0.2u 60u\n.ac dec 10 10 10meg\n.tf v(out) v1\n.end\n");
        var runner = Runner();
        var ours = runner.RunFile(control, Backend.Native);
        Assert.Equal(["op1", "dc1", "tran1", "ac1", "tf1"], ours.Analyses.Select(a => a.PlotName));
        AssertAgrees(ours, runner.RunFile(dots, Backend.Ngspice));
        // The display commands are one warning, located at the first of them.
        var note = Assert.Single(ours.Warnings, w => w.Message.Contains("display and output commands"));
        Assert.Equal(14, note.Location.Line);
    }

    [Fact]
    public void Alter_altermod_and_reset_between_runs_agree_with_one_ngspice_deck_per_state()
    {
        var control = Write("alter.cir", $"alter between runs\n{Circuit}\n.control\nop\nalter r2 = 4k\nop\naltermod dm is = 1e-12\nalter @v1[dc] = 2\nop\nreset\nop\n.endc\n.end\n");
        var runner = Runner();
        var ours = runner.RunFile(control, Backend.Native);
        Assert.Equal(["op1", "op2", "op3", "op4"], ours.Analyses.Select(a => a.PlotName));
        Assert.Equal("r2 resistance=4000", ours.Analyses[1].Changes);
        string[] states =
        [
            Circuit,
            Circuit.Replace("R2 out 0 2k", "R2 out 0 4k"),
            Circuit.Replace("R2 out 0 2k", "R2 out 0 4k").Replace("is=1e-14", "is=1e-12").Replace("dc 1 ac", "dc 2 ac"),
            Circuit,
        ];
        for (int k = 0; k < states.Length; k++)
        {
            var reference = runner.RunFile(Write($"state{k}.cir", $"state {k}\n{states[k]}\n.op\n.end\n"), Backend.Ngspice);
            var one = ours with { Analyses = [ours.Analyses[k]] };
            AssertAgrees(one, reference);
        }
        // The states differ by far more than the tolerance, so the pairing above is not vacuous.
        Assert.True(Math.Abs(ours.Analyses[0].Table["v(out)"][0] - ours.Analyses[1].Table["v(out)"][0]) > 1e-2);
    }

    [Fact]
    public void Foreach_sweep_of_a_resistor_agrees_with_an_ngspice_dc_sweep_of_it_and_with_the_divider_formula()
    {
        const string divider = "V1 in 0 3\nR1 in out 1k\nR2 out 0 1k\n";
        var control = Write("foreach.cir", $"foreach over values\n{divider}.control\nforeach r 1k 2k 3k 4k\n  alter r2 = $r\n  op\nend\n.endc\n.end\n");
        var sweep = Write("sweep.cir", $"dc sweep of the same resistor\n{divider}.dc r2 1k 4k 1k\n.end\n");
        var runner = Runner();
        var ours = runner.RunFile(control, Backend.Native);
        var reference = runner.RunFile(sweep, Backend.Ngspice).Analyses.Single().Table;
        Assert.Equal(4, ours.Analyses.Count);
        for (int k = 0; k < 4; k++)
        {
            double r2 = 1000 * (k + 1), exact = 3 * r2 / (1000 + r2);
            double v = ours.Analyses[k].Table["v(out)"][0];
            // Closed form of the divider; 1 µV covers the Newton tolerance of a linear solve (exact to rounding).
            Assert.Equal(exact, v, 1e-6);
            Assert.Equal(reference["v(out)"][k], v, 1e-6);
        }
    }

    [Fact]
    public void While_loop_with_let_arithmetic_and_vectors_read_back_from_the_results()
    {
        // The ngspice manual's idiom: a let counter, alter by a vector, and the result of one run read by the next.
        var deck = Write("while.cir", """
            while loop
            V1 in 0 2
            R1 in out 1k
            R2 out 0 1k
            .control
            let rval = 1k
            while rval le 3k
              alter r2 rval
              op
              let rval = rval + 1k
            end
            let half = v(out) / 2
            if half gt 0.7
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
        Assert.Equal(4, ours.Analyses.Count);
        // R2 = 1k, 2k, 3k: v(out) = 2·R2/(1k + R2); then v(out)/2 = 0.75 > 0.7 sets R1 = 3k: 2·3k/6k = 1 V.
        double[] expected = [1.0, 4.0 / 3, 1.5, 1.0];
        for (int k = 0; k < 4; k++) Assert.Equal(expected[k], ours.Analyses[k].Table["v(out)"][0], 1e-6);
        AssertAgrees(ours, runner.RunFile(deck, Backend.Ngspice, ours));
    }

    [Fact]
    public void Transient_after_altering_a_pulse_source_agrees_with_ngspice_given_the_same_commands()
    {
        var deck = Write("pulse.cir", $"pulse altered\n{Circuit}\n.control\ntran 0.2u 60u\nalter @v1[pulse] = [ 0 2 5u 1n 1n 10u 30u ]\ntran 0.2u 60u\n.endc\n.end\n");
        var runner = Runner();
        var ours = runner.RunFile(deck, Backend.Native);
        Assert.Equal(["tran1", "tran2"], ours.Analyses.Select(a => a.PlotName));
        AssertAgrees(ours, runner.RunFile(deck, Backend.Ngspice, ours));
        // The second run's pulse is 2 V high: its peak is well above the first's.
        Assert.True(ours.Analyses[1].Table["v(in)"].Max() > 1.9 && ours.Analyses[0].Table["v(in)"].Max() < 1.1);
    }

    [Fact]
    public void Plot_names_follow_ngspice_39()
    {
        // Live truth: ngspice's own plot list after the same commands (the test runs ngspice directly on a control
        // block; the product never gives ngspice one from an input file).
        var deck = Write("names.cir", "names\nV1 in 0 dc 1 ac 1\nR1 in out 1k\nR2 out 0 1k\n.control\nop\ndc v1 0 1 0.5\nop\ntran 1u 5u\ndestroy op1\nop\ndc v1 0 1 0.5\nac lin 1 1 1\ntf v(out) v1\nsetplot\n.endc\n.end\n");
        var psi = new ProcessStartInfo(Dependencies.RequireNgspice()) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Folder };
        psi.ArgumentList.Add("-b");
        psi.ArgumentList.Add(deck);
        using var process = Process.Start(psi)!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(30_000));
        var listed = output.Split('\n').SkipWhile(l => !l.Contains("List of plots")).Skip(1).SkipWhile(string.IsNullOrWhiteSpace)
            .TakeWhile(l => l.Contains('(')).Select(l => l.Replace("Current", "").Trim().Split('\t', ' ')[0]).Where(n => n.Length > 0 && n != "const").Reverse().ToList();
        var ours = new SimulationRunner().RunFile(deck, Backend.Native);
        Assert.Equal(listed, ours.Analyses.Select(a => a.PlotName).Where(n => n != "op1"));
        Assert.Equal("op1", ours.Analyses[0].PlotName);
    }

    [Fact]
    public void Two_tf_lines_pair_with_their_own_ngspice_results()
    {
        // Divider 1k/3k from V1: gain to out 0.75 and to in 1; output resistance 750 Ohm and 0 (closed forms).
        var deck = Write("tf.cir", "two tf\nV1 in 0 1\nR1 in out 1k\nR2 out 0 3k\n.tf v(in) v1\n.tf v(out) v1\n.end\n");
        var runner = Runner();
        var ours = runner.RunFile(deck, Backend.Native);
        var reference = runner.RunFile(deck, Backend.Ngspice, ours);
        Assert.Equal(["tf1", "tf2"], reference.Analyses.Select(a => a.PlotName));
        Assert.Equal(1.0, reference.Analyses[0].Table["v(transfer_function)"][0], 1e-9);
        Assert.Equal(0.75, reference.Analyses[1].Table["v(transfer_function)"][0], 1e-9);
        Assert.Equal(750, reference.Analyses[1].Table["v(output_impedance_at_v(out))"][0], 1e-6);
        AssertAgrees(ours, reference);
        // ngspice run without our result (simulate --backend ngspice) pairs the same way.
        AssertAgrees(ours, runner.RunFile(deck, Backend.Ngspice));
    }

    [Fact]
    public void Helper_definitions_added_for_ngspice_reach_the_top_level_when_an_included_subcircuit_defines_its_own()
    {
        // The included clamp defines its own stp(); the top-level B3 and the sw subcircuit rely on the definitions
        // compare adds (stp, if). Closed form: out sees 1 V over 1k, 1k to ground through B1 and 1 µA drawn by B3:
        // v(out) = (1 V − 1 µA·1 kΩ)/2 = 0.4995 V.
        Directory.CreateDirectory(Path.Combine(Folder, "models"));
        Write("models/lib.inc", ".subckt clamp a b\n.func stp(x) {x > 0 ? 1 : 0}\nB1 a b I={stp(0.5)*V(a,b)/1k}\n.ends\n" +
                                ".subckt sw a b\nB2 a b I={if(1 > 0.2, 2m, 1m)*V(a,b)}\nR1 a b 10k\n.ends\n");
        var deck = Write("top.cir", "prelude\n.include models/lib.inc\nV1 in 0 1\nR1 in out 1k\nX1 out 0 clamp\nX2 in 0 sw\nB3 out 0 I={stp(0.3)*1u}\n.op\n.end\n");
        var runner = Runner();
        var ours = runner.RunFile(deck, Backend.Native);
        Assert.Equal(0.4995, ours.Analyses[0].Table["v(out)"][0], 1e-9);
        AssertAgrees(ours, runner.RunFile(deck, Backend.Ngspice, ours));
    }

    [Fact]
    public void Signals_only_one_side_has_are_counted_and_named_not_dropped()
    {
        var table = new Engine.Results.WaveformTable("point", [0], [new("v(a)", [1.0]), new("v(b)", [2.0])]);
        var other = new Engine.Results.WaveformTable("point", [0], [new("v(a)", [1.0]), new("v(c)", [3.0]), new("i(v1)", [0.0])]);
        var op = NetlistReader.ReadText("t\nV1 a 0 1\nR1 a 0 1\n.op\n").Circuit.Analyses[0];
        SimulationResult Result(Engine.Results.WaveformTable t) => new("t", Backend.Native, [new AnalysisResult(op, t) { PlotName = "op1" }], [], TimeSpan.Zero);
        var report = BackendComparison.Compare(Result(table), Result(other));
        Assert.Single(report.Signals);
        Assert.Equal(2, report.NotCompared.Count);
        Assert.Contains(report.NotCompared, n => n.Contains("1 signal only in our results: v(b)"));
        Assert.Contains(report.NotCompared, n => n.Contains("2 signals only in the reference's results: i(v1), v(c)"));
    }

    [Fact]
    public void Ngspice_failure_is_a_sentence_with_ngspices_own_message()
    {
        // A stand-in ngspice that prints its complaint and leaves a truncated raw file: the message must carry the
        // complaint, not a .NET number-format error.
        var fake = Write("fake-ngspice", "#!/bin/sh\necho 'Warning: sensitivity analysis could not be done' \nprintf 'Title: t\\nPlotname: Operating Point\\nFlags: real\\nNo. Variables: x\\n' > out.raw\n");
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("the stand-in ngspice is a shell script");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var deck = Write("plain.cir", "t\nV1 a 0 1\nR1 a 0 1k\n.op\n.end\n");
        var runner = new SimulationRunner { Ngspice = new NgspiceRunner(fake, TimeSpan.FromSeconds(10)) };
        var ex = Assert.Throws<SimulationException>(() => runner.RunFile(deck, Backend.Ngspice));
        Assert.StartsWith("ngspice failed: ngspice's results could not be read", ex.Message);
        Assert.Contains("sensitivity analysis could not be done", ex.Message);
    }

    [Theory]
    [InlineData("op\npz v(in) 0 v(out) 0 vol pz", 2, 1, "not supported: pz")]
    [InlineData("foreach r 1k 2k\nop", 1, 1, "not closed by 'end'")]
    [InlineData("op\nend", 2, 1, "'end' without")]
    [InlineData("  meas tran t1 when v(out)=0.5\nop", 1, 3, "meas before any analysis")]
    [InlineData("alter rx = 2k\nop", 1, 7, "no element 'rx'")]
    [InlineData("op\nlet y = v(nowhere)", 2, 11, "no vector v(nowhere)")]
    [InlineData("let k = 0\nwhile k lt 1\nlet j = 1\nend\nop", 2, 1, "commands (a loop that does not end?)")]
    [InlineData("tran 1u", 1, 8, "missing stop time")]
    [InlineData("alter r1 = $nope\nop", 1, 12, "no variable 'nope'")]
    public void Control_errors_name_file_line_and_column(string block, int line, int column, string message)
    {
        var deck = Write("bad.cir", $"bad control\nV1 in 0 1\nR1 in out 1k\nR2 out 0 1k\n.control\n{block}\n.endc\n.end\n");
        var ex = Assert.Throws<NetlistException>(() => new SimulationRunner().RunFile(deck, Backend.Native));
        Assert.Contains(message, ex.Message);
        var error = ex.Errors.First(e => e.Message.Contains(message) || ex.Errors.Count == 1);
        Assert.Equal(("bad.cir", 5 + line, column), (Path.GetFileName(error.Location.File), error.Location.Line, error.Location.Column));
    }

    [Fact]
    public void A_deck_without_an_analysis_we_run_names_its_pz_sens_and_control_lines()
    {
        var deck = Write("none.cir", "nothing to run\nV1 in 0 1\nR1 in out 1k\nR2 out 0 1k\n.pz v(in) 0 v(out) 0 vol pz\n.sens v(out)\n.control\necho hello\n.endc\n.end\n");
        foreach (var backend in new[] { Backend.Native, Backend.Ngspice })
        {
            var runner = backend == Backend.Native ? new SimulationRunner() : Runner();
            var ex = Assert.Throws<NetlistException>(() => runner.RunFile(deck, backend));
            Assert.Contains("the netlist has no analysis", ex.First.Message);
            Assert.Equal([1, 5, 6, 7], ex.Errors.Select(e => e.Location.Line));
            Assert.Contains(".pz is not an analysis our engine runs", ex.Errors[1].Message);
            Assert.Contains(".sens is not an analysis our engine runs", ex.Errors[2].Message);
            Assert.Contains(".control block runs no analysis", ex.Errors[3].Message);
        }
    }

    [Fact]
    public void Dot_analyses_run_through_run_and_only_there_when_a_block_runs_analyses()
    {
        var deck = Write("run.cir", "run\nV1 in 0 1\nR1 in out 1k\nR2 out 0 1k\n.op\n.dc v1 0 1 0.5\n.control\nalter r2 = 3k\nrun\ntf v(out) v1\n.endc\n.end\n");
        var ours = new SimulationRunner().RunFile(deck, Backend.Native);
        Assert.Equal(["op1", "dc1", "tf1"], ours.Analyses.Select(a => a.PlotName));
        // R2 = 3k after the alter: 1 V · 3k/4k.
        Assert.Equal(0.75, ours.Analyses[0].Table["v(out)"][0], 1e-9);
        // A block that runs nothing leaves the dot analyses to run as without it.
        var quiet = Write("quiet.cir", "quiet\nV1 in 0 1\nR1 in out 1k\nR2 out 0 1k\n.op\n.control\nset noaskquit\n.endc\n.end\n");
        Assert.Equal(0.5, new SimulationRunner().RunFile(quiet, Backend.Native).Analyses.Single().Table["v(out)"][0], 1e-9);
    }
}
