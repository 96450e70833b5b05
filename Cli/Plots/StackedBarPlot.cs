using ScottPlot;

namespace MemristorSpice.Cli.Plots;

/// <summary>One bar per model, stacked by component (e.g. area of cells, op-amps, converters), with the total above each bar.</summary>
internal static class StackedBarPlot
{
    private static readonly Color[] Palette = [Colors.SteelBlue, Colors.Orange, Colors.SeaGreen, Colors.IndianRed, Colors.MediumPurple];

    /// <param name="components">Component name and its value per category (same order as <paramref name="categories"/>).</param>
    public static void Save(IReadOnlyList<string> categories, IReadOnlyList<(string Name, double[] Values)> components, string yLabel, string title, string path)
    {
        var plot = new Plot();
        var baseline = new double[categories.Count];
        for (int k = 0; k < components.Count; k++)
        {
            var (name, values) = components[k];
            var bars = new List<Bar>();
            for (int i = 0; i < categories.Count; i++)
            {
                bars.Add(new Bar { Position = i, ValueBase = baseline[i], Value = baseline[i] + values[i], FillColor = Palette[k % Palette.Length] });
                baseline[i] += values[i];
            }
            plot.Add.Bars(bars).LegendText = name;
        }
        double top = baseline.DefaultIfEmpty(0).Max();
        for (int i = 0; i < categories.Count; i++)
        {
            var label = plot.Add.Text(Format(baseline[i]), i, baseline[i]);
            label.Alignment = Alignment.LowerCenter;
            label.LabelFontSize = 13;
        }
        plot.Axes.Bottom.SetTicks(categories.Select((_, i) => (double)i).ToArray(), categories.ToArray());
        plot.Axes.SetLimitsY(0, Math.Max(top, 1e-30) * 1.35);
        plot.Axes.SetLimitsX(-0.6, categories.Count - 0.4);
        plot.YLabel(yLabel);
        plot.Title(title);
        plot.ShowLegend(Alignment.UpperRight);
        MemristorSpice.Cosim.Reports.AtomicFile.Write(path, temp => plot.SavePng(temp, 800, 480));
    }

    private static string Format(double v) => v.ToString(v >= 100 ? "F0" : v >= 10 ? "F1" : v >= 1 ? "F2" : "G3", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Float and circuit accuracy per model as grouped bars, the y axis zoomed to the range of the values.</summary>
internal static class AccuracyBarPlot
{
    public static void Save(IReadOnlyList<string> models, double[] floatPercent, double[] circuitPercent, string title, string path)
    {
        var plot = new Plot();
        var f = new List<Bar>();
        var c = new List<Bar>();
        for (int i = 0; i < models.Count; i++)
        {
            f.Add(new Bar { Position = 3 * i, Value = floatPercent[i], FillColor = Colors.SteelBlue });
            c.Add(new Bar { Position = 3 * i + 1, Value = circuitPercent[i], FillColor = Colors.Orange });
        }
        plot.Add.Bars(f).LegendText = "float (ideal network)";
        plot.Add.Bars(c).LegendText = "circuit (co-simulation)";
        double low = floatPercent.Concat(circuitPercent).Min(), high = floatPercent.Concat(circuitPercent).Max();
        double bottom = Math.Max(0, Math.Floor(low - Math.Max(1, (high - low))));
        for (int i = 0; i < models.Count; i++)
        {
            foreach (var (x, v) in new[] { (3.0 * i, floatPercent[i]), (3.0 * i + 1, circuitPercent[i]) })
            {
                var label = plot.Add.Text(v.ToString("F2", System.Globalization.CultureInfo.InvariantCulture), x, v);
                label.Alignment = Alignment.LowerCenter;
                label.LabelFontSize = 12;
            }
        }
        plot.Axes.Bottom.SetTicks(models.Select((_, i) => 3.0 * i + 0.5).ToArray(), models.ToArray());
        plot.Axes.SetLimitsY(bottom, 100 + (100 - bottom) * 0.3);
        plot.YLabel("accuracy (%)");
        plot.Title(title);
        plot.ShowLegend(Alignment.UpperRight);
        MemristorSpice.Cosim.Reports.AtomicFile.Write(path, temp => plot.SavePng(temp, 800, 480));
    }
}
