using System.Globalization;
using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Cosim;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Reports;
using MemristorSpice.Network;
using MemristorSpice.Network.Data;
using MemristorSpice.Network.Evaluation;
using MemristorSpice.Network.IO;
using MemristorSpice.Network.Training;
using Spectre.Console;

namespace MemristorSpice.Cli.Commands.Finetune;

/// <summary>Runs <see cref="FinetuneSettings"/>: loads the model, data and teacher, trains, writes the weights and log, prints the accuracy.</summary>
internal sealed class FinetuneHandler(IAnsiConsole console)
{
    public int Run(FinetuneSettings s)
    {
        var model = WeightsLoader.Load(s.WeightsPath);
        var (outTarget, logTarget) = TrainingOutputs.TargetsOf("finetune", s.Force, s.OutPath, s.LogPath,
            s.WeightsPath, s.Teacher?.WeightsPath, DataSetOption.Folder(s.Dataset));
        var train = DataSetOption.LoadTrain(s.Dataset);
        var test = DataSetOption.LoadTest(s.Dataset);
        DataSetOption.RequireFits(model, s.WeightsPath, s.Dataset, test);
        Dataset? validation = null;
        if (s.ValidationImages > 0)
        {
            if (s.ValidationImages >= train.Count)
                throw new CliException($"--validation-images: {s.ValidationImages} leaves no training images (the training set has {train.Count}).");
            (train, validation) = train.Split(s.ValidationImages, FinetuneSettings.ValidationSeed);
        }
        var options = s.ToTrainingOptions() with { HardwareNoise = HardwareAwareOption.Load(s.HardwareAwarePath) };
        if (options.HardwareNoise is { } hw) console.WriteLine(HardwareAwareOption.Describe(hw));
        if (s.Teacher is { } teacher)
        {
            var teacherModel = WeightsLoader.Load(teacher.WeightsPath);
            if (teacherModel.OutputShape != model.OutputShape)
                throw new CliException($"--teacher: {teacherModel.Name} has {teacherModel.OutputShape.Size} outputs, the model {model.OutputShape.Size}.");
            options = options with { Distillation = Distillation.FromTeacher(teacherModel, train, (float)teacher.Temperature, (float)teacher.Weight) };
        }
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var trainingLog = new TrainingDisplay(console).Run("finetune", (progress, epochDone) =>
            Trainer.Train(model, train, options, test, progress, epochDone, validation: validation));
        if (trainingLog.SelectedEpoch is { } selected) console.WriteLine($"Kept the weights of epoch {selected} (best validation accuracy).");
        var eval = Evaluator.Evaluate(model, test);
        var metadata = TrainingRecipe.Metadata(options, eval, watch.Elapsed.TotalSeconds);
        metadata["source"] = Path.GetFileName(s.WeightsPath);
        if (trainingLog.SelectedEpoch is { } kept) metadata["selected_epoch"] = kept.ToString(CultureInfo.InvariantCulture);
        metadata["command"] = s.CommandLine;
        if (options.HardwareNoise is { } injected)
            foreach (var (k, v) in HardwareAwareTraining.Metadata(injected, Path.GetFileName(s.HardwareAwarePath!))) metadata[k] = v;
        AtomicFile.WriteAllBytes(s.OutPath, outTarget, WeightsFile.Serialize(model, metadata));
        AtomicFile.WriteAllText(s.LogPath, logTarget, trainingLog.ToCsv());
        console.MarkupLine($"Test accuracy [bold]{100 * eval.Accuracy:F2} %[/] ({eval.Correct}/{eval.Count}) after {watch.Elapsed.TotalSeconds:F0} s.");
        console.WriteLine(Terminal.Plain($"Wrote {s.OutPath} and {s.LogPath}"));
        return 0;
    }
}
