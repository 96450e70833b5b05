using System.Diagnostics;
using MemristorSpice.Cli.Infrastructure;

namespace MemristorSpice.Cli.Cluster;

/// <summary>Output of one Slurm client command.</summary>
internal sealed record CommandOutput(int ExitCode, string Out, string Err);

/// <summary>
/// Runs Slurm's client commands (sbatch, squeue, sacct, scancel, sinfo) with a time limit. A missing command or an
/// unreachable controller is a <see cref="CliException"/> that says so.
/// </summary>
internal static class SlurmCommands
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    public static bool Available(string program) => ExecutableSearch.Find(program) is not null;

    public static CommandOutput Run(string program, params string[] args)
    {
        if (!Available(program))
            throw new CliException($"'{program}' not found on PATH: Slurm's client commands are needed (a single-node cluster on this machine: scripts/slurm-local).");
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = Process.Start(info) ?? throw new CliException($"could not start '{program}'.");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(Limit))
        {
            p.Kill(entireProcessTree: true);
            throw new CliException($"'{program} {string.Join(' ', args)}' did not answer within {Limit.TotalSeconds:0} s (is slurmctld running? scripts/slurm-local starts a local one).");
        }
        return new CommandOutput(p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs the command and throws with its error text when it fails.</summary>
    public static string Check(string program, params string[] args)
    {
        var r = Run(program, args);
        if (r.ExitCode != 0)
        {
            var reason = (r.Err.Trim().Length > 0 ? r.Err : r.Out).Trim().ReplaceLineEndings(" ");
            throw new CliException($"{program} failed (exit {r.ExitCode}): {reason}");
        }
        return r.Out;
    }

    /// <summary>Names of the partitions the controller knows (sinfo).</summary>
    public static IReadOnlyList<string> Partitions() =>
        Check("sinfo", "-h", "-o", "%R").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();

    /// <summary>sbatch --parsable: the job id (a cluster name after ';' is dropped).</summary>
    public static string Submit(params string[] args)
    {
        var output = Check("sbatch", ["--parsable", .. args]).Trim();
        var id = output.Split(';')[0].Trim();
        if (id.Length == 0 || !id.All(char.IsAsciiDigit)) throw new CliException($"sbatch printed no job id (got '{output}').");
        return id;
    }
}
