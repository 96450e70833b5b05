using MemristorSpice.Network.Layers;

namespace MemristorSpice.Network.Models;

/// <summary>Rebuilds a layer from its kind name and integer hyper-parameters (the weights-file description).</summary>
internal static class LayerFactory
{
    public static readonly IReadOnlyList<string> Kinds =
        ["Conv2d", "PointwiseConv", "DepthwiseConv", "BatchNorm", "ReLU", "MaxPool", "AvgPool", "GlobalAvgPool", "FullyConnected"];

    public static Layer Create(string kind, string name, IReadOnlyDictionary<string, int> hp)
    {
        int Get(string key) => hp.TryGetValue(key, out var v) ? v
            : throw new FormatException($"Layer '{name}' of kind {kind} is missing hyper-parameter '{key}'.");
        return kind switch
        {
            "Conv2d" => new Conv2d(name, Get("in"), Get("out"), Get("kernel"), Get("stride"), Get("padding")),
            "PointwiseConv" => new PointwiseConv(name, Get("in"), Get("out")),
            "DepthwiseConv" => new DepthwiseConv(name, Get("channels"), Get("kernel"), Get("stride"), Get("padding")),
            "BatchNorm" => new BatchNorm(name, Get("channels")),
            "ReLU" => new ReLU(name),
            "MaxPool" => new MaxPool(name, Get("size")),
            "AvgPool" => new AvgPool(name, Get("size")),
            "GlobalAvgPool" => new GlobalAvgPool(name),
            "FullyConnected" => new FullyConnected(name, Get("in"), Get("out")),
            _ => throw new FormatException($"Layer '{name}' has unknown kind '{kind}' (known: {string.Join(", ", Kinds)})."),
        };
    }
}
