using MemristorSpice.Network.Core;
using MemristorSpice.Network.Layers;
using MemristorSpice.Network.Models;

namespace MemristorSpice.Network.Tests;

/// <summary>
/// Backward passes against central finite differences of L = Σ y·r (r random). Layers compute in float32, so the
/// check uses h = 1e-2 on small tensors: float32 round-off in L (~1e-6 relative, L ≈ 10) divided by 2h gives
/// ≈ 5e-4 of noise and the O(h²) truncation error is ≈ 1e-4 for the smooth layers (the piecewise-linear ones are
/// exact because inputs keep ≥ 0.05 away from their kinks). Tolerance: |num − ana| ≤ 3e-3 + 1e-2·|ana|.
/// </summary>
public class GradientCheckTests
{
    internal const float H = 1e-2f;

    private static double Loss(Layer layer, Tensor x, Tensor r)
    {
        var y = layer.Forward(x, training: true);
        double s = 0;
        for (int i = 0; i < y.Length; i++) s += (double)y.Data[i] * r.Data[i];
        return s;
    }

    internal static void AssertClose(double numeric, double analytic, string what)
    {
        double tol = 3e-3 + 1e-2 * Math.Abs(analytic);
        Assert.True(Math.Abs(numeric - analytic) <= tol, $"{what}: numeric {numeric:G6} vs analytic {analytic:G6} (tol {tol:G3})");
    }

    /// <summary>
    /// Central differences of <paramref name="loss"/> at <paramref name="count"/> entries of <paramref name="p"/> (picked
    /// with <paramref name="rng"/>) against the analytic <paramref name="grad"/>; <paramref name="what"/> names p in messages.
    /// </summary>
    internal static void CheckEntries(Parameter p, float[] grad, Func<double> loss, Random rng, int count, string what)
    {
        foreach (int i in Enumerable.Range(0, p.Size).OrderBy(_ => rng.Next()).Take(count))
        {
            float orig = p.Value[i];
            p.Value[i] = orig + H; double lp = loss();
            p.Value[i] = orig - H; double lm = loss();
            p.Value[i] = orig;
            AssertClose((lp - lm) / (2 * H), grad[i], $"{what}[{i}]");
        }
    }

    internal static void Check(Layer layer, Tensor x, int seed = 3)
    {
        var y0 = layer.Forward(x, training: true);
        var r = TestUtil.Random(y0.N, y0.C, y0.H, y0.W, seed);
        foreach (var p in layer.Parameters.Where(p => p.Trainable)) Array.Clear(p.Grad);
        layer.Forward(x, training: true);
        var dx = layer.Backward(r).Clone();
        var grads = layer.Parameters.Where(p => p.Trainable).ToDictionary(p => p, p => (float[])p.Grad.Clone());

        var rng = new Random(seed);
        var indices = Enumerable.Range(0, x.Length).OrderBy(_ => rng.Next()).Take(40).ToList();
        foreach (int i in indices)
        {
            float orig = x.Data[i];
            x.Data[i] = orig + H; double lp = Loss(layer, x, r);
            x.Data[i] = orig - H; double lm = Loss(layer, x, r);
            x.Data[i] = orig;
            AssertClose((lp - lm) / (2 * H), dx.Data[i], $"{layer.Name} dx[{i}]");
        }
        foreach (var (p, g) in grads)
            CheckEntries(p, g, () => Loss(layer, x, r), rng, 20, p.Name);
    }

    private static void RandomParams(Layer l, int seed)
    {
        var rng = new Random(seed);
        foreach (var p in l.Parameters.Where(p => p.Trainable))
            for (int i = 0; i < p.Size; i++) p.Value[i] = (float)(rng.NextDouble() * 2 - 1);
    }

    [Theory]
    [InlineData(3, 1, 1)]
    [InlineData(3, 2, 1)]
    [InlineData(5, 1, 0)]
    [InlineData(2, 2, 0)]
    public void Conv2d(int k, int stride, int pad)
    {
        var l = new Conv2d("c", 3, 4, k, stride, pad);
        RandomParams(l, 1);
        Check(l, TestUtil.Random(2, 3, 7, 6, 2));
    }

    [Fact]
    public void PointwiseConv()
    {
        var l = new PointwiseConv("pw", 5, 3);
        RandomParams(l, 1);
        Check(l, TestUtil.Random(2, 5, 4, 3, 2));
    }

    [Theory]
    [InlineData(3, 1, 1)]
    [InlineData(3, 2, 1)]
    [InlineData(3, 1, 0)]
    public void DepthwiseConv(int k, int stride, int pad)
    {
        var l = new DepthwiseConv("dw", 3, k, stride, pad);
        RandomParams(l, 1);
        Check(l, TestUtil.Random(2, 3, 7, 6, 2));
    }

    [Fact]
    public void BatchNormTraining()
    {
        var l = new BatchNorm("bn", 3);
        RandomParams(l, 1);
        Check(l, TestUtil.Random(4, 3, 3, 2, 2));
    }

    [Fact]
    public void FullyConnected()
    {
        var l = new FullyConnected("fc", 12, 5);
        RandomParams(l, 1);
        Check(l, TestUtil.Random(3, 3, 2, 2, 2));
    }

    /// <summary>Inputs on a 0.05 grid, shuffled and offset from zero, so no ReLU kink or max-pool tie is within h.</summary>
    private static Tensor Spaced(int n, int c, int h, int w)
    {
        var t = new Tensor(n, c, h, w);
        var vals = Enumerable.Range(0, t.Length).Select(i => (i - t.Length / 2) * 0.05f + 0.025f).OrderBy(v => (v * 7919) % 1).ToArray();
        var rng = new Random(5);
        rng.Shuffle(vals);
        vals.CopyTo(t.Data, 0);
        return t;
    }

    [Fact] public void ReLU() => Check(new ReLU("relu"), Spaced(2, 2, 3, 3));
    [Fact] public void MaxPool() => Check(new MaxPool("mp", 2), Spaced(2, 2, 5, 4));
    [Fact] public void AvgPool() => Check(new AvgPool("ap", 2), TestUtil.Random(2, 2, 5, 4, 2));
    [Fact] public void GlobalAvgPool() => Check(new GlobalAvgPool("gap"), TestUtil.Random(2, 3, 3, 4, 2));

    [Fact]
    public void SoftmaxCrossEntropyGradient()
    {
        // Loss is computed in double from float logits; h = 1e-2 gives truncation error ≈ 1e-5 here.
        var z = TestUtil.Random(3, 10, 1, 1, 9, 3f);
        byte[] labels = [2, 7, 0];
        var g = SoftmaxCrossEntropy.Compute(z, labels).Gradient;
        for (int i = 0; i < z.Length; i++)
        {
            float orig = z.Data[i];
            z.Data[i] = orig + H; double lp = SoftmaxCrossEntropy.Compute(z, labels).Loss;
            z.Data[i] = orig - H; double lm = SoftmaxCrossEntropy.Compute(z, labels).Loss;
            z.Data[i] = orig;
            AssertClose((lp - lm) / (2 * H), g.Data[i], $"dlogits[{i}]");
        }
    }

    [Fact]
    public void WholeMsccnnBackwardMatchesFiniteDifferences()
    {
        // End-to-end chain on a reduced 12×12 input: checks layer composition (buffers, shapes) not just single layers.
        // A weight step moves many activations at once, so h = 1e-3 keeps ReLU/max-pool kinks from being crossed;
        // the loss (≈ 2.3) has float round-off ≈ 3e-7, i.e. ≈ 2e-4 of noise after dividing by 2h.
        const float h = 1e-3f;
        var m = new Model("tiny", new Shape3(1, 12, 12),
        [
            new Conv2d("conv1", 1, 4, 3, 1, 1), new BatchNorm("bn1", 4), new ReLU("r1"), new MaxPool("p1", 2),
            new DepthwiseConv("dw1", 4, 3, 1, 1), new BatchNorm("bn2", 4), new ReLU("r2"),
            new PointwiseConv("pw1", 4, 3), new GlobalAvgPool("gap"),
        ]);
        Initializer.HeInit(m, 4);
        var x = TestUtil.Random(3, 1, 12, 12, 5);
        byte[] labels = [0, 1, 2];
        m.ZeroGrad();
        var loss = SoftmaxCrossEntropy.Compute(m.Forward(x, true), labels);
        m.BackwardParameters(loss.Gradient);   // the training path: conv1 skips its input gradient
        var w = ((Conv2d)m["conv1"]).Weight;
        var g = (float[])w.Grad.Clone();
        for (int i = 0; i < w.Size; i += 5)
        {
            float orig = w.Value[i];
            w.Value[i] = orig + h; double lp = SoftmaxCrossEntropy.Compute(m.Forward(x, true), labels).Loss;
            w.Value[i] = orig - h; double lm = SoftmaxCrossEntropy.Compute(m.Forward(x, true), labels).Loss;
            w.Value[i] = orig;
            AssertClose((lp - lm) / (2 * h), g[i], $"conv1.weight[{i}]");
        }
    }
    [Fact]
    public void GroupedDilatedAsymmetricConv()
    {
        var conv = new Conv2d("gconv", 4, 6, 3, 2, 1, groups: 2, dilation: 2, padLeft: 2, padBottom: 0, padRight: 1);
        RandomParams(conv, 3);
        Check(conv, TestUtil.Random(2, 4, 7, 6, 2));
    }
    [Fact] public void OverlappingPaddedPools()
    {
        Check(new MaxPool("mp", new PoolWindow(3, 2, 1, 1, 1, 1, Ceil: true)), Spaced(2, 2, 6, 5));
        Check(new AvgPool("ap", new PoolWindow(3, 2, 1, 0, 1, 1, Ceil: true, CountPadding: false)), TestUtil.Random(2, 2, 6, 5, 2));
    }

    [Fact]
    public void GraphBackwardSumsTheGradientsOfAllConsumers()
    {
        // A residual add and a concatenation: conv1's output feeds two layers, so its gradient is the sum of both
        // paths. Same step and tolerance as the chain check above.
        const float h = 1e-3f;
        var m = new Model("graph", new Shape3(1, 8, 8),
        [
            new Conv2d("conv1", 1, 4, 3, 1, 1), new ReLU("r1"),
            new Conv2d("conv2", 4, 4, 3, 1, 1) { Inputs = ["r1"] }, new Add("add", ["r1", "conv2"]),
            new Conv2d("conv3", 4, 2, 1, 1, 0, groups: 2) { Inputs = ["add"] }, new Concat("cat", ["conv3", "add"]),
            new GlobalAvgPool("gap"), new FullyConnected("fc", 6, 3),
        ]);
        Initializer.HeInit(m, 4);
        var x = TestUtil.Random(3, 1, 8, 8, 5);
        byte[] labels = [0, 1, 2];
        m.ZeroGrad();
        var loss = SoftmaxCrossEntropy.Compute(m.Forward(x, true), labels);
        m.BackwardParameters(loss.Gradient);
        foreach (var name in new[] { "conv1", "conv3" })
        {
            var w = ((Conv2d)m[name]).Weight;
            var g = (float[])w.Grad.Clone();
            for (int i = 0; i < w.Size; i += 3)
            {
                float orig = w.Value[i];
                w.Value[i] = orig + h; double lp = SoftmaxCrossEntropy.Compute(m.Forward(x, true), labels).Loss;
                w.Value[i] = orig - h; double lm = SoftmaxCrossEntropy.Compute(m.Forward(x, true), labels).Loss;
                w.Value[i] = orig;
                AssertClose((lp - lm) / (2 * h), g[i], $"{name}.weight[{i}]");
            }
        }
    }

    /// <summary>
    /// Values spread over [−8, 8] that keep ≥ 0.1 away from every kink of the ONNX activations (0 for LeakyRelu and
    /// Clip, ±3 for HardSwish, 6 for ReLU6), so a ±h step (h = 1e-2) never crosses one: there the piecewise layers
    /// are linear or quadratic and central differences are exact up to float round-off.
    /// </summary>
    private static Tensor AwayFromKinks(int n, int c, int h, int w, int seed)
    {
        var t = new Tensor(n, c, h, w);
        var rng = new Random(seed);
        float[] kinks = [-3f, 0f, 3f, 6f];
        for (int i = 0; i < t.Length; i++)
        {
            float v;
            do v = (float)(rng.NextDouble() * 16 - 8); while (kinks.Any(k => MathF.Abs(v - k) < 0.1f));
            t.Data[i] = v;
        }
        return t;
    }

    // Same step and tolerance as the layer checks above (class summary): |num − ana| ≤ 3e-3 + 1e-2·|ana|. For the
    // smooth Sigmoid and Tanh the O(h²) truncation is ≤ h²/6·max|f'''| ≈ 2e-5.
    [Fact] public void LeakyRelu() => Check(new LeakyReLU("leaky", 0.1f), AwayFromKinks(2, 2, 3, 3, 11));
    [Fact] public void Sigmoid() => Check(new Sigmoid("sigmoid"), AwayFromKinks(2, 2, 3, 3, 12));
    [Fact] public void Tanh() => Check(new Tanh("tanh"), AwayFromKinks(2, 2, 3, 3, 13));
    [Fact] public void HardSwish() => Check(new HardSwish("hswish"), AwayFromKinks(2, 2, 3, 3, 14));
    [Fact] public void Relu6Clip() => Check(new Clip("relu6", 0f, 6f), AwayFromKinks(2, 2, 3, 3, 15));
    [Fact] public void ClipWithOneBound() => Check(new Clip("clip", -1.5f, null), AwayFromKinks(2, 2, 3, 3, 16));

    [Fact]
    public void ImportedActivationsInAGraphBackpropagateLikeFiniteDifferences()
    {
        // The activation mix of the grouped ONNX fixture in a graph: LeakyRelu and HardSwish branches, a residual Add
        // of three inputs without a ReLU after it, a Tanh, a Concat and a ReLU6, so finetune on such networks follows
        // the true gradient. Same step and tolerance as the graph check above (h = 1e-3, kinks rarely crossed by a
        // weight step of that size on 3 images; the loss round-off is ≈ 2e-4 after dividing by 2h).
        const float h = 1e-3f;
        var m = new Model("acts", new Shape3(1, 8, 8),
        [
            new Conv2d("conv1", 1, 4, 3, 1, 1), new LeakyReLU("leaky", 0.1f),
            new Conv2d("conv2", 4, 4, 3, 1, 1) { Inputs = ["leaky"] }, new HardSwish("hswish"),
            new Conv2d("conv3", 4, 4, 1, 1, 0) { Inputs = ["leaky"] }, new Sigmoid("sig"),
            new Add("add", ["leaky", "hswish", "sig"]), new Tanh("tanh"),
            new Conv2d("conv4", 4, 2, 1, 1, 0, groups: 2) { Inputs = ["add"] }, new Clip("relu6", 0f, 6f),
            new Concat("cat", ["relu6", "tanh"]), new GlobalAvgPool("gap"), new FullyConnected("fc", 6, 3),
        ]);
        Initializer.HeInit(m, 7);
        var x = TestUtil.Random(3, 1, 8, 8, 5);
        byte[] labels = [0, 1, 2];
        m.ZeroGrad();
        var loss = SoftmaxCrossEntropy.Compute(m.Forward(x, true), labels);
        m.BackwardParameters(loss.Gradient);
        foreach (var name in new[] { "conv1", "conv2", "conv3", "conv4" })
        {
            var w = ((Conv2d)m[name]).Weight;
            var g = (float[])w.Grad.Clone();
            for (int i = 0; i < w.Size; i += 3)
            {
                float orig = w.Value[i];
                w.Value[i] = orig + h; double lp = SoftmaxCrossEntropy.Compute(m.Forward(x, true), labels).Loss;
                w.Value[i] = orig - h; double lm = SoftmaxCrossEntropy.Compute(m.Forward(x, true), labels).Loss;
                w.Value[i] = orig;
                AssertClose((lp - lm) / (2 * h), g[i], $"{name}.weight[{i}]");
            }
        }
    }
}
