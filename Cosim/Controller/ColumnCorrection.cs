using MemristorSpice.Cosim.Backends;
using MemristorSpice.Network.Core;

namespace MemristorSpice.Cosim.Controller;

/// <summary>
/// Digital per-output correction of one tile, applied by the controller after the ADC:
/// corrected = (read − Offset[j])·(1/Gain[j]) (the reciprocal is computed once: a multiply per read instead of a
/// division, as a digital controller would do it). Gain and offset are a least-squares fit of the tile's circuit output
/// against its ideal output Σ w·V over calibration patches, so systematic attenuation (wire IR drop, finite op-amp
/// gain, mean conductance error) is removed while random effects remain. Identity when not calibrated.
/// </summary>
public sealed record ColumnCorrection(double[] Gain, double[] Offset)
{
    /// <summary>No correction (gain 1, offset 0) for <paramref name="outputs"/> outputs.</summary>
    public static ColumnCorrection Identity(int outputs) => new(Enumerable.Repeat(1.0, outputs).ToArray(), new double[outputs]);

    /// <summary>1 / Gain[j].</summary>
    public double[] InverseGain { get; } = Gain.Select(g => 1 / g).ToArray();

    /// <summary>True when gain is 1 and offset 0 for every output.</summary>
    public bool IsIdentity => Gain.All(g => g == 1) && Offset.All(o => o == 0);

    /// <summary>Corrected value of <paramref name="read"/> (weight·volts, after the ADC) for output <paramref name="output"/>.</summary>
    public double Apply(int output, double read) => (read - Offset[output]) * InverseGain[output];

    /// <summary>Fits read ≈ Gain·ideal + Offset per output from patches of row volts [patches × Rows].</summary>
    public static ColumnCorrection Fit(ITileReader reader, double[] rowVolts, int patches)
    {
        var tile = reader.Tile;
        int rows = tile.Rows, outs = tile.Outputs;
        var read = new double[patches * outs];
        reader.Read(rowVolts, patches, read);
        var gain = new double[outs];
        var offset = new double[outs];
        for (int j = 0; j < outs; j++)
        {
            double sx = 0, sy = 0, sxx = 0, sxy = 0;
            for (int p = 0; p < patches; p++)
            {
                double ideal = 0;
                for (int r = 0; r < rows; r++) ideal += rowVolts[p * rows + r] * tile[r, j];
                double y = read[p * outs + j];
                sx += ideal; sy += y; sxx += ideal * ideal; sxy += ideal * y;
            }
            double n = patches, varX = sxx - sx * sx / n;
            // A flat ideal output (e.g. a tile holding only the bias row) fixes no gain: correct the offset only.
            bool flat = !(varX > 1e-12 * Math.Max(sxx, 1e-300));
            gain[j] = flat ? 1 : (sxy - sx * sy / n) / varX;
            if (!(gain[j] > 0.05) || !double.IsFinite(gain[j])) gain[j] = 1;
            offset[j] = (sy - gain[j] * sx) / n;
        }
        return new ColumnCorrection(gain, offset);
    }
}

/// <summary>Fits the <see cref="ColumnCorrection"/> of every tile from ideal activations of calibration images.</summary>
internal static class ColumnCalibration
{
    /// <summary>Corrections[crossbar][tile] for one analog stage, given the ideal input of the stage for calibration images.</summary>
    public static ColumnCorrection[][] Fit(AnalogLayerPlan plan, Tensor stageInputs)
    {
        var stage = plan.Stage;
        int positions = stage.Positions;
        return stage.Crossbars.Select((xb, c) => Enumerable.Range(0, plan.TileCount).Select(t =>
        {
            var reader = plan.Readers[c][t];
            // Static gain/offset are fitted on the DC read of a tran tile: settling is dynamic and stays visible.
            if (reader is IStaticReadSource s) reader = s.StaticReader;
            var tile = reader.Tile;
            int patches = positions * stageInputs.N;
            var volts = new double[patches * tile.Rows];
            for (int n = 0; n < stageInputs.N; n++)
            {
                var x = stage.Patches(stageInputs, n, c);
                for (int p = 0; p < positions; p++)
                    for (int r = 0; r < tile.Rows; r++)
                    {
                        int row = tile.FirstRow + r;
                        volts[(n * positions + p) * tile.Rows + r] = row == xb.BiasRow ? plan.VreadVolts : x[p * xb.Rows + row] * plan.VoltsPerActivation;
                    }
            }
            return ColumnCorrection.Fit(reader, volts, patches);
        }).ToArray()).ToArray();
    }
}
