using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Network;
using MemristorSpice.Network.Data;
using MemristorSpice.Network.Layers;
using MemristorSpice.Network.Models;
using MemristorSpice.Network.Pruning;
using MemristorSpice.Network.Training;
using Spectre.Console;

namespace MemristorSpice.Cli.Commands.Prune;

/// <summary>Runs <see cref="PruneSettings"/>: loads the model and data, prunes and fine-tunes, then prints and writes the result.</summary>
internal sealed class PruneHandler(IAnsiConsole console)
{
    public int Run(PruneSettings s)
    {
        var model = WeightsLoader.Load(s.WeightsPath);
        if (!model.Layers.Any(l => l is DepthwiseConv))
            throw new CliException($"--weights: model {model.Name} has no depthwise layers to prune.");
        var removeCounts = s.Amount.RemoveSpec is { } spec ? RemoveCounts.Parse(spec, model) : null;   // cheap checks before loading data
        var (outTarget, logTarget) = TrainingOutputs.TargetsOf("prune", s.Force, s.OutPath, s.LogPath, s.WeightsPath, DataSetOption.Folder(s.Dataset));
        var train = DataSetOption.LoadTrain(s.Dataset);
        var test = DataSetOption.LoadTest(s.Dataset);
        DataSetOption.RequireFits(model, s.WeightsPath, s.Dataset, test);
        if (s.ValidationImages >= train.Count)
            throw new CliException($"--validation-images: {s.ValidationImages} leaves no training images (the training set has {train.Count}).");
        var outcome = new TrainingDisplay(console).Run("fine-tune", (progress, epochDone) =>
            Prune(model, train, test, s.ToPruningOptions(removeCounts), m => console.WriteLine(m), progress, epochDone));
        var report = new PruneReport(outcome);
        report.Print(console);
        PruneFiles.Write(s, outTarget, logTarget, outcome, report);
        console.WriteLine($"Removed {100 * outcome.Ratio:F1} % of the depthwise channels; accuracy drop {outcome.DropPoints:F2} points. Wrote {Terminal.Plain(s.OutPath)}");
        return 0;
    }

    /// <summary>
    /// The pruning recipe with its failures as user errors: only a failed ratio search is blamed on --max-drop; any other
    /// refusal (e.g. the bn criterion on a depthwise layer without BatchNorm) is a property of the model and names no option.
    /// </summary>
    internal static PruningOutcome Prune(Model model, Dataset train, Dataset test, PruningOptions options, Action<string>? status = null,
        Action<TrainingProgress>? progress = null, Action<EpochRecord>? epochDone = null)
    {
        try
        {
            return PruningRecipe.Run(model, train, test, options, status, progress, epochDone);
        }
        catch (PruningSearchException ex)
        {
            throw new CliException($"--max-drop: {ex.Message}");
        }
        catch (InvalidOperationException ex)
        {
            throw new CliException($"cannot prune {model.Name}: {ex.Message}");
        }
    }
}
