using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Controller;
using MemristorSpice.Cosim.Stability;
using MemristorSpice.Crossbar.Mapping;
using Spectre.Console;

namespace MemristorSpice.Cli.Commands.Stability;

/// <summary>Runs <see cref="StabilitySettings"/>: folds the model, calibrates the DAC full scales as cosim does, checks every layer, writes and prints.</summary>
internal sealed class StabilityHandler(IAnsiConsole console)
{
    public int Run(StabilitySettings s)
    {
        s.Target.CheckFolder(s.OutDir);
        var model = WeightsLoader.Load(s.WeightsPath);
        var calibration = DataSetOption.LoadTrain(s.Dataset);
        DataSetOption.RequireFits(model, s.WeightsPath, s.Dataset, calibration);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        IReadOnlyList<LayerStability> layers;
        try
        {
            var network = CrossbarNetwork.FromModel(model, s.Circuit.BiasRow);
            var ranges = ConverterCalibration.Calibrate(network, calibration.Take(s.Circuit.CalibrationImages), s.Circuit);
            var options = new StabilityOptions { TargetPhaseMarginDegrees = s.PhaseMarginDegrees };
            layers = NetworkStability.Run(network, ranges, s.Circuit, options, layer => console.WriteLine($"  {Terminal.Plain(layer)}: screening columns, .ac of the worst one"));
        }
        catch (NonIdealitiesException ex) { throw new CliException($"--nonideal {ex.Message}"); }
        var configuration = StabilityOutput.Configuration(model.Name, s.Circuit);
        StabilityOutput.Write(s.OutDir, s.Target, layers, configuration);
        StabilityOutput.Print(console, layers, configuration);
        console.WriteLine($"{layers.Count} layer(s) in {watch.Elapsed.TotalSeconds:F1} s. Wrote {s.OutDir}/ ({StabilityOutput.Csv}, {StabilityOutput.Png})");
        return 0;
    }
}
