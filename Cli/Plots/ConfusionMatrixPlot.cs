using MemristorSpice.Cosim.Reports;
using ScottPlot;

namespace MemristorSpice.Cli.Plots;

/// <summary>A confusion matrix as a heat map with the count in each cell (rows: true class, columns: predicted).</summary>
internal static class ConfusionMatrixPlot
{
    public static void Save(int[,] confusion, string title, string path)
    {
        int n = confusion.GetLength(0);
        // Row-normalised shares colour the cells, so that rare and frequent classes are read the same way.
        var share = new double[n, n];
        for (int t = 0; t < n; t++)
        {
            double total = 0;
            for (int p = 0; p < n; p++) total += confusion[t, p];
            for (int p = 0; p < n; p++) share[t, p] = total > 0 ? confusion[t, p] / total : 0;
        }
        var plot = new Plot();
        // One filled square per cell (row 0 at the top); light = few, dark = many.
        IColormap colormap = new ScottPlot.Colormaps.Blues().Reversed();
        for (int t = 0; t < n; t++)
        for (int p = 0; p < n; p++)
        {
            double y = n - 1 - t;
            var cell = plot.Add.Rectangle(p - 0.5, p + 0.5, y - 0.5, y + 0.5);
            cell.FillColor = colormap.GetColor(share[t, p]);
            cell.LineWidth = 0;
            var label = plot.Add.Text(confusion[t, p].ToString(), p, y);
            label.LabelAlignment = Alignment.MiddleCenter;
            label.LabelFontSize = 11;
            label.LabelFontColor = share[t, p] > 0.5 ? Colors.White : Colors.Black;
        }
        var ticks = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
        var names = Enumerable.Range(0, n).Select(i => i.ToString()).ToArray();
        plot.Axes.Bottom.SetTicks(ticks, names);
        plot.Axes.Left.SetTicks(ticks.Select(y => n - 1 - y).ToArray(), names);
        plot.Axes.SetLimits(-0.5, n - 0.5, -0.5, n - 0.5);
        plot.Title(title + "\n(colour: share of the true class)");
        plot.XLabel("predicted class");
        plot.YLabel("true class");
        AtomicFile.Write(path, temp => plot.SavePng(temp, 720, 640));
    }
}
