using MemristorSpice.Network.Models;

namespace MemristorSpice.Crossbar.Mapping;

/// <summary>
/// Computes the conductance of every cell of a logical crossbar (rows × 2·outputs, column 2j = G+ of output j,
/// 2j+1 = G−): exact target → level snap → log-normal variation G·exp(sigma·z) → stuck-at faults, then clamped to the
/// device range [1/Roff, 1/Ron] (a device cannot be programmed beyond it). Variation uses a seeded stream with exactly
/// one draw per cell (k per cell with k devices in parallel, <see cref="CrossbarNonIdealities.DevicesPerCell"/>) in
/// row-major order, so a seed selects the same cells in every setting. Faults are not drawn here:
/// they belong to the physical devices the cells are placed on (<see cref="Faults.TileFaultMap"/>), passed in per cell.
/// </summary>
internal sealed class CellProgrammer(ConductanceMapping mapping, CrossbarDevice device, CrossbarNonIdealities nonIdealities)
{
    public ConductanceMapping Mapping { get; } = mapping;

    /// <summary>Cells [row, physical column] of the matrix; <paramref name="seedSalt"/> decorrelates crossbars of one network.</summary>
    /// <param name="matrix">The weights.</param>
    /// <param name="inputFullScale">amax (the bias row stores b/amax).</param>
    /// <param name="seedSalt">Salt of the variation stream.</param>
    /// <param name="faultOf">Fault of the device cell (logical row, column 2j or 2j+1) is placed on; null = none.</param>
    /// <param name="compensate">True when the mapping knows the faults: the partner of a stuck device takes the value
    /// that realises the weight best (<see cref="Faults.PairFaultCost.Best"/>) instead of the ordinary target.</param>
    public CellConductance[,] Program(CrossbarMatrix matrix, double inputFullScale, ulong seedSalt = 0,
        Func<int, int, CellFault>? faultOf = null, bool compensate = false)
    {
        var ni = nonIdealities;
        int rows = matrix.Rows, columns = matrix.Shape.Columns;
        var cells = new CellConductance[rows, columns];
        var variation = new Random(SeedMixer.Mix(ni.VariationSeed, seedSalt));
        double gLow = device.MinConductanceSiemens, gHigh = device.MaxConductanceSiemens;
        var range = Mapping.Range;
        for (int r = 0; r < rows; r++)
        {
            for (int o = 0; o < matrix.Outputs; o++)
            {
                var weight = StoredWeight(matrix, r, o, inputFullScale);
                var (plus, minus) = Mapping.Exact(weight);
                var faultPlus = faultOf?.Invoke(r, 2 * o) ?? CellFault.None;
                var faultMinus = faultOf?.Invoke(r, 2 * o + 1) ?? CellFault.None;
                if (compensate && (faultPlus != CellFault.None || faultMinus != CellFault.None))
                {
                    var u = Math.Clamp(weight / Mapping.WeightFullScale, -1, 1);
                    var (gp, gm) = Faults.PairFaultCost.Best(u, faultPlus, faultMinus);
                    (plus, minus) = (range.MinSiemens + range.SpanSiemens * gp, range.MinSiemens + range.SpanSiemens * gm);
                }
                for (int side = 0; side < 2; side++)
                {
                    var target = side == 0 ? plus : minus;
                    var level = Mapping.Snap(target);
                    var (factor, varied) = Vary(level, variation, gLow, gHigh);
                    var fault = side == 0 ? faultPlus : faultMinus;
                    cells[r, 2 * o + side] = new CellConductance(target, level, Stuck(fault) ?? varied, factor, fault);
                }
            }
        }
        return cells;
    }

    /// <summary>
    /// The conductance a cell programmed to <paramref name="level"/> reads and its variation factor: one device,
    /// clamp(level·e^{σz}, gLow, gHigh) with factor e^{σz}; k = DevicesPerCell devices (k draws, in order), the mean of
    /// their clamped conductances (they sit in parallel and the read is scaled by 1/k) with factor read/level.
    /// </summary>
    private (double Factor, double Siemens) Vary(double level, Random variation, double gLow, double gHigh)
    {
        var ni = nonIdealities;
        int k = ni.DevicesPerCell;
        if (k == 1)
        {
            var z = Initializer.Gaussian(variation);
            var factor = ni.VariationSigma > 0 ? Math.Exp(ni.VariationSigma * z) : 1.0;
            return (factor, Math.Clamp(level * factor, gLow, gHigh));
        }
        double sum = 0;
        for (int j = 0; j < k; j++)
        {
            var z = Initializer.Gaussian(variation);
            sum += Math.Clamp(level * (ni.VariationSigma > 0 ? Math.Exp(ni.VariationSigma * z) : 1.0), gLow, gHigh);
        }
        // Each term is inside the window, so the mean is too; the clamp only removes the round-off of sum/k.
        var mean = Math.Clamp(sum / k, gLow, gHigh);
        return (level > 0 ? mean / level : 1.0, mean);
    }

    /// <summary>A cell of a spare column pair: no weight, target Gmin, or its stuck value.</summary>
    public CellConductance Spare(CellFault fault) =>
        new(Mapping.Range.MinSiemens, Mapping.Snap(Mapping.Range.MinSiemens), Stuck(fault) ?? Mapping.Range.MinSiemens, 1.0, fault);

    private double? Stuck(CellFault fault) => fault switch
    {
        CellFault.StuckAtMin => Mapping.Range.MinSiemens,
        CellFault.StuckAtMax => Mapping.Range.MaxSiemens,
        _ => null,
    };

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
