using System.Globalization;
using MemristorSpice.Cosim.Backends;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Reports;
using ScottPlot;

namespace MemristorSpice.Cli.Plots;

/// <summary>
/// settling.png: per analog layer, the largest settling error (ADC LSBs, log scale) against the time since the DAC
/// step within a read slot, with the 0.5 LSB line and the configured read time. Where a curve crosses 0.5 LSB is
/// the read time that layer needs.
/// </summary>
internal static class SettlingPlot
{
    /// <summary>Errors below this (LSB) are drawn at it: exact settling would be minus infinity on the log axis.</summary>
    private const double FloorLsb = 1e-6;

    /// <summary>Writes the plot; its title carries the design point recorded in <paramref name="settingsJson"/>.</summary>
    public static void Save(IReadOnlyList<SettlingCurve> curves, TranOptions tran, string settingsJson, string path)
    {
        var plot = new Plot();
        var (scale, unit) = TimeUnit(curves.SelectMany(c => c.Points).Select(p => p.TimeSeconds).DefaultIfEmpty(tran.ReadTimeSeconds).Max());
        var palette = new ScottPlot.Palettes.Category10();
        double yMax = 0;
        for (int i = 0; i < curves.Count; i++)
        {
            var c = curves[i];
            var xs = c.Points.Select(p => p.TimeSeconds * scale).ToArray();
            var ys = c.Points.Select(p => Math.Log10(Math.Max(p.MaxErrorLsb, FloorLsb))).ToArray();
            if (ys.Length > 0) yMax = Math.Max(yMax, ys.Max());
            var line = plot.Add.ScatterLine(xs, ys, palette.GetColor(i));
            line.LineWidth = 2;
            line.LegendText = (c.HalfLsbSeconds is { } t
                ? $"{c.Layer}: 0.5 LSB after {t * scale:G3} {unit}"
                : $"{c.Layer}: above 0.5 LSB for the whole probe") +
                (tran.LayerReadTimeSeconds is null ? "" : $"; reads at {tran.ReadTimeFor(c.Layer) * scale:G3} {unit}");
            if (tran.LayerReadTimeSeconds is not null)
            {
                // Each layer's own read time (measured settling) as a dotted line in its colour.
                var own = plot.Add.VerticalLine(tran.ReadTimeFor(c.Layer) * scale, 1f, palette.GetColor(i), LinePattern.Dotted);
                own.LegendText = "";
            }
        }
        var half = plot.Add.HorizontalLine(Math.Log10(0.5), 1.5f, Colors.Black, LinePattern.Dashed);
        half.LegendText = "0.5 LSB";
        var read = plot.Add.VerticalLine(tran.ReadTimeSeconds * scale, 1.5f, Colors.Red, LinePattern.Dotted);
        read.LegendText = tran.LayerReadTimeSeconds is null ? $"read time {tran.ReadTimeSeconds * scale:G3} {unit}"
            : $"slowest layer's read time {tran.ReadTimeSeconds * scale:G3} {unit} (each layer: measured settling, dotted)";
        int k0 = (int)Math.Log10(FloorLsb), k1 = Math.Max(1, (int)Math.Ceiling(yMax));
        var ticks = Enumerable.Range(k0, k1 - k0 + 1).ToArray();
        plot.Axes.Left.SetTicks(ticks.Select(k => (double)k).ToArray(), ticks.Select(k => Math.Pow(10, k).ToString("G3", CultureInfo.InvariantCulture)).ToArray());
        plot.Axes.SetLimitsY(k0 - 0.2, k1 + 0.2);
        plot.XLabel($"time since the DAC step within the read slot ({unit})");
        plot.YLabel("max |tran - settled DC| (ADC LSB, log)");
        plot.Title(ConfigurationCaption.Titled($"Settling per analog layer ({curves.FirstOrDefault()?.Points.Count ?? 0} steps of 1/{tran.StepsPerSlot} of a read time)", settingsJson));
        // Legend outside the data area: the slowest layer's curve runs through the upper right corner.
        plot.ShowLegend(Edge.Right);
        AtomicFile.Write(path, temp => plot.SavePng(temp, 1200, 600));
    }

    private static (double Scale, string Unit) TimeUnit(double seconds) => seconds switch
    {
        < 1e-6 => (1e9, "ns"),
        < 1e-3 => (1e6, "µs"),
        < 1 => (1e3, "ms"),
        _ => (1, "s"),
    };
}
