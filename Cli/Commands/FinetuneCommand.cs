using MemristorSpice.Cosim;
using System.CommandLine;
using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Network;
using Spectre.Console;

namespace MemristorSpice.Cli.Commands;

/// <summary><c>memspice finetune</c>: continues training a loaded model (for example a pruned one).</summary>
internal static class FinetuneCommand
{
    public static Command Create()
    {
        var weights = new Option<string>("--weights") { Description = "Weights file (.msw) to continue training.", Required = true }.ExistingFile();
        var epochs = new Option<int>("--epochs") { Description = "Training epochs.", Required = true }.AtLeast(1);
        var seed = new Option<int>("--seed") { Description = "Seed of the shuffling.", DefaultValueFactory = _ => 1 };
        var lr = new Option<double>("--lr") { Description = "Peak learning rate of the one-cycle schedule.", DefaultValueFactory = _ => 0.002 }.Between(1e-6, 10);
        var dataset = DataSetOption.Create();
        var output = new Option<string>("--out") { Description = "Weights file to write (.msw).", Required = true };
        var log = TrainCommand.LogOption();
        var command = new Command("finetune", "Continue training a trained or pruned model (Adam + one-cycle) and write its weights.")
        {
            weights, epochs, seed, lr, dataset, output, log,
        };
        command.SetAction(parse =>
        {
            var console = Terminal.For(parse.InvocationConfiguration.Output);
            var source = parse.GetValue(weights)!;
            var model = WeightsLoader.Load(source);
            var data = parse.GetValue(dataset)!;
            var train = DataSetOption.LoadTrain(data);
            var test = DataSetOption.LoadTest(data);
            var options = new TrainingOptions { Epochs = parse.GetValue(epochs), Seed = parse.GetValue(seed), MaxLearningRate = (float)parse.GetValue(lr) };
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var trainingLog = new TrainingDisplay(console).Run("finetune", (progress, epochDone) =>
                Trainer.Train(model, train, options, test, progress, epochDone));
            var eval = Evaluator.Evaluate(model, test);
            var metadata = TrainingRecipe.Metadata(options, eval, watch.Elapsed.TotalSeconds);
            metadata["source"] = Path.GetFileName(source);
            metadata["command"] = "memspice " + string.Join(' ', parse.Tokens.Select(t => t.Value));
            var outPath = parse.GetValue(output)!;
            var logPath = parse.GetValue(log) ?? Path.ChangeExtension(outPath, ".log.csv");
            AtomicFile.WriteAllBytes(outPath, WeightsFile.Serialize(model, metadata));
            AtomicFile.WriteAllText(logPath, trainingLog.ToCsv());
            console.MarkupLine($"Test accuracy [bold]{100 * eval.Accuracy:F2} %[/] ({eval.Correct}/{eval.Count}) after {watch.Elapsed.TotalSeconds:F0} s.");
            console.WriteLine($"Wrote {outPath} and {logPath}");
            return 0;
        });
        return command;
    }
}
