using MemristorSpice.Network.Core;
using MemristorSpice.Network.Data;
using MemristorSpice.Network.Layers;
using MemristorSpice.Network.Models;

namespace MemristorSpice.Network.Folding;

/// <summary>One rescaled pair of layers: the channel factors applied between them.</summary>
/// <param name="Producer">Layer whose BatchNorm output channels were scaled (its BatchNorm's γ and β × factor).</param>
/// <param name="Consumer">Layer whose input channels were scaled by 1/factor.</param>
/// <param name="Factors">Factor per channel.</param>
public sealed record EqualizedPair(string Producer, string Consumer, double[] Factors);

/// <summary>
/// Cross-layer range equalization for crossbars (docs/network.md, "Hardware-aware training"): an exact, function-
/// preserving rescaling of channels between two crossbar layers, chosen so that device errors, which scale with a
/// crossbar's full scale wmax, meet larger signals. ReLU and max-pooling commute with a positive scale a, so
/// multiplying channel c of a BatchNorm output by a (γ, β × a) and the next layer's weights on input channel c by 1/a
/// leaves the network's function unchanged (the idea of Nagel et al. 2019, "Data-Free Quantization Through Weight
/// Equalization and Bias Correction", section 4.1, applied to the crossbar full scales instead of quantization ranges).
/// <list type="bullet">
/// <item>Shared crossbar → depthwise (conv/pointwise, BatchNorm, ReLU, [max-pool], depthwise): the producer's columns
/// share one wmax, the depthwise channels have one each. Column c is scaled up by
/// a = min(wmax / colmax_c, amax / actmax_c) ≥ 1, so its largest folded cell reaches wmax (colmax_c includes the bias
/// cell |b_f|/amax_in when the bias is on the crossbar) without raising the depthwise input's DAC full scale amax
/// (the largest activation of any channel on the calibration images). The depthwise channel's folded weights shrink
/// by 1/a, which its own wmax follows: its relative errors are unchanged, while the absolute error of the shared
/// crossbar's cells now meets a signal a times larger.</item>
/// <item>Depthwise → shared crossbar (depthwise, BatchNorm, ReLU, [max-pool], conv/pointwise): input row c of the
/// consumer is scaled up by 1/b with b = clamp(rowmax_c / wmax, <see cref="MinRowFactor"/>, 1), so its largest folded
/// cell reaches the consumer's wmax; the depthwise output shrinks by b (at most a factor 1/<see cref="MinRowFactor"/>,
/// bounding the DAC resolution lost on that channel).</item>
/// </list>
/// Rows are equalized first, then columns. Only sequential chains whose intermediate outputs feed nothing else are
/// touched (a graph model is left unchanged).
/// </summary>
public static class CrossbarRangeEqualizer
{
    /// <summary>Smallest factor applied to a depthwise output feeding a shared crossbar (1/10: at most 3.3 DAC bits lost on that channel).</summary>
    public const double MinRowFactor = 0.1;

    /// <summary>Calibration images used by default for the activation maxima.</summary>
    public const int DefaultImages = 500;

    /// <summary>Largest factor applied to a shared crossbar's column (a column with an all-zero signal would otherwise get an unbounded one).</summary>
    public const double MaxColumnFactor = 1e4;

    /// <summary>
    /// Rescales <paramref name="model"/> in place and returns the pairs it changed. Activation maxima come from the
    /// eval-mode network on the first <paramref name="images"/> images of <paramref name="calibration"/>.
    /// </summary>
    /// <param name="model">Network with BatchNorm layers (unfolded), changed in place.</param>
    /// <param name="calibration">Images for the activation maxima (training images, not the test set).</param>
    /// <param name="images">Calibration images used.</param>
    /// <param name="biasOnCrossbar">Whether a layer with this many crossbar inputs stores its bias in a crossbar row (null = always).</param>
    public static IReadOnlyList<EqualizedPair> Equalize(Model model, Dataset calibration, int images = DefaultImages, Func<int, bool>? biasOnCrossbar = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(images, 1);
        if (model.IsGraph) return [];
        var pairs = Chains(model);
        var done = new List<EqualizedPair>();
        var (x, _) = calibration.Batch(0, Math.Min(images, calibration.Count));
        foreach (var chain in pairs.Where(p => p.ProducerDepthwise && !p.ConsumerDepthwise))
            done.Add(EqualizeRows(chain));
        foreach (var chain in pairs.Where(p => !p.ProducerDepthwise && p.ConsumerDepthwise))
            done.Add(EqualizeColumns(model, chain, x, biasOnCrossbar ?? (_ => true)));
        return done;
    }

    /// <summary>A producer (crossbar layer, BatchNorm, ReLU, optional max-pool) directly followed by a consumer crossbar layer.</summary>
    private sealed record Chain(int ProducerIndex, Layer Producer, BatchNorm Norm, int ConsumerIndex, Layer Consumer, BatchNorm? ConsumerNorm)
    {
        public bool ProducerDepthwise => Producer is DepthwiseConv;
        public bool ConsumerDepthwise => Consumer is DepthwiseConv;
    }

    /// <summary>Weight, bias, output channels and input channels of a depthwise or ungrouped convolution (null otherwise).</summary>
    private static (Parameter Weight, Parameter Bias, int Outputs, int Inputs)? Crossbar(Layer l) => l switch
    {
        DepthwiseConv d => (d.Weight, d.Bias, d.Channels, d.Channels),
        Conv2d { Groups: 1 } c => (c.Weight, c.Bias, c.OutChannels, c.InChannels),
        _ => null,
    };

    /// <summary>Sequential chains where channel c of the producer feeds exactly input channel c of the consumer.</summary>
    private static List<Chain> Chains(Model model)
    {
        var l = model.Layers;
        var result = new List<Chain>();
        for (int i = 0; i + 3 < l.Count; i++)
        {
            if (Crossbar(l[i]) is not { } a || l[i + 1] is not BatchNorm bn || l[i + 2] is not ReLU) continue;
            int j = l[i + 3] is MaxPool ? i + 4 : i + 3;
            if (j >= l.Count || Crossbar(l[j]) is not { } b || b.Inputs != a.Outputs || bn.Channels != a.Outputs) continue;
            var next = j + 1 < l.Count ? l[j + 1] as BatchNorm : null;
            result.Add(new Chain(i, l[i], bn, j, l[j], next));
        }
        return result;
    }

    private static EqualizedPair EqualizeRows(Chain c)
    {
        var b = Crossbar(c.Consumer)!.Value;
        var bn = c.ConsumerNorm;
        int inputs = b.Inputs, outputs = b.Outputs, per = b.Weight.Size / outputs, k = per / inputs;
        var rowMax = new double[inputs];
        double wmax = 0;
        for (int o = 0; o < outputs; o++)
        {
            double s = bn is null ? 1 : bn.EvalAffine(o).Scale;
            for (int r = 0; r < inputs; r++)
                for (int t = 0; t < k; t++)
                {
                    double v = Math.Abs(s * b.Weight.Value[o * per + r * k + t]);
                    rowMax[r] = Math.Max(rowMax[r], v);
                    wmax = Math.Max(wmax, v);
                }
        }
        var factors = rowMax.Select(m => wmax > 0 ? Math.Clamp(m / wmax, MinRowFactor, 1) : 1).ToArray();
        Apply(c, factors);
        return new EqualizedPair(c.Producer.Name, c.Consumer.Name, factors);
    }

    private static EqualizedPair EqualizeColumns(Model model, Chain c, Tensor x, Func<int, bool> biasOnCrossbar)
    {
        var outs = model.ForwardAll(x);
        var a = Crossbar(c.Producer)!.Value;
        var input = c.ProducerIndex == 0 ? x : outs[c.ProducerIndex - 1];
        double amaxIn = 0;
        foreach (var v in input.Data) amaxIn = Math.Max(amaxIn, Math.Abs(v));
        if (!(amaxIn > 0)) amaxIn = 1;
        int per = a.Weight.Size / a.Outputs;
        bool analogBias = biasOnCrossbar(per);
        var colMax = new double[a.Outputs];
        for (int o = 0; o < a.Outputs; o++)
        {
            var (s, t) = c.Norm.EvalAffine(o);
            for (int i = 0; i < per; i++) colMax[o] = Math.Max(colMax[o], Math.Abs(s * a.Weight.Value[o * per + i]));
            if (analogBias) colMax[o] = Math.Max(colMax[o], Math.Abs(s * a.Bias.Value[o] + t) / amaxIn);
        }
        double wmax = colMax.Max();
        var act = outs[c.ConsumerIndex - 1];
        var actMax = new double[act.C];
        for (int n = 0; n < act.N; n++)
            for (int ch = 0; ch < act.C; ch++)
                foreach (var v in act.Plane(n, ch)) actMax[ch] = Math.Max(actMax[ch], Math.Abs(v));
        double amax = actMax.Max();
        var factors = new double[a.Outputs];
        for (int o = 0; o < factors.Length; o++)
        {
            double byWeight = colMax[o] > 0 ? wmax / colMax[o] : MaxColumnFactor;
            double byActivation = actMax[o] > 0 ? amax / actMax[o] : MaxColumnFactor;
            factors[o] = Math.Clamp(Math.Min(byWeight, byActivation), 1, MaxColumnFactor);
        }
        Apply(c, factors);
        return new EqualizedPair(c.Producer.Name, c.Consumer.Name, factors);
    }

    /// <summary>Channel o of the producer's BatchNorm output × f[o]; the consumer's weights on input channel o × 1/f[o].</summary>
    private static void Apply(Chain c, double[] f)
    {
        var b = Crossbar(c.Consumer)!.Value;
        int outputs = b.Outputs, per = b.Weight.Size / outputs;
        int k = c.ConsumerDepthwise ? per : per / b.Inputs;
        for (int ch = 0; ch < f.Length; ch++)
        {
            if (f[ch] == 1) continue;
            c.Norm.Gamma.Value[ch] = (float)(c.Norm.Gamma.Value[ch] * f[ch]);
            c.Norm.Beta.Value[ch] = (float)(c.Norm.Beta.Value[ch] * f[ch]);
            if (c.ConsumerDepthwise)
                for (int t = 0; t < k; t++) b.Weight.Value[ch * per + t] = (float)(b.Weight.Value[ch * per + t] / f[ch]);
            else
                for (int o = 0; o < outputs; o++)
                    for (int t = 0; t < k; t++) b.Weight.Value[o * per + ch * k + t] = (float)(b.Weight.Value[o * per + ch * k + t] / f[ch]);
        }
    }
}
