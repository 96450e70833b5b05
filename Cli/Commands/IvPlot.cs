using System.Globalization;
using MemristorSpice.Devices.Native;

namespace MemristorSpice.Cli.Commands;

/// <summary>One PNG with the I-V loops overlaid, labelled with frequency and units.</summary>
internal static class IvPlot
{
    public static void Save(string path, string modelName, IReadOnlyList<IvLoop> loops)
    {
        var plot = new ScottPlot.Plot();
        foreach (var loop in loops)
        {
            // Only the last period: the loop itself, without the start-up transient.
            var start = loop.TimeSeconds[^1] - 1.0 / loop.FrequencyHertz * (1 + 1e-9);
            var keep = Enumerable.Range(0, loop.TimeSeconds.Length).Where(k => loop.TimeSeconds[k] >= start).ToArray();
            var volts = keep.Select(k => loop.Volts[k]).ToArray();
            var currentMilliamps = keep.Select(k => loop.Amperes[k] * 1e3).ToArray();
            var line = plot.Add.Scatter(volts, currentMilliamps);
            line.MarkerSize = 0;
            line.LegendText = string.Create(CultureInfo.InvariantCulture, $"{loop.FrequencyHertz:G4} Hz");
        }
        plot.Title($"{modelName}: pinched hysteresis under a sine");
        plot.XLabel("Voltage (V)");
        plot.YLabel("Current (mA)");
        plot.ShowLegend();
        plot.SavePng(path, 900, 650);
    }
}
