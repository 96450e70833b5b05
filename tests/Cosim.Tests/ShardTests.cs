using MemristorSpice.Cosim.Backends;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Driver;
using MemristorSpice.Cosim.Reports;

namespace MemristorSpice.Cosim.Tests;

public class ShardTests
{
    private static CosimSession Session(int images = 24) => new(TestModels.Msccnn(seed: 5), "test-weights", new NonIdealities { CalibrationImages = 20 },
        new IdealBackend(), "dc", TestModels.Mnist(1000, 20), TestModels.Mnist(0, images), images);

    private static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "cosim-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    [Fact]
    public void Shard_ranges_cover_every_image_once()
    {
        foreach (int total in new[] { 1, 7, 10, 10000 })
            foreach (int n in new[] { 1, 2, 3, 7 })
            {
                int next = 0;
                for (int k = 1; k <= n; k++)
                {
                    var (start, count) = new Shard(k, n).Range(total);
                    Assert.Equal(next, start);
                    next = start + count;
                }
                Assert.Equal(total, next);
            }
        Assert.Equal(new Shard(2, 4), Shard.Parse("2/4"));
        Assert.Throws<FormatException>(() => Shard.Parse("0/4"));
        Assert.Throws<FormatException>(() => Shard.Parse("5/4"));
    }

    [Fact]
    public void Merged_shards_equal_the_unsharded_run_byte_for_byte()
    {
        var session = Session();
        var root = TempDir();
        var whole = Path.Combine(root, "whole");
        AtomicDirectory.Write(whole, OutputSafetyTests.Target, d => ReportFiles.Write(d, session.Run(Shard.Whole, threads: 2)));
        var shardDirs = new List<string>();
        foreach (int k in new[] { 3, 1, 2 })
        {
            var dir = Path.Combine(root, $"shard{k}");
            AtomicDirectory.Write(dir, OutputSafetyTests.Target, d => ReportFiles.Write(d, session.Run(new Shard(k, 3), threads: 1)));
            shardDirs.Add(dir);
        }
        var merged = Path.Combine(root, "merged");
        AtomicDirectory.Write(merged, OutputSafetyTests.Target, d => ReportFiles.Write(d, ShardMerger.Merge(shardDirs)));
        foreach (var file in new[] { ReportFiles.LayersCsv, ReportFiles.PredictionsCsv, ReportFiles.ScatterCsv })
            Assert.Equal(File.ReadAllText(Path.Combine(whole, file)), File.ReadAllText(Path.Combine(merged, file)));
        Assert.Equal(25, File.ReadAllLines(Path.Combine(merged, ReportFiles.PredictionsCsv)).Length);
        Assert.Equal(7, File.ReadAllLines(Path.Combine(merged, ReportFiles.LayersCsv)).Length);
        Assert.Empty(Directory.GetDirectories(root, ".*"));
    }

    [Fact]
    public void Thread_count_does_not_change_the_result()
    {
        var session = Session(10);
        var a = session.Run(Shard.Whole, threads: 1).Outcome;
        var b = session.Run(Shard.Whole, threads: 2).Outcome;
        for (int l = 0; l < a.Layers.Count; l++)
        {
            Assert.Equal(a.Layers[l].VsIdealNetwork.SumErrorSquared, b.Layers[l].VsIdealNetwork.SumErrorSquared);
            Assert.Equal(a.Layers[l].VsSameInput.SumXY, b.Layers[l].VsSameInput.SumXY);
        }
        Assert.Equal(a.Predictions, b.Predictions);
    }

    [Fact]
    public void Merge_names_the_missing_duplicate_or_foreign_shard()
    {
        var session = Session(9);
        var other = new CosimSession(TestModels.Msccnn(seed: 6), "other", new NonIdealities { CalibrationImages = 20 },
            new IdealBackend(), "dc", TestModels.Mnist(1000, 20), TestModels.Mnist(0, 9), 9);
        var root = TempDir();
        string Write(CosimSession s, int k, string name)
        {
            var dir = Path.Combine(root, name);
            AtomicDirectory.Write(dir, OutputSafetyTests.Target, d => ReportFiles.Write(d, s.Run(new Shard(k, 3), threads: 1)));
            return dir;
        }
        var s1 = Write(session, 1, "a1");
        var s2 = Write(session, 2, "a2");
        var s3 = Write(session, 3, "a3");
        var foreign = Write(other, 3, "b3");

        var missing = Assert.Throws<ShardMergeException>(() => ShardMerger.Merge([s1, s3]));
        Assert.Contains("Missing shard(s) 2/3", missing.Message);
        var duplicate = Assert.Throws<ShardMergeException>(() => ShardMerger.Merge([s1, s2, s3, s2]));
        Assert.Contains("Shard 2/3 given more than once", duplicate.Message);
        var hash = Assert.Throws<ShardMergeException>(() => ShardMerger.Merge([s1, s2, foreign]));
        Assert.Contains(foreign, hash.Message);
        Assert.Contains("settings hash", hash.Message);
        var notAShard = Assert.Throws<ShardMergeException>(() => ShardMerger.Merge([s1, root]));
        Assert.Contains(root, notAShard.Message);
    }

    [Fact]
    public void Cancellation_leaves_no_output_folder()
    {
        var session = Session(10);
        var root = TempDir();
        var dir = Path.Combine(root, "run");
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            AtomicDirectory.Write(dir, OutputSafetyTests.Target, d => ReportFiles.Write(d, session.Run(Shard.Whole, 2, cancel: cts.Token))));
        Assert.False(Directory.Exists(dir));
        Assert.Empty(Directory.GetFileSystemEntries(root));
    }
}
