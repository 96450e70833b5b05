using System.CommandLine;
using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Cosim.Reports;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Network.IO;
using MemristorSpice.Network.Layers;
using MemristorSpice.Network.Models;
using MemristorSpice.Network.Pruning;
using MemristorSpice.Network.Training;
using Spectre.Console;

namespace MemristorSpice.Cli.Commands;

/// <summary><c>memspice prune</c>: removes whole depthwise crossbars (channels) and fine-tunes.</summary>
internal static class PruneCommand
{
    public static Command Create()
    {
        var weights = new Option<string>("--weights") { Description = "Trained weights file (.msw) with depthwise layers.", Required = true }.ExistingFile();
        var ratio = new Option<double?>("--ratio") { Description = "Share of depthwise channels to remove in each depthwise layer." }.InRange();
        var maxDrop = new Option<double?>("--max-drop") { Description = "Largest allowed test-accuracy drop in percentage points; searches the largest ratio within it." }.InRange();
        var removeCounts = new Option<string?>("--remove") { Description = "Channels to remove per depthwise layer, e.g. dw1=8,dw2=40 (instead of --ratio)." };
        var criterion = new Option<string>("--criterion") { Description = "Channel ranking: bn (|BN scale|) or l1 (L1 norm of the kernel).", DefaultValueFactory = _ => "bn" }
            .AcceptOnlyFromAmong("bn", "l1");
        var finetune = new Option<int>("--finetune-epochs") { Description = "Fine-tuning epochs after removal.", DefaultValueFactory = _ => 3 }.InRange();
        var seed = new Option<int>("--seed") { Description = "Seed of the fine-tuning shuffles.", DefaultValueFactory = _ => 1 };
        var lr = new Option<double>("--lr") { Description = "Peak learning rate of the fine-tuning schedule.", DefaultValueFactory = _ => 0.002 }.InRange();
        var schedule = new Option<string>("--schedule") { Description = "Fine-tuning learning-rate schedule: onecycle or cosine.", DefaultValueFactory = _ => "onecycle" }
            .AcceptOnlyFromAmong("onecycle", "cosine");
        var sparsityEpochs = new Option<int>("--sparsity-epochs") { Description = "Epochs of L1 on the depthwise BatchNorm scales before removal (0: none).", DefaultValueFactory = _ => 3 }.InRange();
        var fadeEpochs = new Option<int>("--fade-epochs") { Description = "Epochs over which the chosen channels fade to zero in the full-size model before the cut (0: cut at once).", DefaultValueFactory = _ => 0 }.InRange();
        var distill = new Option<double>("--distill") { Description = "Weight α of the distillation loss (teacher: the unpruned model) during fine-tuning; 0 uses the labels only.", DefaultValueFactory = _ => 0.0 }.InRange();
        var temperature = new Option<double>("--temperature") { Description = "Distillation temperature T.", DefaultValueFactory = _ => 4.0 }.InRange();
        var validationImages = new Option<int>("--validation-images") { Description = "Training images held out to pick the fine-tuning epoch (and the ratio with --max-drop); 0 selects on the test set.", DefaultValueFactory = _ => 5000 }.InRange();
        var dataset = DataSetOption.Create();
        var output = new Option<string>("--out") { Description = "Pruned weights file to write (.msw).", Required = true };
        var log = TrainCommand.LogOption();
        var force = OutputOptions.Force(folder: false);
        var command = new Command("prune", "Prune whole depthwise crossbars of a trained model, fine-tune, and report crossbars, memristors and accuracy before/after.")
        {
            weights, ratio, removeCounts, maxDrop, criterion, sparsityEpochs, fadeEpochs, finetune, seed, lr, schedule, distill, temperature, validationImages, dataset, output, log, force,
        };
        command.Validators.Add(r =>
        {
            int given = new[] { r.GetResult(ratio) is not null, r.GetResult(maxDrop) is not null, r.GetResult(removeCounts) is not null }.Count(b => b);
            if (given != 1) r.AddError("Give exactly one of --ratio, --remove and --max-drop.");
        });
        command.SetAction(parse =>
        {
            var console = Terminal.For(parse.InvocationConfiguration.Output);
            var model = WeightsLoader.Load(parse.GetValue(weights)!);
            if (!model.Layers.Any(l => l is DepthwiseConv))
                throw new CliException($"--weights: model {model.Name} has no depthwise layers to prune.");
            var removeSpec = parse.GetValue(removeCounts) is { } spec ? ParseCounts(spec, model) : null;   // cheap checks before loading data
            var outPath = parse.GetValue(output)!;
            var logPath = parse.GetValue(log) ?? Path.ChangeExtension(outPath, ".log.csv");
            var (outTarget, logTarget) = TrainCommand.TargetsOf("prune", parse.GetValue(force), outPath, logPath,
                parse.GetValue(weights), DataSetOption.Folder(parse.GetValue(dataset)!));
            var data = parse.GetValue(dataset)!;
            var train = DataSetOption.LoadTrain(data);
            var test = DataSetOption.LoadTest(data);
            if (parse.GetValue(validationImages) >= train.Count)
                throw new CliException($"--validation-images: {parse.GetValue(validationImages)} leaves no training images (the training set has {train.Count}).");
            var options = new PruningOptions
            {
                Criterion = parse.GetValue(criterion) == "l1" ? PruningCriterion.L1Norm : PruningCriterion.BatchNormScale,
                Ratio = parse.GetValue(ratio) ?? 0.5,
                MaxDropPoints = parse.GetValue(maxDrop),
                RemoveCounts = removeSpec,
                Sparsity = new PruningOptions().Sparsity with { Epochs = parse.GetValue(sparsityEpochs) },
                Fade = new PruningOptions().Fade with
                {
                    Epochs = parse.GetValue(fadeEpochs), Seed = parse.GetValue(seed) + 1000, MaxLearningRate = (float)parse.GetValue(lr),
                    Schedule = parse.GetValue(schedule) == "cosine" ? ScheduleKind.Cosine : ScheduleKind.OneCycle,
                },
                FineTune = new PruningOptions().FineTune with
                {
                    Epochs = parse.GetValue(finetune), Seed = parse.GetValue(seed), MaxLearningRate = (float)parse.GetValue(lr),
                    Schedule = parse.GetValue(schedule) == "cosine" ? ScheduleKind.Cosine : ScheduleKind.OneCycle,
                    EvaluateEachEpoch = true,
                },
                DistillWeight = (float)parse.GetValue(distill),
                DistillTemperature = (float)parse.GetValue(temperature),
                ValidationImages = parse.GetValue(validationImages),
            };
            PruningOutcome outcome;
            try
            {
                outcome = new TrainingDisplay(console).Run("fine-tune", (progress, epochDone) =>
                    PruningRecipe.Run(model, train, test, options, s => console.WriteLine(s), progress, epochDone));
            }
            catch (InvalidOperationException ex)
            {
                throw new CliException($"--max-drop: {ex.Message}");
            }
            var table = new Table().AddColumn("layer").AddColumn("removed channels");
            foreach (var (layer, removed) in outcome.RemovedChannels)
                table.AddRow(Terminal.Escape(layer), Terminal.Escape($"{removed.Length}: {string.Join(' ', removed)}"));
            console.Write(table);
            var before = ModelCounter.Count(outcome.Unpruned);
            var after = ModelCounter.Count(outcome.Model);
            var counts = new Table().AddColumn("").AddColumn(new TableColumn("before").RightAligned()).AddColumn(new TableColumn("after").RightAligned());
            counts.AddRow("depthwise crossbars", before.DepthwiseCrossbars.ToString(), after.DepthwiseCrossbars.ToString());
            counts.AddRow("crossbars", before.Crossbars.ToString(), after.Crossbars.ToString());
            counts.AddRow("memristors", before.Memristors.ToString(), after.Memristors.ToString());
            counts.AddRow("op-amps", before.OpAmps.ToString(), after.OpAmps.ToString());
            counts.AddRow("weights", before.Weights.ToString(), after.Weights.ToString());
            counts.AddRow("test accuracy", $"{100 * outcome.BaselineAccuracy:F2} %", $"{100 * outcome.Accuracy:F2} %");
            console.Write(counts);
            var metadata = new Dictionary<string, string>
            {
                ["command"] = "memspice " + string.Join(' ', parse.Tokens.Select(t => t.Value)),
                ["ratio"] = outcome.Ratio.ToString("G4", System.Globalization.CultureInfo.InvariantCulture),
                ["test_accuracy"] = outcome.Accuracy.ToString("F4", System.Globalization.CultureInfo.InvariantCulture),
                ["baseline_accuracy"] = outcome.BaselineAccuracy.ToString("F4", System.Globalization.CultureInfo.InvariantCulture),
                ["depthwise_crossbars"] = $"{before.DepthwiseCrossbars} -> {after.DepthwiseCrossbars}",
                ["memristors"] = $"{before.Memristors} -> {after.Memristors}",
            };
            if (outcome.Trials.Single(t => t.Model == outcome.Model).Log.SelectedEpoch is { } selected)
                metadata["selected_epoch"] = selected.ToString(System.Globalization.CultureInfo.InvariantCulture);
            AtomicFile.WriteAllBytes(outPath, outTarget, WeightsFile.Serialize(outcome.Model, metadata));
            AtomicFile.WriteAllText(logPath, logTarget,
                outcome.Trials.Single(t => t.Model == outcome.Model).Log.ToCsv());
            console.WriteLine($"Removed {100 * outcome.Ratio:F1} % of the depthwise channels; accuracy drop {outcome.DropPoints:F2} points. Wrote {Terminal.Plain(outPath)}");
            return 0;
        });
        return command;
    }

    /// <summary>Parses "dw1=8,dw2=40" against the model's depthwise layers.</summary>
    private static Dictionary<string, int> ParseCounts(string spec, Model model)
    {
        var layers = DepthwisePruner.DepthwiseLayers(model).ToDictionary(d => d.Name, d => d.Channels);
        var counts = new Dictionary<string, int>();
        foreach (var item in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = item.Split('=');
            if (parts.Length != 2 || !int.TryParse(parts[1], out int n))
                throw new CliException($"--remove: '{item}' is not layer=count (e.g. dw1=8,dw2=40).");
            if (!layers.TryGetValue(parts[0], out int channels))
                throw new CliException($"--remove: {model.Name} has no depthwise layer '{parts[0]}' (depthwise layers: {string.Join(", ", layers.Keys)}).");
            if (n < 0 || n >= channels)
                throw new CliException($"--remove: {parts[0]} has {channels} channels; remove between 0 and {channels - 1} (got {n}).");
            counts[parts[0]] = n;
        }
        return counts;
    }
}
