using MemristorSpice.Cli.Commands.Lifetime;
using MemristorSpice.Cli.Infrastructure;

namespace MemristorSpice.Cli.Tests;

/// <summary><c>memspice lifetime</c>: durations parse to seconds; usage errors exit 2 before any work and name the option.</summary>
public class LifetimeCommandTests
{
    private static string Dir() => SeededWeights.TempDir("lifetime");

    [Fact]
    public void Durations_parse_with_their_units()
    {
        var (seconds, labels) = LifetimeCommand.ParseDurations("1s, 2min,1h,1d,1y,10y,0.5h", "--time");
        // A year is 365.25 days (Julian year), exact in double for these products.
        Assert.Equal([1, 120, 3600, 86400, 365.25 * 86400, 3652.5 * 86400, 1800], seconds);
        Assert.Equal(["1s", "2min", "1h", "1d", "1y", "10y", "0.5h"], labels);
    }

    [Theory]
    [InlineData("--time", "1")]
    [InlineData("--time", "1w")]
    [InlineData("--time", "-1h")]
    [InlineData("--checkpoints", "1e6,1e3")]
    [InlineData("--checkpoints", "0.5")]
    [InlineData("--refresh", "0s")]
    public void Bad_lists_exit_2_naming_the_option(string option, string value)
    {
        var dir = Dir();
        var extra = option == "--refresh" ? new[] { "--time", "1h" } : [];
        var r = CliRunner.Run(["lifetime", "--weights", SeededWeights.Msccnn(dir), option, value, .. extra, "--out", Path.Combine(dir, "out")]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(option, r.Err);
        Assert.DoesNotContain("   at ", r.Err);
        Assert.False(Directory.Exists(Path.Combine(dir, "out")));
    }

    [Fact]
    public void Neither_analysis_nor_a_temperature_without_activation_energy_is_accepted()
    {
        var dir = Dir();
        var none = CliRunner.Run("lifetime", "--weights", SeededWeights.Msccnn(dir), "--out", Path.Combine(dir, "out"));
        Assert.Equal(2, none.ExitCode);
        Assert.Contains("--time", none.Err);
        var hot = CliRunner.Run("lifetime", "--weights", SeededWeights.Msccnn(dir), "--time", "1d", "--drift", "pcm", "--kelvin", "350", "--out", Path.Combine(dir, "out"));
        Assert.Equal(2, hot.ExitCode);
        Assert.Contains("--activation-energy", hot.Err);
    }
}
