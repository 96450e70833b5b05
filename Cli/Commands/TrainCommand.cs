using System.CommandLine;
using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Cosim.Reports;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Network.IO;
using MemristorSpice.Network.Models;
using MemristorSpice.Network.Training;
using Spectre.Console;

namespace MemristorSpice.Cli.Commands;

/// <summary><c>memspice train</c>: trains a model of the zoo on MNIST and writes its weights file and log.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model to train.", Required = true }
            .AcceptOnlyFromAmong([.. ModelZoo.Names]);
        var epochs = new Option<int>("--epochs") { Description = "Training epochs.", DefaultValueFactory = _ => 8 }.InRange();
        var seed = new Option<int>("--seed") { Description = "Seed of initialization and shuffling (same seed, same weights).", DefaultValueFactory = _ => 1 };
        var batch = new Option<int>("--batch") { Description = "Mini-batch size.", DefaultValueFactory = _ => 128 }.InRange();
        var lr = new Option<double?>("--lr") { Description = "Peak learning rate of the schedule (default: 0.003 for lenet, 0.01 otherwise)." }.InRange();
        var optimizer = new Option<string>("--optimizer") { Description = "adam or sgd (momentum 0.9).", DefaultValueFactory = _ => "adam" }
            .AcceptOnlyFromAmong("adam", "sgd");
        var schedule = new Option<string>("--schedule") { Description = "Learning-rate schedule: onecycle or cosine.", DefaultValueFactory = _ => "onecycle" }
            .AcceptOnlyFromAmong("onecycle", "cosine");
        var limit = new Option<int?>("--train-images") { Description = "Use only the first N training images (quick runs)." }.InRange();
        var dataset = DataSetOption.Create();
        var output = new Option<string>("--out") { Description = "Weights file to write (.msw).", Required = true };
        var log = LogOption();
        var force = OutputOptions.Force(folder: false);

        var command = new Command("train", "Train a CNN (msccnn, lenet, fcn) in float math and write its weights file.")
        {
            model, epochs, seed, batch, lr, optimizer, schedule, limit, dataset, output, log, force,
        };
        command.SetAction(parse =>
        {
            var console = Terminal.For(parse.InvocationConfiguration.Output);
            var name = parse.GetValue(model)!;
            var defaults = TrainingRecipe.DefaultOptions(name, parse.GetValue(epochs), parse.GetValue(seed));
            var options = defaults with
            {
                BatchSize = parse.GetValue(batch),
                MaxLearningRate = parse.GetValue(lr) is { } peak ? (float)peak : defaults.MaxLearningRate,
                Optimizer = parse.GetValue(optimizer) == "sgd" ? OptimizerKind.Sgd : OptimizerKind.Adam,
                Schedule = parse.GetValue(schedule) == "cosine" ? ScheduleKind.Cosine : ScheduleKind.OneCycle,
            };
            var data = parse.GetValue(dataset)!;
            var train = DataSetOption.Limit(DataSetOption.LoadTrain(data), parse.GetValue(limit));
            var test = DataSetOption.LoadTest(data);
            var outPath = parse.GetValue(output)!;
            var logPath = parse.GetValue(log) ?? Path.ChangeExtension(outPath, ".log.csv");
            var (outTarget, logTarget) = TargetsOf("train", parse.GetValue(force), outPath, logPath, DataSetOption.Folder(data));

            console.MarkupLine($"Training [bold]{name}[/] on {train.Count} {data} images, {options.Epochs} epochs, seed {options.Seed}, " +
                               $"{options.Optimizer} + {options.Schedule}, batch {options.BatchSize}, peak lr {options.MaxLearningRate:G3}");
            var outcome = new TrainingDisplay(console).Run(name, (progress, epochDone) =>
                TrainingRecipe.Run(name, options, train, test, progress, epochDone));

            var metadata = TrainingRecipe.Metadata(options, outcome.Test, outcome.Seconds);
            metadata["command"] = "memspice " + string.Join(' ', parse.Tokens.Select(t => t.Value));
            metadata["dataset"] = data;
            AtomicFile.WriteAllBytes(outPath, outTarget, WeightsFile.Serialize(outcome.Model, metadata));
            AtomicFile.WriteAllText(logPath, logTarget, outcome.Log.ToCsv());
            var counts = ModelCounter.Count(outcome.Model);
            console.MarkupLine($"Test accuracy [bold]{100 * outcome.Test.Accuracy:F2} %[/] ({outcome.Test.Correct}/{outcome.Test.Count}) " +
                               $"after {outcome.Seconds:F0} s; {counts.Weights} weights, {counts.Memristors} memristors when mapped.");
            console.WriteLine(Terminal.Plain($"Wrote {outPath} and {logPath}"));
            return 0;
        });
        return command;
    }

    /// <summary>
    /// The rules for a training command's weights file (--out) and log (--log), checked before training starts so
    /// that a refused path costs nothing; the writes check them again.
    /// </summary>
    internal static (OutputTarget Out, OutputTarget Log) TargetsOf(string command, bool force, string outPath, string logPath, params IEnumerable<string?> inputs)
    {
        var target = OutputOptions.Target(command, force, inputs);
        var logTarget = target with { Option = "--log" };
        target.CheckFile(outPath);
        logTarget.CheckFile(logPath);
        if (Path.GetFullPath(outPath) == Path.GetFullPath(logPath)) throw new CliException($"--log {logPath} is the weights file --out: give another name.", CliApp.UsageError);
        return (target, logTarget);
    }

    /// <summary>The <c>--log</c> option shared by the training commands.</summary>
    internal static Option<string?> LogOption() =>
        new("--log") { Description = "Per-epoch training log (CSV) to write (default: next to --out, extension .log.csv)." };
}
