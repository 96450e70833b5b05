using System.CommandLine;
using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Cosim.Reports;
using MemristorSpice.Network.Data;
using MemristorSpice.Network.Evaluation;
using MemristorSpice.Network.IO;
using MemristorSpice.Network.Training;
using Spectre.Console;

namespace MemristorSpice.Cli.Commands;

/// <summary><c>memspice finetune</c>: continues training a loaded model (for example a pruned one).</summary>
internal static class FinetuneCommand
{
    public static Command Create()
    {
        var weights = new Option<string>("--weights") { Description = "Weights file (.msw) to continue training.", Required = true }.ExistingFile();
        var epochs = new Option<int>("--epochs") { Description = "Training epochs.", Required = true }.InRange();
        var seed = new Option<int>("--seed") { Description = "Seed of the shuffling.", DefaultValueFactory = _ => 1 };
        var lr = new Option<double>("--lr") { Description = "Peak learning rate of the one-cycle schedule.", DefaultValueFactory = _ => 0.002 }.InRange();
        var schedule = new Option<string>("--schedule") { Description = "Learning-rate schedule: onecycle or cosine.", DefaultValueFactory = _ => "onecycle" }
            .AcceptOnlyFromAmong("onecycle", "cosine");
        var teacher = new Option<string?>("--teacher") { Description = "Weights file (.msw) of a teacher network for knowledge distillation (e.g. the unpruned model)." };
        teacher.Validators.Add(r => { if (r.GetValueOrDefault<string?>() is { } t && !File.Exists(t)) r.AddError($"--teacher: file not found: {t}"); });
        var distill = new Option<double>("--distill") { Description = "Weight α of the distillation loss (needs --teacher).", DefaultValueFactory = _ => 0.7 }.InRange();
        var temperature = new Option<double>("--temperature") { Description = "Distillation temperature T.", DefaultValueFactory = _ => 4.0 }.InRange();
        var validationImages = new Option<int>("--validation-images") { Description = "Training images held out (seed 1) to pick the best epoch; 0 keeps the last epoch.", DefaultValueFactory = _ => 0 }.InRange();
        var dataset = DataSetOption.Create();
        var output = new Option<string>("--out") { Description = "Weights file to write (.msw).", Required = true };
        var log = TrainCommand.LogOption();
        var force = OutputOptions.Force(folder: false);
        var command = new Command("finetune", "Continue training a trained or pruned model (Adam + one-cycle) and write its weights.")
        {
            weights, epochs, seed, lr, schedule, teacher, distill, temperature, validationImages, dataset, output, log, force,
        };
        command.SetAction(parse =>
        {
            var console = Terminal.For(parse.InvocationConfiguration.Output);
            var source = parse.GetValue(weights)!;
            var model = WeightsLoader.Load(source);
            var outPath = parse.GetValue(output)!;
            var logPath = parse.GetValue(log) ?? Path.ChangeExtension(outPath, ".log.csv");
            var (outTarget, logTarget) = TrainCommand.TargetsOf("finetune", parse.GetValue(force), outPath, logPath,
                source, parse.GetValue(teacher), DataSetOption.Folder(parse.GetValue(dataset)!));
            var data = parse.GetValue(dataset)!;
            var train = DataSetOption.LoadTrain(data);
            var test = DataSetOption.LoadTest(data);
            Dataset? validation = null;
            if (parse.GetValue(validationImages) is > 0 and var held)
            {
                if (held >= train.Count) throw new CliException($"--validation-images: {held} leaves no training images (the training set has {train.Count}).");
                (train, validation) = train.Split(held, 1);
            }
            var options = new TrainingOptions
            {
                Epochs = parse.GetValue(epochs), Seed = parse.GetValue(seed), MaxLearningRate = (float)parse.GetValue(lr),
                Schedule = parse.GetValue(schedule) == "cosine" ? ScheduleKind.Cosine : ScheduleKind.OneCycle,
            };
            if (parse.GetValue(teacher) is { } teacherPath)
            {
                var teacherModel = WeightsLoader.Load(teacherPath);
                if (teacherModel.OutputShape != model.OutputShape)
                    throw new CliException($"--teacher: {teacherModel.Name} has {teacherModel.OutputShape.Size} outputs, the model {model.OutputShape.Size}.");
                options = options with { Distillation = Distillation.FromTeacher(teacherModel, train, (float)parse.GetValue(temperature), (float)parse.GetValue(distill)) };
            }
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var trainingLog = new TrainingDisplay(console).Run("finetune", (progress, epochDone) =>
                Trainer.Train(model, train, options, test, progress, epochDone, validation: validation));
            if (trainingLog.SelectedEpoch is { } selected) console.WriteLine($"Kept the weights of epoch {selected} (best validation accuracy).");
            var eval = Evaluator.Evaluate(model, test);
            var metadata = TrainingRecipe.Metadata(options, eval, watch.Elapsed.TotalSeconds);
            metadata["source"] = Path.GetFileName(source);
            if (trainingLog.SelectedEpoch is { } kept) metadata["selected_epoch"] = kept.ToString(System.Globalization.CultureInfo.InvariantCulture);
            metadata["command"] = "memspice " + string.Join(' ', parse.Tokens.Select(t => t.Value));
            AtomicFile.WriteAllBytes(outPath, outTarget, WeightsFile.Serialize(model, metadata));
            AtomicFile.WriteAllText(logPath, logTarget, trainingLog.ToCsv());
            console.MarkupLine($"Test accuracy [bold]{100 * eval.Accuracy:F2} %[/] ({eval.Correct}/{eval.Count}) after {watch.Elapsed.TotalSeconds:F0} s.");
            console.WriteLine(Terminal.Plain($"Wrote {outPath} and {logPath}"));
            return 0;
        });
        return command;
    }
}
