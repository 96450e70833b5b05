using MemristorSpice.Network.Core;
using MemristorSpice.Network.Data;
using MemristorSpice.Network.Folding;
using MemristorSpice.Network.Layers;
using MemristorSpice.Network.Models;

namespace MemristorSpice.Network.Tests;

/// <summary>Cross-layer range equalization: the float function is unchanged, and the folded ranges meet their bounds.</summary>
public class CrossbarRangeEqualizerTests
{
    /// <summary>A tiny msccnn: conv + BN + ReLU + pool → depthwise + BN + ReLU → pointwise + BN + ReLU → fully connected.</summary>
    private static Model Tiny(int seed)
    {
        var m = new Model("tiny", new Shape3(1, 8, 8),
        [
            new Conv2d("conv", 1, 4, 3, 1, 1), new BatchNorm("bn", 4), new ReLU("relu"), new MaxPool("pool", 2),
            new DepthwiseConv("dw", 4, 3, 1, 1), new BatchNorm("bn_dw", 4), new ReLU("relu_dw"),
            new PointwiseConv("pw", 4, 6), new BatchNorm("bn_pw", 6), new ReLU("relu_pw"),
            new FullyConnected("fc", 6 * 4 * 4, 3),
        ]);
        var rng = new Random(seed);
        foreach (var p in m.Parameters.Where(p => p.Trainable))
            for (int i = 0; i < p.Size; i++) p.Value[i] = (float)(rng.NextDouble() * 2 - 1);
        TestUtil.RandomizeBatchNorm(m, seed + 1);
        // Channels of very different folded ranges, as BatchNorm leaves them in a trained network.
        var bn = (BatchNorm)m["bn"];
        bn.Gamma.Value[1] *= 0.05f; bn.Beta.Value[1] *= 0.05f;
        var bnDw = (BatchNorm)m["bn_dw"];
        bnDw.Gamma.Value[2] *= 20f;
        return m;
    }

    private static Dataset Images(int n, int seed)
    {
        var x = TestUtil.Random(n, 1, 8, 8, seed);
        for (int i = 0; i < x.Length; i++) x.Data[i] = Math.Abs(x.Data[i]);
        return new Dataset("t", 1, 8, 8, x.Data, new byte[n], 3, null);
    }

    /// <summary>
    /// ReLU and max-pooling commute with a positive scale, so the equalized network computes the same function
    /// (ideal math). Tolerance: 1e-5 of the largest output: float32 rounding of γ·a, β·a and w/a (a few ulp each,
    /// 2^-24 ≈ 6e-8) through four layers, with margin.
    /// </summary>
    [Fact]
    public void EqualizedNetworkComputesTheSameFunction()
    {
        var m = Tiny(3);
        var data = Images(20, 4);
        var (x, _) = data.Batch(0, 20);
        var before = m.Forward(x);
        var pairs = CrossbarRangeEqualizer.Equalize(m, data, 20);
        Assert.Equal(["dw->pw", "conv->dw"], pairs.Select(p => $"{p.Producer}->{p.Consumer}"));
        Assert.Contains(pairs[1].Factors, f => f > 1.5);   // the attenuated channel 1 is scaled up
        Assert.True(TestUtil.RelMaxError(m.Forward(x), before) < 1e-5);
    }

    /// <summary>
    /// Shared crossbar → depthwise: every conv column is scaled until its largest folded cell (bias cell |b_f|/amax_in
    /// included) reaches the crossbar's full scale wmax or its activation reaches the depthwise input's amax, and
    /// neither bound moves: for each channel max(colmax/wmax, actmax/amax) = 1 (or the factor stayed 1). Depthwise →
    /// shared crossbar: every pointwise input row reaches wmax unless its factor is clamped at MinRowFactor. The
    /// quantities are recomputed here from their definitions; tolerance 1e-5 relative (float32 rounding).
    /// </summary>
    [Fact]
    public void FoldedRangesReachTheirBounds()
    {
        var m = Tiny(7);
        var data = Images(20, 8);
        var (x, _) = data.Batch(0, 20);
        var (wBefore, _, _) = ConvColumns(m, x);
        var pairs = CrossbarRangeEqualizer.Equalize(m, data, 20);
        var (w, col, act) = ConvColumns(m, x);
        Assert.Equal(wBefore, w, 5);
        double amax = act.Max();
        var conv = pairs.Single(p => p.Producer == "conv").Factors;
        for (int c = 0; c < 4; c++)
            if (conv[c] > 1) Assert.Equal(1, Math.Max(col[c] / w, act[c] / amax), 5);
        var pw = (Conv2d)m["pw"];
        var bnPw = (BatchNorm)m["bn_pw"];
        var rows = new double[4];
        for (int o = 0; o < 6; o++)
            for (int r = 0; r < 4; r++) rows[r] = Math.Max(rows[r], Math.Abs(bnPw.EvalAffine(o).Scale * pw.Weight.Value[o * 4 + r]));
        var dw = pairs.Single(p => p.Producer == "dw").Factors;
        for (int r = 0; r < 4; r++)
            if (dw[r] > CrossbarRangeEqualizer.MinRowFactor) Assert.Equal(1, rows[r] / rows.Max(), 5);
    }

    /// <summary>The conv crossbar's wmax, each column's largest folded cell, and each channel's largest activation at the depthwise input.</summary>
    private static (double Wmax, double[] Columns, double[] Activations) ConvColumns(Model m, Tensor x)
    {
        var conv = (Conv2d)m["conv"];
        var bn = (BatchNorm)m["bn"];
        double amaxIn = x.Data.Max(v => Math.Abs(v));
        var col = new double[4];
        for (int o = 0; o < 4; o++)
        {
            var (s, t) = bn.EvalAffine(o);
            for (int i = 0; i < 9; i++) col[o] = Math.Max(col[o], Math.Abs(s * conv.Weight.Value[o * 9 + i]));
            col[o] = Math.Max(col[o], Math.Abs(s * conv.Bias.Value[o] + t) / amaxIn);
        }
        var pooled = m.ForwardAll(x)[3];
        var act = new double[4];
        for (int n = 0; n < pooled.N; n++)
            for (int c = 0; c < 4; c++)
                foreach (var v in pooled.Plane(n, c)) act[c] = Math.Max(act[c], v);
        return (col.Max(), col, act);
    }
}
