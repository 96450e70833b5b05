using MemristorSpice.Network.Core;
using MemristorSpice.Network.Layers;

namespace MemristorSpice.Network.Models;

/// <summary>Which depthwise channels were removed from a model, per depthwise layer (original channel indices).</summary>
public sealed record PruningInfo(IReadOnlyDictionary<string, int[]> RemovedChannels, IReadOnlyDictionary<string, int> OriginalChannels)
{
    public int TotalRemoved => RemovedChannels.Values.Sum(v => v.Length);
}

/// <summary>A sequential network: a named list of layers applied in order to (N, C, H, W) inputs.</summary>
public sealed class Model
{
    public Model(string name, Shape3 inputShape, IEnumerable<Layer> layers, PruningInfo? pruning = null)
    {
        Name = name; InputShape = inputShape; Layers = layers.ToList(); Pruning = pruning;
        var names = new HashSet<string>();
        foreach (var l in Layers)
            if (!names.Add(l.Name)) throw new ArgumentException($"Model {name}: duplicate layer name '{l.Name}'.");
        OutputShape = ShapeAfter(Layers.Count);
    }

    public string Name { get; }
    public Shape3 InputShape { get; }
    public Shape3 OutputShape { get; }
    public IReadOnlyList<Layer> Layers { get; }
    public PruningInfo? Pruning { get; }

    public IEnumerable<Parameter> Parameters => Layers.SelectMany(l => l.Parameters);
    public IEnumerable<Parameter> TrainableParameters => Parameters.Where(p => p.Trainable);

    /// <summary>Per-sample shape entering layer <paramref name="index"/> (index = Layers.Count gives the output).</summary>
    public Shape3 ShapeAfter(int index)
    {
        var s = InputShape;
        for (int i = 0; i < index; i++) s = Layers[i].OutputShape(s);
        return s;
    }

    public Layer this[string name] => Layers.FirstOrDefault(l => l.Name == name)
        ?? throw new KeyNotFoundException($"Model {Name} has no layer '{name}'.");

    public Tensor Forward(Tensor x, bool training = false)
    {
        foreach (var l in Layers) x = l.Forward(x, training);
        return x;
    }

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
