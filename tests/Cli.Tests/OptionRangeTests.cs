using System.CommandLine;
using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Tests.Shared;

namespace MemristorSpice.Cli.Tests;

/// <summary>
/// Numeric options have documented sanity ranges in one table (OptionChecks.Ranges): a value outside is a usage error
/// (exit 2) naming the option and the range, before any work starts. Exit codes and message substrings are exact.
/// </summary>
public class OptionRangeTests
{
    private static string Dir() => SeededWeights.TempDir("option-ranges");

    [Theory]
    [InlineData("--wire-ohms", "1e100", "--wire-ohms must be in [0, 1E+06] ohms per cell segment (got 1E+100)")]
    [InlineData("--wire-farads", "1", "--wire-farads must be in [0, 1E-09] farads per cell segment (got 1)")]
    [InlineData("--gbw", "1e300", "--gbw must be in [1000, 1E+12] Hz")]
    [InlineData("--a0", "0.5", "--a0 must be in [1, 1E+12] V/V")]
    [InlineData("--read-time", "1e10", "--read-time must be in [1E-12, 1] seconds")]
    [InlineData("--adc-bits", "64", "--adc-bits must be in [0, 30] bits")]
    [InlineData("--images", "0", "--images must be in [1, 1E+06] images")]
    [InlineData("--threads", "100000", "--threads must be in [1, 1024] threads")]
    public void Cosim_options_outside_their_range_exit_2_naming_option_and_range(string option, string value, string message)
    {
        var dir = Dir();
        var r = CliRunner.Run("cosim", "--weights", SeededWeights.Msccnn(dir), option, value, "--out", Path.Combine(dir, "out"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, r.Err);
        Assert.DoesNotContain("   at ", r.Err);
        Assert.False(Directory.Exists(Path.Combine(dir, "out")));
    }

    [Fact]
    public void Generate_options_use_the_same_table()
    {
        var dir = Dir();
        var csv = Path.Combine(dir, "w.csv");
        File.WriteAllText(csv, "1,0\n0,1\n");
        var r = CliRunner.Run("generate", "crossbar", "--weights", csv, "--rf", "1e100", "--out", Path.Combine(dir, "out"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--rf must be in [0.001, 1E+12] ohms (got 1E+100)", r.Err);
    }

    [Fact]
    public void Sweep_values_of_a_ranged_parameter_are_checked_against_the_option_range()
    {
        var dir = Dir();
        var r = CliRunner.Run("sweep", "--param", "wire-r", "--values", "0,1e100", "--out", Path.Combine(dir, "out"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--values: wire-ohms must be in [0, 1E+06]", r.Err);
        Assert.Contains("--wire-ohms", r.Err);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("2000000000")]
    public void Max_points_outside_its_range_is_a_usage_error(string value)
    {
        var deck = Path.Combine(Dependencies.RepoRoot, "netlists", "reference", "rc_pulse.cir");
        var r = CliRunner.Run("simulate", deck, "--max-points", value);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--max-points must be in [1, 1E+09] points", r.Err);
    }

    [Fact]
    public void A_transient_beyond_max_points_exits_1_naming_the_option()
    {
        // rc_pulse.cir stores several hundred time points (3 ms at a 5 µs step); 20 holds its 12 pulse corners, not its points.
        var deck = Path.Combine(Dependencies.RepoRoot, "netlists", "reference", "rc_pulse.cir");
        var r = CliRunner.Run("simulate", deck, "--max-points", "20");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("stored output points exceed the limit of 20", r.Err);
        Assert.Contains("--max-points", r.Err);
        var ok = CliRunner.Run("simulate", deck, "--max-points", "100000");
        Assert.Equal(0, ok.ExitCode);
    }

    [Fact]
    public void Every_ranged_option_in_the_table_is_declared_by_some_command()
    {
        // A table entry no command uses would document a range that is never checked.
        var names = new HashSet<string>();
        void Walk(Command c)
        {
            foreach (var o in c.Options) names.Add(o.Name);
            foreach (var s in c.Subcommands) Walk(s);
        }
        Walk(CliApp.BuildRoot());
        Assert.Equal([], OptionChecks.Ranges.Keys.Where(k => !names.Contains(k)).ToArray());
    }
}
