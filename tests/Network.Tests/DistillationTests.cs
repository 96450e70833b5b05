using MemristorSpice.Network.Core;
using MemristorSpice.Network.Data;
using MemristorSpice.Network.Evaluation;
using MemristorSpice.Network.Layers;
using MemristorSpice.Network.Models;
using MemristorSpice.Network.Training;

namespace MemristorSpice.Network.Tests;

public class DistillationTests
{
    private static (Tensor Student, float[] Teacher, byte[] Labels) Batch(int n, int seed)
    {
        var s = TestUtil.Random(n, 10, 1, 1, seed, 3f);
        var t = TestUtil.Random(n, 10, 1, 1, seed + 1, 5f).Data;
        var labels = Enumerable.Range(0, n).Select(i => (byte)((i * 7 + seed) % 10)).ToArray();
        return (s, t, labels);
    }

    [Theory]
    [InlineData(1f, 0.9f)]
    [InlineData(4f, 0.9f)]
    [InlineData(4f, 0.5f)]
    [InlineData(2f, 1f)]
    public void GradientMatchesCentralFiniteDifferences(float temperature, float weight)
    {
        // The loss is evaluated in double from float logits, so with h = 1e-2 the round-off is ≈ 1e-7/h = 1e-5 and the
        // O(h²) truncation error ≈ h²·|L'''| ≲ 1e-4·T (the soft term scales like T). Tolerance 2e-4·T + 1e-3·|ana|.
        var (s, t, labels) = Batch(4, 5);
        var r = Distillation.Compute(s, t, labels, temperature, weight);
        const float h = 1e-2f;
        for (int i = 0; i < s.Length; i++)
        {
            float keep = s.Data[i];
            s.Data[i] = keep + h; double up = Distillation.Compute(s, t, labels, temperature, weight).Loss; float hi = s.Data[i];
            s.Data[i] = keep - h; double down = Distillation.Compute(s, t, labels, temperature, weight).Loss; float lo = s.Data[i];
            s.Data[i] = keep;
            double numeric = (up - down) / ((double)hi - lo), analytic = r.Gradient.Data[i];
            double tol = 2e-4 * temperature + 1e-3 * Math.Abs(analytic);
            Assert.True(Math.Abs(numeric - analytic) <= tol, $"logit {i}: numeric {numeric:G6} vs analytic {analytic:G6} (tol {tol:G3})");
        }
    }

    [Fact]
    public void MatchesClosedFormsAtTheLimits()
    {
        var (s, t, labels) = Batch(3, 9);
        // α = 0 is plain cross-entropy (bit-identical: the soft term is multiplied by 0).
        var ce = SoftmaxCrossEntropy.Compute(s, labels);
        var kd0 = Distillation.Compute(s, t, labels, 4f, 0f);
        Assert.Equal(ce.Loss, kd0.Loss, 12);
        Assert.Equal(ce.Gradient.Data, kd0.Gradient.Data);
        // Teacher = student and α = 1: KL(p‖p) = 0 and the gradient T·(q − p) vanishes (float round-off only, 1e-7).
        var same = Distillation.Compute(s, s.Data, labels, 3f, 1f);
        Assert.True(Math.Abs(same.Loss) < 1e-9, $"loss {same.Loss:G3}");
        Assert.All(same.Gradient.Data, g => Assert.True(Math.Abs(g) < 1e-7, $"gradient {g:G3}"));
        // Two classes by hand: student logits (0, 0) → q = (½, ½); teacher (ln 3, 0) at T = 1 → p = (¾, ¼).
        // KL = ¾ ln(¾/½) + ¼ ln(¼/½) = 0.130812035941; gradient of the soft term T·(q − p) = (−¼, ¼).
        var two = new Tensor(1, 2, 1, 1, [0f, 0f]);
        var kd = Distillation.Compute(two, [MathF.Log(3f), 0f], [0], 1f, 1f);
        Assert.Equal(0.75 * Math.Log(1.5) + 0.25 * Math.Log(0.5), kd.Loss, 6);
        Assert.Equal(-0.25, kd.Gradient.Data[0], 6);
        Assert.Equal(0.25, kd.Gradient.Data[1], 6);
    }

    [Fact]
    public void FromTeacherStoresOneLogitRowPerTrainingImage()
    {
        var data = TestUtil.SyntheticDataset(30, 2);
        var teacher = ModelZoo.Create("msccnn", 4);
        var kd = Distillation.FromTeacher(teacher, data, 4f, 0.9f, batchSize: 7);
        var (x, _) = data.Batch(11, 1);
        Assert.Equal(teacher.Forward(x).Data, kd.TeacherLogits.AsSpan(110, 10).ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => new Distillation(kd.TeacherLogits, 10, 0f, 0.5f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Distillation(kd.TeacherLogits, 10, 4f, 1.5f));
        // Teacher logits for a different training set are rejected instead of silently misaligned.
        Assert.Throws<ArgumentException>(() => Trainer.Train(ModelZoo.Create("msccnn", 1), data.Take(20),
            new TrainingOptions { Epochs = 1, BatchSize = 10, Distillation = kd, EvaluateEachEpoch = false }));
    }
}

public class ValidationSelectionTests
{
    [Fact]
    public void SplitIsSeededDisjointAndCoversEverySample()
    {
        // Pixel 0 of sample i encodes i, so every sample can be traced through the split.
        int count = 50;
        var px = new float[count * 4];
        for (int i = 0; i < count; i++) px[i * 4] = i;
        var data = new Dataset("ids", 2, 2, px, Enumerable.Range(0, count).Select(i => (byte)(i % 10)).ToArray());
        var (train, val) = data.Split(12, seed: 3);
        int[] Ids(Dataset d) => Enumerable.Range(0, d.Count).Select(i => (int)d.Pixels[i * 4]).ToArray();
        Assert.Equal(38, train.Count);
        Assert.Equal(12, val.Count);
        Assert.Equal(Enumerable.Range(0, count), Ids(train).Concat(Ids(val)).Order());
        Assert.All(Enumerable.Range(0, train.Count), i => Assert.Equal(Ids(train)[i] % 10, train.Labels[i]));
        Assert.Equal(Ids(val), Ids(data.Split(12, seed: 3).Validation));
        Assert.NotEqual(Ids(val), Ids(data.Split(12, seed: 4).Validation));
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Split(50, 1));
    }

    [Fact]
    public void TrainerRestoresTheEpochWithTheBestValidationAccuracy()
    {
        var (train, val) = TestUtil.SyntheticDataset(240, 6).Split(60, 1);
        var m = ModelZoo.Create("msccnn", 2);
        // A large learning rate makes validation accuracy move up and down between epochs.
        var log = Trainer.Train(m, train, new TrainingOptions { Epochs = 4, BatchSize = 30, MaxLearningRate = 0.05f, EvaluateEachEpoch = false },
            validation: val);
        var accs = log.Epochs.Select(e => e.ValidationAccuracy!.Value).ToList();
        int expected = accs.LastIndexOf(accs.Max()) + 1;
        Assert.Equal(expected, log.SelectedEpoch);
        // The returned weights are that epoch's: re-evaluating gives exactly the logged accuracy.
        Assert.Equal(accs.Max(), Evaluator.Accuracy(m, val));
        Assert.Contains(",validation_accuracy", log.ToCsv().Split('\n')[0]);
    }
}
