using MemristorSpice.Cosim.Backends;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Controller;
using MemristorSpice.Crossbar.Layout;
using MemristorSpice.Crossbar.Mapping;

namespace MemristorSpice.Cosim.Stability;

/// <summary>The readout stability check of every analog layer of a network, on the tiles the co-simulation programs.</summary>
public static class NetworkStability
{
    /// <summary>
    /// Generates every tile of every analog stage as <see cref="CircuitDcBackend"/> does for a co-simulation with these
    /// converter ranges and settings (the DAC full scale sets the bias-row conductances) and checks each layer.
    /// </summary>
    /// <param name="network">Folded network mapped onto crossbars.</param>
    /// <param name="ranges">Calibrated converter ranges (<see cref="ConverterCalibration"/>).</param>
    /// <param name="settings">Circuit settings: op-amp A0/GBW, wires, device, Rf.</param>
    /// <param name="options">Target margin and sweep density.</param>
    /// <param name="progress">Called with each layer's name before it is analysed; may be null.</param>
    public static IReadOnlyList<LayerStability> Run(CrossbarNetwork network, IReadOnlyList<StageRanges> ranges, NonIdealities settings,
        StabilityOptions options, Action<string>? progress = null)
    {
        var backend = new CircuitDcBackend(settings);
        var byStage = ranges.ToDictionary(r => r.StageIndex);
        var result = new List<LayerStability>();
        for (int s = 0; s < network.Stages.Count; s++)
        {
            if (network.Stages[s] is not AnalogStage stage) continue;
            if (!byStage.TryGetValue(s, out var range)) throw new ArgumentException($"No converter ranges for analog stage {s} ({stage.Name}).");
            int tiles = CrossbarMappingRules.Tiles(stage.Crossbars[0].AnalogRows);
            var layouts = new List<(string, CrossbarTileLayout)>();
            for (int c = 0; c < stage.Crossbars.Count; c++)
                for (int t = 0; t < tiles; t++)
                {
                    var tile = AnalogLayerPlan.MakeTile(stage, s, c, t, range.InputFullScale, settings.VreadVolts);
                    layouts.Add((tile.Id, backend.Layout(tile)));
                }
            progress?.Invoke(stage.Name);
            result.Add(ReadoutStability.Analyze(stage.Name, layouts, settings.WireCapacitanceFarads, options));
        }
        return result;
    }

    /// <summary>The check of every analog layer of a co-simulation's controller, on the layouts its circuit backend generated.</summary>
    public static IReadOnlyList<LayerStability> Run(DigitalController controller, CircuitDcBackend backend, StabilityOptions options) =>
        controller.Plans.Select(plan => ReadoutStability.Analyze(plan.Stage.Name,
            plan.Readers.SelectMany(tiles => tiles).Select(r => (r.Tile.Id, backend.Layout(r.Tile))), controller.Settings.WireCapacitanceFarads, options)).ToList();

    /// <summary>Phase margin below which <c>cosim</c> warns, degrees.</summary>
    public const double WarningPhaseMarginDegrees = 45;

    /// <summary>
    /// The quick check <c>cosim</c> runs after programming the tiles: per layer the worst column of the lumped screen, and
    /// its margin on the full tile circuit (<see cref="ReadoutStability.Simulate"/>) only when the lumped margin is below
    /// <paramref name="thresholdDegrees"/> + 10° (the lumped model agrees with the tile circuit to well under 1° when
    /// wires are short against the cells; the full .ac of a 128-row tile takes seconds). Returns the layers below the
    /// threshold with their margin. Nothing when the op-amps have no gain-bandwidth product (no finite crossover).
    /// </summary>
    public static IReadOnlyList<(string Layer, ColumnLoad Worst, LoopMargin Margin)> BelowMargin(DigitalController controller, CircuitDcBackend backend,
        double thresholdDegrees = WarningPhaseMarginDegrees)
    {
        if (controller.Settings.OpAmpGbwHz is null) return [];
        return BelowMargin(controller.Plans.Select(plan => (plan.Stage.Name,
            plan.Readers.SelectMany(tiles => tiles).Select(r => (r.Tile.Id, backend.Layout(r.Tile))))), controller.Settings.WireCapacitanceFarads, thresholdDegrees);
    }

    /// <summary>The same check on layers given as their tiles (identifier and layout); the op-amps must have a GBW.</summary>
    public static IReadOnlyList<(string Layer, ColumnLoad Worst, LoopMargin Margin)> BelowMargin(
        IEnumerable<(string Layer, IEnumerable<(string TileId, CrossbarTileLayout Layout)> Tiles)> layers, double wireFarads,
        double thresholdDegrees = WarningPhaseMarginDegrees)
    {
        var result = new List<(string, ColumnLoad, LoopMargin)>();
        var options = new StabilityOptions { DesignFeedbackCapacitor = false };
        foreach (var (layer, tiles) in layers)
        {
            var worst = ReadoutStability.Worst(tiles.SelectMany(t => ReadoutStability.Screen(t.TileId, t.Layout, wireFarads)));
            if (worst.Lumped is not { } lumped || lumped.PhaseMarginDegrees >= thresholdDegrees + 10) continue;
            var loop = ReadoutStability.Simulate(new TiaLoopCircuit(worst.Layout, wireFarads), worst.Tia, 0, ReadoutStability.Sweep(worst, options), options);
            if (loop.Margin is { } m && m.PhaseMarginDegrees < thresholdDegrees) result.Add((layer, worst, m));
        }
        return result;
    }
}
