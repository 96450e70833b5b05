using System.Globalization;
using CsvHelper;
using MemristorSpice.Cosim.Reports;
using MemristorSpice.Netlist.Simulation;

namespace MemristorSpice.Cli.Output;

/// <summary>
/// Writes result tables: CSV (CsvHelper; axis column then one column per signal) and PNG (ScottPlot; TRAN
/// versus time, DC versus the swept source). Each file is written under a temporary name and then renamed,
/// so a reader never sees half a file. With several analyses, the kind is added to the name
/// (results.dc.csv, results.tran.csv). AC tables: frequency_hz, then vdb(x) (dB) and vp(x)_deg (degrees) per
/// signal; their plot is a Bode plot.
/// </summary>
internal static class ResultFiles
{
    public static IReadOnlyList<string> WriteCsv(SimulationResult result, string path, IReadOnlyList<string>? signals, OutputTarget rules)
    {
        var written = new List<string>();
        foreach (var (analysis, target) in Checked(Targets(result.Analyses, path), rules))
        {
            var names = SignalSelection.Select(analysis.Table, signals);
            Atomic(target, temp =>
            {
                using var writer = new StreamWriter(temp);
                using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
                csv.WriteField(analysis.Kind == "ac" ? "frequency_hz" : analysis.Table.AxisName);
                foreach (var n in names) csv.WriteField(n);
                csv.NextRecord();
                for (int row = 0; row < analysis.Table.Count; row++)
                {
                    csv.WriteField(analysis.Table.Axis[row].ToString("R", CultureInfo.InvariantCulture));
                    foreach (var n in names) csv.WriteField(analysis.Table[n][row].ToString("R", CultureInfo.InvariantCulture));
                    csv.NextRecord();
                }
            });
            written.Add(target);
        }
        return written;
    }

    public static IReadOnlyList<string> WritePlots(SimulationResult result, string path, IReadOnlyList<string>? signals, OutputTarget rules)
    {
        var written = new List<string>();
        var plottable = result.Analyses.Where(a => a.Kind is "dc" or "tran" or "ac").ToList();
        foreach (var (analysis, target) in Checked(Targets(plottable, path), rules))
        {
            if (analysis.Kind == "ac")
            {
                var title = PlotTitle(result, analysis);
                Plots.BodePlot.Write(analysis.Table, SignalSelection.AcSignals(analysis.Table, signals), title, target, Atomic);
                written.Add(target);
                continue;
            }
            var table = analysis.Table;
            var plot = new ScottPlot.Plot();
            var names = SignalSelection.Select(table, signals);
            bool mixed = names.Any(n => n.StartsWith("v(", StringComparison.Ordinal)) && names.Any(n => n.StartsWith("i(", StringComparison.Ordinal));
            foreach (var n in names)
            {
                var line = plot.Add.Scatter(table.Axis, table[n]);
                line.LegendText = n;
                line.MarkerSize = 0;
                // Currents are usually orders of magnitude below voltages: give them the right axis.
                if (mixed && n.StartsWith("i(", StringComparison.Ordinal)) line.Axes.YAxis = plot.Axes.Right;
            }
            plot.Title(PlotTitle(result, analysis));
            plot.XLabel(analysis.Kind == "tran" ? "time (s)" : $"{table.AxisName} ({SignalSelection.SweepUnit(table.AxisName)})");
            if (mixed)
            {
                plot.YLabel("voltage (V)");
                plot.Axes.Right.Label.Text = "current (A)";
            }
            else plot.YLabel(names.All(n => n.StartsWith("i(", StringComparison.Ordinal)) ? "current (A)" : "voltage (V)");
            plot.ShowLegend();
            Atomic(target, temp => plot.SavePng(temp, 1000, 600));
            written.Add(target);
        }
        return written;
    }

    /// <summary>Every file of the set is checked (exists without --force, is an input, ...) before the first is written.</summary>
    private static List<(AnalysisResult, string)> Checked(IEnumerable<(AnalysisResult, string)> targets, OutputTarget rules)
    {
        var list = targets.ToList();
        foreach (var (_, target) in list) rules.CheckFile(target);
        return list;
    }

    private static IEnumerable<(AnalysisResult, string)> Targets(IReadOnlyList<AnalysisResult> analyses, string path)
    {
        if (analyses.Count == 1)
        {
            yield return (analyses[0], path);
            yield break;
        }
        var counts = new Dictionary<string, int>();
        string stem = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", Path.GetFileNameWithoutExtension(path));
        string extension = Path.GetExtension(path);
        foreach (var a in analyses)
        {
            // ngspice's plot names (dc1, tran2, ...) when known, so files match the plots a .control block made.
            int k = counts[a.Kind] = counts.GetValueOrDefault(a.Kind) + 1;
            yield return (a, a.PlotName.Length > 0 ? $"{stem}.{a.PlotName}{extension}" : $"{stem}.{a.Kind}{(k > 1 ? k.ToString(CultureInfo.InvariantCulture) : "")}{extension}");
        }
    }

    internal static void Atomic(string target, Action<string> write)
    {
        var full = Path.GetFullPath(target);
        var directory = Path.GetDirectoryName(full) ?? ".";
        if (!Directory.Exists(directory)) throw new CliException($"output folder does not exist: {directory}");
        AtomicFile.Write(full, write);
    }

    /// <summary>The deck's title (shortened to fit the image) over the analysis line and the backend.</summary>
    private static string PlotTitle(SimulationResult result, AnalysisResult analysis)
    {
        const int width = 90;
        string deck = result.Title.Length <= width ? result.Title : result.Title[..(width - 1)].TrimEnd() + "…";
        return $"{deck}\n{analysis.Label}, {result.Backend.ToString().ToLowerInvariant()}";
    }
}

/// <summary>The --signals filter: names as in the results (v(node), i(element)), case-insensitive.</summary>
internal static class SignalSelection
{
    public static IReadOnlyList<string> Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        var names = new List<string>();
        int depth = 0, start = 0;
        for (int k = 0; k <= text.Length; k++)
        {
            if (k < text.Length && text[k] == '(') depth++;
            else if (k < text.Length && text[k] == ')') depth--;
            else if (k == text.Length || (text[k] == ',' && depth == 0))
            {
                var name = text[start..k].Trim().ToLowerInvariant().Replace(" ", "");
                if (name.Length > 0) names.Add(name);
                start = k + 1;
            }
        }
        return names;
    }

    /// <summary>
    /// Base signals ("v(out)") of an AC table, all or the wanted ones; "v(out)", "vdb(out)" and "vp(out)_deg" all
    /// select v(out).
    /// </summary>
    public static IReadOnlyList<string> AcSignals(Engine.Results.WaveformTable table, IReadOnlyList<string>? wanted)
    {
        var available = table.Names.Select(Engine.Results.AcColumns.Parse).Where(p => p is { IsDecibels: true }).Select(p => p!.Value.Signal)
            .Order(StringComparer.Ordinal).ToList();
        if (wanted is null || wanted.Count == 0) return available;
        var chosen = new List<string>();
        foreach (var w in wanted)
        {
            var signal = Engine.Results.AcColumns.Parse(w)?.Signal ?? w;
            if (!available.Contains(signal))
                throw new CliException($"no signal '{w}' in the AC results; available: {string.Join(", ", available.Take(30))}");
            if (!chosen.Contains(signal)) chosen.Add(signal);
        }
        return chosen;
    }

    public static IReadOnlyList<string> Select(Engine.Results.WaveformTable table, IReadOnlyList<string>? wanted)
    {
        if (table.AxisName == Engine.Results.AcColumns.Axis)
            return AcSignals(table, wanted).SelectMany(s => new[] { Engine.Results.AcColumns.Decibels(s), Engine.Results.AcColumns.Degrees(s) }).ToList();
        var available = table.Names.Where(n => n != table.AxisName && (n.StartsWith("v(", StringComparison.Ordinal) || n.StartsWith("i(", StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal).ToList();
        if (wanted is null || wanted.Count == 0) return available;
        foreach (var w in wanted)
        {
            if (!table.Contains(w))
                throw new CliException($"no signal '{w}' in the results; available: {string.Join(", ", available.Take(30))}");
        }
        return wanted;
    }

    /// <summary>Unit of a .dc sweep axis: TEMP in °C, a resistor in Ohms, a voltage or current source in V or A.</summary>
    public static string SweepUnit(string axis) => axis switch
    {
        "temp" => "°C",
        _ when axis.StartsWith('r') => "Ω",
        _ when axis.StartsWith('i') => "A",
        _ => "V",
    };
}
