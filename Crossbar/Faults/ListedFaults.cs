namespace MemristorSpice.Crossbar.Faults;

/// <summary>
/// Stuck devices given by position, e.g. the cells a programming run could not set (read by Cosim's fault-map CSV
/// reader). Keyed by the physical tile identifier layer/xbarN/tileM; they are added to the tile's drawn faults.
/// </summary>
public sealed class ListedFaults
{
    private readonly Dictionary<string, List<StuckDevice>> _byTile = new(StringComparer.Ordinal);

    /// <summary>The listed devices; a device listed twice is an error.</summary>
    /// <param name="entries">(tile identifier, device) pairs.</param>
    /// <param name="source">Where they come from, for messages (usually the file path).</param>
    public ListedFaults(IEnumerable<(string Tile, StuckDevice Device)> entries, string source)
    {
        Source = source;
        var seen = new HashSet<(string, int, int, PairDevice)>();
        foreach (var (tile, d) in entries)
        {
            if (d.Stuck == Mapping.CellFault.None) throw new ArgumentException($"{source}: {tile} row {d.Row} column {d.Column} is listed without a fault.");
            if (!seen.Add((tile, d.Row, d.Column, d.Device)))
                throw new ArgumentException($"{source}: {tile} row {d.Row} column {d.Column} {d.Device} is listed twice.");
            if (!_byTile.TryGetValue(tile, out var list)) _byTile[tile] = list = [];
            list.Add(d);
        }
    }

    /// <summary>Where the list comes from.</summary>
    public string Source { get; }

    /// <summary>Number of listed devices.</summary>
    public int Count => _byTile.Values.Sum(l => l.Count);

    /// <summary>Tile identifiers that have listed devices.</summary>
    public IReadOnlyCollection<string> Tiles => _byTile.Keys;

    /// <summary>Tile identifier of physical tile <paramref name="tile"/> of logical crossbar <paramref name="crossbar"/> of a layer.</summary>
    public static string TileId(string layer, int crossbar, int tile) => $"{layer}/xbar{crossbar}/tile{tile}";

    /// <summary>Sets the listed devices of tile <paramref name="tileId"/> in <paramref name="map"/>; throws naming the source for a cell outside the tile.</summary>
    public void AddTo(string tileId, TileFaultMap map)
    {
        if (!_byTile.TryGetValue(tileId, out var list)) return;
        foreach (var d in list)
        {
            if (d.Row < 0 || d.Row >= map.Rows || d.Column < 0 || d.Column >= map.Columns)
                throw new ArgumentException($"{Source}: {tileId} row {d.Row} column {d.Column} is outside the tile ({map.Rows} rows x {map.Columns} column pairs).");
            map[d.Row, d.Column, d.Device] = d.Stuck;
        }
    }
}
