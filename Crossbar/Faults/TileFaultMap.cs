using MemristorSpice.Crossbar.Mapping;

namespace MemristorSpice.Crossbar.Faults;

/// <summary>The device of a differential pair: G+ (positive) or G− (negative).</summary>
public enum PairDevice
{
    /// <summary>The G+ device (physical column 2s of column pair s).</summary>
    Positive,
    /// <summary>The G− device (physical column 2s + 1).</summary>
    Negative,
}

/// <summary>One stuck device at a physical position of a tile.</summary>
/// <param name="Row">Physical row of the tile (0-based).</param>
/// <param name="Column">Physical column pair of the tile (0-based; spare pairs follow the outputs).</param>
/// <param name="Device">Which device of the pair.</param>
/// <param name="Stuck">Gmin or Gmax.</param>
public readonly record struct StuckDevice(int Row, int Column, PairDevice Device, CellFault Stuck);

/// <summary>
/// Stuck-at faults of one physical tile, by PHYSICAL position: [row, column pair, device]. The map belongs to the
/// silicon, not to the weights: it is drawn (or read from a file) before any weight is placed, so a different
/// placement of the logical weights (<see cref="TilePlacement"/>) moves the weights, not the faults.
/// </summary>
public sealed class TileFaultMap
{
    private readonly CellFault[] _faults;

    /// <summary>A fault-free map of <paramref name="rows"/> × <paramref name="columns"/> column pairs.</summary>
    public TileFaultMap(int rows, int columns)
    {
        if (rows < 1 || columns < 1) throw new ArgumentException($"a tile needs at least one row and one column pair, got {rows} x {columns}.");
        Rows = rows;
        Columns = columns;
        _faults = new CellFault[rows * columns * 2];
    }

    /// <summary>Physical rows.</summary>
    public int Rows { get; }

    /// <summary>Physical column pairs (outputs plus spare pairs).</summary>
    public int Columns { get; }

    /// <summary>Fault of a device; <see cref="CellFault.None"/> for a working one.</summary>
    public CellFault this[int row, int column, PairDevice device]
    {
        get => _faults[Index(row, column, device)];
        set => _faults[Index(row, column, device)] = value;
    }

    /// <summary>Number of stuck devices.</summary>
    public int Count => _faults.Count(f => f != CellFault.None);

    /// <summary>Every stuck device, row-major.</summary>
    public IEnumerable<StuckDevice> Stuck()
    {
        for (int r = 0; r < Rows; r++)
            for (int c = 0; c < Columns; c++)
                for (int d = 0; d < 2; d++)
                    if (_faults[(r * Columns + c) * 2 + d] is var f and not CellFault.None) yield return new StuckDevice(r, c, (PairDevice)d, f);
    }

    /// <summary>
    /// Draws every device independently: stuck at Gmin with probability <paramref name="minRate"/>, at Gmax with
    /// <paramref name="maxRate"/>. The uniform number of a device is a hash of (seed, tile salt, row, column pair,
    /// device) (<see cref="PositionHash"/>), so a device's fault depends on its position only: not on the tile's size,
    /// the number of spare pairs or the order of the draws.
    /// </summary>
    /// <param name="rows">Physical rows.</param>
    /// <param name="columns">Physical column pairs.</param>
    /// <param name="minRate">Probability of stuck at Gmin.</param>
    /// <param name="maxRate">Probability of stuck at Gmax.</param>
    /// <param name="seed">Fault seed of the design point (stuckAt.seed).</param>
    /// <param name="tileSalt">Identity of the physical tile (<see cref="TileSalt"/>).</param>
    public static TileFaultMap Draw(int rows, int columns, double minRate, double maxRate, int seed, ulong tileSalt)
    {
        var map = new TileFaultMap(rows, columns);
        if (minRate <= 0 && maxRate <= 0) return map;
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
                for (int d = 0; d < 2; d++)
                {
                    double u = PositionHash.Uniform(seed, tileSalt, r, c, d);
                    map._faults[(r * columns + c) * 2 + d] = u < minRate ? CellFault.StuckAtMin : u < minRate + maxRate ? CellFault.StuckAtMax : CellFault.None;
                }
        return map;
    }

    /// <summary>Salt of physical tile <paramref name="tile"/> of logical crossbar <paramref name="crossbar"/> of a layer (file stem).</summary>
    public static ulong TileSalt(string stem, int crossbar, int tile) => SeedMixer.Salt($"{stem}/xbar{crossbar}/tile{tile}");

    private int Index(int row, int column, PairDevice device)
    {
        if ((uint)row >= (uint)Rows || (uint)column >= (uint)Columns)
            throw new ArgumentOutOfRangeException(nameof(row), $"cell ({row}, {column}) is outside the {Rows} x {Columns} tile.");
        return (row * Columns + column) * 2 + (int)device;
    }
}

/// <summary>
/// Counter-based uniform numbers: the SplitMix64 finaliser (Steele, Lea and Flood, "Fast splittable pseudorandom number
/// generators", OOPSLA 2014) applied to the position key, so each key gets its own number without a sequential stream.
/// </summary>
internal static class PositionHash
{
    public static double Uniform(int seed, ulong salt, int row, int column, int device)
    {
        ulong h = Mix((ulong)(uint)seed ^ Mix(salt));
        h = Mix(h ^ (ulong)(uint)row);
        h = Mix(h ^ ((ulong)(uint)column << 1 | (uint)device));
        return (h >> 11) * (1.0 / (1UL << 53));
    }

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
