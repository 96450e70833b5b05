using MemristorSpice.Cosim.Ppa;
using ScottPlot;

namespace MemristorSpice.Cli.Plots;

/// <summary>
/// Mean circuit accuracy vs the swept parameter, one line per model, with the min..max band over seeds; in a tran
/// sweep also the dc (settled) accuracy of the same circuits as a dashed line. The x axis is logarithmic when the
/// values are positive and span more than a decade (read time, GBW, A0).
/// </summary>
internal static class SweepPlot
{
    private static readonly Color[] Palette = [Colors.SteelBlue, Colors.Orange, Colors.SeaGreen, Colors.IndianRed, Colors.MediumPurple];

    public static void Save(SweepParameter parameter, IReadOnlyList<SweepSummaryRow> rows, string title, string path, bool dcReference = false)
    {
        var plot = new Plot();
        bool log = LogScale(rows.Select(r => r.Value));
        double X(double v) => log ? Math.Log10(v) : v;
        var models = rows.Select(r => r.Model).Distinct().ToList();
        for (int m = 0; m < models.Count; m++)
        {
            var mine = rows.Where(r => r.Model == models[m]).OrderBy(r => r.Value).ToList();
            double[] xs = mine.Select(r => X(r.Value)).ToArray();
            var color = Palette[m % Palette.Length];
            if (mine.Any(r => r.Max > r.Min))
            {
                var band = plot.Add.FillY(xs, mine.Select(r => 100 * r.Min).ToArray(), mine.Select(r => 100 * r.Max).ToArray());
                band.FillColor = color.WithAlpha(0.25);
                band.LineWidth = 0;
            }
            var line = plot.Add.Scatter(xs, mine.Select(r => 100 * r.Mean).ToArray());
            line.Color = color;
            line.LineWidth = 2;
            line.MarkerSize = 7;
            line.LegendText = mine[0].Seeds > 1 ? $"{models[m]} (mean over {mine[0].Seeds} seeds; band min..max)" : $"{models[m]} (1 seed)";
            if (dcReference)
            {
                var dc = plot.Add.Scatter(xs, mine.Select(r => 100 * r.DcMean).ToArray());
                dc.Color = color;
                dc.LinePattern = LinePattern.Dashed;
                dc.MarkerSize = 0;
                dc.LegendText = $"{models[m]} dc (settled reads)";
            }
        }
        // Room below the lowest band for the legend (lower left), so it never covers a point.
        double low = 100 * rows.Min(r => dcReference ? Math.Min(r.Min, r.DcMean) : r.Min), high = 100 * rows.Max(r => dcReference ? Math.Max(r.Max, r.DcMean) : r.Max);
        double span = Math.Max(high - low, 0.5);
        plot.Axes.SetLimitsY(low - 0.45 * span, high + 0.1 * span);
        // Ticks at exactly the swept values: a designer reads off "8 bits" or "sigma 0.1", never 6.5 bits.
        double[] swept = rows.Select(r => r.Value).Distinct().Order().ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(swept.Select(X).ToArray(),
            swept.Select(v => v.ToString("G4", System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        plot.XLabel($"{parameter.Name} ({parameter.Unit}){(log ? ", log scale" : "")}");
        plot.YLabel("circuit accuracy (%)");
        plot.Title(title);
        plot.ShowLegend(Alignment.LowerLeft);
        MemristorSpice.Cosim.Reports.AtomicFile.Write(path, temp => plot.SavePng(temp, 800, 480));
    }

    /// <summary>True when every value is positive and they span more than a factor of 10.</summary>
    internal static bool LogScale(IEnumerable<double> values)
    {
        var v = values.ToList();
        return v.Count > 1 && v.All(x => x > 0) && v.Max() / v.Min() > 10;
    }
}
