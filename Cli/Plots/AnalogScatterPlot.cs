using MemristorSpice.Cosim.Driver;
using MemristorSpice.Cosim.Reports;
using ScottPlot;

namespace MemristorSpice.Cli.Plots;

/// <summary>Analog-path output against the ideal network's activation for one layer (first image of the run).</summary>
internal static class AnalogScatterPlot
{
    public static void Save(ScatterSample sample, string title, string path)
    {
        var plot = new Plot();
        var xs = sample.Ideal.Select(v => (double)v).ToArray();
        var ys = sample.Analog.Select(v => (double)v).ToArray();
        var points = plot.Add.ScatterPoints(xs, ys);
        points.MarkerSize = 3;
        double lo = Math.Min(xs.Min(), ys.Min()), hi = Math.Max(xs.Max(), ys.Max());
        var line = plot.Add.Line(lo, lo, hi, hi);
        line.LinePattern = LinePattern.Dashed;
        line.Color = Colors.Gray;
        plot.XLabel($"ideal network activation ({sample.Layer})");
        plot.YLabel("analog path (circuit + converters)");
        plot.Title(title);
        MemristorSpice.Cosim.Reports.AtomicFile.Write(path, temp => plot.SavePng(temp, 640, 640));
    }
}
