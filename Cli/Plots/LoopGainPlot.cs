using System.Globalization;
using MemristorSpice.Cosim.Stability;
using ScottPlot;

namespace MemristorSpice.Cli.Plots;

/// <summary>
/// Bode plot of the TIA loop gain of each layer's worst column: |T| in dB (top) and the phase of T unwrapped from 0° at
/// low frequency (bottom) versus log frequency; the phase margin is the distance of the phase from −180° where |T|
/// crosses 0 dB (marked). Solid: the tile as built; dashed: with the recommended feedback capacitor.
/// </summary>
internal static class LoopGainPlot
{
    public static void Write(IReadOnlyList<LayerStability> layers, string title, string path)
    {
        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        var magnitude = multiplot.GetPlot(0);
        var phase = multiplot.GetPlot(1);
        var palette = new ScottPlot.Palettes.Category10();
        for (int k = 0; k < layers.Count; k++)
        {
            var l = layers[k];
            var color = palette.GetColor(k);
            Add(magnitude, phase, l.AsBuilt, color, LinePattern.Solid,
                $"{l.Layer}: PM {(l.AsBuilt.Margin is { } m ? m.PhaseMarginDegrees.ToString("F1", CultureInfo.InvariantCulture) + "°" : "none")}");
            if (l.WithFeedbackCapacitor is { } cf && cf.FeedbackFarads > 0)
                Add(magnitude, phase, cf, color, LinePattern.Dashed,
                    $"{l.Layer} + Cf {cf.FeedbackFarads.ToString("G3", CultureInfo.InvariantCulture)} F: PM " +
                    (cf.Margin is { } m2 ? m2.PhaseMarginDegrees.ToString("F1", CultureInfo.InvariantCulture) + "°" : "none"));
        }
        magnitude.Add.HorizontalLine(0, 1, Colors.Gray, LinePattern.Dotted);
        phase.Add.HorizontalLine(-180, 1, Colors.Gray, LinePattern.Dotted);
        foreach (var plot in new[] { magnitude, phase }) BodePlot.LogFrequencyAxis(plot);
        magnitude.Title(title, size: 13);
        magnitude.YLabel("|T| (dB)");
        phase.YLabel("phase of T (degrees)");
        phase.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericFixedInterval(45);
        phase.Title("phase margin = phase + 180° at the 0 dB crossover (markers)", size: 12);
        magnitude.ShowLegend(Alignment.LowerLeft);
        multiplot.SharedAxes.ShareX([magnitude, phase]);
        multiplot.SavePng(path, 1100, 850);
    }

    private static void Add(Plot magnitude, Plot phase, TiaLoopResult loop, Color color, LinePattern pattern, string label)
    {
        var x = loop.Sweep.Hz.Select(Math.Log10).ToArray();
        var db = loop.Sweep.LoopGain.Select(t => 20 * Math.Log10(t.Magnitude)).ToArray();
        var line = magnitude.Add.ScatterLine(x, db, color);
        line.LineWidth = 2;
        line.LinePattern = pattern;
        line.LegendText = label;
        var ph = phase.Add.ScatterLine(x, SampledLoop.UnwrappedDegrees(loop.Sweep.LoopGain), color);
        ph.LineWidth = 2;
        ph.LinePattern = pattern;
        if (loop.Margin is { } m)
        {
            var marker = phase.Add.Marker(Math.Log10(m.CrossoverHz), m.PhaseMarginDegrees - 180, MarkerShape.FilledCircle, 8, color);
            marker.LegendText = "";
        }
    }
}
