using System.Globalization;
using ScottPlot;

namespace MemristorSpice.Cli.Plots;

/// <summary>Accuracy vs a log-scaled lifetime axis (time or inferences): without and with the global drift compensation, and the t = 0 baseline.</summary>
internal static class LifetimePlot
{
    public static void Save(double[] x, double[] accuracy, double[] compensated, double baseline, string xLabel, string title, string path, IReadOnlyList<string>? tickLabels = null)
    {
        var plot = new Plot();
        // log10 of the axis; a zero (t = 0 with refresh) is drawn at the smallest positive value shown.
        double floor = x.Where(v => v > 0).DefaultIfEmpty(1).Min();
        double[] xs = x.Select(v => Math.Log10(Math.Max(v, floor))).ToArray();
        var plain = plot.Add.Scatter(xs, accuracy.Select(a => 100 * a).ToArray());
        plain.LegendText = "no compensation";
        plain.LineWidth = 2;
        plain.MarkerSize = 8;
        var comp = plot.Add.Scatter(xs, compensated.Select(a => 100 * a).ToArray());
        comp.LegendText = "global drift compensation (one gain per layer)";
        comp.LineWidth = 2;
        comp.LinePattern = LinePattern.Dashed;
        comp.MarkerShape = MarkerShape.OpenSquare;
        comp.MarkerSize = 8;
        var line = plot.Add.HorizontalLine(100 * baseline);
        line.LinePattern = LinePattern.Dotted;
        line.Color = Colors.Gray;
        line.LegendText = $"freshly programmed ({100 * baseline:F2} %)";
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(xs,
            tickLabels?.ToArray() ?? x.Select(v => v.ToString("G3", CultureInfo.InvariantCulture)).ToArray());
        plot.XLabel(xLabel);
        plot.YLabel("accuracy (%)");
        plot.Title(title, size: 12);
        plot.ShowLegend(Alignment.LowerLeft);
        MemristorSpice.Cosim.Reports.AtomicFile.Write(path, temp => plot.SavePng(temp, 900, 520));
    }
}
