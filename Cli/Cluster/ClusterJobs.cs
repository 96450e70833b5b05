using System.Globalization;
using MemristorSpice.Cosim.Reports;

namespace MemristorSpice.Cli.Cluster;

/// <summary>Submits a job folder's array and merge jobs, and resubmits the shards that failed.</summary>
internal static class ClusterJobs
{
    /// <summary>Writes the job folder (manifest, scripts) for a new job, or checks that an existing one holds the same work.</summary>
    public static ClusterManifest Prepare(string jobFolder, ClusterWork work, ClusterRun run)
    {
        var folder = new JobFolder(jobFolder);
        var manifest = new ClusterManifest(work, run);
        if (File.Exists(Path.Combine(folder.Path, ClusterManifest.FileName)))
        {
            var existing = ClusterManifest.Load(folder.Path);
            if (existing.Hash != manifest.Hash)
                throw new CliException($"--out {jobFolder} holds a cluster job of another manifest (hash {ClusterManifest.Short(existing.Hash)}; this work is {ClusterManifest.Short(manifest.Hash)}): choose a new folder.");
            if (folder.ReadSubmissions().Count > 0)
                throw new CliException($"--out {jobFolder} holds this job already, submitted: see 'memspice cluster status {jobFolder}'; 'memspice cluster resume {jobFolder}' reruns failed shards.");
            WriteFiles(folder.Path, manifest);
            folder.CreateLayout();
        }
        else
        {
            if (Directory.Exists(folder.Path) && Directory.EnumerateFileSystemEntries(folder.Path).Any())
                throw new CliException($"--out {jobFolder} exists and is not a cluster job folder (no {ClusterManifest.FileName}): choose a new folder.");
            AtomicDirectory.Write(folder.Path, Infrastructure.OutputOptions.Target("cluster", force: false), temp =>
            {
                WriteFiles(temp, manifest);
                new JobFolder(temp).CreateLayout();
            });
        }
        return manifest;
    }

    private static void WriteFiles(string dir, ClusterManifest manifest)
    {
        manifest.Save(dir);
        AtomicFile.WriteAllText(Path.Combine(dir, "array.sbatch"), SbatchScripts.Array(manifest));
        AtomicFile.WriteAllText(Path.Combine(dir, "merge.sbatch"), SbatchScripts.Merge(manifest));
    }

    /// <summary>sbatch of the array (only <paramref name="shards"/>) and of its merge job; recorded in jobs.json.</summary>
    public static Submission Submit(JobFolder folder, IReadOnlyList<int> shards, int totalShards, IReadOnlyList<string> alsoWaitFor)
    {
        var arrayArgs = new List<string>();
        if (shards.Count != totalShards) arrayArgs.Add($"--array={ArrayList(shards)}");
        var arrayId = SlurmCommands.Submit([.. arrayArgs, folder.ArrayScript]);
        // afterok on the new array; a resume also waits (afterany) for tasks of earlier arrays still queued
        var dependency = $"afterok:{arrayId}" + (alsoWaitFor.Count > 0 ? $",afterany:{string.Join(':', alsoWaitFor)}" : "");
        string mergeId;
        try { mergeId = SlurmCommands.Submit($"--dependency={dependency}", folder.MergeScript); }
        catch (CliException ex)
        {
            // an array without its merge job would be recorded nowhere: take it back so that a retry starts clean
            SlurmCommands.Run("scancel", arrayId);
            throw new CliException($"{ex.Message} (merge job not submitted; array job {arrayId} was cancelled again).");
        }
        var submission = new Submission(arrayId, shards, mergeId, DateTime.UtcNow);
        folder.AppendSubmission(submission);
        return submission;
    }

    /// <summary>"1-3,5": Slurm's --array syntax for the given shard indices.</summary>
    public static string ArrayList(IReadOnlyList<int> shards)
    {
        var parts = new List<string>();
        var sorted = shards.Order().ToList();
        for (int i = 0; i < sorted.Count;)
        {
            int j = i;
            while (j + 1 < sorted.Count && sorted[j + 1] == sorted[j] + 1) j++;
            parts.Add(i == j ? sorted[i].ToString(CultureInfo.InvariantCulture) : $"{sorted[i]}-{sorted[j]}");
            i = j + 1;
        }
        return string.Join(',', parts);
    }

    /// <summary>
    /// The complete, correctly stamped shard folders of this job in shard order, or an error naming the folder that
    /// is wrong (another manifest, wrong index, unstamped, stray) or the shards that are missing.
    /// </summary>
    public static IReadOnlyList<string> CheckedShardFolders(ClusterManifest manifest, JobFolder folder)
    {
        int n = manifest.Work.Shards;
        if (Directory.Exists(folder.ShardsDir))
            foreach (var dir in Directory.EnumerateDirectories(folder.ShardsDir).Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(dir);
                if (name.StartsWith('.')) continue; // a task's staging folder
                if (!name.StartsWith("shard-", StringComparison.Ordinal) || !int.TryParse(name["shard-".Length..], out int k) || k < 1 || k > n)
                    throw new CliException($"{dir}: not a shard folder of this job (expected shards/shard-1 .. shard-{n}).");
                var (stamp, problem) = ShardStamp.Read(dir);
                if (stamp is null) throw new CliException($"{dir}: {problem}.");
                if (stamp.ManifestHash != manifest.Hash)
                    throw new CliException($"{dir}: manifest hash {ClusterManifest.Short(stamp.ManifestHash)} is not this job's ({ClusterManifest.Short(manifest.Hash)}): a shard of another job folder; remove it and run 'memspice cluster resume {folder.Path}'.");
                if (stamp.Index != k || stamp.Count != n)
                    throw new CliException($"{dir}: stamped as shard {stamp.Index}/{stamp.Count}, expected {k}/{n} (moved or copied by hand?).");
            }
        var missing = Enumerable.Range(1, n).Where(k => !Directory.Exists(folder.ShardDir(k))).ToList();
        if (missing.Count > 0)
            throw new CliException($"missing shard(s) {string.Join(", ", missing.Select(k => $"{k}/{n}"))} in {folder.ShardsDir}: see 'memspice cluster status {folder.Path}'; 'memspice cluster resume {folder.Path}' reruns them.");
        return Enumerable.Range(1, n).Select(folder.ShardDir).ToList();
    }
}
