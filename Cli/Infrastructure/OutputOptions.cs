using System.CommandLine;
using MemristorSpice.Cosim.Reports;

namespace MemristorSpice.Cli.Infrastructure;

/// <summary>The <c>--force</c> option and the output rules (<see cref="OutputTarget"/>) every writing command applies.</summary>
internal static class OutputOptions
{
    public static Option<bool> Force(bool folder = true) => new("--force")
    {
        Description = folder
            ? "Replace an earlier memspice result at --out (a folder holding files memspice did not write is never replaced)."
            : "Replace existing output files.",
    };

    /// <summary>The rules for <paramref name="command"/>: never an input, never the repository root.</summary>
    public static OutputTarget Target(string command, bool force, params IEnumerable<string?> inputs) =>
        new(command, CliApp.Version, force, [.. inputs.OfType<string>().Where(i => i.Length > 0)], RepoPaths.Root is { } root ? [root] : []);
}
