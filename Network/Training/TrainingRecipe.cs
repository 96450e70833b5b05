using System.Diagnostics;
using MemristorSpice.Network.Data;
using MemristorSpice.Network.Evaluation;
using MemristorSpice.Network.IO;
using MemristorSpice.Network.Models;

namespace MemristorSpice.Network.Training;

/// <summary>Outcome of a recipe: the trained model, its log, the final test evaluation and wall-clock time.</summary>
/// <param name="Model">The trained model.</param>
/// <param name="Log">Per-epoch training log.</param>
/// <param name="Test">Final evaluation on the test set.</param>
/// <param name="Seconds">Wall-clock time of training and evaluation, in seconds.</param>
public sealed record TrainingOutcome(Model Model, TrainingLog Log, EvaluationResult Test, double Seconds);

/// <summary>
/// One-call training entry for the CLI (`memspice train`): builds the named model for a seed, trains it on MNIST
/// with the given options, evaluates on the test set, and optionally writes the weights and the CSV log.
/// </summary>
public static class TrainingRecipe
{
    /// <summary>Builds <paramref name="modelName"/> from the zoo, trains and evaluates it; writes the weights to <paramref name="weightsPath"/> and the CSV log to <paramref name="logPath"/> when they are given.</summary>
    public static TrainingOutcome Run(string modelName, TrainingOptions options, Dataset train, Dataset test,
        Action<TrainingProgress>? progress = null, Action<EpochRecord>? epochDone = null,
        string? weightsPath = null, string? logPath = null, CancellationToken cancel = default)
    {
        var sw = Stopwatch.StartNew();
        var model = ModelZoo.Create(modelName, options.Seed);
        var log = Trainer.Train(model, train, options, test, progress, epochDone, cancel);
        var eval = Evaluator.Evaluate(model, test);
        double seconds = sw.Elapsed.TotalSeconds;
        if (logPath is not null) log.WriteCsv(logPath);
        if (weightsPath is not null)
            WeightsFile.Save(model, weightsPath, Metadata(options, eval, seconds));
        return new TrainingOutcome(model, log, eval, seconds);
    }

    /// <summary>
    /// The options the shipped weights were trained with (weights/README.md): Adam + one-cycle, batch 128, weight
    /// decay 1e-4; peak learning rate 0.01, except LeNet (no BatchNorm) which trains more stably at 0.003.
    /// </summary>
    public static TrainingOptions DefaultOptions(string modelName, int epochs, int seed) => new()
    {
        Epochs = epochs,
        Seed = seed,
        MaxLearningRate = modelName == "lenet" ? 0.003f : 0.01f,
    };

    /// <summary>Key/value strings stored in the weights file: the training options, the test accuracy and the training time in seconds.</summary>
    public static Dictionary<string, string> Metadata(TrainingOptions o, EvaluationResult test, double seconds)
    {
        var ic = System.Globalization.CultureInfo.InvariantCulture;
        return new()
        {
            ["epochs"] = o.Epochs.ToString(ic), ["seed"] = o.Seed.ToString(ic), ["batch"] = o.BatchSize.ToString(ic),
            ["optimizer"] = o.Optimizer.ToString(), ["schedule"] = o.Schedule.ToString(),
            ["max_lr"] = o.MaxLearningRate.ToString("G6", ic), ["weight_decay"] = o.WeightDecay.ToString("G6", ic),
            ["test_accuracy"] = test.Accuracy.ToString("F4", ic), ["train_seconds"] = seconds.ToString("F1", ic),
        };
    }
}
