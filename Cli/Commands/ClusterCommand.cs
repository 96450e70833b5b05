using System.CommandLine;
using MemristorSpice.Cli.Cluster;
using MemristorSpice.Cli.Infrastructure;
using Spectre.Console;

namespace MemristorSpice.Cli.Commands;

/// <summary>
/// <c>memspice cluster submit|status|resume|merge</c>: co-simulations and sweeps as Slurm job arrays (one task per
/// shard, a merge job after them), with a manifest that fixes the work and a check that every merged shard is of it.
/// </summary>
internal static class ClusterCommand
{
    public static Command Create()
    {
        var submit = new Command("submit", "Write a job folder (manifest, array and merge scripts) for 'cosim' or 'sweep' and submit it with sbatch.")
        {
            SubmitCommand("cosim"), SubmitCommand("sweep"),
        };
        return new Command("cluster", "Run co-simulations and sweeps as Slurm job arrays: submit, status, resume, merge (docs/cluster.md).")
        {
            submit, StatusCommand(), ResumeCommand(), MergeCommand(),
        };
    }

    private static Argument<string> JobFolderArgument() => new("dir") { Description = "Job folder written by 'memspice cluster submit'." };

    private static Command SubmitCommand(string kind)
    {
        var shards = new Option<int>("--shards") { Description = "Number of shards = array tasks (each runs --shard k/N).", Required = true };
        shards.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1) r.AddError($"--shards must be at least 1 (got {r.GetValueOrDefault<int>()}).");
        });
        var partition = new Option<string?>("--partition") { Description = "Slurm partition (default: the cluster's default partition)." };
        var time = new Option<string?>("--time") { Description = "Time limit per task, Slurm syntax (e.g. 30, 1:00:00, 1-0)." };
        var mem = new Option<string?>("--mem") { Description = "Memory per task, Slurm syntax (e.g. 2G)." };
        var cpus = new Option<int>("--cpus-per-task") { Description = "CPUs per task; also the task's --threads when the command has one.", DefaultValueFactory = _ => 1 }.InRange();
        var tool = new Option<string?>("--tool") { Description = "memspice.dll the nodes run (default: this installation's). Must be on a file system the nodes share." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Write the job folder and print the sbatch commands without submitting." };
        var output = new Option<string>("--out") { Description = "Job folder (on a file system shared with the nodes).", Required = true };
        var command = new Command(kind, $"Submit 'memspice {kind} <options>' as a Slurm array of --shards tasks; options not listed here go to '{kind}'.")
        {
            shards, partition, time, mem, cpus, tool, dryRun, output,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(parse =>
        {
            var console = Terminal.For(parse.InvocationConfiguration.Output);
            int n = parse.GetValue(shards);
            bool dry = parse.GetValue(dryRun);
            var jobDir = Path.GetFullPath(parse.GetValue(output)!);
            var cwd = Environment.CurrentDirectory;
            foreach (var (path, option) in new[] { (jobDir, "--out"), (cwd, "the working directory") })
                if (path.Any(char.IsWhiteSpace))
                    throw new CliException($"{option} '{path}' contains white space, which #SBATCH lines cannot hold.", CliApp.UsageError);
            var resources = new SlurmResources(parse.GetValue(partition), parse.GetValue(time), parse.GetValue(mem), parse.GetValue(cpus));
            CheckPartition(resources.Partition, dry);
            var toolDll = ToolDll(parse.GetValue(tool));
            var work = WorkDescription.Build(kind, parse.UnmatchedTokens, n, resources.CpusPerTask, toolDll, dry, out var warning);
            if (warning is not null) console.WriteLine($"warning: {warning}");
            var run = new ClusterRun(Dotnet(), toolDll, cwd, jobDir, resources);
            var manifest = ClusterJobs.Prepare(jobDir, work, run);
            var folder = new JobFolder(jobDir);
            console.WriteLine($"Job folder {jobDir}: {kind} in {n} shard(s), manifest {manifest.Hash}");
            if (dry)
            {
                console.WriteLine("Dry run, nothing submitted. To submit by hand:");
                console.WriteLine($"  array=$(sbatch --parsable {folder.ArrayScript})");
                console.WriteLine($"  sbatch --dependency=afterok:$array {folder.MergeScript}");
                return 0;
            }
            var s = ClusterJobs.Submit(folder, Enumerable.Range(1, n).ToList(), n, []);
            console.WriteLine($"Submitted array job {s.ArrayJobId} (tasks 1-{n}) and merge job {s.MergeJobId} (afterok:{s.ArrayJobId}).");
            console.WriteLine($"Follow it with: memspice cluster status {jobDir}");
            return 0;
        });
        return command;
    }

    private static void CheckPartition(string? partition, bool dryRun)
    {
        if (partition is null || (dryRun && !SlurmCommands.Available("sinfo"))) return;
        var known = SlurmCommands.Partitions();
        if (!known.Contains(partition))
            throw new CliException($"--partition '{partition}': no such partition on this cluster (sinfo lists: {string.Join(", ", known)}).", CliApp.UsageError);
    }

    /// <summary>The dotnet host that runs this process, else the one on PATH.</summary>
    private static string Dotnet()
    {
        var self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        return ExecutableSearch.Find("dotnet") ?? throw new CliException("'dotnet' not found on PATH: the nodes run memspice.dll with it.");
    }

    private static string ToolDll(string? given)
    {
        var dll = Path.GetFullPath(given ?? Path.Combine(AppContext.BaseDirectory, "memspice.dll"));
        if (!File.Exists(dll))
            throw new CliException($"--tool '{dll}' does not exist (give the memspice.dll of a Release build, e.g. Cli/bin/Release/net10.0/memspice.dll).", CliApp.UsageError);
        if (!File.Exists(Path.ChangeExtension(dll, ".runtimeconfig.json")))
            throw new CliException($"--tool '{dll}' has no memspice.runtimeconfig.json beside it: not a runnable build of memspice (use Cli/bin/Release/net10.0/memspice.dll).", CliApp.UsageError);
        return dll;
    }

    private static (ClusterManifest Manifest, JobFolder Folder, IReadOnlyList<Submission> Submissions, ClusterStatus Status) Current(string dir)
    {
        var manifest = ClusterManifest.Load(dir);
        var folder = new JobFolder(dir);
        var submissions = folder.ReadSubmissions();
        var status = ClusterStatus.Compute(manifest, folder, submissions, ClusterStatus.QuerySlurm(submissions));
        return (manifest, folder, submissions, status);
    }

    private static Command StatusCommand()
    {
        var dir = JobFolderArgument();
        var command = new Command("status", "Per shard: pending / running / done / failed (from squeue, sacct when available, and the shard outputs); and the merge job.") { dir };
        command.SetAction(parse =>
        {
            var console = Terminal.For(parse.InvocationConfiguration.Output);
            var (manifest, _, _, status) = Current(parse.GetValue(dir)!);
            var table = new Table().AddColumns("shard", "state", "slurm job", "detail");
            foreach (var s in status.Shards)
                table.AddRow($"{s.Index}/{manifest.Work.Shards}", s.Phase, s.JobId ?? "-", Terminal.Escape(s.Detail));
            table.AddRow("merge", status.Merge.Phase, status.Merge.JobId ?? "-", Terminal.Escape(status.Merge.Detail));
            console.Write(table);
            var counts = new[] { ClusterStatus.Done, ClusterStatus.Running, ClusterStatus.Pending, ClusterStatus.Failed, ClusterStatus.NotSubmitted }
                .Select(p => (p, c: status.Shards.Count(s => s.Phase == p))).Where(x => x.c > 0).Select(x => $"{x.c} {x.p}");
            console.WriteLine($"{manifest.Work.Kind}, {manifest.Work.Shards} shard(s): {string.Join(", ", counts)}; merge {status.Merge.Phase}.");
            if (status.Shards.Any(s => s.Phase is ClusterStatus.Failed or ClusterStatus.NotSubmitted))
                console.WriteLine($"Rerun the failed shards with: memspice cluster resume {parse.GetValue(dir)}");
            return 0;
        });
        return command;
    }

    private static Command ResumeCommand()
    {
        var dir = JobFolderArgument();
        var command = new Command("resume", "Resubmit only the shards that are missing or failed, and a merge job after them.") { dir };
        command.SetAction(parse =>
        {
            var console = Terminal.For(parse.InvocationConfiguration.Output);
            var (manifest, folder, submissions, status) = Current(parse.GetValue(dir)!);
            CheckToolUnchanged(manifest);
            var redo = status.Shards.Where(s => s.Phase is ClusterStatus.Failed or ClusterStatus.NotSubmitted).Select(s => s.Index).ToList();
            var lastMerge = submissions.LastOrDefault()?.MergeJobId;
            if (redo.Count == 0)
            {
                if (status.Merge.Phase is ClusterStatus.Done or ClusterStatus.Pending or ClusterStatus.Running || status.Shards.Any(s => s.Phase != ClusterStatus.Done))
                {
                    console.WriteLine($"Nothing to resume: no shard failed; merge {status.Merge.Phase}.");
                    return 0;
                }
                var mergeId = SlurmCommands.Submit(folder.MergeScript);
                folder.AppendSubmission(new Submission("", [], mergeId, DateTime.UtcNow));
                console.WriteLine($"All {manifest.Work.Shards} shards done; resubmitted the merge as job {mergeId}.");
                return 0;
            }
            // the old merge job waits on an array that can no longer succeed (afterok): replace it
            if (lastMerge is not null && status.Merge.Phase == ClusterStatus.Pending)
                SlurmCommands.Check("scancel", lastMerge);
            var stillQueued = status.Shards.Where(s => s.Phase is ClusterStatus.Pending or ClusterStatus.Running)
                .Select(s => JobFolder.LatestFor(submissions, s.Index)!.ArrayJobId).Distinct().ToList();
            var sub = ClusterJobs.Submit(folder, redo, manifest.Work.Shards, stillQueued);
            console.WriteLine($"Resubmitted shard(s) {ClusterJobs.ArrayList(redo)} of {manifest.Work.Shards} as array job {sub.ArrayJobId}; merge job {sub.MergeJobId}"
                + (lastMerge is not null && status.Merge.Phase == ClusterStatus.Pending ? $" (replaces {lastMerge})." : "."));
            return 0;
        });
        return command;
    }

    /// <summary>A rerun shard must come from the same build as the shards already done, or the merge would mix versions.</summary>
    private static void CheckToolUnchanged(ClusterManifest manifest)
    {
        var dll = manifest.Run.ToolDll;
        if (!File.Exists(dll)) throw new CliException($"the tool of this job, {dll}, no longer exists: the nodes could not run the resubmitted shards.");
        var now = System.Diagnostics.FileVersionInfo.GetVersionInfo(dll).ProductVersion ?? "unknown";
        if (now != manifest.Work.ToolVersion)
            throw new CliException($"{dll} is now version {now}, but this job was submitted with {manifest.Work.ToolVersion}: rerun shards would not match the finished ones; submit a new job folder.");
    }

    private static Command MergeCommand()
    {
        var dir = JobFolderArgument();
        var output = new Option<string?>("--out") { Description = "Merged report folder (default: DIR/merged)." };
        var command = new Command("merge", "Check that every shard of the job is present once and carries its manifest hash, then 'memspice merge' them (the merge job runs this).") { dir, output };
        command.SetAction(parse =>
        {
            var manifest = ClusterManifest.Load(parse.GetValue(dir)!);
            var folder = new JobFolder(parse.GetValue(dir)!);
            var shardDirs = ClusterJobs.CheckedShardFolders(manifest, folder);
            // The job's own merged/ folder is replaced when the merge runs again (after a resume); a folder named by --out is not.
            string[] force = parse.GetValue(output) is null ? ["--force"] : [];
            return CliApp.Run(["merge", "--out", parse.GetValue(output) ?? folder.MergedDir, .. force, .. shardDirs],
                parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
        });
        return command;
    }
}
