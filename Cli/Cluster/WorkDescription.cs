using System.CommandLine;
using MemristorSpice.Cli.Commands;
using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Reports;

namespace MemristorSpice.Cli.Cluster;

/// <summary>
/// Turns the options passed through to <c>cosim</c> or <c>sweep</c> into the <see cref="ClusterWork"/> of a job:
/// they are parsed by the real command (with a trial --shard 1/N and --out) so that a bad option fails at submit
/// time, not on the nodes; file arguments are fixed by SHA-256; cosim's non-idealities are resolved with all seeds.
/// </summary>
internal static class WorkDescription
{
    private static readonly string[] Reserved = ["--shard", "--out"];

    /// <param name="warning">Set when the command does not exist in this build (sweep before it is merged) and the
    /// options could not be checked; only allowed for a dry run.</param>
    public static ClusterWork Build(string kind, IReadOnlyList<string> passThrough, int shards, int cpusPerTask, string toolDll, bool dryRun, out string? warning)
    {
        warning = null;
        foreach (var a in passThrough)
            if (Reserved.Any(r => a == r || a.StartsWith(r + "=", StringComparison.Ordinal) || a.StartsWith(r + ":", StringComparison.Ordinal)))
                throw new CliException($"{a.Split('=', ':')[0]} is set per task by 'cluster submit' (use --shards N and --out DIR for the job folder).", CliApp.UsageError);
        var args = passThrough.ToList();
        var command = CliApp.BuildRoot().Subcommands.FirstOrDefault(c => c.Name == kind);
        string? settings = null;
        if (command is null)
        {
            if (!dryRun) throw new CliException($"this memspice build has no '{kind}' command: the nodes could not run it.");
            warning = $"this memspice build has no '{kind}' command: its options were passed through unchecked.";
        }
        else
        {
            if (command.Options.Any(o => o.Name == "--threads") && !args.Contains("--threads"))
                args.AddRange(["--threads", cpusPerTask.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            var trial = Path.Combine(Path.GetTempPath(), "memspice-cluster-trial-out");
            var parse = CliApp.BuildRoot().Parse([kind, .. args, "--shard", $"1/{shards}", "--out", trial]);
            if (parse.Errors.Count > 0) throw new CliException($"{kind} options: {parse.Errors[0].Message}", CliApp.UsageError);
            if (kind == "cosim") settings = CosimSettings(parse, shards);
        }
        var inputs = args.Where(File.Exists).Distinct().Select(a => new InputFile(a, RunSettings.FileSha256(a))).ToList();
        // the version of the build the nodes run (informational version: semantic version + commit)
        var version = System.Diagnostics.FileVersionInfo.GetVersionInfo(toolDll).ProductVersion ?? "unknown";
        return new ClusterWork(kind, args, shards, inputs, settings, version);
    }

    /// <summary>The non-idealities exactly as the tasks will use them (file + overrides, every seed), as JSON.</summary>
    private static string CosimSettings(ParseResult parse, int shards)
    {
        if (parse.GetValue<int?>("--images") is { } images && shards > images)
            throw new CliException($"--shards {shards} is more than --images {images}: some shards would hold no image.", CliApp.UsageError);
        var settings = CircuitSettings.Load(parse.GetValue<string?>("--nonideal"), parse.GetValue<int?>("--dac-bits"),
            parse.GetValue<int?>("--adc-bits"), parse.GetValue<double?>("--wire-ohms"), parse.GetValue<double?>("--a0"));
        return NonIdealitiesJson.Write(settings, indented: false);
    }
}
