using MemristorSpice.Cli.Cluster;
using MemristorSpice.Cli;

namespace MemristorSpice.Cluster.Tests;

public class StatusTests
{
    // recorded on the single-node cluster of scripts/slurm-local: squeue -h -r -t all -o '%i|%T|%r',
    // array 4 with task 3 cancelled while pending, tasks 1-2 running, 4 pending; merge job 5 waiting on the array
    private const string Squeue = """
        4_3|CANCELLED|Resources
        4_1|RUNNING|None
        4_2|RUNNING|None
        4_4|PENDING|Resources
        5|PENDING|DependencyNeverSatisfied
        9|RUNNING|None
        """;

    [Fact]
    public void Squeue_lines_become_task_records()
    {
        var r = QueueParsing.Squeue(Squeue);
        Assert.Equal(6, r.Count);
        Assert.Equal(new QueueRecord("4", 3, "CANCELLED", "Resources"), r[0]);
        Assert.Equal(new QueueRecord("4", 1, "RUNNING", ""), r[1]);
        Assert.Equal(new QueueRecord("5", null, "PENDING", "DependencyNeverSatisfied"), r[4]);
        Assert.Equal(["failed", "running", "running", "pending", "pending", "running"], r.Select(x => x.Phase));
    }

    [Fact]
    public void Pending_task_ranges_of_squeue_without_r_are_expanded()
    {
        var r = QueueParsing.Squeue("12_[1-3,5%2]|PENDING|Resources\n");
        Assert.Equal([1, 2, 3, 5], r.Select(x => x.TaskId!.Value));
        Assert.All(r, x => Assert.Equal("12", x.ArrayJobId));
    }

    [Fact]
    public void Sacct_lines_become_task_records_without_their_steps()
    {
        // sacct -n -P -X -o JobID,State,ExitCode format (Slurm 22.05 documentation): state may carry "by <uid>"
        const string sacct = "12_1|COMPLETED|0:0\n12_2|FAILED|1:0\n12_2.batch|FAILED|1:0\n12_3|CANCELLED by 0|0:15\n13|PENDING|0:0\n";
        var r = QueueParsing.Sacct(sacct);
        Assert.Equal(4, r.Count);
        Assert.Equal(new QueueRecord("12", 2, "FAILED", "exit code 1:0 (code:signal)"), r[1]);
        Assert.Equal(new QueueRecord("12", 3, "CANCELLED", "exit code 0:15 (code:signal)"), r[2]);
        Assert.Equal(["done", "failed", "failed", "pending"], r.Select(x => x.Phase));
    }

    [Fact]
    public void Status_combines_outputs_exit_files_and_the_queue()
    {
        var dir = TestJobs.TempDir("status");
        var m = TestJobs.Manifest(dir, shards: 6);
        var folder = new JobFolder(dir);
        folder.CreateLayout();
        var subs = new[] { new Submission("4", [1, 2, 3, 4, 5, 6], "5", DateTime.UtcNow) };
        TestJobs.FakeFinishedShard(folder, 1, 6, m.Hash, "4");     // finished while squeue still lists it RUNNING
        TestJobs.FakeFinishedShard(folder, 6, 6, new string('f', 64), "77"); // a folder copied from another job
        File.WriteAllText(folder.ExitFile(5), "143 4\n");          // stopped by SIGTERM, already gone from the queue
        var queue = QueueParsing.Squeue(Squeue);

        var s = ClusterStatus.Compute(m, folder, subs, queue);
        Assert.Equal(["done", "running", "failed", "pending", "failed", "failed"], s.Shards.Select(x => x.Phase));
        Assert.Equal("4_3", s.Shards[2].JobId);
        Assert.Contains("CANCELLED", s.Shards[2].Detail);
        Assert.Contains("SIGTERM", s.Shards[4].Detail);
        Assert.Contains("another job folder", s.Shards[5].Detail);
        Assert.Equal("pending", s.Merge.Phase);
        Assert.Contains("cluster resume", s.Merge.Detail);
    }

    [Fact]
    public void A_stale_exit_file_of_an_earlier_array_is_not_trusted()
    {
        var dir = TestJobs.TempDir("stale");
        var m = TestJobs.Manifest(dir, shards: 1);
        var folder = new JobFolder(dir);
        folder.CreateLayout();
        File.WriteAllText(folder.ExitFile(1), "1 4\n"); // from array 4; the shard was resubmitted as array 8
        var s = ClusterStatus.Compute(m, folder, [new Submission("4", [1], "5", DateTime.UtcNow), new Submission("8", [1], "9", DateTime.UtcNow)], []);
        Assert.Equal("failed", s.Shards[0].Phase);
        Assert.Equal("8_1", s.Shards[0].JobId);
        Assert.Contains("no longer queued", s.Shards[0].Detail);
    }

    [Fact]
    public void Merge_names_a_shard_of_another_manifest_and_missing_shards()
    {
        var dir = TestJobs.TempDir("merge-check");
        var m = TestJobs.Manifest(dir, shards: 3);
        var folder = new JobFolder(dir);
        folder.CreateLayout();
        TestJobs.FakeFinishedShard(folder, 1, 3, m.Hash, "4");
        TestJobs.FakeFinishedShard(folder, 3, 3, m.Hash, "4");
        var missing = Assert.Throws<CliException>(() => ClusterJobs.CheckedShardFolders(m, folder));
        Assert.Contains("missing shard(s) 2/3", missing.Message);

        TestJobs.FakeFinishedShard(folder, 2, 3, new string('e', 64), "70");
        var foreign = Assert.Throws<CliException>(() => ClusterJobs.CheckedShardFolders(m, folder));
        Assert.Contains("shard-2", foreign.Message);
        Assert.Contains("another job folder", foreign.Message);
        Assert.Contains("eeeeeeeeeeee", foreign.Message);

        TestJobs.FakeFinishedShard(folder, 2, 3, m.Hash, "4");
        Assert.Equal(3, ClusterJobs.CheckedShardFolders(m, folder).Count);
        // a shard stamped 3/3 sitting in shards/shard-2 (copied by hand) is named too
        TestJobs.FakeFinishedShard(folder, 2, 3, m.Hash, "4");
        File.WriteAllText(Path.Combine(folder.ShardDir(2), JobFolder.ShardStamp), File.ReadAllText(Path.Combine(folder.ShardDir(3), JobFolder.ShardStamp)));
        Assert.Contains("stamped as shard 3/3, expected 2/3", Assert.Throws<CliException>(() => ClusterJobs.CheckedShardFolders(m, folder)).Message);
    }
}
