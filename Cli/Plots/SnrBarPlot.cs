using MemristorSpice.Cosim.Driver;
using MemristorSpice.Cosim.Reports;
using ScottPlot;

namespace MemristorSpice.Cli.Plots;

/// <summary>Per-layer SNR (dB) of the analog path: vs the ideal layer fed the same input, and vs the ideal network.</summary>
internal static class SnrBarPlot
{
    /// <summary>Exact agreement (infinite SNR) is drawn at this height.</summary>
    private const double CapDb = 150;

    public static void Save(IReadOnlyList<LayerStatistics> layers, string title, string path)
    {
        var plot = new Plot();
        var same = new List<Bar>();
        var net = new List<Bar>();
        for (int i = 0; i < layers.Count; i++)
        {
            same.Add(new Bar { Position = 3 * i, Value = Cap(layers[i].VsSameInput.SnrDb), FillColor = Colors.SteelBlue });
            net.Add(new Bar { Position = 3 * i + 1, Value = Cap(layers[i].VsIdealNetwork.SnrDb), FillColor = Colors.Orange });
        }
        plot.Add.Bars(same).LegendText = "vs ideal layer, same input";
        plot.Add.Bars(net).LegendText = "vs ideal network";
        plot.Axes.Bottom.SetTicks(layers.Select((_, i) => 3.0 * i + 0.5).ToArray(), layers.Select(l => l.Layer).ToArray());
        // Head room above the tallest bar for the legend.
        double top = same.Concat(net).Max(b => b.Value);
        plot.Axes.SetLimitsY(0, Math.Max(1, top * 1.3));
        plot.YLabel("SNR (dB)");
        plot.Title(title);
        plot.ShowLegend(Alignment.UpperRight);
        MemristorSpice.Cosim.Reports.AtomicFile.Write(path, temp => plot.SavePng(temp, 800, 480));
    }

    private static double Cap(double db) => double.IsNaN(db) ? 0 : Math.Min(db, CapDb);
}
