using MemristorSpice.Network.IO;
using MemristorSpice.Network.Models;

namespace MemristorSpice.Cli.Tests;

public class PruneCommandTests
{
    private static string Weights()
    {
        var dir = Path.Combine(Path.GetTempPath(), "memspice-prune-cli", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "seeded.msw");
        WeightsFile.Save(ModelZoo.Create("msccnn", 3), path);
        return path;
    }

    [Theory]
    [InlineData("dw3=4", "no depthwise layer 'dw3'")]
    [InlineData("dw1=32", "dw1 has 32 channels")]
    [InlineData("dw1:4", "not layer=count")]
    public void Bad_remove_spec_is_one_error_line_naming_the_option(string spec, string message)
    {
        var w = Weights();
        var r = CliRunner.Run("prune", "--weights", w, "--remove", spec, "--out", Path.ChangeExtension(w, ".pruned.msw"));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("--remove", r.Err);
        Assert.Contains(message, r.Err);
        Assert.DoesNotContain("   at ", r.Err);   // no stack trace
    }

    [Fact]
    public void Ratio_and_remove_together_are_a_usage_error()
    {
        var w = Weights();
        var r = CliRunner.Run("prune", "--weights", w, "--ratio", "0.5", "--remove", "dw1=4", "--out", Path.ChangeExtension(w, ".pruned.msw"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("exactly one of --ratio, --remove and --max-drop", r.Err + r.Out);
    }
}
