using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Cosim;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Reports;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Network;
using MemristorSpice.Network.Data;
using MemristorSpice.Network.IO;
using MemristorSpice.Network.Models;
using MemristorSpice.Network.Training;
using Spectre.Console;

namespace MemristorSpice.Cli.Commands.Train;

/// <summary>Runs <see cref="TrainSettings"/>: loads the data, trains with a live display, writes the weights and log, prints the result.</summary>
internal sealed class TrainHandler(IAnsiConsole console)
{
    public int Run(TrainSettings s)
    {
        var options = s.ToTrainingOptions() with { HardwareNoise = HardwareAwareOption.Load(s.HardwareAwarePath) is { } hwOptions ? hwOptions with { FreezeBatchNorm = false } : null };
        var train = DataSetOption.Limit(DataSetOption.LoadTrain(s.Dataset), s.TrainImages);
        var test = DataSetOption.LoadTest(s.Dataset);
        DataSetOption.RequireFits(ModelZoo.Create(s.Model, 0), s.Model, s.Dataset, test, "--model");
        var (outTarget, logTarget) = TrainingOutputs.TargetsOf("train", s.Force, s.OutPath, s.LogPath, DataSetOption.Folder(s.Dataset));

        console.MarkupLine($"Training [bold]{s.Model}[/] on {train.Count} {s.Dataset} images, {options.Epochs} epochs, seed {options.Seed}, " +
                           $"{options.Optimizer} + {options.Schedule}, batch {options.BatchSize}, peak lr {options.MaxLearningRate:G3}");
        if (options.HardwareNoise is { } hw) console.WriteLine(HardwareAwareOption.Describe(hw));
        var outcome = new TrainingDisplay(console).Run(s.Model, (progress, epochDone) =>
            TrainingRecipe.Run(s.Model, options, train, test, progress, epochDone));

        var metadata = TrainingRecipe.Metadata(options, outcome.Test, outcome.Seconds);
        metadata["command"] = s.CommandLine;
        metadata["dataset"] = s.Dataset.ToString();
        if (options.HardwareNoise is { } injected)
            foreach (var (k, v) in HardwareAwareTraining.Metadata(injected, Path.GetFileName(s.HardwareAwarePath!))) metadata[k] = v;
        AtomicFile.WriteAllBytes(s.OutPath, outTarget, WeightsFile.Serialize(outcome.Model, metadata));
        AtomicFile.WriteAllText(s.LogPath, logTarget, outcome.Log.ToCsv());
        var counts = ModelCounter.Count(outcome.Model);
        console.MarkupLine($"Test accuracy [bold]{100 * outcome.Test.Accuracy:F2} %[/] ({outcome.Test.Correct}/{outcome.Test.Count}) " +
                           $"after {outcome.Seconds:F0} s; {counts.Weights} weights, {counts.Memristors} memristors when mapped.");
        console.WriteLine(Terminal.Plain($"Wrote {s.OutPath} and {s.LogPath}"));
        return 0;
    }
}
