using MemristorSpice.Network.Core;
using MemristorSpice.Network.Layers;

namespace MemristorSpice.Network.Models;

/// <summary>Which depthwise channels were removed from a model, per depthwise layer (original channel indices).</summary>
/// <param name="RemovedChannels">Per depthwise layer name, the original indices of its removed channels.</param>
/// <param name="OriginalChannels">Per depthwise layer name, its channel count before pruning.</param>
public sealed record PruningInfo(IReadOnlyDictionary<string, int[]> RemovedChannels, IReadOnlyDictionary<string, int> OriginalChannels)
{
    /// <summary>Number of channels removed over all layers.</summary>
    public int TotalRemoved => RemovedChannels.Values.Sum(v => v.Length);
}

/// <summary>A sequential network: a named list of layers applied in order to (N, C, H, W) inputs.</summary>
public sealed class Model
{
    /// <summary>Creates a model taking per-sample inputs of <paramref name="inputShape"/>; throws when two layers share a name.</summary>
    public Model(string name, Shape3 inputShape, IEnumerable<Layer> layers, PruningInfo? pruning = null)
    {
        Name = name; InputShape = inputShape; Layers = layers.ToList(); Pruning = pruning;
        var names = new HashSet<string>();
        foreach (var l in Layers)
            if (!names.Add(l.Name)) throw new ArgumentException($"Model {name}: duplicate layer name '{l.Name}'.");
        OutputShape = ShapeAfter(Layers.Count);
    }

    /// <summary>Model name, as in the model zoo (e.g. "msccnn"), stored in weights files.</summary>
    public string Name { get; }
    /// <summary>Per-sample input shape (channels, height, width).</summary>
    public Shape3 InputShape { get; }
    /// <summary>Per-sample output shape; (classes, 1, 1) for a classifier.</summary>
    public Shape3 OutputShape { get; }
    /// <summary>Layers in forward order.</summary>
    public IReadOnlyList<Layer> Layers { get; }
    /// <summary>Channels removed by pruning, or null for an unpruned model.</summary>
    public PruningInfo? Pruning { get; }

    /// <summary>All parameters of all layers, in weights-file order, including non-trainable buffers.</summary>
    public IEnumerable<Parameter> Parameters => Layers.SelectMany(l => l.Parameters);
    /// <summary>Parameters the optimizer updates.</summary>
    public IEnumerable<Parameter> TrainableParameters => Parameters.Where(p => p.Trainable);

    /// <summary>Per-sample shape entering layer <paramref name="index"/> (index = Layers.Count gives the output).</summary>
    public Shape3 ShapeAfter(int index)
    {
        var s = InputShape;
        for (int i = 0; i < index; i++) s = Layers[i].OutputShape(s);
        return s;
    }

    /// <summary>Layer called <paramref name="name"/>; throws <see cref="KeyNotFoundException"/> when there is none.</summary>
    public Layer this[string name] => Layers.FirstOrDefault(l => l.Name == name)
        ?? throw new KeyNotFoundException($"Model {Name} has no layer '{name}'.");

    /// <summary>Runs the layers in order on a batch; <paramref name="training"/> selects training behaviour (batch statistics, caching for backward).</summary>
    public Tensor Forward(Tensor x, bool training = false)
    {
        foreach (var l in Layers) x = l.Forward(x, training);
        return x;
    }

    /// <summary>Back-propagates the output gradient through all layers, accumulating parameter gradients; returns the input gradient.</summary>
    public Tensor Backward(Tensor dy)
    {
        for (int i = Layers.Count - 1; i >= 0; i--) dy = Layers[i].Backward(dy);
        return dy;
    }

    /// <summary>Backward for training: parameter gradients only, so the first layer skips its unused input gradient.</summary>
    public void BackwardParameters(Tensor dy)
    {
        for (int i = Layers.Count - 1; i > 0; i--) dy = Layers[i].Backward(dy);
        Layers[0].Backward(dy, inputGradient: false);
    }

    /// <summary>Sets the gradients of all trainable parameters to zero.</summary>
    public void ZeroGrad()
    {
        foreach (var p in TrainableParameters) Array.Clear(p.Grad);
    }

    /// <summary>Copies parameter values from a model with the same layer structure.</summary>
    public void CopyFrom(Model other)
    {
        var src = other.Parameters.ToList();
        var dst = Parameters.ToList();
        if (src.Count != dst.Count) throw new ArgumentException("Models differ in parameter count.");
        for (int i = 0; i < src.Count; i++)
        {
            if (src[i].Size != dst[i].Size) throw new ArgumentException($"Parameter {dst[i].Name} differs in size.");
            src[i].Value.CopyTo(dst[i].Value, 0);
        }
    }

    /// <summary>Deep copy via the layer factory (same hyper-parameters, copied values).</summary>
    public Model Clone()
    {
        var copy = new Model(Name, InputShape, Layers.Select(l => LayerFactory.Create(l.Kind, l.Name, l.HyperParameters)), Pruning);
        copy.CopyFrom(this);
        return copy;
    }
}
