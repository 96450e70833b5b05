using MemristorSpice.Network.Layers;

namespace MemristorSpice.Network.Models;

/// <summary>Rebuilds a layer from its kind name and integer hyper-parameters (the weights-file description).</summary>
internal static class LayerFactory
{
    public static readonly IReadOnlyList<string> Kinds =
        ["Conv2d", "PointwiseConv", "DepthwiseConv", "BatchNorm", "ReLU", "MaxPool", "AvgPool", "GlobalAvgPool", "FullyConnected",
         "Clip", "LeakyReLU", "Sigmoid", "Tanh", "HardSwish", "Add", "Concat"];

    /// <summary>Kinds that only the version-2 file format knows (a model using one is written as version 2).</summary>
    public static readonly IReadOnlySet<string> Version2Kinds =
        new HashSet<string>(["Clip", "LeakyReLU", "Sigmoid", "Tanh", "HardSwish", "Add", "Concat"]);

    /// <summary>A fresh layer with the same kind, name, hyper-parameters and inputs as <paramref name="layer"/> (values not copied).</summary>
    public static Layer Copy(Layer layer)
    {
        var copy = Create(layer.Kind, layer.Name, layer.HyperParameters, layer.Inputs);
        if (copy is not MergeLayer) copy.Inputs = layer.Inputs;
        return copy;
    }

    public static Layer Create(string kind, string name, IReadOnlyDictionary<string, int> hp, IReadOnlyList<string>? inputs = null)
    {
        int Get(string key) => hp.TryGetValue(key, out var v) ? v
            : throw new FormatException($"Layer '{name}' of kind {kind} is missing hyper-parameter '{key}'.");
        int? Optional(string key) => hp.TryGetValue(key, out var v) ? v : null;
        Layer layer = kind switch
        {
            "Conv2d" => new Conv2d(name, Get("in"), Get("out"), Get("kernel"), Get("stride"), Get("padding"),
                Optional("groups") ?? 1, Optional("dilation") ?? 1, Optional("padding_left"), Optional("padding_bottom"), Optional("padding_right")),
            "PointwiseConv" => new PointwiseConv(name, Get("in"), Get("out")),
            "DepthwiseConv" => new DepthwiseConv(name, Get("channels"), Get("kernel"), Get("stride"), Get("padding")),
            "BatchNorm" => new BatchNorm(name, Get("channels")),
            "ReLU" => new ReLU(name),
            "MaxPool" => new MaxPool(name, PoolWindow.From(hp, Get("size"))),
            "AvgPool" => new AvgPool(name, PoolWindow.From(hp, Get("size"))),
            "GlobalAvgPool" => new GlobalAvgPool(name),
            "FullyConnected" => new FullyConnected(name, Get("in"), Get("out")),
            "Clip" => new Clip(name, Get("lower") != 0 ? 0f : null, Get("upper") != 0 ? 0f : null),
            "LeakyReLU" => new LeakyReLU(name, 0f),
            "Sigmoid" => new Sigmoid(name),
            "Tanh" => new Tanh(name),
            "HardSwish" => new HardSwish(name),
            "Add" => new Add(name, inputs ?? []),
            "Concat" => new Concat(name, inputs ?? []),
            _ => throw new FormatException($"Layer '{name}' has unknown kind '{kind}' (known: {string.Join(", ", Kinds)})."),
        };
        if (inputs is not null) layer.Inputs = inputs;
        return layer;
    }
}
