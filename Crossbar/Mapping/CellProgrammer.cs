using MemristorSpice.Network.Models;

namespace MemristorSpice.Crossbar.Mapping;

/// <summary>
/// Computes the conductance of every cell of a logical crossbar (rows × 2·outputs, column 2j = G+ of output j,
/// 2j+1 = G−): exact target → level snap → log-normal variation G·exp(sigma·z) → stuck-at faults, then clamped to the
/// device range [1/Roff, 1/Ron] (a device cannot be programmed beyond it). Variation and faults use separate seeded
/// streams with exactly one draw per cell in row-major order, so a seed selects the same cells in every setting.
/// </summary>
internal sealed class CellProgrammer(ConductanceMapping mapping, CrossbarDevice device, CrossbarNonIdealities nonIdealities)
{
    public ConductanceMapping Mapping { get; } = mapping;

    /// <summary>Cells [row, physical column] of the matrix; <paramref name="seedSalt"/> decorrelates crossbars of one network.</summary>
    public CellConductance[,] Program(CrossbarMatrix matrix, double inputFullScale, ulong seedSalt = 0)
    {
        var ni = nonIdealities;
        int rows = matrix.Rows, columns = matrix.Shape.Columns;
        var cells = new CellConductance[rows, columns];
        var variation = new Random(SeedMixer.Mix(ni.VariationSeed, seedSalt));
        var faults = new Random(SeedMixer.Mix(ni.FaultSeed, seedSalt));
        double gLow = device.MinConductanceSiemens, gHigh = device.MaxConductanceSiemens;
        for (int r = 0; r < rows; r++)
        {
            for (int o = 0; o < matrix.Outputs; o++)
            {
                var (plus, minus) = Mapping.Exact(StoredWeight(matrix, r, o, inputFullScale));
                for (int side = 0; side < 2; side++)
                {
                    var target = side == 0 ? plus : minus;
                    var z = Initializer.Gaussian(variation);
                    var u = faults.NextDouble();
                    var level = Mapping.Snap(target);
                    var factor = ni.VariationSigma > 0 ? Math.Exp(ni.VariationSigma * z) : 1.0;
                    var fault = u < ni.StuckAtMinRate ? CellFault.StuckAtMin
                        : u < ni.StuckAtMinRate + ni.StuckAtMaxRate ? CellFault.StuckAtMax : CellFault.None;
                    var g = fault switch
                    {
                        CellFault.StuckAtMin => Mapping.Range.MinSiemens,
                        CellFault.StuckAtMax => Mapping.Range.MaxSiemens,
                        _ => Math.Clamp(level * factor, gLow, gHigh),
                    };
                    cells[r, 2 * o + side] = new CellConductance(target, level, g, factor, fault);
                }
            }
        }
        return cells;
    }

    /// <summary>The weight a cell pair stores: w for input rows, b/amax for the bias row (it is driven at Vread, not Vread/amax).</summary>
    public static double StoredWeight(CrossbarMatrix matrix, int row, int output, double inputFullScale) =>
        row == matrix.BiasRow ? matrix[row, output] / inputFullScale : matrix[row, output];

    /// <summary>Largest stored |weight|: the automatic wmax (1 for an all-zero matrix).</summary>
    public static double FullScaleOf(CrossbarMatrix matrix, double inputFullScale)
    {
        double max = 0;
        // A digital bias is not stored in cells, so it does not set the conductance scale.
        for (int r = 0; r < matrix.AnalogRows; r++)
            for (int o = 0; o < matrix.Outputs; o++)
                max = Math.Max(max, Math.Abs(StoredWeight(matrix, r, o, inputFullScale)));
        return max > 0 ? max : 1.0;
    }
}

/// <summary>Stable seed derivation (FNV-1a over the bytes), independent of the runtime's randomized string hashes.</summary>
internal static class SeedMixer
{
    public static int Mix(int seed, ulong salt)
    {
        ulong h = 14695981039346656037UL;
        foreach (var v in new[] { (ulong)(uint)seed, salt })
            for (int b = 0; b < 8; b++) { h ^= (v >> (8 * b)) & 0xff; h *= 1099511628211UL; }
        return (int)(h & 0x7fffffff);
    }

    /// <summary>Salt of a text key (layer name and crossbar index, for example).</summary>
    public static ulong Salt(string key)
    {
        ulong h = 14695981039346656037UL;
        foreach (var c in key) { h ^= c; h *= 1099511628211UL; }
        return h;
    }
}
