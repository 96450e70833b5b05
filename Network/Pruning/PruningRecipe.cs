using MemristorSpice.Network.Data;
using MemristorSpice.Network.Evaluation;
using MemristorSpice.Network.Models;
using MemristorSpice.Network.Training;

namespace MemristorSpice.Network.Pruning;

/// <summary>Options of a prune + fine-tune run.</summary>
public sealed record PruningOptions
{
    /// <summary>How channels are ranked for removal.</summary>
    public PruningCriterion Criterion { get; init; } = PruningCriterion.BatchNormScale;
    /// <summary>Fixed ratio per depthwise layer; ignored when <see cref="MaxDropPoints"/> is set.</summary>
    public double Ratio { get; init; } = 0.5;
    /// <summary>Explicit channel counts to remove per depthwise layer; overrides <see cref="Ratio"/> (not with the search).</summary>
    public IReadOnlyDictionary<string, int>? RemoveCounts { get; init; }
    /// <summary>Largest allowed test-accuracy drop in percentage points; enables the ratio search.</summary>
    public double? MaxDropPoints { get; init; }
    /// <summary>Candidate ratios for the search (ascending).</summary>
    public IReadOnlyList<double> SearchRatios { get; init; } = [0.25, 0.375, 0.5, 0.625, 0.75, 0.875];
    /// <summary>
    /// Sparsity epochs before pruning: the trained model is fine-tuned with an L1 penalty on the depthwise
    /// BatchNorm scales (network slimming) so that the channels to be removed carry little signal.
    /// </summary>
    public TrainingOptions Sparsity { get; init; } = new() { Epochs = 3, MaxLearningRate = 0.003f, SparsityL1 = 1e-3f, EvaluateEachEpoch = false };
    /// <summary>
    /// Gradual removal before the cut (<see cref="ChannelFade"/>): the full-size model trains for these epochs while
    /// the selected channels fade to zero, so the cut itself changes nothing. Epochs = 0 cuts at once.
    /// </summary>
    public TrainingOptions Fade { get; init; } = new() { Epochs = 0, MaxLearningRate = 0.003f, EvaluateEachEpoch = false };
    /// <summary>Fine-tuning run after pruning (shorter and gentler than training from scratch).</summary>
    public TrainingOptions FineTune { get; init; } = new() { Epochs = 3, MaxLearningRate = 0.002f, EvaluateEachEpoch = false };
    /// <summary>
    /// Training images held out (seeded by <see cref="ValidationSeed"/>) to pick the fine-tuning epoch and, in
    /// max-drop mode, the ratio; the test set is then only measured. 0 trains on all images and selects on the test set.
    /// </summary>
    public int ValidationImages { get; init; } = 5000;
    /// <summary>Seed of the random choice of held-out validation images.</summary>
    public int ValidationSeed { get; init; } = 1;
    /// <summary>
    /// α of the distillation loss during fine-tuning, with the unpruned model as teacher (<see cref="Distillation"/>);
    /// 0 fine-tunes on the labels only.
    /// </summary>
    public float DistillWeight { get; init; }
    /// <summary>Softening temperature T of the distillation loss (dimensionless, &gt; 0).</summary>
    public float DistillTemperature { get; init; } = 4f;
}

/// <summary>One evaluated pruning candidate.</summary>
/// <param name="Ratio">Share of each depthwise layer's channels removed, 0 to 1.</param>
/// <param name="Model">The pruned and fine-tuned model.</param>
/// <param name="AccuracyBeforeFineTune">Test accuracy right after the cut, 0 to 1.</param>
/// <param name="Accuracy">Test accuracy after fine-tuning, 0 to 1.</param>
/// <param name="Log">Training log of the fade and fine-tuning epochs.</param>
public sealed record PruningTrial(double Ratio, Model Model, double AccuracyBeforeFineTune, double Accuracy, TrainingLog Log);

/// <summary>Result of `memspice prune`: the chosen model, accuracies, removed channels and crossbar counts before/after.</summary>
/// <param name="Model">The chosen pruned model.</param>
/// <param name="Ratio">Share of depthwise channels removed in the chosen model, 0 to 1.</param>
/// <param name="BaselineAccuracy">Test accuracy of the unpruned model, 0 to 1.</param>
/// <param name="Accuracy">Test accuracy of the chosen model, 0 to 1.</param>
/// <param name="RemovedChannels">Per depthwise layer name, the original indices of the removed channels.</param>
/// <param name="Unpruned">The model before pruning.</param>
/// <param name="Trials">Every candidate evaluated, in the order tried.</param>
public sealed record PruningOutcome(Model Model, double Ratio, double BaselineAccuracy, double Accuracy,
    IReadOnlyDictionary<string, int[]> RemovedChannels, Model Unpruned, IReadOnlyList<PruningTrial> Trials)
{
    /// <summary>Accuracy lost by pruning, in percentage points (positive = worse than the unpruned model).</summary>
    public double DropPoints => 100 * (BaselineAccuracy - Accuracy);
}

/// <summary>
/// One-call pruning entry for the CLI. Ratio mode prunes round(r·C) channels per depthwise layer and fine-tunes.
/// Max-drop mode binary-searches the candidate ratios (assuming accuracy falls with the ratio) for the largest
/// one whose fine-tuned accuracy is within the allowed drop; each probe is a full prune + fine-tune from the
/// original weights. With a validation hold-out (<see cref="PruningOptions.ValidationImages"/>) the search and the
/// choice of fine-tuning epoch use validation accuracy, and the test set (<c>test</c>) is only reported.
/// </summary>
public static class PruningRecipe
{
    /// <summary>Prunes and fine-tunes <paramref name="trained"/> (left unchanged) at the fixed ratio or by the max-drop search of <paramref name="options"/>; <paramref name="status"/> receives one-line progress messages.</summary>
    public static PruningOutcome Run(Model trained, Dataset train, Dataset test, PruningOptions options,
        Action<string>? status = null, Action<TrainingProgress>? progress = null, Action<EpochRecord>? epochDone = null)
    {
        double baseline = Evaluator.Accuracy(trained, test);
        Dataset? validation = null;
        if (options.ValidationImages > 0)
        {
            (train, validation) = train.Split(options.ValidationImages, options.ValidationSeed);
            status?.Invoke($"holding out {validation.Count} training images (seed {options.ValidationSeed}) to select epochs; training on {train.Count}");
        }
        var selection = validation ?? test;
        double baselineSelection = validation is null ? baseline : Evaluator.Accuracy(trained, validation);
        if (validation is not null) status?.Invoke($"unpruned: test accuracy {100 * baseline:F2} %, validation accuracy {100 * baselineSelection:F2} %");
        if (options.DistillWeight > 0)
        {
            options = options with { FineTune = options.FineTune with { Distillation = Distillation.FromTeacher(trained, train, options.DistillTemperature, options.DistillWeight) } };
            status?.Invoke($"distillation from the unpruned model: weight {options.DistillWeight}, temperature {options.DistillTemperature}");
        }
        var source = trained;
        if (options.Sparsity.Epochs > 0)
        {
            source = trained.Clone();
            var sparsity = options.Sparsity with { SparsityLayers = DepthwisePruner.DepthwiseBatchNorms(trained) };
            status?.Invoke($"sparsity training: {sparsity.Epochs} epochs, L1 {sparsity.SparsityL1} on {string.Join(", ", sparsity.SparsityLayers)}");
            Trainer.Train(source, train, sparsity, null, progress);
            status?.Invoke($"after sparsity training: {(validation is null ? "test" : "validation")} accuracy {100 * Evaluator.Accuracy(source, selection):F2} %");
        }
        var trials = new List<PruningTrial>();
        PruningTrial best;
        if (options.MaxDropPoints is not { } maxDrop)
        {
            double ratio = options.RemoveCounts is { } counts
                ? (double)counts.Values.Sum() / DepthwisePruner.DepthwiseLayers(trained).Sum(d => d.Channels)
                : options.Ratio;
            best = Trial(source, ratio, train, test, validation, options, status, progress, epochDone);
            trials.Add(best);
        }
        else
        {
            PruningTrial? ok = null;
            int lo = 0, hi = options.SearchRatios.Count - 1;
            while (lo <= hi)
            {
                int mid = (lo + hi) / 2;
                var t = Trial(source, options.SearchRatios[mid], train, test, validation, options, status, progress, epochDone);
                trials.Add(t);
                double selected = validation is null ? t.Accuracy : Evaluator.Accuracy(t.Model, validation);
                bool within = 100 * (baselineSelection - selected) <= maxDrop;
                status?.Invoke($"ratio {t.Ratio:F3}: {(validation is null ? "test" : "validation")} accuracy {100 * selected:F2} % " +
                               $"(unpruned {100 * baselineSelection:F2} %) -> {(within ? "within" : "exceeds")} {maxDrop} points");
                if (within) { ok = t; lo = mid + 1; } else hi = mid - 1;
            }
            best = ok ?? throw new PruningSearchException(maxDrop, options.SearchRatios[0]);
        }
        return new PruningOutcome(best.Model, best.Ratio, baseline, best.Accuracy,
            best.Model.Pruning!.RemovedChannels, trained, trials);
    }

    /// <summary>Prunes <paramref name="trained"/> (left unchanged) at <paramref name="ratio"/> of each depthwise layer's channels, optionally after a fade, fine-tunes the result and measures test accuracy before and after fine-tuning.</summary>
    public static PruningTrial Trial(Model trained, double ratio, Dataset train, Dataset test, Dataset? validation, PruningOptions options,
        Action<string>? status = null, Action<TrainingProgress>? progress = null, Action<EpochRecord>? epochDone = null)
    {
        var remove = options.RemoveCounts is { } counts && options.MaxDropPoints is null
            ? DepthwisePruner.SelectByCount(trained, counts, options.Criterion)
            : DepthwisePruner.SelectByRatio(trained, ratio, options.Criterion);
        string removed = string.Join(", ", remove.Select(kv => $"{kv.Key} {kv.Value.Length}"));
        var log = new TrainingLog();
        var source = trained;
        if (options.Fade.Epochs > 0)
        {
            source = trained.Clone();
            var fade = new ChannelFade(source, remove);
            status?.Invoke($"ratio {ratio:F3}: fading out {removed} channels over {options.Fade.Epochs} epochs (zero after {100 * fade.FadeFraction:F0} % of the steps)");
            var fadeOptions = options.Fade with { Distillation = options.FineTune.Distillation, AfterStep = fade.AfterStep, EvaluateEachEpoch = options.FineTune.EvaluateEachEpoch };
            log.Epochs.AddRange(Trainer.Train(source, train, fadeOptions, test, progress, epochDone).Epochs);
            fade.Apply(0);
        }
        var pruned = DepthwisePruner.Prune(source, remove);
        double before = Evaluator.Accuracy(pruned, test);
        status?.Invoke($"ratio {ratio:F3}: removed {removed}; test accuracy before fine-tuning {100 * before:F2} %");
        if (options.FineTune.Epochs > 0)
        {
            int offset = log.Epochs.Count;
            var fineTune = Trainer.Train(pruned, train, options.FineTune, test, progress, e => epochDone?.Invoke(e with { Epoch = e.Epoch + offset }), validation: validation);
            log.Epochs.AddRange(fineTune.Epochs.Select(e => e with { Epoch = e.Epoch + offset }));
            log.SelectedEpoch = fineTune.SelectedEpoch + offset;
        }
        if (log.SelectedEpoch is { } e) status?.Invoke($"ratio {ratio:F3}: kept the weights of epoch {e} (best validation accuracy)");
        return new PruningTrial(ratio, pruned, before, Evaluator.Accuracy(pruned, test), log);
    }
}
