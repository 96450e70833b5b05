using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using MemristorSpice.Cli.Cluster;
using MemristorSpice.Tests.Shared;

namespace MemristorSpice.Cluster.Tests;

/// <summary>
/// Against a real Slurm controller (scripts/slurm-local: one node, 2 CPUs): a co-simulation of 40 images as 4 array
/// tasks, merged by the dependent merge job, must equal the unsharded run; then a cancelled task is reported and
/// resumed. Every wait is bounded; a timeout fails with the job's status and logs.
/// </summary>
public class LocalClusterTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(8);

    [Fact]
    public void Four_shards_on_slurm_equal_the_unsharded_run_and_a_cancelled_task_is_resumed()
    {
        Dependencies.RequireSlurm();
        Dependencies.RequireMnist();
        var dir = TestJobs.TempDir("slurm");
        var weights = TestJobs.Weights(dir);
        var cfg = Path.Combine(dir, "nonideal.json");
        // small calibration keeps the per-task setup short; variation and stuck-at faults make the seeds matter
        File.WriteAllText(cfg, """
            { "calibrationImages": 20, "columnCalibrationImages": 5, "wire": { "rowOhms": 1, "columnOhms": 1 },
              "variation": { "sigma": 0.05, "seed": 7 }, "stuckAt": { "gminRate": 0.002, "gmaxRate": 0.002, "seed": 3 } }
            """);
        string[] work = ["--weights", weights, "--images", "40", "--nonideal", cfg];
        var whole = CliRunner.Run(["cosim", .. work, "--threads", "2", "--out", Path.Combine(dir, "whole")]);
        Assert.True(whole.ExitCode == 0, whole.Err);

        // 1. a clean run: array + merge job, nothing else
        var jobA = Path.Combine(dir, "jobA");
        var (arrayA, _) = Submit(jobA, work);
        var statusA = WaitUntil(jobA, s => s.Merge.Phase is ClusterStatus.Done or ClusterStatus.Failed);
        Assert.True(statusA.Merge.Phase == ClusterStatus.Done, Describe(jobA, statusA));
        Assert.All(statusA.Shards, s => Assert.Equal($"{arrayA}_{s.Index}", s.JobId));
        AssertSameReport(Path.Combine(dir, "whole"), Path.Combine(jobA, "merged"));

        // 2. a fault: task 4 is cancelled (pending or running, whichever it is by now)
        var jobB = Path.Combine(dir, "jobB");
        var (arrayB, mergeB) = Submit(jobB, work);
        Run("scancel", $"{arrayB}_4");
        var statusB = WaitUntil(jobB, s => s.Shards.All(x => x.Phase is ClusterStatus.Done or ClusterStatus.Failed));
        Assert.True(statusB.Shards.Select(s => s.Phase).SequenceEqual(["done", "done", "done", "failed"]), Describe(jobB, statusB));
        Assert.NotEqual(ClusterStatus.Done, statusB.Merge.Phase); // afterok can no longer be met
        Assert.False(Directory.Exists(Path.Combine(jobB, "merged")));
        var shown = CliRunner.Run("cluster", "status", jobB);
        Assert.Equal(0, shown.ExitCode);
        Assert.Matches(new Regex(@"4/4\s*│\s*failed\s*│\s*" + arrayB + "_4"), shown.Out);
        Assert.Contains("3 done, 1 failed", shown.Out);
        Assert.Contains($"memspice cluster resume {jobB}", shown.Out);

        var resumed = CliRunner.Run("cluster", "resume", jobB);
        Assert.True(resumed.ExitCode == 0, resumed.Err + resumed.Out);
        Assert.Contains("Resubmitted shard(s) 4 of 4", resumed.Out);
        Assert.Contains($"(replaces {mergeB})", resumed.Out);
        var final = WaitUntil(jobB, s => s.Merge.Phase is ClusterStatus.Done or ClusterStatus.Failed);
        Assert.True(final.Merge.Phase == ClusterStatus.Done, Describe(jobB, final));
        Assert.NotEqual($"{arrayB}_4", final.Shards[3].JobId); // shard 4 came from the resubmitted array
        Assert.Equal($"{arrayB}_1", final.Shards[0].JobId);     // shards 1-3 were not run again
        AssertSameReport(Path.Combine(dir, "whole"), Path.Combine(jobB, "merged"));

        // 3. resuming a finished job does nothing
        var again = CliRunner.Run("cluster", "resume", jobB);
        Assert.Contains("Nothing to resume", again.Out);
    }

    [Fact]
    public void An_unknown_partition_is_refused_before_anything_is_written()
    {
        Dependencies.RequireSlurm();
        var dir = TestJobs.TempDir("partition");
        var job = Path.Combine(dir, "job");
        var r = CliRunner.Run("cluster", "submit", "cosim", "--weights", TestJobs.Weights(dir), "--images", "4", "--shards", "2",
            "--partition", "no-such-partition", "--tool", TestJobs.ToolDll(), "--out", job);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--partition 'no-such-partition': no such partition on this cluster (sinfo lists: debug", r.Err);
        Assert.False(Directory.Exists(job));
    }

    [Fact]
    public async Task Slurm_local_is_idempotent_and_fast_when_the_cluster_runs()
    {
        Dependencies.RequireSlurm();
        var info = new ProcessStartInfo("bash", [Path.Combine(Dependencies.RepoRoot, "scripts", "slurm-local")])
            { RedirectStandardOutput = true, RedirectStandardError = true };
        var clock = Stopwatch.StartNew();
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60)); // bound: a hung sinfo fails the test
        await p.WaitForExitAsync(limit.Token);
        var (output, errors) = (await stdout, await stderr);
        Assert.True(p.ExitCode == 0, errors);
        // already running: it only checks the pid files and asks sinfo ("a few seconds"; 10 s leaves room for load)
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.Contains("running (debug*", output);
        Assert.DoesNotContain("started", output);
    }

    private static (string Array, string Merge) Submit(string job, string[] work)
    {
        var r = CliRunner.Run(["cluster", "submit", "cosim", .. work, "--shards", "4", "--partition", "debug", "--time", "15:00",
            "--tool", TestJobs.ToolDll(), "--out", job]);
        Assert.True(r.ExitCode == 0, r.Err + r.Out);
        var m = Regex.Match(r.Out, @"Submitted array job (\d+) \(tasks 1-4\) and merge job (\d+) \(afterok:\1\)");
        Assert.True(m.Success, r.Out);
        return (m.Groups[1].Value, m.Groups[2].Value);
    }

    private static ClusterStatus Status(string job)
    {
        var manifest = ClusterManifest.Load(job);
        var folder = new JobFolder(job);
        var subs = folder.ReadSubmissions();
        return ClusterStatus.Compute(manifest, folder, subs, ClusterStatus.QuerySlurm(subs));
    }

    private static ClusterStatus WaitUntil(string job, Func<ClusterStatus, bool> done)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var s = Status(job);
            if (done(s)) return s;
            if (clock.Elapsed > Bound) Assert.Fail($"not finished after {Bound.TotalMinutes} min: {Describe(job, s)}");
            Thread.Sleep(2000);
        }
    }

    private static string Describe(string job, ClusterStatus s) =>
        string.Join("; ", s.Shards.Select(x => $"{x.Index}: {x.Phase} {x.JobId} {x.Detail}")) + $"; merge {s.Merge.Phase} {s.Merge.Detail}\n"
        + string.Join("\n", Directory.GetFiles(Path.Combine(job, "logs")).Select(f => $"--- {f}\n{Tail(f)}"));

    private static string Tail(string path) => string.Join('\n', File.ReadAllLines(path).TakeLast(8));

    /// <summary>
    /// The merged cluster report against the unsharded run. Tolerance: none. Statistics are exact fixed-point sums,
    /// so layers.csv, predictions.csv and scatter.csv must be byte-identical; the accuracies and settings hash in
    /// summary.json must be equal (only its timing fields differ).
    /// </summary>
    private static void AssertSameReport(string wholeDir, string mergedDir)
    {
        foreach (var f in new[] { "layers.csv", "predictions.csv", "scatter.csv" })
            Assert.True(File.ReadAllBytes(Path.Combine(wholeDir, f)).SequenceEqual(File.ReadAllBytes(Path.Combine(mergedDir, f))), $"{f} differs");
        Assert.Equal(41, File.ReadAllLines(Path.Combine(mergedDir, "predictions.csv")).Length); // header + 40 images
        using var a = JsonDocument.Parse(File.ReadAllText(Path.Combine(wholeDir, "summary.json")));
        using var b = JsonDocument.Parse(File.ReadAllText(Path.Combine(mergedDir, "summary.json")));
        foreach (var field in new[] { "images", "analogCorrect", "idealCorrect", "settingsHash" })
            Assert.Equal(a.RootElement.GetProperty(field).GetRawText(), b.RootElement.GetProperty(field).GetRawText());
        Assert.Equal(4, b.RootElement.GetProperty("mergedShards").GetInt32());
    }

    private static void Run(string program, params string[] args)
    {
        var r = SlurmCommands.Run(program, args);
        Assert.True(r.ExitCode == 0, $"{program} {string.Join(' ', args)}: {r.Err}");
    }
}
