using MemristorSpice.Cosim.Backends;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Controller;
using MemristorSpice.Cosim.Converters;
using MemristorSpice.Crossbar.Layout;
using MemristorSpice.Crossbar.Mapping;

namespace MemristorSpice.Cosim.Programming;

/// <summary>A physical tile to program, with the cells the co-simulation's mapping gives it.</summary>
/// <param name="Layer">Layer name.</param>
/// <param name="StageIndex">Index of the analog stage in the crossbar network.</param>
/// <param name="Crossbar">Logical crossbar of the layer.</param>
/// <param name="Tile">Tile of the logical crossbar.</param>
/// <param name="Layout">The tile as the native backend generates it (cells with their mapped conductances).</param>
/// <param name="SpanSiemens">Gmax − Gmin of the mapping, Siemens.</param>
public sealed record ProgrammingTile(string Layer, int StageIndex, int Crossbar, int Tile, CrossbarTileLayout Layout, double SpanSiemens)
{
    /// <summary>Rows of the tile.</summary>
    public int Rows => Layout.Tile.Rows;
    /// <summary>Physical columns of the tile (two per output).</summary>
    public int Columns => 2 * Layout.Outputs;

    /// <summary>Target conductance [tile row, physical column] in Siemens; NaN for stuck-at cells (they cannot be programmed).</summary>
    public double[,] Targets()
    {
        var t = new double[Rows, Columns];
        foreach (var cell in Layout.Cells)
            t[cell.Row, 2 * cell.Output + (cell.IsPositive ? 0 : 1)] =
                cell.Conductance.Fault == CellFault.None ? cell.Conductance.LevelSiemens : double.NaN;
        return t;
    }
}

/// <summary>
/// Every tile of a network with exactly the conductances the co-simulation maps (same folding, bias placement,
/// converter calibration and design point), so programmed states line up cell by cell with <c>cosim --programmed</c>.
/// </summary>
public static class ProgrammingTargets
{
    /// <summary>The tiles of every analog layer (or of <paramref name="layer"/> only), in network order.</summary>
    /// <param name="network">The folded network in crossbar form.</param>
    /// <param name="ranges">Converter ranges calibrated as the co-simulation does (<see cref="ConverterCalibration.Calibrate"/>).</param>
    /// <param name="settings">Design point of the co-simulation.</param>
    /// <param name="layer">Only this layer; null = all analog layers.</param>
    public static IReadOnlyList<ProgrammingTile> Tiles(CrossbarNetwork network, IReadOnlyList<StageRanges> ranges, NonIdealities settings, string? layer = null)
    {
        // The programming array is simulated in logical cell order without spare pairs, so it needs the identity placement.
        if (settings.FaultAware || settings.SpareColumns > 0)
            throw new NonIdealitiesException(settings.FaultAware ? "mapping.faultAware" : "mapping.spareColumns",
                "is not supported by the programming simulation (it programs the logical cell order without spare column pairs); leave it at its default");
        var backend = new CircuitDcBackend(settings);
        var tiles = new List<ProgrammingTile>();
        for (int s = 0; s < network.Stages.Count; s++)
        {
            if (network.Stages[s] is not AnalogStage stage || (layer is not null && stage.Name != layer)) continue;
            var r = ranges.First(x => x.StageIndex == s);
            var dac = new Dac(settings.DacBits, r.InputFullScale, r.BipolarInput);
            int count = CrossbarMappingRules.Tiles(stage.Crossbars[0].AnalogRows);
            for (int c = 0; c < stage.Crossbars.Count; c++)
                for (int t = 0; t < count; t++)
                {
                    var tile = AnalogLayerPlan.MakeTile(stage, s, c, t, dac.FullScale, settings.VreadVolts);
                    var generated = backend.Generated(tile);
                    tiles.Add(new ProgrammingTile(stage.Name, s, c, t, backend.Layout(tile), generated.Mapping.Range.SpanSiemens));
                }
        }
        return tiles;
    }
}
