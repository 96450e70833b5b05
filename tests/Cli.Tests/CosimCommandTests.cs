using MemristorSpice.Tests.Shared;

namespace MemristorSpice.Cli.Tests;

public class CosimCommandTests
{
    private static string TempDir() => SeededWeights.TempDir("cosim");

    private static string Weights(string dir) => SeededWeights.Msccnn(dir);

    [Fact]
    public void Bad_json_field_is_named()
    {
        var dir = TempDir();
        var cfg = Path.Combine(dir, "cfg.json");
        File.WriteAllText(cfg, """{ "adc": { "bits": 1 } }""");
        var r = CliRunner.Run("cosim", "--weights", Weights(dir), "--nonideal", cfg, "--out", Path.Combine(dir, "out"));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("field 'adc.bits'", r.Err);
        Assert.False(Directory.Exists(Path.Combine(dir, "out")));
    }

    [Fact]
    public void Bad_option_value_names_the_option()
    {
        var dir = TempDir();
        var r = CliRunner.Run("cosim", "--weights", Weights(dir), "--adc-bits", "1", "--out", Path.Combine(dir, "out"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--adc-bits", r.Err);
        var s = CliRunner.Run("cosim", "--weights", Weights(dir), "--shard", "3/2", "--out", Path.Combine(dir, "out"));
        Assert.Equal(2, s.ExitCode);
        Assert.Contains("--shard", s.Err);
    }

    [Fact]
    public void Sharded_runs_merge_into_the_unsharded_report()
    {
        Dependencies.RequireMnist();
        var dir = TempDir();
        var weights = Weights(dir);
        var cfg = Path.Combine(dir, "cfg.json");
        File.WriteAllText(cfg, """{ "calibrationImages": 20, "columnCalibrationImages": 5, "wire": { "rowOhms": 1, "columnOhms": 1 } }""");
        string[] Common(string outDir) => ["cosim", "--weights", weights, "--images", "6", "--nonideal", cfg, "--out", outDir];
        var whole = CliRunner.Run([.. Common(Path.Combine(dir, "whole"))]);
        Assert.True(whole.ExitCode == 0, whole.Err + whole.Out);
        Assert.Contains("Accuracy: analog path", whole.Out);
        foreach (var f in new[] { "layers.csv", "predictions.csv", "scatter.csv", "summary.json", "shard.json", "snr.png", "scatter.png", "confusion.png" })
            Assert.True(File.Exists(Path.Combine(dir, "whole", f)), f);
        for (int k = 1; k <= 2; k++)
        {
            var part = CliRunner.Run([.. Common(Path.Combine(dir, $"s{k}")), "--shard", $"{k}/2", "--threads", "1"]);
            Assert.True(part.ExitCode == 0, part.Err);
        }
        var merged = CliRunner.Run("merge", "--out", Path.Combine(dir, "merged"), Path.Combine(dir, "s2"), Path.Combine(dir, "s1"));
        Assert.True(merged.ExitCode == 0, merged.Err);
        Assert.Equal(File.ReadAllText(Path.Combine(dir, "whole", "layers.csv")), File.ReadAllText(Path.Combine(dir, "merged", "layers.csv")));
        Assert.Equal(File.ReadAllText(Path.Combine(dir, "whole", "predictions.csv")), File.ReadAllText(Path.Combine(dir, "merged", "predictions.csv")));
        var missing = CliRunner.Run("merge", "--out", Path.Combine(dir, "bad"), Path.Combine(dir, "s1"));
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("Missing shard(s) 2/2", missing.Err);
    }
}
