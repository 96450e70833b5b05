using System.Globalization;
using MemristorSpice.Cli.Plots;
using MemristorSpice.Cosim;
using Spectre.Console;

namespace MemristorSpice.Cli.Infrastructure;

/// <summary>Writes a co-simulation report folder (CSV, JSON, PNG) atomically and prints its per-layer table.</summary>
internal static class CosimOutput
{
    public const string SnrPng = "snr.png", ScatterPng = "scatter.png", ConfusionPng = "confusion.png";

    public static void Write(string outDir, CosimReport report, string? scatterLayer)
    {
        AtomicDirectory.Write(outDir, dir =>
        {
            ReportFiles.Write(dir, report);
            var o = report.Outcome;
            var analog = o.Analog;
            SnrBarPlot.Save(o.Layers, $"Per-layer SNR, {o.Predictions.Count} images", Path.Combine(dir, SnrPng));
            var layer = scatterLayer ?? o.Layers[^1].Layer;
            var sample = o.Scatter.FirstOrDefault(s => s.Layer == layer)
                ?? throw new CliException($"--scatter-layer {layer}: no such analog layer (have {string.Join(", ", o.Layers.Select(l => l.Layer))}).");
            AnalogScatterPlot.Save(sample, $"{layer}: analog vs ideal, image {sample.Image}", Path.Combine(dir, ScatterPng));
            ConfusionMatrixPlot.Save(analog.Confusion, $"analog path: {100 * analog.Accuracy:F2} % on {analog.Count} images", Path.Combine(dir, ConfusionPng));
        });
    }

    public static void Print(IAnsiConsole console, CosimReport report)
    {
        var table = new Table { Title = new TableTitle("analog layers vs (a) ideal layer fed the same input, (b) ideal network") };
        foreach (var h in new[] { "layer", "kind", "xbars", "tiles", "patches", "max|err| a", "RMS a", "SNR a dB", "corr a", "max|err| b", "RMS b", "SNR b dB", "corr b", "ADC clip" })
            table.AddColumn(new TableColumn(h).RightAligned());
        foreach (var l in report.Outcome.Layers)
        {
            var a = l.VsSameInput;
            var b = l.VsIdealNetwork;
            table.AddRow(Markup.Escape(l.Layer), l.Kind.ToString(), l.Crossbars.ToString(), l.Tiles.ToString(), l.Patches.ToString(),
                G(a.MaxAbsError), G(a.RmsError), Db(a.SnrDb), C(a.Correlation), G(b.MaxAbsError), G(b.RmsError), Db(b.SnrDb), C(b.Correlation),
                l.AdcClipped.ToString());
        }
        console.Write(table);
        var analog = report.Outcome.Analog;
        var ideal = report.Outcome.Ideal;
        console.MarkupLine($"Accuracy: analog path [bold]{100 * analog.Accuracy:F2} %[/] ({analog.Correct}/{analog.Count}), " +
                           $"ideal float network {100 * ideal.Accuracy:F2} % ({ideal.Correct}/{ideal.Count}); " +
                           $"{report.Outcome.Predictions.Count(p => p.Analog != p.Ideal)} predictions differ; " +
                           $"{report.Outcome.Seconds:F1} s ({report.Outcome.Predictions.Count / Math.Max(report.Outcome.Seconds, 1e-9):F0} images/s)");
    }

    private static string G(double v) => v.ToString("G3", CultureInfo.InvariantCulture);
    private static string Db(double v) => double.IsPositiveInfinity(v) ? "inf" : v.ToString("F1", CultureInfo.InvariantCulture);
    private static string C(double v) => v.ToString("F6", CultureInfo.InvariantCulture);
}
