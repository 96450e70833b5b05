using MemristorSpice.Network.Core;
using MemristorSpice.Network.Data;
using MemristorSpice.Network.Layers;
using MemristorSpice.Network.Models;

namespace MemristorSpice.Network.Tests;

internal static class TestUtil
{
    public static Tensor Random(int n, int c, int h, int w, int seed, float scale = 1f)
    {
        var rng = new Random(seed);
        var t = new Tensor(n, c, h, w);
        for (int i = 0; i < t.Length; i++) t.Data[i] = (float)(rng.NextDouble() * 2 - 1) * scale;
        return t;
    }

    /// <summary>Gives every BatchNorm non-trivial γ, β and running statistics so folding/pruning tests are meaningful.</summary>
    public static void RandomizeBatchNorm(Model model, int seed)
    {
        var rng = new Random(seed);
        foreach (var bn in model.Layers.OfType<BatchNorm>())
            for (int c = 0; c < bn.Channels; c++)
            {
                bn.Gamma.Value[c] = (float)(0.2 + 1.3 * rng.NextDouble());
                bn.Beta.Value[c] = (float)(rng.NextDouble() - 0.5);
                bn.RunningMean.Value[c] = (float)(rng.NextDouble() - 0.5);
                bn.RunningVar.Value[c] = (float)(0.5 + 1.5 * rng.NextDouble());
            }
    }

    /// <summary>max |a−b| / max(1, max |b|): a relative error that stays meaningful for small outputs.</summary>
    public static double RelMaxError(Tensor a, Tensor b)
    {
        Assert.True(a.SameShape(b), $"shape {a} vs {b}");
        double err = 0, mag = 1;
        for (int i = 0; i < a.Length; i++) { err = Math.Max(err, Math.Abs(a.Data[i] - b.Data[i])); mag = Math.Max(mag, Math.Abs(b.Data[i])); }
        return err / mag;
    }

    public static Dataset SyntheticDataset(int count, int seed)
    {
        // Ten fixed random prototypes plus noise: learnable in a few steps, no files needed.
        var rng = new Random(seed);
        var protos = new float[10][];
        for (int k = 0; k < 10; k++) protos[k] = Enumerable.Range(0, 784).Select(_ => (float)rng.NextDouble()).ToArray();
        var px = new float[count * 784];
        var labels = new byte[count];
        for (int i = 0; i < count; i++)
        {
            labels[i] = (byte)(i % 10);
            for (int j = 0; j < 784; j++) px[i * 784 + j] = Math.Clamp(protos[i % 10][j] + (float)(rng.NextDouble() - 0.5) * 0.3f, 0, 1);
        }
        return new Dataset("synthetic", 28, 28, px, labels);
    }
}
