using MemristorSpice.Network.Layers;
using MemristorSpice.Network.Models;

namespace MemristorSpice.Crossbar.Mapping;

/// <summary>Counts of one layer: weights (kernel entries, no biases), biases, MACs per image, and its crossbar cost.</summary>
public sealed record LayerCounts(string Name, string Kind, long Weights, long Biases, long Macs,
    int LogicalCrossbars, int Crossbars, long Memristors, int OpAmps);

/// <summary>Counts of a model (BatchNorm excluded: it is folded into the preceding layer before mapping).</summary>
public sealed record ModelCounts(string Model, IReadOnlyList<LayerCounts> Layers)
{
    public long Weights => Layers.Sum(l => l.Weights);
    public long Biases => Layers.Sum(l => l.Biases);
    public long Macs => Layers.Sum(l => l.Macs);
    public int Crossbars => Layers.Sum(l => l.Crossbars);
    public long Memristors => Layers.Sum(l => l.Memristors);
    public int OpAmps => Layers.Sum(l => l.OpAmps);
    public int DepthwiseCrossbars => Layers.Where(l => l.Kind == "DepthwiseConv").Sum(l => l.Crossbars);
}

public static class ModelCounter
{
    public static ModelCounts Count(Model model)
    {
        var rows = new List<LayerCounts>();
        var shape = model.InputShape;
        foreach (var layer in model.Layers)
        {
            var xbars = CrossbarMappingRules.For(layer);
            if (xbars.Count > 0)
            {
                var costs = xbars.Select(CrossbarMappingRules.Cost).ToList();
                long biases = layer.Parameters.First(p => p.Name.EndsWith(".bias", StringComparison.Ordinal)).Size;
                long weights = layer.Parameters.First(p => p.Name.EndsWith(".weight", StringComparison.Ordinal)).Size;
                rows.Add(new LayerCounts(layer.Name, layer.Kind, weights, biases, layer.Macs(shape),
                    xbars.Count, costs.Sum(c => c.Tiles), costs.Sum(c => c.Memristors), costs.Sum(c => c.OpAmps)));
            }
            shape = layer.OutputShape(shape);
        }
        return new ModelCounts(model.Name, rows);
    }
}
