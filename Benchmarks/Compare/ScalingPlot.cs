using System.Globalization;
using MemristorSpice.Cosim.Reports;
using ScottPlot;

namespace MemristorSpice.Benchmarks.Compare;

/// <summary>
/// Draws a <see cref="ScalingPlotSpec"/> as a log-log PNG (ScottPlot): points of each series, its least-squares line
/// on log-log axes (dashed) and the fitted slope in the legend. Axes carry log10-scaled data with ticks labelled in
/// the original units. Written atomically.
/// </summary>
public static class ScalingPlot
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Save(ScalingPlotSpec spec, string folder)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var all = spec.Series.SelectMany(s => s.Points).Where(p => p.X > 0 && p.Y > 0).ToList();
        for (int k = 0; k < spec.Series.Count; k++)
        {
            var s = spec.Series[k];
            var pts = s.Points.Where(p => p.X > 0 && p.Y > 0).ToList();
            if (pts.Count == 0) continue;
            var color = palette.GetColor(k);
            var fit = s.IsLowerBound ? null : LogLogFit.Of(pts);
            var scatter = plot.Add.Scatter(pts.Select(p => Math.Log10(p.X)).ToArray(), pts.Select(p => Math.Log10(p.Y)).ToArray());
            scatter.Color = color;
            scatter.LineWidth = 0;
            scatter.MarkerSize = 9;
            scatter.LegendText = fit is { } f ? $"{s.Label}: slope {f.Slope.ToString("F2", Inv)}" : s.Label;
            if (s.IsLowerBound)
            {
                scatter.MarkerShape = MarkerShape.OpenTriangleUp;
                scatter.MarkerSize = 12;
            }
            if (fit is { } g)
            {
                double x0 = pts.Min(p => p.X), x1 = pts.Max(p => p.X);
                var line = plot.Add.Line(Math.Log10(x0), Math.Log10(g.At(x0)), Math.Log10(x1), Math.Log10(g.At(x1)));
                line.Color = color;
                line.LinePattern = LinePattern.Dashed;
                line.LineWidth = 1.5f;
            }
        }
        if (all.Count > 0)
        {
            var xs = all.Select(p => p.X).Distinct().Order().ToArray();
            plot.Axes.Bottom.SetTicks(xs.Select(Math.Log10).ToArray(), xs.Select(x => x.ToString("G4", Inv)).ToArray());
            var (yt, yl) = LogTicks(all.Min(p => p.Y), all.Max(p => p.Y));
            plot.Axes.Left.SetTicks(yt, yl);
            double lx0 = Math.Log10(xs[0]), lx1 = Math.Log10(xs[^1]);
            double ly0 = Math.Log10(all.Min(p => p.Y)), ly1 = Math.Log10(all.Max(p => p.Y));
            double padX = Math.Max(0.08, 0.05 * (lx1 - lx0)), padY = Math.Max(0.15, 0.06 * (ly1 - ly0));
            plot.Axes.SetLimits(lx0 - padX, lx1 + padX, ly0 - padY, ly1 + padY);
        }
        plot.Title(spec.Title);
        plot.XLabel(spec.XLabel);
        plot.YLabel(spec.YLabel);
        plot.ShowLegend(Alignment.UpperLeft);
        AtomicFile.Write(Path.Combine(folder, spec.FileName), temp => plot.SavePng(temp, 900, 600));
    }

    /// <summary>Ticks at 1, 2, 5 × 10^k between the limits (decades only when the range spans more than 3 decades).</summary>
    private static (double[] Positions, string[] Labels) LogTicks(double min, double max)
    {
        int k0 = (int)Math.Floor(Math.Log10(min)) , k1 = (int)Math.Ceiling(Math.Log10(max));
        double[] mantissas = k1 - k0 > 3 ? [1] : [1, 2, 5];
        var values = new List<double>();
        for (int k = k0; k <= k1; k++)
            foreach (var m in mantissas)
            {
                double v = m * Math.Pow(10, k);
                if (v >= min / 1.5 && v <= max * 1.5) values.Add(v);
            }
        return (values.Select(Math.Log10).ToArray(), values.Select(v => v.ToString("G3", Inv)).ToArray());
    }
}
