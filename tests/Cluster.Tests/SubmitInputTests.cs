using System.Text.Json;
using MemristorSpice.Cli.Cluster;

namespace MemristorSpice.Cluster.Tests;

/// <summary>Dry runs and bad input: no Slurm needed.</summary>
public class SubmitInputTests
{
    [Fact]
    public void Fewer_than_one_shard_is_a_usage_error_naming_the_option()
    {
        var dir = TestJobs.TempDir("n0");
        var r = CliRunner.Run("cluster", "submit", "cosim", "--weights", TestJobs.Weights(dir), "--shards", "0", "--dry-run", "--out", Path.Combine(dir, "job"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--shards must be at least 1 (got 0)", r.Err);
        Assert.False(Directory.Exists(Path.Combine(dir, "job")));
    }

    [Fact]
    public void Per_task_options_and_bad_cosim_options_are_refused_at_submit_time()
    {
        var dir = TestJobs.TempDir("bad");
        var w = TestJobs.Weights(dir);
        var shard = CliRunner.Run("cluster", "submit", "cosim", "--weights", w, "--shard", "1/2", "--shards", "2", "--dry-run", "--tool", TestJobs.ToolDll(), "--out", Path.Combine(dir, "a"));
        Assert.Equal(2, shard.ExitCode);
        Assert.Contains("--shard is set per task", shard.Err);
        var adc = CliRunner.Run("cluster", "submit", "cosim", "--weights", w, "--adc-bits", "1", "--shards", "2", "--dry-run", "--tool", TestJobs.ToolDll(), "--out", Path.Combine(dir, "b"));
        Assert.Equal(2, adc.ExitCode);
        Assert.Contains("--adc-bits", adc.Err);
        var many = CliRunner.Run("cluster", "submit", "cosim", "--weights", w, "--images", "3", "--shards", "4", "--dry-run", "--tool", TestJobs.ToolDll(), "--out", Path.Combine(dir, "c"));
        Assert.Equal(2, many.ExitCode);
        Assert.Contains("--shards 4 is more than --images 3", many.Err);
        Assert.Empty(Directory.GetDirectories(dir));
    }

    [Fact]
    public void Cosim_dry_run_writes_manifest_with_seeds_and_scripts()
    {
        var dir = TestJobs.TempDir("dry");
        var w = TestJobs.Weights(dir);
        var cfg = Path.Combine(dir, "cfg.json");
        File.WriteAllText(cfg, """{ "variation": { "sigma": 0.05, "seed": 11 }, "stuckAt": { "gminRate": 0.001, "seed": 5 } }""");
        var job = Path.Combine(dir, "job");
        var r = CliRunner.Run("cluster", "submit", "cosim", "--weights", w, "--images", "40", "--nonideal", cfg, "--shards", "4",
            "--cpus-per-task", "2", "--dry-run", "--tool", TestJobs.ToolDll(), "--out", job);
        Assert.True(r.ExitCode == 0, r.Err + r.Out);
        Assert.Contains("Dry run, nothing submitted", r.Out);
        var manifest = ClusterManifest.Load(job);
        Assert.Equal(["--weights", w, "--images", "40", "--nonideal", cfg, "--threads", "2"], manifest.Work.Arguments);
        Assert.Equal(2, manifest.Work.Inputs.Count); // weights and the JSON, by content
        using var settings = JsonDocument.Parse(manifest.Work.SettingsJson!);
        Assert.Equal(11, settings.RootElement.GetProperty("variation").GetProperty("seed").GetInt32());
        Assert.Equal(5, settings.RootElement.GetProperty("stuckAt").GetProperty("seed").GetInt32());
        Assert.Contains($"#SBATCH --array=1-4", File.ReadAllText(Path.Combine(job, "array.sbatch")));
        Assert.Contains("cluster merge", File.ReadAllText(Path.Combine(job, "merge.sbatch")));
        Assert.False(File.Exists(Path.Combine(job, "jobs.json")));

        // the same folder for other work (another seed) is refused, naming both hashes
        File.WriteAllText(cfg, """{ "variation": { "sigma": 0.05, "seed": 12 }, "stuckAt": { "gminRate": 0.001, "seed": 5 } }""");
        var other = CliRunner.Run("cluster", "submit", "cosim", "--weights", w, "--images", "40", "--nonideal", cfg, "--shards", "4",
            "--cpus-per-task", "2", "--dry-run", "--tool", TestJobs.ToolDll(), "--out", job);
        Assert.Equal(1, other.ExitCode);
        Assert.Contains("holds a cluster job of another manifest", other.Err);
        Assert.Contains(ClusterManifest.Short(manifest.Hash), other.Err);
    }

    [Fact]
    public void Sweep_dry_run_passes_the_sweep_options_through_to_every_task()
    {
        var dir = TestJobs.TempDir("sweep");
        var job = Path.Combine(dir, "job");
        var r = CliRunner.Run("cluster", "submit", "sweep", "--param", "sigma", "--values", "0,0.1", "--seeds", "2", "--images", "100", "--shards", "8",
            "--partition", "debug", "--time", "30:00", "--mem", "3G", "--dry-run", "--tool", TestJobs.ToolDll(), "--out", job);
        Assert.True(r.ExitCode == 0, r.Err + r.Out);
        var text = File.ReadAllText(Path.Combine(job, "array.sbatch"));
        Assert.Contains("#SBATCH --array=1-8\n", text);
        Assert.Contains("#SBATCH --partition=debug\n#SBATCH --time=30:00\n#SBATCH --mem=3G\n", text);
        Assert.Contains("memspice.dll sweep --param sigma --values 0,0.1 --seeds 2 --images 100", text);
        Assert.Contains("--shard \"$k/8\" --out \"$stage\"", text);
        Assert.Equal("sweep", ClusterManifest.Load(job).Work.Kind);
    }

    [Fact]
    public void Status_of_a_folder_that_is_no_job_says_so()
    {
        var dir = TestJobs.TempDir("nojob");
        var r = CliRunner.Run("cluster", "status", dir);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("no manifest.json (not a 'memspice cluster submit' job folder)", r.Err);
    }

    [Fact]
    public void Resume_refuses_a_tool_that_changed_since_submission()
    {
        var dir = TestJobs.TempDir("tool");
        var tool = Path.Combine(dir, "tool");
        Directory.CreateDirectory(tool);
        var built = TestJobs.ToolDll();
        File.Copy(built, Path.Combine(tool, "memspice.dll"));
        File.Copy(Path.ChangeExtension(built, ".runtimeconfig.json"), Path.Combine(tool, "memspice.runtimeconfig.json"));
        var job = Path.Combine(dir, "job");
        var r = CliRunner.Run("cluster", "submit", "cosim", "--weights", TestJobs.Weights(dir), "--shards", "2", "--dry-run", "--tool", Path.Combine(tool, "memspice.dll"), "--out", job);
        Assert.True(r.ExitCode == 0, r.Err);
        // another build now sits at the recorded path (here: xunit's assembly, version 2.9.3)
        File.Copy(Path.Combine(AppContext.BaseDirectory, "xunit.core.dll"), Path.Combine(tool, "memspice.dll"), overwrite: true);
        var resume = CliRunner.Run("cluster", "resume", job);
        Assert.Equal(1, resume.ExitCode);
        Assert.Contains("is now version 2.9.3", resume.Err);
        Assert.Contains("submit a new job folder", resume.Err);
    }
}
