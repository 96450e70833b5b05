using System.Globalization;
using MemristorSpice.Cosim.Ppa;
using ScottPlot;

namespace MemristorSpice.Cli.Plots;

/// <summary>Latency per image (left axis, solid) and energy per image (right axis, dashed) vs the swept parameter, one colour per model.</summary>
internal static class SweepCostPlot
{
    private static readonly Color[] Palette = [Colors.SteelBlue, Colors.Orange, Colors.SeaGreen, Colors.IndianRed, Colors.MediumPurple];

    public static void Save(SweepParameter parameter, IReadOnlyList<SweepSummaryRow> rows, string title, string path)
    {
        var plot = new Plot();
        bool log = SweepPlot.LogScale(rows.Select(r => r.Value));
        double X(double v) => log ? Math.Log10(v) : v;
        var models = rows.Select(r => r.Model).Distinct().ToList();
        for (int m = 0; m < models.Count; m++)
        {
            var mine = rows.Where(r => r.Model == models[m]).OrderBy(r => r.Value).ToList();
            double[] xs = mine.Select(r => X(r.Value)).ToArray();
            var color = Palette[m % Palette.Length];
            var latency = plot.Add.Scatter(xs, mine.Select(r => r.LatencySeconds * 1e6).ToArray());
            latency.Color = color;
            latency.LineWidth = 2;
            latency.MarkerSize = 7;
            latency.LegendText = $"{models[m]} latency (µs, left)";
            var energy = plot.Add.Scatter(xs, mine.Select(r => r.EnergyJoules * 1e6).ToArray());
            energy.Color = color;
            energy.LinePattern = LinePattern.Dashed;
            energy.MarkerShape = MarkerShape.OpenSquare;
            energy.MarkerSize = 7;
            energy.Axes.YAxis = plot.Axes.Right;
            energy.LegendText = $"{models[m]} energy (µJ, right)";
        }
        double[] swept = rows.Select(r => r.Value).Distinct().Order().ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(swept.Select(X).ToArray(),
            swept.Select(v => v.ToString("G4", CultureInfo.InvariantCulture)).ToArray());
        plot.XLabel($"{parameter.Name} ({parameter.Unit}){(log ? ", log scale" : "")}");
        plot.Axes.Left.Label.Text = "latency per image (µs)";
        plot.Axes.Right.Label.Text = "energy per image (µJ)";
        plot.Title(title);
        plot.ShowLegend(Alignment.UpperLeft);
        MemristorSpice.Cosim.Reports.AtomicFile.Write(path, temp => plot.SavePng(temp, 800, 480));
    }
}
