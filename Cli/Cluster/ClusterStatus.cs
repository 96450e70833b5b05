namespace MemristorSpice.Cli.Cluster;

/// <summary>One shard's state: pending / running / done / failed / not submitted, the Slurm task id and why.</summary>
internal sealed record ShardState(int Index, string Phase, string? JobId, string Detail);

/// <summary>The merge job's state (done when merged/ exists).</summary>
internal sealed record MergeState(string Phase, string? JobId, string Detail);

/// <summary>Status of a job folder: every shard and the merge job.</summary>
internal sealed record ClusterStatus(IReadOnlyList<ShardState> Shards, MergeState Merge)
{
    public const string Pending = "pending", Running = "running", Done = "done", Failed = "failed", NotSubmitted = "not submitted";

    public IEnumerable<int> Where(string phase) => Shards.Where(s => s.Phase == phase).Select(s => s.Index);

    /// <summary>
    /// Combines what the folder holds (stamped shard outputs, exit files) with what Slurm reports. A finished,
    /// correctly stamped output wins over everything (its task may still be leaving the queue); a task that left the
    /// queue without output failed, whatever Slurm or its exit file say.
    /// </summary>
    public static ClusterStatus Compute(ClusterManifest manifest, JobFolder folder, IReadOnlyList<Submission> submissions, IReadOnlyList<QueueRecord> queue)
    {
        int n = manifest.Work.Shards;
        var shards = new List<ShardState>();
        for (int k = 1; k <= n; k++)
        {
            var sub = JobFolder.LatestFor(submissions, k);
            string? jobId = sub is null ? null : $"{sub.ArrayJobId}_{k}";
            var output = OutputProblem(manifest, folder, k);
            if (output == "")
            {
                shards.Add(new ShardState(k, Done, jobId, $"shards/shard-{k}"));
                continue;
            }
            if (sub is null)
            {
                shards.Add(new ShardState(k, NotSubmitted, null, output ?? "dry run: sbatch array.sbatch to run it"));
                continue;
            }
            var record = queue.FirstOrDefault(r => r.ArrayJobId == sub.ArrayJobId && r.TaskId == k);
            if (output is not null)
                // a folder is there but it is not this job's shard k: only a new run of the task replaces it
                shards.Add(new ShardState(k, record?.Phase is Pending or Running ? record.Phase : Failed, jobId, $"shards/shard-{k}: {output}"));
            else if (record is { Phase: Pending or Running })
                shards.Add(new ShardState(k, record.Phase, jobId, record.Detail));
            else if (record is not null)
                shards.Add(new ShardState(k, Failed, jobId, record.Phase == Done
                    ? "Slurm says COMPLETED but the task left no output (see logs/)"
                    : $"Slurm state {record.State}{(record.Detail.Length > 0 ? $", {record.Detail}" : "")}"));
            else
                shards.Add(new ShardState(k, Failed, jobId, ExitFileDetail(folder, k, sub.ArrayJobId)));
        }
        return new ClusterStatus(shards, MergeStatus(folder, submissions, queue));
    }

    /// <summary>null: no folder; "": a complete folder of this job's shard k; otherwise what is wrong with it.</summary>
    private static string? OutputProblem(ClusterManifest manifest, JobFolder folder, int k)
    {
        var dir = folder.ShardDir(k);
        if (!Directory.Exists(dir)) return null;
        var (stamp, problem) = ShardStamp.Read(dir);
        if (stamp is null) return problem;
        if (stamp.ManifestHash != manifest.Hash)
            return $"manifest hash {ClusterManifest.Short(stamp.ManifestHash)} is not this job's ({ClusterManifest.Short(manifest.Hash)}): a shard of another job folder";
        if (stamp.Index != k || stamp.Count != manifest.Work.Shards)
            return $"stamped as shard {stamp.Index}/{stamp.Count}, expected {k}/{manifest.Work.Shards}";
        return "";
    }

    private static string ExitFileDetail(JobFolder folder, int k, string arrayJobId)
    {
        const string gone = "no longer queued and no output (cancelled before it started, or its node failed; see logs/)";
        var path = folder.ExitFile(k);
        if (!File.Exists(path)) return gone;
        var fields = File.ReadAllText(path).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 2 || fields[1] != arrayJobId || !int.TryParse(fields[0], out int code)) return gone;
        return code switch
        {
            0 => "exited 0 but left no output (see logs/)",
            143 => "stopped by SIGTERM (cancelled, or out of its --time)",
            137 => "killed by SIGKILL (cancelled, out of memory or time)",
            _ => $"exit code {code} (see logs/shard-{k}.job-{arrayJobId}.log)",
        };
    }

    private static MergeState MergeStatus(JobFolder folder, IReadOnlyList<Submission> submissions, IReadOnlyList<QueueRecord> queue)
    {
        if (Directory.Exists(folder.MergedDir)) return new MergeState(Done, submissions.LastOrDefault()?.MergeJobId, "merged/");
        var last = submissions.LastOrDefault();
        if (last is null) return new MergeState(NotSubmitted, null, "dry run");
        var record = queue.FirstOrDefault(r => r.ArrayJobId == last.MergeJobId && r.TaskId is null);
        if (record is null) return new MergeState(Failed, last.MergeJobId, "no longer queued and no merged/ (see logs/merge.job-*.log)");
        if (record.Phase == Pending && record.Detail.Contains("DependencyNeverSatisfied"))
            return new MergeState(Pending, last.MergeJobId, "waits for a shard that failed: run 'memspice cluster resume'");
        if (record.Phase == Done) return new MergeState(Failed, last.MergeJobId, "Slurm says COMPLETED but there is no merged/ (see logs/)");
        return new MergeState(record.Phase, last.MergeJobId, record.Phase == Failed ? $"Slurm state {record.State}" : record.Detail);
    }

    /// <summary>
    /// What Slurm knows about the job ids of this folder: squeue (all states; finished jobs stay for MinJobAge), then
    /// sacct for ids squeue no longer lists, when an accounting database answers.
    /// </summary>
    public static IReadOnlyList<QueueRecord> QuerySlurm(IReadOnlyList<Submission> submissions)
    {
        if (submissions.Count == 0) return [];
        var ids = submissions.SelectMany(s => new[] { s.ArrayJobId, s.MergeJobId }).ToHashSet();
        var queue = SlurmCommands.Run("squeue", "-h", "-r", "-t", "all", "-j", string.Join(',', ids.Where(id => id.Length > 0)), "-o", QueueParsing.SqueueFormat);
        // squeue fails with "Invalid job id specified" only when it has forgotten every one of the ids
        if (queue.ExitCode != 0 && !queue.Err.Contains("Invalid job id", StringComparison.OrdinalIgnoreCase))
            throw new CliException($"squeue failed (exit {queue.ExitCode}): {queue.Err.Trim().ReplaceLineEndings(" ")}");
        var records = QueueParsing.Squeue(queue.ExitCode == 0 ? queue.Out : "").Where(r => ids.Contains(r.ArrayJobId)).ToList();
        var missing = ids.Where(id => id.Length > 0 && !records.Any(r => r.ArrayJobId == id)).ToList();
        if (missing.Count > 0 && SlurmCommands.Available("sacct"))
        {
            var sacct = SlurmCommands.Run("sacct", "-n", "-P", "-X", "-j", string.Join(',', missing), "-o", QueueParsing.SacctFields);
            if (sacct.ExitCode == 0) records.AddRange(QueueParsing.Sacct(sacct.Out).Where(r => ids.Contains(r.ArrayJobId)));
        }
        return records;
    }
}
