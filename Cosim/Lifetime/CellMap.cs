using MemristorSpice.Cosim.Backends;
using MemristorSpice.Crossbar.Layout;

namespace MemristorSpice.Cosim.Lifetime;

/// <summary>
/// A value per cell of every logical crossbar of a network: Values[(stage, crossbar)][logical row, physical column],
/// column 2j = G+ of output j, 2j+1 = G−, the layout of <see cref="Crossbar.Generation.GeneratedCrossbar.Cells"/>.
/// </summary>
public sealed class CellMap
{
    /// <summary>Arrays per (stage index, crossbar index).</summary>
    public Dictionary<(int Stage, int Crossbar), double[,]> Values { get; } = [];

    /// <summary>Physical column of a cell: 2·output for G+, 2·output + 1 for G−.</summary>
    public static int Column(CrossbarCell cell) => 2 * cell.Output + (cell.IsPositive ? 0 : 1);

    /// <summary>The value of a cell of a tile.</summary>
    public double this[CrossbarTile tile, CrossbarCell cell] => Values[(tile.StageIndex, tile.Crossbar)][cell.LogicalRow, Column(cell)];

    /// <summary>A deep copy.</summary>
    public CellMap Clone()
    {
        var copy = new CellMap();
        foreach (var (k, v) in Values) copy.Values[k] = (double[,])v.Clone();
        return copy;
    }

    /// <summary>Largest |a − b| over all cells of two maps of the same shape.</summary>
    public static double MaxDifference(CellMap a, CellMap b)
    {
        double max = 0;
        foreach (var (k, va) in a.Values)
        {
            var vb = b.Values[k];
            for (int r = 0; r < va.GetLength(0); r++)
                for (int c = 0; c < va.GetLength(1); c++) max = Math.Max(max, Math.Abs(va[r, c] - vb[r, c]));
        }
        return max;
    }
}

/// <summary>Deterministic standard normal draw per cell (SplitMix64 hash of seed and cell position, Box–Muller), independent of evaluation order.</summary>
internal static class CellNormal
{
    public static double Draw(int seed, int stage, int crossbar, int row, int column)
    {
        ulong h = Mix((ulong)(uint)seed ^ Mix((ulong)(uint)stage << 40 ^ (ulong)(uint)crossbar << 20 ^ Mix((ulong)(uint)row << 24 ^ (ulong)(uint)column)));
        double u1 = ((h >> 11) + 1.0) / 9007199254740993.0;
        double u2 = (Mix(h) >> 11) / 9007199254740992.0;
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
