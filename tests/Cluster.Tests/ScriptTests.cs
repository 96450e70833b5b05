using System.Diagnostics;
using MemristorSpice.Cli.Cluster;

namespace MemristorSpice.Cluster.Tests;

public class ScriptTests
{
    private static (int Code, string Out, string Err) Bash(params string[] args)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void Quoted_words_reach_a_program_unchanged_through_bash()
    {
        // truth: what bash itself passes to printf, one word per line
        string[] words = ["plain", "with space", "it's", "$HOME", "a\"b", "semi;colon", "--opt=1", "*", ""];
        var r = Bash("-c", "printf '%s\\n' " + ShellQuote.Join(words));
        Assert.Equal(0, r.Code);
        Assert.Equal(string.Join('\n', words) + "\n", r.Out);
    }

    [Fact]
    public void Array_script_runs_one_shard_per_task_and_asks_for_the_resources()
    {
        var m = TestJobs.Manifest("/jobs/a", shards: 4, resources: new SlurmResources("debug", "1:00:00", "2G", 2));
        var text = SbatchScripts.Array(m);
        Assert.Contains("#SBATCH --array=1-4\n", text);
        Assert.Contains("#SBATCH --partition=debug\n", text);
        Assert.Contains("#SBATCH --time=1:00:00\n", text);
        Assert.Contains("#SBATCH --mem=2G\n", text);
        Assert.Contains("#SBATCH --cpus-per-task=2\n", text);
        Assert.Contains("#SBATCH --chdir=/home/eng/run\n", text);
        Assert.Contains("k=$SLURM_ARRAY_TASK_ID\n", text);
        Assert.Contains("/usr/bin/dotnet /opt/memspice/memspice.dll cosim --weights w.msw --images 40 --threads 1 --shard \"$k/4\" --out \"$stage\"", text);
        Assert.Contains(m.Hash, text);
        Assert.Contains("mv -T \"$stage\" \"$job/shards/shard-$k\"", text);
        Assert.Equal(0, Bash("-n", Write(text)).Code); // bash's own syntax check
    }

    [Fact]
    public void Array_script_without_resources_leaves_them_to_the_cluster_defaults()
    {
        var text = SbatchScripts.Array(TestJobs.Manifest("/jobs/a"));
        Assert.DoesNotContain("--partition", text);
        Assert.DoesNotContain("--time", text);
        Assert.DoesNotContain("--mem", text);
    }

    [Fact]
    public void Merge_script_runs_cluster_merge_on_the_job_folder()
    {
        var text = SbatchScripts.Merge(TestJobs.Manifest("/jobs/a", resources: new SlurmResources("debug", null, null, 4)));
        Assert.Contains("exec /usr/bin/dotnet /opt/memspice/memspice.dll cluster merge /jobs/a\n", text);
        Assert.Contains("#SBATCH --cpus-per-task=1\n", text); // merging is light: one CPU whatever the shards ask
        Assert.Contains("#SBATCH --partition=debug\n", text);
        Assert.Equal(0, Bash("-n", Write(text)).Code);
    }

    [Theory]
    [InlineData(new[] { 1, 2, 3, 5 }, "1-3,5")]
    [InlineData(new[] { 4 }, "4")]
    [InlineData(new[] { 7, 2, 3 }, "2-3,7")]
    public void Resubmitted_shards_use_slurm_array_ranges(int[] shards, string expected) =>
        Assert.Equal(expected, ClusterJobs.ArrayList(shards));

    private static string Write(string text)
    {
        var path = Path.Combine(TestJobs.TempDir("script"), "job.sbatch");
        File.WriteAllText(path, text);
        return path;
    }
}
