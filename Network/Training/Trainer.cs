using System.Diagnostics;
using MemristorSpice.Network.Data;
using MemristorSpice.Network.Evaluation;
using MemristorSpice.Network.Layers;
using MemristorSpice.Network.Models;

namespace MemristorSpice.Network.Training;

/// <summary>
/// Mini-batch training with softmax cross-entropy. Shuffling uses a Random seeded from the options, and every
/// kernel reduces in a fixed order, so a seed gives bit-identical weights on any core count. With a validation set
/// the model is evaluated on it after every epoch and the best epoch's weights are restored at the end.
/// </summary>
public static class Trainer
{
    /// <summary>Trains <paramref name="model"/> in place on <paramref name="train"/> and returns the per-epoch log.</summary>
    /// <param name="model">Network to train; its weights are updated in place.</param>
    /// <param name="train">Training set, reshuffled every epoch.</param>
    /// <param name="options">Hyper-parameters and seed of the run.</param>
    /// <param name="test">Optional test set, evaluated after each epoch for the log when <see cref="TrainingOptions.EvaluateEachEpoch"/> is set.</param>
    /// <param name="progress">Called after every batch.</param>
    /// <param name="epochDone">Called with each finished epoch's record.</param>
    /// <param name="cancel">Checked before every batch; cancelling throws <see cref="OperationCanceledException"/>.</param>
    /// <param name="validation">Optional hold-out set; the weights of the epoch with the best accuracy on it are kept.</param>
    public static TrainingLog Train(Model model, Dataset train, TrainingOptions options, Dataset? test = null,
        Action<TrainingProgress>? progress = null, Action<EpochRecord>? epochDone = null, CancellationToken cancel = default,
        Dataset? validation = null)
    {
        if (options.Distillation is { } kd && kd.TeacherLogits.Length != train.Count * kd.Classes)
            throw new ArgumentException($"Distillation has teacher logits for {kd.TeacherLogits.Length / kd.Classes} images, the training set has {train.Count}.");
        Model? best = null;
        double bestValidation = double.NegativeInfinity;
        var optimizer = options.CreateOptimizer();
        var schedule = options.CreateSchedule();
        var parameters = model.TrainableParameters.ToList();
        var rng = new Random(options.Seed);
        var order = Enumerable.Range(0, train.Count).ToArray();
        int batches = (train.Count + options.BatchSize - 1) / options.BatchSize;
        int total = batches * options.Epochs, step = 0;
        var log = new TrainingLog();
        var noise = options.HardwareNoise is { Any: true } hw ? new HardwareNoise(model, hw) : null;
        var sparse = options.SparsityL1 > 0 ? options.SparsityLayers.Select(n => (BatchNorm)model[n]).ToList() : [];
        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            var sw = Stopwatch.StartNew();
            rng.Shuffle(order);
            noise?.Calibrate(train);
            double lossSum = 0; long correct = 0, seen = 0;
            float lr = 0;
            for (int b = 0; b < batches; b++)
            {
                cancel.ThrowIfCancellationRequested();
                int start = b * options.BatchSize, count = Math.Min(options.BatchSize, train.Count - start);
                var (x, labels) = train.Batch(order, start, count);
                model.ZeroGrad();
                noise?.Perturb(step);
                var logits = model.Forward(x, training: true);
                var loss = options.Distillation is { } distill
                    ? distill.Compute(logits, labels, order, start)
                    : SoftmaxCrossEntropy.Compute(logits, labels);
                model.BackwardParameters(loss.Gradient);
                // Straight-through: the gradient at the perturbed weights updates the clean ones.
                noise?.Restore();
                foreach (var bn in sparse)
                    for (int c = 0; c < bn.Channels; c++) bn.Gamma.Grad[c] += options.SparsityL1 * MathF.Sign(bn.Gamma.Value[c]);
                lr = schedule.Rate(step++, total);
                optimizer.Step(parameters, lr);
                options.AfterStep?.Invoke(step, total);
                lossSum += loss.Loss * count; correct += loss.Correct; seen += count;
                progress?.Invoke(new TrainingProgress(epoch, options.Epochs, b + 1, batches, lossSum / seen, (double)correct / seen, lr));
            }
            double? testAcc = options.EvaluateEachEpoch && test is not null ? Evaluator.Accuracy(model, test) : null;
            double? valAcc = validation is not null ? Evaluator.Accuracy(model, validation) : null;
            var rec = new EpochRecord(epoch, lossSum / seen, (double)correct / seen, testAcc, lr, sw.Elapsed.TotalSeconds, valAcc);
            log.Epochs.Add(rec);
            // Later epochs win ties: they ran at a lower learning rate.
            if (valAcc is { } va && va >= bestValidation) { bestValidation = va; best = model.Clone(); log.SelectedEpoch = epoch; }
            epochDone?.Invoke(rec);
        }
        noise?.ClearStepScales();
        if (best is not null) model.CopyFrom(best);
        return log;
    }
}
