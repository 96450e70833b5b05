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
/// <param name="Layout">The tile as the native backend generates it (cells with their mapped conductances, at the physical
/// rows and column pairs of the design's placement, spare column pairs included).</param>
/// <param name="SpanSiemens">Gmax − Gmin of the mapping, Siemens.</param>
public sealed record ProgrammingTile(string Layer, int StageIndex, int Crossbar, int Tile, CrossbarTileLayout Layout, double SpanSiemens)
{
    private Dictionary<(int, int), CrossbarCell>? _byPosition;

    /// <summary>Rows of the tile.</summary>
    public int Rows => Layout.Tile.Rows;
    /// <summary>Physical columns of the tile: two per column pair, the outputs' and the spare ones (mapping.spareColumns).</summary>
    public int Columns => 2 * (Layout.Cells.Max(c => c.PhysicalColumn) + 1);

    /// <summary>Array column of a cell: 2s for the G+ device of physical column pair s, 2s + 1 for its G− device.</summary>
    public static int ArrayColumn(CrossbarCell cell) => 2 * cell.PhysicalColumn + (cell.IsPositive ? 0 : 1);

    /// <summary>The layout's cell at array position (<paramref name="row"/>, <paramref name="column"/>) (physical row, <see cref="ArrayColumn"/>).</summary>
    public CrossbarCell CellAt(int row, int column)
    {
        _byPosition ??= Layout.Cells.ToDictionary(c => (c.PhysicalRow, ArrayColumn(c)));
        return _byPosition[(row, column)];
    }

    /// <summary>True when the cell belongs to a spare column pair (programmed at its mapped level, not read, no weight).</summary>
    public bool IsSpare(CrossbarCell cell) => cell.Output >= Layout.Outputs;

    /// <summary>The programmed.csv entry of array cell (<paramref name="row"/>, <paramref name="column"/>), keyed by the logical
    /// cell the co-simulation maps (the placement undone); null for a cell of a spare column pair (no weight, not read).</summary>
    public ProgrammedCell? Entry(int row, int column, double targetSiemens, double finalSiemens)
    {
        var cell = CellAt(row, column);
        if (IsSpare(cell)) return null;
        var model = Layout.Device.Model;
        return new ProgrammedCell
        {
            Layer = Layer, Crossbar = Crossbar, Tile = Tile, Row = cell.LogicalRow, Column = 2 * cell.Output + (cell.IsPositive ? 0 : 1),
            TargetSiemens = targetSiemens, ProgrammedSiemens = finalSiemens,
            State = model.StateForResistance(Math.Clamp(1 / finalSiemens, model.MinResistanceOhms, model.MaxResistanceOhms)),
        };
    }

    /// <summary>Target conductance [physical row, array column] in Siemens (the placement of the design point: identity, or
    /// fault-aware with spare pairs); NaN for stuck-at cells (they cannot be programmed).</summary>
    public double[,] Targets()
    {
        var t = new double[Rows, Columns];
        foreach (var cell in Layout.Cells)
            t[cell.PhysicalRow, ArrayColumn(cell)] = cell.Conductance.Fault == CellFault.None ? cell.Conductance.LevelSiemens : double.NaN;
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
        // The array is programmed as laid out: a fault-aware placement's permuted rows and column pairs, spare pairs included.
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
