using MemristorSpice.Tests.Shared;

namespace MemristorSpice.Cluster.Tests;

/// <summary>Plain 'memspice merge' also refuses shards that carry different cluster manifest hashes.</summary>
public class MergeStampTests
{
    [Fact]
    public void Merge_refuses_shards_of_two_cluster_jobs_and_accepts_one_job()
    {
        Dependencies.RequireMnist();
        var dir = TestJobs.TempDir("stamps");
        var weights = TestJobs.Weights(dir);
        var cfg = Path.Combine(dir, "cfg.json");
        File.WriteAllText(cfg, """{ "calibrationImages": 10, "columnCalibrationImages": 2 }""");
        var shards = new[] { Path.Combine(dir, "s1"), Path.Combine(dir, "s2") };
        for (int k = 1; k <= 2; k++)
        {
            var r = CliRunner.Run("cosim", "--weights", weights, "--images", "4", "--nonideal", cfg, "--threads", "1", "--shard", $"{k}/2", "--out", shards[k - 1]);
            Assert.True(r.ExitCode == 0, r.Err);
        }
        void Stamp(string shardDir, char hash, int k) => File.WriteAllText(Path.Combine(shardDir, "cluster-shard.json"),
            $$"""{ "format": "memspice-cluster-shard/1", "manifestHash": "{{new string(hash, 64)}}", "shard": "{{k}}/2", "arrayJobId": "1", "taskJobId": "2" }""");

        Stamp(shards[0], 'a', 1);
        Stamp(shards[1], 'b', 2);
        var mixed = CliRunner.Run("merge", "--out", Path.Combine(dir, "mixed"), shards[0], shards[1]);
        Assert.Equal(1, mixed.ExitCode);
        Assert.Contains($"{shards[1]}: cluster manifest hash bbbbbbbbbbbb", mixed.Err);
        Assert.Contains("shards of different cluster jobs", mixed.Err);
        Assert.False(Directory.Exists(Path.Combine(dir, "mixed")));

        Stamp(shards[1], 'a', 2);
        var same = CliRunner.Run("merge", "--out", Path.Combine(dir, "merged"), shards[0], shards[1]);
        Assert.True(same.ExitCode == 0, same.Err);
        Assert.Equal(5, File.ReadAllLines(Path.Combine(dir, "merged", "predictions.csv")).Length); // header + 4 images
    }
}
