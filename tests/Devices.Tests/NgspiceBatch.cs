using System.Diagnostics;
using System.Globalization;
using MemristorSpice.Tests.Shared;

namespace MemristorSpice.Devices.Tests;

/// <summary>
/// Minimal private ngspice runner for these tests: writes the deck, runs `ngspice -b -r out.raw` with an ASCII
/// raw file, fails on any error text (ngspice exits 0 even for broken decks), and parses the vectors.
/// </summary>
internal static class NgspiceBatch
{
    public sealed class Result(Dictionary<string, double[]> vectors, string log)
    {
        public string Log { get; } = log;

        public double[] this[string name] =>
            vectors.TryGetValue(name.ToLowerInvariant(), out var v)
                ? v
                : throw new KeyNotFoundException($"vector {name} not in raw file; have: {string.Join(", ", vectors.Keys)}");
    }

    public static Result Run(string deck, int timeoutSeconds = 120)
    {
        var exe = Dependencies.RequireNgspice();
        var dir = Directory.CreateTempSubdirectory("memspice-dev-");
        try
        {
            var deckPath = Path.Combine(dir.FullName, "deck.cir");
            var rawPath = Path.Combine(dir.FullName, "out.raw");
            File.WriteAllText(deckPath, deck);
            var psi = new ProcessStartInfo(exe, ["-b", "-r", rawPath, deckPath])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = dir.FullName,
            };
            psi.Environment["SPICE_ASCIIRAWFILE"] = "1";
            using var proc = Process.Start(psi)!;
            var stdout = proc.StandardOutput.ReadToEndAsync();
            var stderr = proc.StandardError.ReadToEndAsync();
            if (!proc.WaitForExit(timeoutSeconds * 1000))
            {
                proc.Kill(true);
                throw new TimeoutException($"ngspice did not finish in {timeoutSeconds} s");
            }
            var log = stdout.Result + "\n" + stderr.Result;
            foreach (var bad in new[] { "Error", "error:", "fatal", "Mismatch", "unknown subckt", "Unknown", "singular", "Timestep too small" })
                if (log.Contains(bad, StringComparison.Ordinal))
                    throw new InvalidOperationException($"ngspice reported '{bad}':\n{log}\n--- deck ---\n{deck}");
            if (!File.Exists(rawPath))
                throw new InvalidOperationException($"ngspice wrote no raw file:\n{log}");
            return new Result(ParseAsciiRaw(File.ReadAllLines(rawPath)), log);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    private static Dictionary<string, double[]> ParseAsciiRaw(string[] lines)
    {
        int nVars = 0, nPoints = 0, i = 0;
        var names = new List<string>();
        for (; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith("No. Variables:", StringComparison.Ordinal)) nVars = int.Parse(line[14..].Trim(), CultureInfo.InvariantCulture);
            else if (line.StartsWith("No. Points:", StringComparison.Ordinal)) nPoints = int.Parse(line[11..].Trim(), CultureInfo.InvariantCulture);
            else if (line.StartsWith("Variables:", StringComparison.Ordinal))
            {
                for (var k = 0; k < nVars; k++)
                    names.Add(lines[++i].Split('\t', StringSplitOptions.RemoveEmptyEntries)[1].ToLowerInvariant());
            }
            else if (line.StartsWith("Values:", StringComparison.Ordinal)) { i++; break; }
        }
        var data = names.Select(_ => new double[nPoints]).ToArray();
        var values = new List<double>(nVars * nPoints);
        for (; i < lines.Length; i++)
        {
            var parts = lines[i].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0) continue;
            // Each point starts with "<index> <value>", the other variables follow one per line.
            values.Add(double.Parse(parts[^1], CultureInfo.InvariantCulture));
        }
        if (values.Count != nVars * nPoints)
            throw new InvalidOperationException($"raw file has {values.Count} values, expected {nVars}x{nPoints}");
        for (var p = 0; p < nPoints; p++)
            for (var v = 0; v < nVars; v++)
                data[v][p] = values[p * nVars + v];
        return names.Select((n, k) => (n, k)).ToDictionary(t => t.n, t => data[t.k]);
    }
}
