using System.CommandLine;
using MemristorSpice.Cosim;
using MemristorSpice.Cosim.Reports;

namespace MemristorSpice.Cli.Infrastructure;

/// <summary>The weights file and training log that <c>train</c>, <c>finetune</c> and <c>prune</c> write.</summary>
internal static class TrainingOutputs
{
    /// <summary>
    /// The rules for a training command's weights file (--out) and log (--log), checked before training starts so
    /// that a refused path costs nothing; the writes check them again.
    /// </summary>
    public static (OutputTarget Out, OutputTarget Log) TargetsOf(string command, bool force, string outPath, string logPath, params IEnumerable<string?> inputs)
    {
        var target = OutputOptions.Target(command, force, inputs);
        var logTarget = target with { Option = "--log" };
        target.CheckFile(outPath);
        logTarget.CheckFile(logPath);
        if (Path.GetFullPath(outPath) == Path.GetFullPath(logPath)) throw new CliException($"--log {logPath} is the weights file --out: give another name.", CliApp.UsageError);
        return (target, logTarget);
    }

    /// <summary>The <c>--log</c> option shared by the training commands.</summary>
    public static Option<string?> LogOption() =>
        new("--log") { Description = "Per-epoch training log (CSV) to write (default: next to --out, extension .log.csv)." };

    /// <summary>The log path: <c>--log</c>, or the weights file with the extension .log.csv.</summary>
    public static string LogPathOf(string outPath, string? log) => log ?? Path.ChangeExtension(outPath, ".log.csv");
}
