namespace MemristorSpice.Cli.Cluster;

/// <summary>What Slurm says about one job or array task: its id ("12_3" for task 3 of array 12), state and reason.</summary>
internal sealed record QueueRecord(string ArrayJobId, int? TaskId, string State, string Detail)
{
    /// <summary>The state as pending / running / done / failed, from Slurm's job state names.</summary>
    public string Phase => State switch
    {
        "PENDING" or "CONFIGURING" or "REQUEUED" or "REQUEUE_HOLD" or "REQUEUE_FED" or "RESV_DEL_HOLD" or "SUSPENDED" => "pending",
        "RUNNING" or "COMPLETING" or "STAGE_OUT" or "SIGNALING" or "RESIZING" => "running",
        "COMPLETED" => "done",
        _ => "failed", // CANCELLED, FAILED, TIMEOUT, NODE_FAIL, OUT_OF_MEMORY, PREEMPTED, BOOT_FAIL, DEADLINE, REVOKED
    };
}

/// <summary>
/// Parses the text of <c>squeue -h -r -t all -o '%i|%T|%r'</c> and <c>sacct -n -P -X -o JobID,State,ExitCode</c>.
/// squeue keeps finished jobs for the controller's MinJobAge; sacct needs an accounting database.
/// </summary>
internal static class QueueParsing
{
    public const string SqueueFormat = "%i|%T|%r";
    public const string SacctFields = "JobID,State,ExitCode";

    public static IReadOnlyList<QueueRecord> Squeue(string text) => Lines(text)
        .Select(l => l.Split('|'))
        .Where(f => f.Length >= 3)
        .SelectMany(f => Ids(f[0]).Select(id => new QueueRecord(id.Job, id.Task, f[1].Trim(), f[2].Trim() is "None" or "(null)" ? "" : f[2].Trim())))
        .ToList();

    public static IReadOnlyList<QueueRecord> Sacct(string text) => Lines(text)
        .Select(l => l.Split('|'))
        .Where(f => f.Length >= 3 && !f[0].Contains('.')) // "12_3.batch" steps: the allocation line is enough
        .SelectMany(f => Ids(f[0]).Select(id => new QueueRecord(id.Job, id.Task,
            f[1].Split(' ')[0].Trim(),                       // "CANCELLED by 0" -> CANCELLED
            f[2].Trim() == "0:0" ? "" : $"exit code {f[2].Trim()} (code:signal)")))
        .ToList();

    private static IEnumerable<string> Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>"12" (plain job), "12_3" (array task) or "12_[3-5,7]" (pending tasks not yet split, without -r).</summary>
    private static IEnumerable<(string Job, int? Task)> Ids(string id)
    {
        id = id.Trim();
        int u = id.IndexOf('_');
        if (u < 0) { yield return (id, null); yield break; }
        var job = id[..u];
        var tasks = id[(u + 1)..];
        if (!tasks.StartsWith('['))
        {
            if (int.TryParse(tasks, out int t)) yield return (job, t);
            yield break;
        }
        // "[3-5,7%2]": ranges, with an optional throttle after '%'
        foreach (var part in tasks.Trim('[', ']').Split('%')[0].Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var ends = part.Split('-');
            if (!int.TryParse(ends[0], out int from)) continue;
            int to = ends.Length > 1 && int.TryParse(ends[1], out int b) ? b : from;
            for (int t = from; t <= to; t++) yield return (job, t);
        }
    }
}
