using MemristorSpice.Network.Layers;
using MemristorSpice.Network.Models;

namespace MemristorSpice.Crossbar.Mapping;

/// <summary>Counts of one layer: weights (kernel entries, no biases), biases, MACs per image, and its crossbar cost.</summary>
public sealed record LayerCounts(string Name, string Kind, long Weights, long Biases, long Macs,
    int LogicalCrossbars, int Crossbars, long Memristors, int OpAmps);

/// <summary>Counts of a model (BatchNorm excluded: it is folded into the preceding layer before mapping).</summary>
public sealed record ModelCounts(string Model, IReadOnlyList<LayerCounts> Layers)
{
    /// <summary>Weights in all layers.</summary>
    public long Weights => Layers.Sum(l => l.Weights);
    /// <summary>Biases in all layers.</summary>
    public long Biases => Layers.Sum(l => l.Biases);
    /// <summary>Multiply-accumulates per image.</summary>
    public long Macs => Layers.Sum(l => l.Macs);
    /// <summary>Logical crossbars.</summary>
    public int Crossbars => Layers.Sum(l => l.Crossbars);
    /// <summary>Memristors (two per weight or bias, per tile).</summary>
    public long Memristors => Layers.Sum(l => l.Memristors);
    /// <summary>Op-amps in all tiles.</summary>
    public int OpAmps => Layers.Sum(l => l.OpAmps);
    /// <summary>Logical crossbars of depthwise layers.</summary>
    public int DepthwiseCrossbars => Layers.Where(l => l.Kind == "DepthwiseConv").Sum(l => l.Crossbars);
}

/// <summary>Counts weights, operations and hardware of a model mapped onto crossbars.</summary>
public static class ModelCounter
{
    /// <summary>Counts for <paramref name="model"/>, layer by layer, with the biases placed by <paramref name="placement"/>.</summary>
    public static ModelCounts Count(Model model, BiasPlacement placement = BiasPlacement.Auto)
    {
        var rows = new List<LayerCounts>();
        for (int i = 0; i < model.Layers.Count; i++)
        {
            var layer = model.Layers[i];
            var shape = model.InputShapes(i)[0];
            var xbars = CrossbarMappingRules.For(layer, placement);
            if (xbars.Count > 0)
            {
                var costs = xbars.Select(CrossbarMappingRules.Cost).ToList();
                long biases = layer.Parameters.First(p => p.Name.EndsWith(".bias", StringComparison.Ordinal)).Size;
                long weights = layer.Parameters.First(p => p.Name.EndsWith(".weight", StringComparison.Ordinal)).Size;
                rows.Add(new LayerCounts(layer.Name, layer.Kind, weights, biases, layer.Macs(shape),
                    xbars.Count, costs.Sum(c => c.Tiles), costs.Sum(c => c.Memristors), costs.Sum(c => c.OpAmps)));
            }
        }
        return new ModelCounts(model.Name, rows);
    }
}
