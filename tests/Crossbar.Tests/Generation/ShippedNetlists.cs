using MemristorSpice.Crossbar.Generation;
using MemristorSpice.Crossbar.Layout;
using MemristorSpice.Crossbar.Manifest;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Network.IO;
using MemristorSpice.Tests.Shared;

namespace MemristorSpice.Crossbar.Tests.Generation;

/// <summary>The checked-in netlists/ folders and how they are produced (same as `memspice generate network
/// --weights weights/M.msw --representative --out netlists/M/`).</summary>
internal static class ShippedNetlists
{
    public static string WeightsDir => Path.Combine(Dependencies.RepoRoot, "weights");
    public static string NetlistsDir => Path.Combine(Dependencies.RepoRoot, "netlists");

    /// <summary>Model stems of the shipped weights files: weights/*.msw except intermediate pruning stages (*-stageN.msw).</summary>
    public static IReadOnlyList<string> Models =>
        Directory.GetFiles(WeightsDir, "*.msw").Select(f => Path.GetFileNameWithoutExtension(f))
            .Where(s => !System.Text.RegularExpressions.Regex.IsMatch(s, @"-stage\d+$")).Order(StringComparer.Ordinal).ToList();

    public static NetworkNetlists Generate(string stem, CrossbarSelection selection = CrossbarSelection.RepresentativePerKind)
    {
        var model = WeightsFile.Load(Path.Combine(WeightsDir, stem + ".msw"));
        // The checked-in netlists keep the legacy placement (every bias a crossbar row), so they include the classifier's
        // two-tile split with its bias-only tile, the smallest tile ngspice runs in these tests.
        return new NetworkGenerator(new CrossbarOptions()).Generate(CrossbarNetwork.FromModel(model, BiasPlacement.Analog), model.Name, stem + ".msw", selection);
    }
}
