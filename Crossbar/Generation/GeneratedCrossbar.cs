using MemristorSpice.Crossbar.Layout;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Devices.Spice;

namespace MemristorSpice.Crossbar.Generation;

/// <summary>Crossbar, memristor and op-amp counts of generated circuits.</summary>
public readonly record struct GeneratedCounts(int Crossbars, long Memristors, int OpAmps)
{
    /// <summary>Adds the counts field by field.</summary>
    public static GeneratedCounts operator +(GeneratedCounts a, GeneratedCounts b) =>
        new(a.Crossbars + b.Crossbars, a.Memristors + b.Memristors, a.OpAmps + b.OpAmps);
}

/// <summary>One logical crossbar after generation: its programmed cells and the layout of each tile.</summary>
public sealed class GeneratedCrossbar(CrossbarContext context, CrossbarMatrix matrix, CrossbarOptions options, ConductanceMapping mapping,
    CellConductance[,] cells, double outputVoltsPerUnit, IReadOnlyList<CrossbarTileLayout> tiles)
{
    /// <summary>Which layer and channel the crossbar belongs to.</summary>
    public CrossbarContext Context { get; } = context;
    /// <summary>The weights in crossbar form (rows = inputs then bias, columns = outputs).</summary>
    public CrossbarMatrix Matrix { get; } = matrix;
    /// <summary>The options it was generated with.</summary>
    public CrossbarOptions Options { get; } = options;
    /// <summary>How weights became conductances.</summary>
    public ConductanceMapping Mapping { get; } = mapping;

    /// <summary>Cells [logical row, physical column]; column 2j is G+ of output j, 2j+1 is G−.</summary>
    public CellConductance[,] Cells { get; } = cells;

    /// <summary>K: output Volts per unit of W·x + b (the same for every tile).</summary>
    public double OutputVoltsPerUnit { get; } = outputVoltsPerUnit;

    /// <summary>Layout of each physical tile, in row order.</summary>
    public IReadOnlyList<CrossbarTileLayout> Tiles { get; } = tiles;

    /// <summary>Placement of each tile's rows and outputs and its fault cost (identity unless fault-aware); empty when not generated here.</summary>
    public IReadOnlyList<Faults.PlacementResult> Placements { get; init; } = [];

    /// <summary>Physical stuck-at faults of each tile (rows × column pairs including the spare ones); empty when not generated here.</summary>
    public IReadOnlyList<Faults.TileFaultMap> FaultMaps { get; init; } = [];

    /// <summary>Counts over the tiles as generated.</summary>
    public GeneratedCounts Counts => new(Tiles.Count, Tiles.Sum(t => (long)t.Cells.Count), Tiles.Sum(t => t.OpAmpCount));

    /// <summary>The design point of the hierarchical netlists (.param block).</summary>
    public NetlistParameters Parameters => NetlistParameters.Of(Options, Mapping.Range);

    /// <summary>The tiles with their file stems (stem.cir without the extension).</summary>
    public IReadOnlyList<PlacedTile> PlacedTiles() =>
        Tiles.Select((t, i) => new PlacedTile(Path.GetFileNameWithoutExtension(FileName(i)), t)).ToList();

    /// <summary>Per tile its subcircuit (stem.sub) and its deck (stem.cir).</summary>
    /// <param name="parameters">Design point of the .param block (default: <see cref="Parameters"/>; a run with wire capacitance passes its own).</param>
    /// <param name="dialect">Simulator the files are written for.</param>
    public IEnumerable<(string Name, string Text)> HierarchicalFiles(NetlistParameters? parameters = null, SpiceDialect dialect = SpiceDialect.Ngspice)
    {
        var p = parameters ?? Parameters;
        foreach (var tile in PlacedTiles())
        {
            yield return (tile.SubcircuitFile, HierarchicalNetlistWriter.Tile(tile, p, dialect));
            yield return (tile.Stem + ".cir", HierarchicalNetlistWriter.TileDeck(tile, p, dialect));
        }
    }

    /// <summary>Netlist file name of a tile: stem.cir, or stem_tT.cir when the crossbar has several tiles.</summary>
    public string FileName(int tile) => Tiles.Count == 1 ? $"{Context.Stem}.cir" : $"{Context.Stem}_t{tile}.cir";
}
