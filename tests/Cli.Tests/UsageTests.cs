namespace MemristorSpice.Cli.Tests;

public class UsageTests
{
    [Fact]
    public void UnknownCommand_ExitsTwo_AndNamesTheCommand()
    {
        var r = CliRunner.Run("frobnicate");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("'frobnicate'", r.Err);
        Assert.Contains("memspice --help", r.Err);
        Assert.DoesNotContain("   at ", r.Err); // no stack trace
    }

    [Fact]
    public void UnknownOption_ExitsTwo_AndPointsToTheSubcommandHelp()
    {
        var r = CliRunner.Run("doctor", "--no-such-option");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("'--no-such-option'", r.Err);
        Assert.Contains("memspice doctor --help", r.Err);
    }

    [Fact]
    public void Help_ListsTheCommands()
    {
        var r = CliRunner.Run("--help");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("doctor", r.Out);
    }

    [Fact]
    public void Version_PrintsTheAssemblyVersion()
    {
        var r = CliRunner.Run("--version");
        Assert.Equal(0, r.ExitCode);
        Assert.StartsWith("0.1.0", r.Out.Trim());
    }
}
