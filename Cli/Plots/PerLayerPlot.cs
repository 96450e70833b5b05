using System.Globalization;
using MemristorSpice.Cosim.Ppa;
using ScottPlot;

namespace MemristorSpice.Cli.Plots;

/// <summary>
/// Per-layer sensitivity of one model: mean circuit accuracy with the non-ideality on one layer at a time, one bar
/// group per layer and one bar per swept value, with the float accuracy and the break threshold as lines.
/// </summary>
internal static class PerLayerPlot
{
    private static readonly Color[] Palette = [Colors.SteelBlue, Colors.Orange, Colors.SeaGreen, Colors.IndianRed, Colors.MediumPurple, Colors.Gray];

    public static void Save(IReadOnlyList<PerLayerRow> rows, IReadOnlyList<string> layers, IReadOnlyList<double> values, string unitName, string title, string path)
    {
        var plot = new Plot();
        int group = values.Count + 1;
        for (int v = 0; v < values.Count; v++)
        {
            var bars = new List<Bar>();
            for (int l = 0; l < layers.Count; l++)
                if (rows.FirstOrDefault(r => r.Layer == layers[l] && r.Value == values[v]) is { } row)
                    bars.Add(new Bar
                    {
                        Position = l * group + v, Value = 100 * row.Mean, ValueBase = 0, FillColor = Palette[v % Palette.Length],
                        Error = row.Seeds > 1 ? 50 * (row.Max - row.Min) : 0,
                    });
            plot.Add.Bars(bars).LegendText = $"{unitName} = {values[v].ToString("G4", CultureInfo.InvariantCulture)}";
        }
        double floatPercent = 100 * rows.Average(r => r.FloatAccuracy);
        var f = plot.Add.HorizontalLine(floatPercent);
        f.LegendText = $"float network {floatPercent:F2} %";
        f.Color = Colors.Black;
        var brk = plot.Add.HorizontalLine(floatPercent - PerLayerSweep.BreakPoints);
        brk.LegendText = $"break threshold (float − {PerLayerSweep.BreakPoints:G2} point)";
        brk.Color = Colors.Red;
        brk.LinePattern = LinePattern.Dashed;
        plot.Axes.Bottom.SetTicks(layers.Select((_, l) => l * group + (values.Count - 1) / 2.0).ToArray(), layers.ToArray());
        double low = 100 * rows.Min(r => r.Min);
        double bottom = Math.Max(0, Math.Floor(low - Math.Max(2, 0.3 * (floatPercent - low))));
        plot.Axes.SetLimitsY(bottom, 100 + (100 - bottom) * 0.35);
        plot.YLabel("circuit accuracy (%)");
        plot.XLabel("layer carrying the non-ideality (all others at the base design point)");
        plot.Title(title);
        plot.ShowLegend(Alignment.UpperRight);
        MemristorSpice.Cosim.Reports.AtomicFile.Write(path, temp => plot.SavePng(temp, 900, 520));
    }
}
