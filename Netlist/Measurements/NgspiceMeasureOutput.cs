using System.Globalization;
using System.Text.RegularExpressions;

namespace MemristorSpice.Netlist.Measurements;

/// <summary>
/// Reads the measured values from ngspice's batch output. ngspice prints, after "Measurements for ... Analysis", one
/// line per successful measurement, <c>name = value</c> followed by details (<c>targ= ... trig= ...</c>, <c>from= ...
/// to= ...</c>, <c>at= ...</c>); the result is the first number after the name. A failed measurement prints
/// "Error: measure  name ..." and a line ending in "failed!" instead. Lines that share a name are paired in order (the
/// k-th line with the k-th value printed for the name), so a failure among them shifts the later ones. Only names of the requested measurements are read,
/// only between the measurement header and the statistics ngspice prints at the end, so that "Stack = 0 bytes" and
/// the like are never taken for a result.
/// </summary>
internal static partial class NgspiceMeasureOutput
{
    [GeneratedRegex(@"^\s*(?<name>[^\s=]+)\s*=\s*(?<value>[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[-+]?(?:nan|inf)\b)", RegexOptions.IgnoreCase)]
    private static partial Regex ValueLine();

    public static IReadOnlyList<MeasurementResult> Read(string output, IReadOnlyList<Measurement> requested)
    {
        var lines = output.Replace("\r\n", "\n").Split('\n');
        int start = Array.FindIndex(lines, l => l.TrimStart().StartsWith("Measurements for", StringComparison.OrdinalIgnoreCase));
        var values = new Dictionary<string, List<double>>(StringComparer.OrdinalIgnoreCase);
        var failures = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        // Failures go to standard error, which follows the standard output in the text: read them anywhere.
        for (int k = 0; k < lines.Length; k++)
        {
            string line = lines[k].Trim();
            if (!line.StartsWith("Error: measure", StringComparison.OrdinalIgnoreCase)) continue;
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            string detail = string.Join(' ', words.Skip(3));
            if (k + 1 < lines.Length && lines[k + 1].StartsWith('\t')) detail = (detail + " " + lines[k + 1].Trim()).Trim();
            if (words.Length > 2) failures.TryAdd(words[2], detail.Length == 0 ? line : detail);
        }
        if (start >= 0)
        {
            for (int k = start + 1; k < lines.Length; k++)
            {
                string line = lines[k].Trim();
                if (line.StartsWith("Total analysis time", StringComparison.OrdinalIgnoreCase) || line.StartsWith("Total elapsed time", StringComparison.OrdinalIgnoreCase))
                    break;
                var match = ValueLine().Match(line);
                if (!match.Success) continue;
                string text = match.Groups["value"].Value;
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || TryNonFinite(text, out v))
                {
                    string name = match.Groups["name"].Value;
                    if (!values.TryGetValue(name, out var list)) values[name] = list = [];
                    list.Add(v);
                }
            }
        }
        // Several lines may share a name (ngspice prints each): the k-th line of a name takes the k-th value printed for it.
        var used = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var results = new List<MeasurementResult>();
        foreach (var m in requested)
        {
            int k = used.GetValueOrDefault(m.Name);
            used[m.Name] = k + 1;
            results.Add(values.TryGetValue(m.Name, out var list) && k < list.Count && double.IsFinite(list[k])
                ? new MeasurementResult(m.Name, m.AnalysisKind, list[k], null) { Definition = m }
                : new MeasurementResult(m.Name, m.AnalysisKind, null,
                    failures.TryGetValue(m.Name, out var why) ? "ngspice: " + why : "ngspice printed no value") { Definition = m });
        }
        return results;
    }

    private static bool TryNonFinite(string text, out double value)
    {
        value = double.NaN;
        return text.Contains("nan", StringComparison.OrdinalIgnoreCase) || text.Contains("inf", StringComparison.OrdinalIgnoreCase);
    }
}
