using System.Globalization;
using MemristorSpice.Engine.Results;
using ScottPlot;

namespace MemristorSpice.Cli.Plots;

/// <summary>
/// Bode plot of an AC table: magnitude in dB (top) and phase in degrees (bottom) versus frequency on a log axis
/// (x = log10 f, labelled in Hz at the decades, minor ticks at 2..9); phase unwrapped for the plot.
/// </summary>
internal static class BodePlot
{
    /// <param name="signals">Base signals ("v(out)") whose vdb/vp_deg columns are in the table.</param>
    public static void Write(WaveformTable table, IReadOnlyList<string> signals, string title, string path, Action<string, Action<string>> atomic)
    {
        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        var magnitude = multiplot.GetPlot(0);
        var phase = multiplot.GetPlot(1);
        var x = table.Axis.Select(f => Math.Log10(f)).ToArray();
        var palette = new ScottPlot.Palettes.Category10();
        for (int k = 0; k < signals.Count; k++)
        {
            var color = palette.GetColor(k);
            var db = magnitude.Add.ScatterLine(x, table[AcColumns.Decibels(signals[k])], color);
            db.LineWidth = 2;
            db.LegendText = signals[k];
            var ph = phase.Add.ScatterLine(x, Unwrap(table[AcColumns.Degrees(signals[k])]), color);
            ph.LineWidth = 2; // same colour as the magnitude line; one legend (top) for both
        }
        foreach (var plot in new[] { magnitude, phase }) LogFrequencyAxis(plot);
        magnitude.Title(title);
        magnitude.YLabel("magnitude (dB re 1 V or 1 A)");
        phase.YLabel("phase (degrees)");
        phase.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericFixedInterval(45);
        phase.Title("phase unwrapped (CSV: within ±180°)", size: 12);
        magnitude.ShowLegend(Alignment.LowerLeft);
        multiplot.SharedAxes.ShareX([magnitude, phase]);
        atomic(path, temp => multiplot.SavePng(temp, 1000, 800));
    }

    /// <summary>
    /// Continuous phase for the plot (the CSV keeps ngspice's ±180° range): a step of more than 180° between two
    /// frequencies is taken as a wrap, so a two-pole roll-off reads −90°, −180°, −270° instead of jumping to +180°.
    /// </summary>
    internal static double[] Unwrap(double[] degrees)
    {
        var result = (double[])degrees.Clone();
        double offset = 0;
        for (int k = 1; k < result.Length; k++)
        {
            double step = degrees[k] - degrees[k - 1];
            if (step > 180) offset -= 360;
            else if (step < -180) offset += 360;
            result[k] = degrees[k] + offset;
        }
        return result;
    }

    /// <summary>Bottom axis of log10(frequency): decade ticks labelled in Hz/kHz/MHz/GHz, log minor ticks.</summary>
    internal static void LogFrequencyAxis(Plot plot)
    {
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = Hertz,
        };
        plot.XLabel("frequency (Hz, log)");
    }

    private static string Hertz(double log10)
    {
        double f = Math.Pow(10, log10);
        return f switch
        {
            >= 1e9 => (f / 1e9).ToString("G3", CultureInfo.InvariantCulture) + " GHz",
            >= 1e6 => (f / 1e6).ToString("G3", CultureInfo.InvariantCulture) + " MHz",
            >= 1e3 => (f / 1e3).ToString("G3", CultureInfo.InvariantCulture) + " kHz",
            _ => f.ToString("G3", CultureInfo.InvariantCulture) + " Hz",
        };
    }
}
