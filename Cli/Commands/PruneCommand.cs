using MemristorSpice.Cosim;
using System.CommandLine;
using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Network;
using Spectre.Console;

namespace MemristorSpice.Cli.Commands;

/// <summary><c>memspice prune</c>: removes whole depthwise crossbars (channels) and fine-tunes.</summary>
internal static class PruneCommand
{
    public static Command Create()
    {
        var weights = new Option<string>("--weights") { Description = "Trained weights file (.msw) with depthwise layers.", Required = true }.ExistingFile();
        var ratio = new Option<double?>("--ratio") { Description = "Share of depthwise channels to remove in each depthwise layer." }.Between(0, 0.99);
        var maxDrop = new Option<double?>("--max-drop") { Description = "Largest allowed test-accuracy drop in percentage points; searches the largest ratio within it." }.Between(0, 100);
        var criterion = new Option<string>("--criterion") { Description = "Channel ranking: bn (|BN scale|) or l1 (L1 norm of the kernel).", DefaultValueFactory = _ => "bn" }
            .AcceptOnlyFromAmong("bn", "l1");
        var finetune = new Option<int>("--finetune-epochs") { Description = "Fine-tuning epochs after removal.", DefaultValueFactory = _ => 3 }.AtLeast(0);
        var seed = new Option<int>("--seed") { Description = "Seed of the fine-tuning shuffles.", DefaultValueFactory = _ => 1 };
        var dataset = DataSetOption.Create();
        var output = new Option<string>("--out") { Description = "Pruned weights file to write (.msw).", Required = true };
        var log = TrainCommand.LogOption();
        var command = new Command("prune", "Prune whole depthwise crossbars of a trained model, fine-tune, and report crossbars, memristors and accuracy before/after.")
        {
            weights, ratio, maxDrop, criterion, finetune, seed, dataset, output, log,
        };
        command.Validators.Add(r =>
        {
            bool hasRatio = r.GetResult(ratio) is not null, hasDrop = r.GetResult(maxDrop) is not null;
            if (hasRatio == hasDrop) r.AddError("Give exactly one of --ratio and --max-drop.");
        });
        command.SetAction(parse =>
        {
            var console = Terminal.For(parse.InvocationConfiguration.Output);
            var model = WeightsLoader.Load(parse.GetValue(weights)!);
            if (!model.Layers.Any(l => l is DepthwiseConv))
                throw new CliException($"--weights: model {model.Name} has no depthwise layers to prune.");
            var data = parse.GetValue(dataset)!;
            var train = DataSetOption.LoadTrain(data);
            var test = DataSetOption.LoadTest(data);
            var options = new PruningOptions
            {
                Criterion = parse.GetValue(criterion) == "l1" ? PruningCriterion.L1Norm : PruningCriterion.BatchNormScale,
                Ratio = parse.GetValue(ratio) ?? 0.5,
                MaxDropPoints = parse.GetValue(maxDrop),
                FineTune = new PruningOptions().FineTune with { Epochs = parse.GetValue(finetune), Seed = parse.GetValue(seed) },
            };
            PruningOutcome outcome;
            try
            {
                outcome = new TrainingDisplay(console).Run("fine-tune", (progress, _) =>
                    PruningRecipe.Run(model, train, test, options, s => console.WriteLine(s), progress));
            }
            catch (InvalidOperationException ex)
            {
                throw new CliException($"--max-drop: {ex.Message}");
            }
            var table = new Table().AddColumn("layer").AddColumn("removed channels");
            foreach (var (layer, removed) in outcome.RemovedChannels)
                table.AddRow(Markup.Escape(layer), Markup.Escape($"{removed.Length}: {string.Join(' ', removed)}"));
            console.Write(table);
            var counts = new Table().AddColumn("").AddColumn(new TableColumn("before").RightAligned()).AddColumn(new TableColumn("after").RightAligned());
            counts.AddRow("depthwise crossbars", outcome.Before.DepthwiseCrossbars.ToString(), outcome.After.DepthwiseCrossbars.ToString());
            counts.AddRow("crossbars", outcome.Before.Crossbars.ToString(), outcome.After.Crossbars.ToString());
            counts.AddRow("memristors", outcome.Before.Memristors.ToString(), outcome.After.Memristors.ToString());
            counts.AddRow("op-amps", outcome.Before.OpAmps.ToString(), outcome.After.OpAmps.ToString());
            counts.AddRow("weights", outcome.Before.Weights.ToString(), outcome.After.Weights.ToString());
            counts.AddRow("test accuracy", $"{100 * outcome.BaselineAccuracy:F2} %", $"{100 * outcome.Accuracy:F2} %");
            console.Write(counts);
            var outPath = parse.GetValue(output)!;
            var metadata = new Dictionary<string, string>
            {
                ["command"] = "memspice " + string.Join(' ', parse.Tokens.Select(t => t.Value)),
                ["ratio"] = outcome.Ratio.ToString("G4", System.Globalization.CultureInfo.InvariantCulture),
                ["test_accuracy"] = outcome.Accuracy.ToString("F4", System.Globalization.CultureInfo.InvariantCulture),
                ["baseline_accuracy"] = outcome.BaselineAccuracy.ToString("F4", System.Globalization.CultureInfo.InvariantCulture),
            };
            AtomicFile.WriteAllBytes(outPath, WeightsFile.Serialize(outcome.Model, metadata));
            AtomicFile.WriteAllText(parse.GetValue(log) ?? Path.ChangeExtension(outPath, ".log.csv"),
                outcome.Trials.Single(t => t.Model == outcome.Model).Log.ToCsv());
            console.WriteLine($"Removed {100 * outcome.Ratio:F1} % of the depthwise channels; accuracy drop {outcome.DropPoints:F2} points. Wrote {outPath}");
            return 0;
        });
        return command;
    }
}
