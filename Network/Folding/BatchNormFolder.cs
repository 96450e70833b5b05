using MemristorSpice.Network.Layers;
using MemristorSpice.Network.Models;

namespace MemristorSpice.Network.Folding;

/// <summary>
/// Folds each eval-mode BatchNorm into the layer before it (y = s·(W·x + b) + t ⇒ W' = s·W, b' = s·b + t per
/// output channel), leaving a network of weighted layers and digital operations only — the form mapped to crossbars.
/// </summary>
public static class BatchNormFolder
{
    /// <summary>Returns a folded copy of <paramref name="model"/> (the original is unchanged); throws when a BatchNorm has no conv or fully connected layer before it.</summary>
    public static Model Fold(Model model)
    {
        var layers = new List<Layer>();
        var src = model.Layers;
        // In a graph, later layers naming a folded BatchNorm as input take the layer it was folded into instead.
        var renamed = new Dictionary<string, string>();
        for (int i = 0; i < src.Count; i++)
        {
            var layer = src[i];
            if (layer is BatchNorm)
                throw new InvalidOperationException($"Model {model.Name}: BatchNorm '{layer.Name}' does not follow a conv or fully connected layer, so it cannot be folded.");
            var copy = LayerFactory.Copy(layer);
            if (copy.Inputs.Count > 0) copy.Inputs = copy.Inputs.Select(n => renamed.GetValueOrDefault(n, n)).ToList();
            for (int p = 0; p < layer.Parameters.Count; p++) layer.Parameters[p].Value.CopyTo(copy.Parameters[p].Value, 0);
            if (i + 1 < src.Count && src[i + 1] is BatchNorm bn && bn.Inputs.Count == 0)
            {
                if (src.Skip(i + 2).Any(l => l.Inputs.Contains(layer.Name)))
                    throw new InvalidOperationException($"Model {model.Name}: '{layer.Name}' feeds BatchNorm '{bn.Name}' and other layers, so the BatchNorm cannot be folded into it.");
                Apply(copy, bn);
                renamed[bn.Name] = layer.Name;
                i++;
            }
            layers.Add(copy);
        }
        return new Model(model.Name, model.InputShape, layers, model.Pruning);
    }

    private static void Apply(Layer layer, BatchNorm bn)
    {
        (Parameter w, Parameter b, int outputs) = layer switch
        {
            Conv2d c => (c.Weight, c.Bias, c.OutChannels),
            DepthwiseConv d => (d.Weight, d.Bias, d.Channels),
            FullyConnected f => (f.Weight, f.Bias, f.OutFeatures),
            _ => throw new InvalidOperationException($"BatchNorm '{bn.Name}' follows '{layer.Name}' ({layer.Kind}), which has no weights to fold into."),
        };
        if (outputs != bn.Channels)
            throw new InvalidOperationException($"BatchNorm '{bn.Name}' has {bn.Channels} channels but '{layer.Name}' has {outputs} outputs.");
        int per = w.Size / outputs;
        for (int o = 0; o < outputs; o++)
        {
            var (scale, shift) = bn.EvalAffine(o);
            var row = w.Value.AsSpan(o * per, per);
            System.Numerics.Tensors.TensorPrimitives.Multiply(row, scale, row);
            b.Value[o] = b.Value[o] * scale + shift;
        }
    }
}
