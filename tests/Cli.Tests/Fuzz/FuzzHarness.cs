using System.Security.Cryptography;
using Xunit.Abstractions;

namespace MemristorSpice.Cli.Tests.Fuzz;

/// <summary>What one fuzz input did to the tool.</summary>
internal enum FuzzOutcome
{
    /// <summary>Exit 0: the input was accepted and the run finished.</summary>
    Accepted,
    /// <summary>Exit 1 or 2 with a one-line "memspice: ..." message and no stack trace.</summary>
    CleanError,
    /// <summary>Exit 70: the tool called the input a bug of its own.</summary>
    InternalError,
    /// <summary>Any other exit code, an exception escaping the CLI, a stack trace on stderr, or a write outside --out.</summary>
    Misbehaved,
    /// <summary>The run did not finish within the per-input time limit.</summary>
    Hang,
}

/// <summary>
/// Runs the memspice command tree in-process on one input inside a private sandbox folder and judges the run:
/// exit code, message shape, time limit, and that nothing outside the <c>out</c> folder was created, changed or
/// removed (a user's file <c>notes.txt</c> sits beside the input and beside the output folder). A crash that kills
/// the process (stack overflow) ends the test host, which the test script counts as a failed project.
/// </summary>
internal sealed class FuzzHarness(ITestOutputHelper output, TimeSpan limit)
{
    private readonly Dictionary<FuzzOutcome, int> counts = Enum.GetValues<FuzzOutcome>().ToDictionary(o => o, _ => 0);
    private readonly List<string> failures = [];

    public IReadOnlyDictionary<FuzzOutcome, int> Counts => counts;

    public IReadOnlyList<string> Failures => failures;

    /// <summary>
    /// Prepares a sandbox (input files written by <paramref name="populate"/> into <c>in/</c>), runs the arguments
    /// that <paramref name="arguments"/> builds from the sandbox root, judges the run and deletes the sandbox.
    /// Returns false when the run hung (the caller stops: the stuck thread keeps running).
    /// </summary>
    public bool Run(string label, Action<string> populate, Func<string, string[]> arguments)
    {
        var root = Directory.CreateTempSubdirectory("memspice-fuzz-").FullName;
        try
        {
            var input = Directory.CreateDirectory(Path.Combine(root, "in")).FullName;
            // An empty output folder is what a user gets from mkdir: the tool may write into it.
            Directory.CreateDirectory(Path.Combine(root, "out"));
            File.WriteAllText(Path.Combine(root, "notes.txt"), "a user's notes beside the output folder\n");
            File.WriteAllText(Path.Combine(input, "notes.txt"), "a user's notes beside the input\n");
            populate(input);
            var before = Snapshot(root);
            var args = arguments(root);
            var task = Task.Run(() => CliRunner.Run(args));
            if (!task.Wait(limit))
            {
                Record(FuzzOutcome.Hang, label, $"no answer within {limit.TotalSeconds:0} s");
                return false;
            }
            if (task.IsFaulted)
            {
                Record(FuzzOutcome.Misbehaved, label, $"exception escaped the CLI: {task.Exception!.InnerException}");
                return true;
            }
            var result = task.Result;
            var outcome = Judge(result, out var why);
            var escaped = WritesOutsideOut(root, before);
            if (escaped is not null)
            {
                outcome = FuzzOutcome.Misbehaved;
                why = escaped;
            }
            if (File.Exists(Path.Combine(root, "in", "PWNED")) || File.Exists(Path.Combine(Environment.CurrentDirectory, "PWNED")))
            {
                outcome = FuzzOutcome.Misbehaved;
                why = "a command from the input was executed (PWNED exists)";
            }
            Record(outcome, label, why);
            return true;
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); }
            catch (IOException) { /* a hung run may still hold a file; the temp folder is left for the OS */ }
        }
    }

    private static FuzzOutcome Judge(CliRunner.Result result, out string why)
    {
        why = $"exit {result.ExitCode}: {FirstLine(result.Err)}";
        bool stackTrace = result.Err.Contains("\n   at ", StringComparison.Ordinal) || result.Out.Contains("\n   at ", StringComparison.Ordinal)
            || result.Err.Contains("Unhandled exception", StringComparison.Ordinal);
        if (stackTrace) return FuzzOutcome.Misbehaved;
        return result.ExitCode switch
        {
            0 => FuzzOutcome.Accepted,
            1 or 2 when result.Err.StartsWith("memspice: ", StringComparison.Ordinal) => FuzzOutcome.CleanError,
            70 => FuzzOutcome.InternalError,
            _ => FuzzOutcome.Misbehaved,
        };
    }

    private void Record(FuzzOutcome outcome, string label, string why)
    {
        counts[outcome]++;
        if (outcome is FuzzOutcome.InternalError or FuzzOutcome.Misbehaved or FuzzOutcome.Hang)
        {
            failures.Add($"{outcome}: {label}: {why}");
        }
    }

    /// <summary>Prints the table of outcomes to the test log.</summary>
    public void Report(string title)
    {
        output.WriteLine($"{title}: {counts.Values.Sum()} inputs");
        foreach (var (outcome, n) in counts) output.WriteLine($"  {outcome,-14} {n,6}");
        foreach (var f in failures.Take(20)) output.WriteLine("  " + f);
    }

    private static string FirstLine(string text)
    {
        var line = text.Split('\n', 2)[0];
        return line.Length > 200 ? line[..200] + "..." : line;
    }

    /// <summary>Content hashes of every file in the sandbox outside its <c>out</c> folder.</summary>
    private static Dictionary<string, string> Snapshot(string root)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, file);
            if (relative.StartsWith("out" + Path.DirectorySeparatorChar, StringComparison.Ordinal)) continue;
            result[relative] = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)));
        }
        return result;
    }

    /// <summary>Names a file outside <c>out/</c> that appeared, changed or vanished, or a symbolic link inside it; null when none.</summary>
    private static string? WritesOutsideOut(string root, Dictionary<string, string> before)
    {
        var after = Snapshot(root);
        foreach (var (file, hash) in before)
        {
            if (!after.TryGetValue(file, out var now)) return $"{file} was removed";
            if (now != hash) return $"{file} was changed";
        }
        foreach (var file in after.Keys)
        {
            // Our own temporary names start with a dot and must be gone after the run.
            if (!before.ContainsKey(file)) return $"{file} was written outside the output folder";
        }
        foreach (var dir in Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, dir);
            if (relative is "in" or "out" || relative.StartsWith("out" + Path.DirectorySeparatorChar, StringComparison.Ordinal)) continue;
            return $"folder {relative} was created outside the output folder";
        }
        var outDir = Path.Combine(root, "out");
        if (Directory.Exists(outDir))
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries(outDir, "*", SearchOption.AllDirectories))
            {
                if (new FileInfo(entry).LinkTarget is not null) return $"symbolic link {Path.GetRelativePath(root, entry)} in the output folder";
            }
        }
        return null;
    }
}
