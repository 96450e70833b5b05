using MemristorSpice.Network.Core;
using MemristorSpice.Network.Data;
using MemristorSpice.Network.Layers;
using MemristorSpice.Network.Models;

namespace MemristorSpice.Network.Training;

/// <summary>
/// Knowledge distillation (Hinton, Vinyals, Dean 2015, "Distilling the knowledge in a neural network"): the student
/// is trained on a mix of the hard labels and the teacher's softened class probabilities,
/// L = (1 − α)·CE(softmax(s), y) + α·T²·KL(softmax(t/T) ‖ softmax(s/T)),
/// with s, t the student and teacher logits and T the temperature. The T² factor keeps the soft term's gradient
/// magnitude independent of T: ∂L/∂s_j = (1 − α)·(q_j − y_j) + α·T·(q_j^T − p_j^T), q = student, p = teacher
/// probabilities. The teacher logits are computed once per training image (no augmentation, so they never change).
/// </summary>
public sealed class Distillation
{
    /// <summary>Distillation from <paramref name="teacherLogits"/> ([sample × class]) at <paramref name="temperature"/> T &gt; 0, with soft-term share <paramref name="weight"/> α in [0, 1].</summary>
    public Distillation(float[] teacherLogits, int classes, float temperature, float weight)
    {
        if (temperature <= 0) throw new ArgumentOutOfRangeException(nameof(temperature), $"Distillation temperature {temperature} must be positive.");
        if (weight is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(weight), $"Distillation weight {weight} must be in [0, 1].");
        if (classes <= 0 || teacherLogits.Length % classes != 0)
            throw new ArgumentException($"{teacherLogits.Length} teacher logits are not a multiple of {classes} classes.");
        TeacherLogits = teacherLogits; Classes = classes; Temperature = temperature; Weight = weight;
    }

    /// <summary>Teacher logits, [sample × class], in the training set's sample order.</summary>
    public float[] TeacherLogits { get; }
    /// <summary>Number of classes (logits per sample).</summary>
    public int Classes { get; }
    /// <summary>Softening temperature T (dimensionless, &gt; 0); higher spreads the teacher's probabilities.</summary>
    public float Temperature { get; }
    /// <summary>α: share of the soft (teacher) term in the loss.</summary>
    public float Weight { get; }

    /// <summary>Runs the teacher (eval mode) over every training image once.</summary>
    public static Distillation FromTeacher(Model teacher, Dataset train, float temperature, float weight, int batchSize = 500)
    {
        int k = teacher.OutputShape.Size;
        var logits = new float[train.Count * k];
        for (int start = 0; start < train.Count; start += batchSize)
        {
            int count = Math.Min(batchSize, train.Count - start);
            var (x, _) = train.Batch(start, count);
            teacher.Forward(x, training: false).Data.AsSpan(0, count * k).CopyTo(logits.AsSpan(start * k));
        }
        return new Distillation(logits, k, temperature, weight);
    }

    /// <summary>Loss and gradient for a batch whose sample i is training image indices[start + i].</summary>
    public LossResult Compute(Tensor logits, ReadOnlySpan<byte> labels, ReadOnlySpan<int> indices, int start)
    {
        int n = logits.N, k = logits.SampleSize;
        if (k != Classes) throw new ArgumentException($"Student has {k} outputs, teacher {Classes}.");
        var teacher = new float[n * k];
        for (int i = 0; i < n; i++) TeacherLogits.AsSpan(indices[start + i] * k, k).CopyTo(teacher.AsSpan(i * k, k));
        return Compute(logits, teacher, labels, Temperature, Weight);
    }

    /// <summary>The loss above for explicit teacher logits [n × k]; the gradient is averaged over the batch.</summary>
    public static LossResult Compute(Tensor logits, ReadOnlySpan<float> teacherLogits, ReadOnlySpan<byte> labels, float temperature, float weight)
    {
        int n = logits.N, k = logits.SampleSize;
        if (labels.Length != n) throw new ArgumentException($"{labels.Length} labels for a batch of {n}.");
        if (teacherLogits.Length != n * k) throw new ArgumentException($"{teacherLogits.Length} teacher logits for {n}×{k} student logits.");
        var hard = SoftmaxCrossEntropy.Compute(logits, labels);
        var grad = hard.Gradient;
        double soft = 0;
        var q = new double[k];
        var p = new double[k];
        for (int i = 0; i < n; i++)
        {
            Softmax(logits.Sample(i), temperature, q);
            Softmax(teacherLogits.Slice(i * k, k), temperature, p);
            var g = grad.Sample(i);
            for (int j = 0; j < k; j++)
            {
                if (p[j] > 0) soft += p[j] * (Math.Log(p[j]) - Math.Log(Math.Max(q[j], 1e-300)));
                g[j] = (float)((1 - weight) * g[j] + weight * temperature * (q[j] - p[j]) / n);
            }
        }
        double loss = (1 - weight) * hard.Loss + weight * temperature * temperature * soft / n;
        return new LossResult(loss, grad, hard.Correct);
    }

    private static void Softmax(ReadOnlySpan<float> z, float temperature, double[] result)
    {
        float max = z[0];
        for (int j = 1; j < z.Length; j++) max = Math.Max(max, z[j]);
        double sum = 0;
        for (int j = 0; j < z.Length; j++) sum += result[j] = Math.Exp((z[j] - max) / temperature);
        for (int j = 0; j < z.Length; j++) result[j] /= sum;
    }
}
