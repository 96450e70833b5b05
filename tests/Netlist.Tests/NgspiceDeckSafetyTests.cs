using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Ngspice;
using MemristorSpice.Netlist.Reading;
using MemristorSpice.Netlist.Simulation;
using MemristorSpice.Tests.Shared;

namespace MemristorSpice.Netlist.Tests;

/// <summary>
/// What ngspice is given: the deck we write from what we read, never the user's files. Each case holds a
/// command that would create a marker file if ngspice ran it; the marker must not exist afterwards, and the
/// ngspice results must still agree with our engine on the circuit that remains.
/// </summary>
public sealed class NgspiceDeckSafetyTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("deck-safety-");
    private readonly string _marker;

    public NgspiceDeckSafetyTests() => _marker = Path.Combine(_dir.FullName, "ran-a-command");

    public void Dispose() => _dir.Delete(recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir.FullName, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Runs both backends within 60 s and compares them (default tolerances: 1e-4 relative on OP values).</summary>
    private static ComparisonReport RunBoth(string path)
    {
        var runner = new SimulationRunner { Ngspice = new NgspiceRunner(Dependencies.RequireNgspice(), TimeSpan.FromSeconds(30)) };
        var task = Task.Run(() => BackendComparison.Compare(runner.RunFile(path, Backend.Native), runner.RunFile(path, Backend.Ngspice)));
        Assert.True(task.Wait(TimeSpan.FromSeconds(60)), "the runs did not finish within 60 s");
        return task.Result;
    }

    [Fact]
    public void A_shell_command_in_control_blocks_of_included_files_is_a_located_error_and_ngspice_never_starts()
    {
        Write("parts/divider.inc", $".control\nshell touch {_marker}\n.endc\nR2 mid 0 3k\n.include deeper.inc\n");
        Write("parts/deeper.inc", $"* second level\n.control\nshell touch {_marker}\n.endc\n.lib lib.lib typ\n");
        Write("parts/lib.lib", $".lib typ\n.control\nshell touch {_marker}\n.endc\nR3 mid 0 6k\n.endl typ\n");
        var top = Write("top.cir", "divider with included blocks\nV1 in 0 9\nR1 in mid 1k\n.include parts/divider.inc\n.op\n.end\n");
        var runner = new SimulationRunner { Ngspice = new NgspiceRunner(Dependencies.RequireNgspice(), TimeSpan.FromSeconds(30)) };
        var ex = Assert.Throws<NetlistException>(() => runner.RunFile(top, Backend.Ngspice));
        // One located error per block, in the file and on the line of the shell command.
        Assert.Equal(3, ex.Errors.Count);
        Assert.All(ex.Errors, e => Assert.Contains("not supported: shell", e.Message));
        Assert.Equal([("divider.inc", 2), ("deeper.inc", 3), ("lib.lib", 3)], ex.Errors.Select(e => (Path.GetFileName(e.Location.File), e.Location.Line)).ToArray());
        Assert.False(File.Exists(_marker));
    }

    [Fact]
    public void Control_blocks_we_interpret_never_reach_ngspice_and_the_results_still_agree()
    {
        // Backquotes run a shell command in ngspice's command language; to our interpreter they are text of a
        // variable that no command uses. The blocks are accepted, and ngspice is only given commands we write.
        string block = $".control\nset cmd = \"`touch {_marker}`\"\necho `touch {_marker}`\n.endc\n";
        Write("parts/divider.inc", block + "R2 mid 0 3k\n.include deeper.inc\n");
        Write("parts/deeper.inc", "* second level\n" + block + ".lib lib.lib typ\n");
        Write("parts/lib.lib", ".lib typ\n" + block + "R3 mid 0 6k\n.endl typ\n");
        var top = Write("top.cir", "divider with included blocks\nV1 in 0 9\nR1 in mid 1k\n.include parts/divider.inc\n.op\n.end\n");
        var report = RunBoth(top);
        Assert.False(File.Exists(_marker), "ngspice ran a shell command from an included .control block");
        Assert.True(report.Pass, string.Join("\n", report.Problems.Concat(report.Signals.Select(s => s.ToString()))));
        // Closed form: 9 V over 1k into 3k || 6k = 2k gives 6 V; the comparison above holds ngspice to the same.
        var deck = NgspiceDeck.ForScriptRun(NetlistReader.ReadFile(top));
        Assert.DoesNotContain(".include", deck, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(".lib", deck, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("touch", deck, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("control", deck, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("R3 mid 0 6k", deck);
    }

    [Fact]
    public void Names_that_could_break_out_of_a_command_are_refused_before_ngspice_starts()
    {
        // Names come from our reader, but the script renderer checks them again: a quote, $, backquote, ; or space is refused.
        var runner = new NgspiceRunner(Path.Combine(_dir.FullName, "no-such-ngspice"), TimeSpan.FromSeconds(5));
        foreach (var name in new[] { "r1`touch x`", "r1;shell", "r$x", "r 1", "r1]" })
        {
            var ex = Assert.ThrowsAny<Exception>(() => runner.RunScriptAsync("t\nR1 a 0 1\n.end\n", [new NgspiceAlterCommand(name, "resistance", [2.0])]).GetAwaiter().GetResult());
            Assert.IsType<NotSupportedException>(ex);
        }
        Assert.Throws<NgspiceException>(() => runner.RunScriptAsync($"t\nR1 a 0 1\n.control\nshell touch {_marker}\n.endc\n.end\n", []).GetAwaiter().GetResult());
        Assert.False(File.Exists(_marker));
    }

    [Fact]
    public void Command_comments_output_options_and_output_directives_never_reach_ngspice()
    {
        const string raw = "written.raw";
        var top = Write("top.cir",
            "directives that write or run\n" +
            $"*# shell touch {_marker}\n" +
            $".options rawfile={raw} filetype=binary reltol=1e-4\n" +
            ".print op v(a)\n.save all\n.meas op x find v(a)\n.width out=80\n.csparam p=1\n" +
            "V1 a 0 2\nR1 a b 1k\nR2 b 0 1k\n.op\n.end\n");
        var deck = NgspiceDeck.ForBatchRun(NetlistReader.ReadFile(top));
        Assert.Empty(NgspiceRunner.CommandLines(deck));
        foreach (var word in new[] { "*#", "rawfile", "filetype", ".print", ".save", ".meas", ".width", ".csparam", raw })
            Assert.DoesNotContain(word, deck, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(".options reltol=", deck);
        var report = RunBoth(top);
        Assert.True(report.Pass);
        Assert.False(File.Exists(_marker));
        Assert.False(File.Exists(Path.Combine(_dir.FullName, raw)));
    }

    [Theory]
    [InlineData("wrdata {0} v(a)")]
    [InlineData("write {0} all")]
    [InlineData("shell touch {0}")]
    public void Interactive_commands_in_the_netlist_body_are_refused_by_the_reader(string line)
    {
        var top = Write("top.cir", "t\nV1 a 0 1\nR1 a 0 1k\n" + string.Format(line, _marker) + "\n.op\n.end\n");
        var runner = new SimulationRunner { Ngspice = new NgspiceRunner(Dependencies.RequireNgspice(), TimeSpan.FromSeconds(30)) };
        var ex = Assert.Throws<NetlistException>(() => runner.RunFile(top, Backend.Ngspice));
        Assert.Equal(4, ex.First.Location.Line);
        Assert.False(File.Exists(_marker));
    }

    [Fact]
    public void Elements_and_models_of_kinds_we_do_not_simulate_are_left_out_even_in_unused_subcircuits()
    {
        var top = Write("top.cir",
            "unused subcircuit with an XSPICE file source\n" +
            ".subckt never a\nA1 a src\n.model src filesource(file=\"/etc/passwd\")\nR1 a 0 1\n.ends\n" +
            "V1 a 0 1\nR1 a 0 1k\n.op\n.end\n");
        var deck = NgspiceDeck.ForBatchRun(NetlistReader.ReadFile(top));
        Assert.DoesNotContain("A1", deck);
        Assert.DoesNotContain("filesource", deck);
        Assert.Contains(".subckt never a", deck);
    }

    [Fact]
    public void The_runner_refuses_a_deck_holding_a_control_block_before_starting_ngspice()
    {
        // No ngspice needed: the refusal comes first (an executable that does not exist proves it was never started).
        var runner = new NgspiceRunner(Path.Combine(_dir.FullName, "no-such-ngspice"), TimeSpan.FromSeconds(5));
        var ex = Assert.Throws<NgspiceException>(() => runner.Run($"t\nR1 a 0 1\n  .CONTROL\nshell touch {_marker}\n.endc\n.op\n.end\n"));
        Assert.Contains("line 3", ex.Message);
        Assert.Throws<NgspiceException>(() => runner.Run($"t\nR1 a 0 1\n*# shell touch {_marker}\n.op\n.end\n"));
        Assert.False(File.Exists(_marker));
    }
}
