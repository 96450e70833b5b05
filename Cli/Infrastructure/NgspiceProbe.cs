using System.Diagnostics;
using System.Text.RegularExpressions;

namespace MemristorSpice.Cli.Infrastructure;

/// <summary>Finds ngspice on PATH and asks it for its version.</summary>
internal static partial class NgspiceProbe
{
    public static (string Path, string Version)? Find()
    {
        var path = ExecutableSearch.Find("ngspice");
        if (path is null) return null;
        try
        {
            var psi = new ProcessStartInfo(path, "--version") { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(psi)!;
            var text = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(10_000)) { process.Kill(true); return (path, "unknown (no answer to --version)"); }
            var match = VersionPattern().Match(text);
            return (path, match.Success ? match.Groups[1].Value : "unknown");
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or IOException)
        {
            return (path, $"cannot run: {ex.Message}");
        }
    }

    [GeneratedRegex(@"ngspice-(\S+)")]
    private static partial Regex VersionPattern();
}
