using MemristorSpice.Network.Core;
using MemristorSpice.Network.Data;
using MemristorSpice.Network.Layers;
using MemristorSpice.Network.Models;

namespace MemristorSpice.Network.Evaluation;

/// <summary>Accuracy and confusion matrix (rows = true class, columns = predicted class).</summary>
/// <param name="Correct">Number of samples whose arg-max prediction equals the label.</param>
/// <param name="Count">Number of samples evaluated.</param>
/// <param name="Confusion">Counts indexed [true class, predicted class].</param>
public sealed record EvaluationResult(int Correct, int Count, int[,] Confusion)
{
    /// <summary>Fraction of correct predictions, 0 to 1 (0 for an empty data set).</summary>
    public double Accuracy => Count == 0 ? 0 : (double)Correct / Count;
    /// <summary>Number of classes (side of the confusion matrix).</summary>
    public int Classes => Confusion.GetLength(0);

    /// <summary>Confusion matrix as fixed-width text, one row per true class, for console output.</summary>
    public string ConfusionText()
    {
        var sb = new System.Text.StringBuilder("true\\pred");
        for (int j = 0; j < Classes; j++) sb.Append($"{j,7}");
        sb.Append('\n');
        for (int i = 0; i < Classes; i++)
        {
            sb.Append($"{i,9}");
            for (int j = 0; j < Classes; j++) sb.Append($"{Confusion[i, j],7}");
            sb.Append('\n');
        }
        return sb.ToString();
    }
}

/// <summary>Eval-mode inference over a data set in batches.</summary>
public static class Evaluator
{
    /// <summary>Runs <paramref name="model"/> in eval mode over <paramref name="data"/>; <paramref name="progress"/> receives (samples done, total).</summary>
    public static EvaluationResult Evaluate(Model model, Dataset data, int batchSize = 500, Action<int, int>? progress = null)
        => Evaluate(x => model.Forward(x, training: false), model.OutputShape.Size, data, batchSize, progress);

    /// <summary>Evaluates any batch forward function (e.g. a folded network or a co-simulated one).</summary>
    public static EvaluationResult Evaluate(Func<Tensor, Tensor> forward, int classes, Dataset data, int batchSize = 500, Action<int, int>? progress = null)
    {
        var confusion = new int[classes, classes];
        int correct = 0;
        for (int start = 0; start < data.Count; start += batchSize)
        {
            int count = Math.Min(batchSize, data.Count - start);
            var (x, labels) = data.Batch(start, count);
            var logits = forward(x);
            for (int i = 0; i < count; i++)
            {
                int pred = SoftmaxCrossEntropy.ArgMax(logits.Sample(i));
                confusion[labels[i], pred]++;
                if (pred == labels[i]) correct++;
            }
            progress?.Invoke(start + count, data.Count);
        }
        return new EvaluationResult(correct, data.Count, confusion);
    }

    /// <summary>Eval-mode accuracy of <paramref name="model"/> on <paramref name="data"/>, 0 to 1.</summary>
    public static double Accuracy(Model model, Dataset data) => Evaluate(model, data).Accuracy;
}
