using MemristorSpice.Network.Core;

namespace MemristorSpice.Network.Layers;

/// <summary>Result of the loss on one batch: mean loss, gradient w.r.t. the logits, and correct predictions.</summary>
/// <param name="Loss">Mean cross-entropy over the batch, in nats.</param>
/// <param name="Gradient">Gradient of the mean loss with respect to the logits, same shape as the logits.</param>
/// <param name="Correct">Samples whose arg-max logit equals the label.</param>
public sealed record LossResult(double Loss, Tensor Gradient, int Correct);

/// <summary>Softmax followed by cross-entropy, averaged over the batch (max-subtracted for stability).</summary>
public static class SoftmaxCrossEntropy
{
    /// <summary>Loss, logit gradient and correct count for a batch of <paramref name="logits"/> (N×classes) and their <paramref name="labels"/>.</summary>
    public static LossResult Compute(Tensor logits, ReadOnlySpan<byte> labels)
    {
        int n = logits.N, k = logits.SampleSize;
        if (labels.Length != n) throw new ArgumentException($"{labels.Length} labels for a batch of {n}.");
        var grad = logits.ZerosLike();
        double loss = 0;
        int correct = 0;
        for (int i = 0; i < n; i++)
        {
            var z = logits.Sample(i);
            var g = grad.Sample(i);
            int label = labels[i];
            if (label >= k) throw new ArgumentException($"Label {label} out of range for {k} classes.");
            float max = z[0]; int arg = 0;
            for (int j = 1; j < k; j++) if (z[j] > max) { max = z[j]; arg = j; }
            if (arg == label) correct++;
            double sum = 0;
            for (int j = 0; j < k; j++) sum += Math.Exp(z[j] - max);
            loss += Math.Log(sum) - (z[label] - max);
            for (int j = 0; j < k; j++) g[j] = (float)(Math.Exp(z[j] - max) / sum) / n;
            g[label] -= 1f / n;
        }
        return new LossResult(loss / n, grad, correct);
    }

    /// <summary>Index of the largest value (first one on ties): the predicted class of a logit vector.</summary>
    public static int ArgMax(ReadOnlySpan<float> z)
    {
        int arg = 0;
        for (int j = 1; j < z.Length; j++) if (z[j] > z[arg]) arg = j;
        return arg;
    }
}
