using System.Text;

namespace MemristorSpice.Cli.Cluster;

/// <summary>
/// The two batch scripts of a job folder. array.sbatch: one array task per shard; task K runs the tool on shard K/N
/// into a hidden staging folder, stamps it with the manifest hash and renames it into shards/shard-K (a shard folder
/// is complete or absent), and records its exit code in tasks/shard-K.exit. merge.sbatch: `memspice cluster merge`,
/// submitted with an afterok dependency on the array.
/// </summary>
internal static class SbatchScripts
{
    public static string Array(ClusterManifest m)
    {
        var job = new JobFolder(m.Run.JobFolder);
        int n = m.Work.Shards;
        var s = new StringBuilder();
        s.Append("#!/bin/bash\n");
        s.Append($"# memspice cluster job: {m.Work.Kind} in {n} shard(s), manifest {m.Hash}\n");
        s.Append("# One array task per shard. Resubmitting a subset: sbatch --array=2,4 array.sbatch (what 'memspice cluster resume' does).\n");
        s.Append($"#SBATCH --job-name=memspice-{m.Work.Kind}-{ClusterManifest.Short(m.Hash)[..8]}\n");
        s.Append($"#SBATCH --array=1-{n}\n");
        AppendResources(s, m);
        s.Append($"#SBATCH --output={job.LogsDir}/shard-%a.job-%A.log\n");
        s.Append("set -uo pipefail\n");
        s.Append($"job={ShellQuote.Quote(job.Path)}\n");
        s.Append("k=$SLURM_ARRAY_TASK_ID\n");
        s.Append("array=$SLURM_ARRAY_JOB_ID\n");
        s.Append("# the exit code of this task, for 'memspice cluster status' (written whole: temporary name, then rename)\n");
        s.Append("record() { local code=$?; printf '%s %s\\n' \"$code\" \"$array\" > \"$job/tasks/.shard-$k.exit.tmp\" && mv -f \"$job/tasks/.shard-$k.exit.tmp\" \"$job/tasks/shard-$k.exit\"; }\n");
        s.Append("trap record EXIT\n");
        s.Append("trap 'exit 143' TERM\n");
        s.Append("stage=\"$job/shards/.shard-$k.job-$SLURM_JOB_ID\"\n");
        s.Append("rm -rf \"$job/shards/.shard-$k\".job-*   # staging folders left by killed earlier runs of this shard\n");
        s.Append(ShellQuote.Join(m.TaskCommand)).Append($" --shard \"$k/{n}\" --out \"$stage\" || exit $?\n");
        s.Append($"printf '{{ \"format\": \"{JobFolder.StampFormat}\", \"manifestHash\": \"{m.Hash}\", \"shard\": \"%s/{n}\", \"arrayJobId\": \"%s\", \"taskJobId\": \"%s\" }}\\n' \\\n");
        s.Append($"  \"$k\" \"$array\" \"$SLURM_JOB_ID\" > \"$stage/{JobFolder.ShardStamp}\" || exit 1\n");
        s.Append("rm -rf \"$job/shards/shard-$k\"\n");
        s.Append("mv -T \"$stage\" \"$job/shards/shard-$k\"\n");
        return s.ToString();
    }

    public static string Merge(ClusterManifest m)
    {
        var job = new JobFolder(m.Run.JobFolder);
        var s = new StringBuilder();
        s.Append("#!/bin/bash\n");
        s.Append($"# memspice cluster job: merge of the {m.Work.Shards} {m.Work.Kind} shard(s), manifest {m.Hash}\n");
        s.Append("# Submitted with --dependency=afterok:<array job id>; checks every shard's manifest hash, writes merged/.\n");
        s.Append($"#SBATCH --job-name=memspice-{m.Work.Kind}-{ClusterManifest.Short(m.Hash)[..8]}-merge\n");
        AppendResources(s, m with { Run = m.Run with { Resources = m.Run.Resources with { CpusPerTask = 1 } } });
        s.Append($"#SBATCH --output={job.LogsDir}/merge.job-%j.log\n");
        s.Append("set -euo pipefail\n");
        s.Append("exec ").Append(ShellQuote.Join([m.Run.Dotnet, m.Run.ToolDll, "cluster", "merge", job.Path])).Append('\n');
        return s.ToString();
    }

    private static void AppendResources(StringBuilder s, ClusterManifest m)
    {
        var r = m.Run.Resources;
        s.Append($"#SBATCH --cpus-per-task={r.CpusPerTask}\n");
        if (r.Partition is not null) s.Append($"#SBATCH --partition={r.Partition}\n");
        if (r.Time is not null) s.Append($"#SBATCH --time={r.Time}\n");
        if (r.Memory is not null) s.Append($"#SBATCH --mem={r.Memory}\n");
        s.Append($"#SBATCH --chdir={m.Run.WorkingDirectory}\n");
    }
}
