using MemristorSpice.Network.Layers;
using MemristorSpice.Network.Models;

namespace MemristorSpice.Network.Pruning;

/// <summary>How depthwise channels are ranked for removal (smallest first).</summary>
public enum PruningCriterion
{
    /// <summary>|γ| of the BatchNorm after the depthwise layer (network-slimming style).</summary>
    BatchNormScale,
    /// <summary>L1 norm of the depthwise kernel.</summary>
    L1Norm,
}

/// <summary>
/// Structured removal of depthwise channels. Removing channel c of a depthwise layer removes: output channel c
/// (weight row, bias) of the conv layer that feeds it and c of every BatchNorm in between; the depthwise kernel c
/// (its whole crossbar) and its BatchNorm channel; and input channel c (crossbar rows) of the next conv layer.
/// ReLU and pooling between them are channel-wise and pass through unchanged.
/// </summary>
public static class DepthwisePruner
{
    /// <summary>Depthwise layers of <paramref name="model"/> in forward order.</summary>
    public static IReadOnlyList<DepthwiseConv> DepthwiseLayers(Model model) => model.Layers.OfType<DepthwiseConv>().ToList();

    /// <summary>The BatchNorm directly after each depthwise layer (the ranking and sparsity target).</summary>
    public static IReadOnlyList<string> DepthwiseBatchNorms(Model model) =>
        model.Layers.Select((l, i) => (l, i)).Where(t => t.l is DepthwiseConv)
            .Select(t => model.Layers.Skip(t.i + 1).TakeWhile(IsChannelwise).OfType<BatchNorm>().FirstOrDefault()?.Name)
            .OfType<string>().ToList();

    /// <summary>The BatchNorm directly after a depthwise layer (through channel-wise layers), or null.</summary>
    public static BatchNorm? BatchNormAfter(Model model, string depthwiseName) =>
        model.Layers.Skip(IndexOf(model, depthwiseName) + 1).TakeWhile(IsChannelwise).OfType<BatchNorm>().FirstOrDefault();

    /// <summary>Channel scores of a depthwise layer; lower means less important.</summary>
    public static float[] Scores(Model model, string depthwiseName, PruningCriterion criterion)
    {
        int i = IndexOf(model, depthwiseName);
        var dw = (DepthwiseConv)model.Layers[i];
        if (criterion == PruningCriterion.BatchNormScale)
        {
            var bn = model.Layers.Skip(i + 1).TakeWhile(IsChannelwise).OfType<BatchNorm>().FirstOrDefault()
                ?? throw new InvalidOperationException($"Depthwise layer '{depthwiseName}' has no BatchNorm after it; use the L1 criterion.");
            return bn.Gamma.Value.Select(MathF.Abs).ToArray();
        }
        int kk = dw.Kernel * dw.Kernel;
        return Enumerable.Range(0, dw.Channels).Select(c => System.Numerics.Tensors.TensorPrimitives.SumOfMagnitudes(dw.Weight.Value.AsSpan(c * kk, kk))).ToArray();
    }

    /// <summary>Channels to remove per depthwise layer: the round(ratio·C) lowest-scoring ones (at least one kept).</summary>
    public static Dictionary<string, int[]> SelectByRatio(Model model, double ratio, PruningCriterion criterion)
    {
        if (ratio is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(ratio), $"Pruning ratio {ratio} must be in [0, 1).");
        var result = new Dictionary<string, int[]>();
        foreach (var dw in DepthwiseLayers(model))
        {
            var scores = Scores(model, dw.Name, criterion);
            int remove = Math.Min(dw.Channels - 1, (int)Math.Round(ratio * dw.Channels, MidpointRounding.AwayFromZero));
            // Stable ordering: ties broken by channel index, so the selection is deterministic.
            result[dw.Name] = Enumerable.Range(0, dw.Channels).OrderBy(c => scores[c]).ThenBy(c => c).Take(remove).Order().ToArray();
        }
        return result;
    }

    /// <summary>
    /// Channels to remove with an explicit count per depthwise layer (layers not named keep all channels): the
    /// lowest-scoring ones, for allocations chosen per layer (e.g. from a sensitivity scan) instead of one ratio.
    /// </summary>
    public static Dictionary<string, int[]> SelectByCount(Model model, IReadOnlyDictionary<string, int> counts, PruningCriterion criterion)
    {
        var layers = DepthwiseLayers(model).ToDictionary(d => d.Name);
        var result = new Dictionary<string, int[]>();
        foreach (var (name, remove) in counts)
        {
            if (!layers.TryGetValue(name, out var dw))
                throw new ArgumentException($"Model {model.Name} has no depthwise layer '{name}' (depthwise layers: {string.Join(", ", layers.Keys)}).");
            if (remove < 0 || remove >= dw.Channels)
                throw new ArgumentOutOfRangeException(nameof(counts), $"Removing {remove} of the {dw.Channels} channels of '{name}' is not possible (keep at least one).");
            var scores = Scores(model, name, criterion);
            result[name] = Enumerable.Range(0, dw.Channels).OrderBy(c => scores[c]).ThenBy(c => c).Take(remove).Order().ToArray();
        }
        return result;
    }

    /// <summary>Builds the pruned model (a new model; the input is unchanged). Indices are current channel indices.</summary>
    public static Model Prune(Model model, IReadOnlyDictionary<string, int[]> remove)
    {
        // Channel removal follows the chain from a depthwise layer to the next conv; a branch or merge in between
        // would need the same channels removed on every path, which this pruner does not trace.
        if (model.IsGraph && remove.Count > 0)
            throw new NotSupportedException($"Model {model.Name} is a graph (residual adds, concatenations or branches); depthwise pruning handles chains only.");
        int count = model.Layers.Count;
        var keepIn = new int[]?[count];
        var keepOut = new int[]?[count];
        var removedOriginal = model.Pruning?.RemovedChannels.ToDictionary(kv => kv.Key, kv => kv.Value.ToList()) ?? [];
        var original = model.Pruning?.OriginalChannels.ToDictionary(kv => kv.Key, kv => kv.Value) ?? [];
        foreach (var (name, channels) in remove)
        {
            int i = IndexOf(model, name);
            var dw = (DepthwiseConv)model.Layers[i];
            var set = new HashSet<int>(channels);
            if (set.Any(c => c < 0 || c >= dw.Channels))
                throw new ArgumentException($"Channel index out of range for '{name}' with {dw.Channels} channels.");
            if (set.Count >= dw.Channels) throw new ArgumentException($"Cannot remove all {dw.Channels} channels of '{name}'.");
            var keep = Enumerable.Range(0, dw.Channels).Where(c => !set.Contains(c)).ToArray();

            keepIn[i] = keepOut[i] = keep;
            int p = i - 1;
            for (; p >= 0 && IsChannelwise(model.Layers[p]); p--)
                if (model.Layers[p] is BatchNorm) keepIn[p] = keepOut[p] = keep;
            if (p < 0 || model.Layers[p] is not Conv2d)
                throw new NotSupportedException($"Depthwise layer '{name}' must be fed by a conv layer (through channel-wise layers) to be pruned.");
            keepOut[p] = keep;
            int q = i + 1;
            for (; q < count && IsChannelwise(model.Layers[q]); q++)
                if (model.Layers[q] is BatchNorm) keepIn[q] = keepOut[q] = keep;
            if (q >= count || model.Layers[q] is not Conv2d)
                throw new NotSupportedException($"Depthwise layer '{name}' must feed a conv layer (through channel-wise layers) to be pruned.");
            keepIn[q] = keep;

            // Record removals in original channel numbering.
            if (!original.ContainsKey(name)) original[name] = dw.Channels;
            var prev = removedOriginal.TryGetValue(name, out var l) ? l : [];
            var currentToOriginal = Enumerable.Range(0, original[name]).Where(c => !prev.Contains(c)).ToArray();
            removedOriginal[name] = prev.Concat(set.Select(c => currentToOriginal[c])).Order().ToList();
        }
        var layers = model.Layers.Select((l, i) => Slice(l, keepIn[i], keepOut[i])).ToList();
        foreach (var (name, channels) in remove) Compensate(model, layers, keepOut, IndexOf(model, name), channels);
        var info = new PruningInfo(removedOriginal.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray()), original);
        return new Model(model.Name, model.InputShape, layers, info);
    }

    /// <summary>
    /// A removed channel whose BatchNorm γ is zero still emits the constant act(β) at every pixel; when the consumer is
    /// a 1×1 conv that constant is added to its bias so removal is exact for γ = 0 (and close for small γ), which is
    /// what network slimming drives the pruned channels to. A k×k consumer with zero padding sees a non-constant
    /// border, so no compensation is made there.
    /// </summary>
    private static void Compensate(Model model, List<Layer> layers, int[]?[] keepOut, int dwIndex, int[] channels)
    {
        int q = dwIndex + 1;
        while (q < model.Layers.Count && IsChannelwise(model.Layers[q])) q++;
        if (model.Layers[q] is not Conv2d { Kernel: 1 } consumer) return;
        var newConsumer = (Conv2d)layers[q];
        foreach (int c in channels)
        {
            float v = 0; // output of the dead channel: the DW output is irrelevant once γ = 0
            bool sawBn = false;
            for (int i = dwIndex + 1; i < q; i++)
                switch (model.Layers[i])
                {
                    case BatchNorm bn: v = bn.Beta.Value[c]; sawBn = true; break;
                    case ReLU: v = Math.Max(v, 0); break;
                }
            if (!sawBn || v == 0) continue;
            // The consumer may itself lose output channels (it feeds the next depthwise layer): map kept outputs.
            var outs = keepOut[q] ?? Enumerable.Range(0, consumer.OutChannels).ToArray();
            for (int j = 0; j < outs.Length; j++)
                newConsumer.Bias.Value[j] += consumer.Weight.Value[outs[j] * consumer.InChannels + c] * v;
        }
    }

    private static bool IsChannelwise(Layer l) => l is BatchNorm or ReLU or MaxPool or AvgPool;

    private static int IndexOf(Model model, string name)
    {
        for (int i = 0; i < model.Layers.Count; i++)
            if (model.Layers[i].Name == name)
                return model.Layers[i] is DepthwiseConv ? i : throw new ArgumentException($"Layer '{name}' is {model.Layers[i].Kind}, not DepthwiseConv.");
        throw new ArgumentException($"Model {model.Name} has no layer '{name}'.");
    }

    /// <summary>Copy of a layer restricted to the kept input/output channels (null = all kept).</summary>
    private static Layer Slice(Layer layer, int[]? keepIn, int[]? keepOut)
    {
        switch (layer)
        {
            case Conv2d c when c.Groups != 1 && (keepIn is not null || keepOut is not null):
                throw new NotSupportedException($"Conv layer '{c.Name}' has {c.Groups} groups; pruning its channels is not supported.");
            case Conv2d c when keepIn is not null || keepOut is not null:
            {
                var ins = keepIn ?? Enumerable.Range(0, c.InChannels).ToArray();
                var outs = keepOut ?? Enumerable.Range(0, c.OutChannels).ToArray();
                Conv2d n = c is PointwiseConv ? new PointwiseConv(c.Name, ins.Length, outs.Length)
                    : new Conv2d(c.Name, ins.Length, outs.Length, c.Kernel, c.Stride, c.Padding, 1, c.Dilation, c.PadLeft, c.PadBottom, c.PadRight);
                int kk = c.Kernel * c.Kernel;
                for (int o = 0; o < outs.Length; o++)
                {
                    n.Bias.Value[o] = c.Bias.Value[outs[o]];
                    for (int ci = 0; ci < ins.Length; ci++)
                        c.Weight.Value.AsSpan(outs[o] * c.PatchSize + ins[ci] * kk, kk).CopyTo(n.Weight.Value.AsSpan(o * n.PatchSize + ci * kk, kk));
                }
                return n;
            }
            case DepthwiseConv d when keepOut is not null:
            {
                var n = new DepthwiseConv(d.Name, keepOut.Length, d.Kernel, d.Stride, d.Padding);
                int kk = d.Kernel * d.Kernel;
                for (int i = 0; i < keepOut.Length; i++)
                {
                    d.Weight.Value.AsSpan(keepOut[i] * kk, kk).CopyTo(n.Weight.Value.AsSpan(i * kk, kk));
                    n.Bias.Value[i] = d.Bias.Value[keepOut[i]];
                }
                return n;
            }
            case BatchNorm b when keepOut is not null:
            {
                var n = new BatchNorm(b.Name, keepOut.Length);
                for (int i = 0; i < keepOut.Length; i++)
                {
                    n.Gamma.Value[i] = b.Gamma.Value[keepOut[i]];
                    n.Beta.Value[i] = b.Beta.Value[keepOut[i]];
                    n.RunningMean.Value[i] = b.RunningMean.Value[keepOut[i]];
                    n.RunningVar.Value[i] = b.RunningVar.Value[keepOut[i]];
                }
                return n;
            }
            default:
            {
                var n = LayerFactory.Copy(layer);
                for (int p = 0; p < layer.Parameters.Count; p++) layer.Parameters[p].Value.CopyTo(n.Parameters[p].Value, 0);
                return n;
            }
        }
    }
}
