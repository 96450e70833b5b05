using MemristorSpice.Network;
using MemristorSpice.Network.Models;
using MemristorSpice.Network.Pruning;

namespace MemristorSpice.Cli.Commands.Prune;

/// <summary>The <c>--remove</c> value, e.g. "dw1=8,dw2=40": channels to remove per depthwise layer of a model.</summary>
internal static class RemoveCounts
{
    /// <summary>Parses <paramref name="spec"/> against the model's depthwise layers; errors name --remove.</summary>
    public static Dictionary<string, int> Parse(string spec, Model model)
    {
        var layers = DepthwisePruner.DepthwiseLayers(model).ToDictionary(d => d.Name, d => d.Channels);
        var counts = new Dictionary<string, int>();
        foreach (var item in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = item.Split('=');
            if (parts.Length != 2 || !int.TryParse(parts[1], out int n))
                throw new CliException($"--remove: '{item}' is not layer=count (e.g. dw1=8,dw2=40).");
            if (!layers.TryGetValue(parts[0], out int channels))
                throw new CliException($"--remove: {model.Name} has no depthwise layer '{parts[0]}' (depthwise layers: {string.Join(", ", layers.Keys)}).");
            if (n < 0 || n >= channels)
                throw new CliException($"--remove: {parts[0]} has {channels} channels; remove between 0 and {channels - 1} (got {n}).");
            counts[parts[0]] = n;
        }
        return counts;
    }
}
