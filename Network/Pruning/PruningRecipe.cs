namespace MemristorSpice.Network;

/// <summary>Options of a prune + fine-tune run.</summary>
public sealed record PruningOptions
{
    public PruningCriterion Criterion { get; init; } = PruningCriterion.BatchNormScale;
    /// <summary>Fixed ratio per depthwise layer; ignored when <see cref="MaxDropPoints"/> is set.</summary>
    public double Ratio { get; init; } = 0.5;
    /// <summary>Largest allowed test-accuracy drop in percentage points; enables the ratio search.</summary>
    public double? MaxDropPoints { get; init; }
    /// <summary>Candidate ratios for the search (ascending).</summary>
    public IReadOnlyList<double> SearchRatios { get; init; } = [0.25, 0.375, 0.5, 0.625, 0.75, 0.875];
    /// <summary>
    /// Sparsity epochs before pruning: the trained model is fine-tuned with an L1 penalty on the depthwise
    /// BatchNorm scales (network slimming) so that the channels to be removed carry little signal.
    /// </summary>
    public TrainingOptions Sparsity { get; init; } = new() { Epochs = 3, MaxLearningRate = 0.003f, SparsityL1 = 1e-3f, EvaluateEachEpoch = false };
    /// <summary>Fine-tuning run after pruning (shorter and gentler than training from scratch).</summary>
    public TrainingOptions FineTune { get; init; } = new() { Epochs = 3, MaxLearningRate = 0.002f, EvaluateEachEpoch = false };
}

/// <summary>One evaluated pruning candidate.</summary>
public sealed record PruningTrial(double Ratio, Model Model, double AccuracyBeforeFineTune, double Accuracy, TrainingLog Log);

/// <summary>Result of `memspice prune`: the chosen model, accuracies, removed channels and crossbar counts before/after.</summary>
public sealed record PruningOutcome(Model Model, double Ratio, double BaselineAccuracy, double Accuracy,
    IReadOnlyDictionary<string, int[]> RemovedChannels, ModelCounts Before, ModelCounts After, IReadOnlyList<PruningTrial> Trials)
{
    public double DropPoints => 100 * (BaselineAccuracy - Accuracy);
}

/// <summary>
/// One-call pruning entry for the CLI. Ratio mode prunes round(r·C) channels per depthwise layer and fine-tunes.
/// Max-drop mode binary-searches the candidate ratios (assuming accuracy falls with the ratio) for the largest
/// one whose fine-tuned test accuracy is within the allowed drop; each probe is a full prune + fine-tune from the
/// original weights. The accuracy drop is measured on the data set passed as <c>test</c>.
/// </summary>
public static class PruningRecipe
{
    public static PruningOutcome Run(Model trained, Dataset train, Dataset test, PruningOptions options,
        Action<string>? status = null, Action<TrainingProgress>? progress = null)
    {
        double baseline = Evaluator.Accuracy(trained, test);
        var source = trained;
        if (options.Sparsity.Epochs > 0)
        {
            source = trained.Clone();
            var sparsity = options.Sparsity with { SparsityLayers = DepthwisePruner.DepthwiseBatchNorms(trained) };
            status?.Invoke($"sparsity training: {sparsity.Epochs} epochs, L1 {sparsity.SparsityL1} on {string.Join(", ", sparsity.SparsityLayers)}");
            Trainer.Train(source, train, sparsity, null, progress);
            status?.Invoke($"after sparsity training: accuracy {100 * Evaluator.Accuracy(source, test):F2} %");
        }
        var trials = new List<PruningTrial>();
        PruningTrial best;
        if (options.MaxDropPoints is not { } maxDrop)
        {
            best = Trial(source, options.Ratio, train, test, options, status, progress);
            trials.Add(best);
        }
        else
        {
            PruningTrial? ok = null;
            int lo = 0, hi = options.SearchRatios.Count - 1;
            while (lo <= hi)
            {
                int mid = (lo + hi) / 2;
                var t = Trial(source, options.SearchRatios[mid], train, test, options, status, progress);
                trials.Add(t);
                bool within = 100 * (baseline - t.Accuracy) <= maxDrop;
                status?.Invoke($"ratio {t.Ratio:F3}: accuracy {100 * t.Accuracy:F2} % (baseline {100 * baseline:F2} %) -> {(within ? "within" : "exceeds")} {maxDrop} points");
                if (within) { ok = t; lo = mid + 1; } else hi = mid - 1;
            }
            best = ok ?? throw new InvalidOperationException(
                $"No candidate ratio keeps the accuracy drop within {maxDrop} points (smallest tried: {options.SearchRatios[0]}).");
        }
        return new PruningOutcome(best.Model, best.Ratio, baseline, best.Accuracy,
            best.Model.Pruning!.RemovedChannels, ModelCounter.Count(trained), ModelCounter.Count(best.Model), trials);
    }

    public static PruningTrial Trial(Model trained, double ratio, Dataset train, Dataset test, PruningOptions options,
        Action<string>? status = null, Action<TrainingProgress>? progress = null)
    {
        var remove = DepthwisePruner.SelectByRatio(trained, ratio, options.Criterion);
        var pruned = DepthwisePruner.Prune(trained, remove);
        double before = Evaluator.Accuracy(pruned, test);
        status?.Invoke($"ratio {ratio:F3}: removed {string.Join(", ", remove.Select(kv => $"{kv.Key} {kv.Value.Length}"))}; accuracy before fine-tuning {100 * before:F2} %");
        var log = options.FineTune.Epochs > 0 ? Trainer.Train(pruned, train, options.FineTune, test, progress) : new TrainingLog();
        return new PruningTrial(ratio, pruned, before, Evaluator.Accuracy(pruned, test), log);
    }
}
