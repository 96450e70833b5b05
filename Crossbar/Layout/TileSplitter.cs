using MemristorSpice.Crossbar.Mapping;

namespace MemristorSpice.Crossbar.Layout;

/// <summary>Rows of one physical crossbar (tile) of a logical crossbar.</summary>
/// <param name="Index">Tile index, 0-based.</param>
/// <param name="FirstRow">First logical row held by the tile.</param>
/// <param name="Rows">Number of rows; the bias row (last logical row) is in the last tile only.</param>
public readonly record struct TileRows(int Index, int FirstRow, int Rows)
{
    /// <summary>One past the last logical row of the tile.</summary>
    public int EndRow => FirstRow + Rows;
}

/// <summary>
/// Splits a logical crossbar into row tiles with the rule of <see cref="CrossbarMappingRules"/>: tiles of
/// <c>maxRows</c> rows filled in order, the last takes the rest; every tile has all columns. With the default
/// maximum the result is exactly <see cref="CrossbarMappingRules.TileRows"/>; other maxima apply the same rule.
/// </summary>
internal static class TileSplitter
{
    public static IReadOnlyList<TileRows> Split(int totalRows, int maxRows = CrossbarMappingRules.MaxRows)
    {
        if (totalRows < 1) throw new ArgumentException($"a crossbar needs at least one row, got {totalRows}.");
        if (maxRows < 1) throw new ArgumentException($"maximum tile rows must be >= 1, got {maxRows}.");
        if (maxRows == CrossbarMappingRules.MaxRows)
        {
            return Enumerable.Range(0, CrossbarMappingRules.Tiles(totalRows)).Select(t =>
            {
                var (first, rows) = CrossbarMappingRules.TileRows(totalRows, t);
                return new TileRows(t, first, rows);
            }).ToList();
        }
        int tiles = (totalRows + maxRows - 1) / maxRows;
        return Enumerable.Range(0, tiles).Select(t => new TileRows(t, t * maxRows, Math.Min(maxRows, totalRows - t * maxRows))).ToList();
    }
}
