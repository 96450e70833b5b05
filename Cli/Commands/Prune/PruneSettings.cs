using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Network;
using MemristorSpice.Network.Data;
using MemristorSpice.Network.Pruning;
using MemristorSpice.Network.Training;

namespace MemristorSpice.Cli.Commands.Prune;

/// <summary>
/// How much to prune: exactly one of a ratio per depthwise layer, explicit channel counts (<c>--remove</c>, checked
/// against the model by <see cref="RemoveCounts"/>) or the largest accuracy drop in percentage points (ratio search).
/// </summary>
internal sealed record PruneAmount(double? Ratio, string? RemoveSpec, double? MaxDropPoints);

/// <summary>Everything <c>memspice prune</c> was asked, bound from the command line and range-checked.</summary>
internal sealed record PruneSettings(
    string WeightsPath,
    PruneAmount Amount,
    PruningCriterion Criterion,
    int FineTuneEpochs,
    int Seed,
    double LearningRate,
    ScheduleKind Schedule,
    int SparsityEpochs,
    int FadeEpochs,
    double DistillWeight,
    double DistillTemperature,
    int ValidationImages,
    DataSetChoice Dataset,
    string OutPath,
    string LogPath,
    bool Force,
    string CommandLine)
{
    /// <summary>Seed offset of the fade run, so that its shuffles differ from the fine-tuning ones.</summary>
    public const int FadeSeedOffset = 1000;

    /// <summary>The recipe's options; <paramref name="removeCounts"/> is the parsed <c>--remove</c> (null without it).</summary>
    public PruningOptions ToPruningOptions(IReadOnlyDictionary<string, int>? removeCounts)
    {
        var defaults = new PruningOptions();
        return new PruningOptions
        {
            Criterion = Criterion,
            Ratio = Amount.Ratio ?? defaults.Ratio,
            MaxDropPoints = Amount.MaxDropPoints,
            RemoveCounts = removeCounts,
            Sparsity = defaults.Sparsity with { Epochs = SparsityEpochs },
            Fade = defaults.Fade with
            {
                Epochs = FadeEpochs, Seed = Seed + FadeSeedOffset, MaxLearningRate = (float)LearningRate, Schedule = Schedule,
            },
            FineTune = defaults.FineTune with
            {
                Epochs = FineTuneEpochs, Seed = Seed, MaxLearningRate = (float)LearningRate, Schedule = Schedule, EvaluateEachEpoch = true,
            },
            DistillWeight = (float)DistillWeight,
            DistillTemperature = (float)DistillTemperature,
            ValidationImages = ValidationImages,
        };
    }
}
