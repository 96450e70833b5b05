using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using MemristorSpice.Netlist.Ngspice;

namespace MemristorSpice.Tests.Shared;

/// <summary>ngspice run on a generated deck exactly as a user would run it, for the tests that check stimulus decks.</summary>
internal static class NgspiceBatch
{
    /// <summary>
    /// Runs <paramref name="deck"/> in <paramref name="folder"/> (its .include paths are relative to it) with
    /// <c>ngspice -b</c>, at most 300 s, fails on any error ngspice prints, and returns its .meas results ("name = value"
    /// lines; ngspice drops the space after a name of 20 characters or more).
    /// </summary>
    public static Dictionary<string, double> RunMeasures(string exe, string folder, string deck)
    {
        var psi = new ProcessStartInfo(exe) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("-b");
        psi.ArgumentList.Add(deck);
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(300_000)) { process.Kill(true); throw new TimeoutException($"ngspice did not finish {deck} in 300 s"); }
        var output = stdout.Result + stderr.Result;
        var errors = NgspiceRunner.FindErrors(output);
        Assert.True(errors.Count == 0, string.Join(" | ", errors));
        return Regex.Matches(output, @"^([^\s=]+)\s*=\s*(\S+)", RegexOptions.Multiline)
            .Where(m => double.TryParse(m.Groups[2].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            .GroupBy(m => m.Groups[1].Value).ToDictionary(g => g.Key, g => double.Parse(g.First().Groups[2].Value, CultureInfo.InvariantCulture));
    }
}
