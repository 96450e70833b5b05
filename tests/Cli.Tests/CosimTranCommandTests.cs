using MemristorSpice.Tests.Shared;

namespace MemristorSpice.Cli.Tests;

public class CosimTranCommandTests
{
    private static string TempDir() => SeededWeights.TempDir("cosim-tran");

    private static string Weights(string dir) => SeededWeights.Msccnn(dir);

    [Theory]
    [InlineData("--read-time", "0", "--read-time must be")]
    [InlineData("--read-time", "-1e-6", "--read-time must be")]
    [InlineData("--read-time", "fast", "--read-time must be a number of seconds or 'settling'")]
    [InlineData("--steps-per-slot", "1", "--steps-per-slot must be")]
    [InlineData("--chunk-patches", "0", "--chunk-patches must be")]
    [InlineData("--gbw", "0", "--gbw must be")]
    public void Bad_tran_values_name_the_option_and_exit_2(string option, string value, string message)
    {
        var dir = TempDir();
        var r = CliRunner.Run("cosim", "--weights", Weights(dir), "--mode", "tran", option, value, "--out", Path.Combine(dir, "out"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, r.Err);
        Assert.DoesNotContain("   at ", r.Err);
        Assert.False(Directory.Exists(Path.Combine(dir, "out")));
    }

    [Fact]
    public void Tran_with_the_ideal_backend_is_refused()
    {
        var dir = TempDir();
        var r = CliRunner.Run("cosim", "--weights", Weights(dir), "--mode", "tran", "--backend", "ideal", "--out", Path.Combine(dir, "out"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--mode tran needs --backend native or ngspice", r.Err);
    }

    [Fact]
    public void Sharded_tran_runs_merge_into_the_unsharded_report_with_the_settling_files()
    {
        Dependencies.RequireMnist();
        var dir = TempDir();
        var weights = Weights(dir);
        var cfg = Path.Combine(dir, "cfg.json");
        File.WriteAllText(cfg, """{ "calibrationImages": 20, "columnCalibrationImages": 5, "opAmp": { "a0": 1e5, "gbwHz": 1e7 } }""");
        string[] Common(string outDir) => ["cosim", "--weights", weights, "--images", "3", "--nonideal", cfg, "--mode", "tran",
            "--read-time", "3e-7", "--steps-per-slot", "8", "--out", outDir];
        var whole = CliRunner.Run([.. Common(Path.Combine(dir, "whole"))]);
        Assert.True(whole.ExitCode == 0, whole.Err + whole.Out);
        Assert.Contains("tran: settling per layer", whole.Out);
        foreach (var f in new[] { "layers.csv", "predictions.csv", "settling.csv", "settling.png" })
            Assert.True(File.Exists(Path.Combine(dir, "whole", f)), f);
        for (int k = 1; k <= 2; k++)
        {
            var part = CliRunner.Run([.. Common(Path.Combine(dir, $"s{k}")), "--shard", $"{k}/2", "--threads", "1"]);
            Assert.True(part.ExitCode == 0, part.Err);
        }
        var merged = CliRunner.Run("merge", "--out", Path.Combine(dir, "merged"), Path.Combine(dir, "s2"), Path.Combine(dir, "s1"));
        Assert.True(merged.ExitCode == 0, merged.Err);
        foreach (var f in new[] { "layers.csv", "predictions.csv", "settling.csv" })
            Assert.Equal(File.ReadAllText(Path.Combine(dir, "whole", f)), File.ReadAllText(Path.Combine(dir, "merged", f)));
        Assert.True(File.Exists(Path.Combine(dir, "merged", "settling.png")));
        // A different read time is a different run: merge refuses to mix it.
        var other = CliRunner.Run([.. Common(Path.Combine(dir, "s2b")).Select(a => a == "3e-7" ? "4e-7" : a), "--shard", "2/2"]);
        Assert.True(other.ExitCode == 0, other.Err);
        var mixed = CliRunner.Run("merge", "--out", Path.Combine(dir, "mixed"), Path.Combine(dir, "s1"), Path.Combine(dir, "s2b"));
        Assert.Equal(1, mixed.ExitCode);
    }
}
