using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Network.Core;
using MemristorSpice.Network.Data;
using MemristorSpice.Network.Layers;

namespace MemristorSpice.Cosim.Controller;

/// <summary>
/// Calibrated converter ranges of one analog stage: the DAC full scale (activation units) and per crossbar, tile and
/// output column the ADC full scale (weight·volt units). Both come from the ideal float network on calibration images
/// (<see cref="ConverterCalibration"/>) and are then multiplied by the configured range scales.
/// <see cref="TileOutputFullScale"/> is the widest column range of each tile position (reports).
/// </summary>
/// <param name="StageIndex">Index of the stage in the network.</param>
/// <param name="Layer">Layer name.</param>
/// <param name="InputFullScale">amax: the activation that maps to Vread (DAC full scale).</param>
/// <param name="TileOutputFullScale">Per tile position, the largest column full scale over the stage's crossbars, weight·volts.</param>
/// <param name="ColumnFullScale">[crossbar][tile][output] ADC full scale, weight·volts.</param>
/// <param name="BipolarInput">The stage's DAC is bipolar (rows over ±Vread), see <see cref="DacPolarity"/>.</param>
public sealed record StageRanges(int StageIndex, string Layer, double InputFullScale, double[] TileOutputFullScale, double[][][] ColumnFullScale,
    bool BipolarInput = false)
{
    /// <summary>Ranges with one ADC full scale per tile position, shared by every crossbar and column of the stage.</summary>
    public static StageRanges PerTile(int stageIndex, string layer, double inputFullScale, double[] tileOutputFullScale, AnalogStage stage) =>
        new(stageIndex, layer, inputFullScale, tileOutputFullScale,
            stage.Crossbars.Select(xb => tileOutputFullScale.Select(fs => Enumerable.Repeat(fs, xb.Outputs).ToArray()).ToArray()).ToArray());
}

/// <summary>
/// Finds the converter ranges of every analog stage from calibration images (ideal float activations).
/// <para>
/// Every ADC range is per output column: after BatchNorm folding the columns of one crossbar (and the one-column
/// crossbars of a depthwise layer) differ in signal by more than an order of magnitude, and the next layer's folded
/// BatchNorm scales each channel back up, so one range shared by all columns buries the small channels under the
/// big channels' quantization step and the error grows layer after layer (the per-channel argument of
/// Krishnamoorthi 2018, section 3.1, for weights, applied here to the column converters). A column's range is a
/// reference (or programmable gain) setting of its converter: no extra converters.
/// </para>
/// <para>
/// With <see cref="NonIdealities.RangeCalibration"/> = mse (default) a full scale is the one with the least squared
/// conversion error over the calibration values (<see cref="RangeHistogram"/>); with max it is the largest value. The
/// last analog stage (the class scores) always uses the largest value: its top-1 decision rests on exactly the values
/// a clipped range would flatten. A column without a calibrated signal of its own (a tile holding only the
/// bias row, whose output is the constant b; or a column that read exactly 0) gets at least one full-scale cell of
/// its column (the largest stored |w| of the column, a bias cell storing b/amax, read at full-scale input amax), so
/// that its range leaves room for drift that the digital correction after the ADC removes. Columns with a signal get
/// no such floor: a floor at one full-scale cell lifted 40 to 65 % of the columns of the BatchNorm-folded pointwise
/// and depthwise layers of the MobileNet-style fixture 1.3 to 2.6 times above their signal, and a cell stuck at Gmax
/// is better clipped than represented.
/// </para>
/// </summary>
public static class ConverterCalibration
{
    /// <summary>
    /// Ranges for every analog stage. <paramref name="calibration"/> should not be the evaluated images (the CLI uses
    /// the first training images), so that the ranges do not depend on the test set or on sharding.
    /// </summary>
    public static IReadOnlyList<StageRanges> Calibrate(CrossbarNetwork network, Dataset calibration, NonIdealities settings, int batchSize = 50)
    {
        var stages = network.Stages;
        // Per stage: positive inputs (what a unipolar DAC converts) and all input magnitudes (a bipolar DAC).
        var inputs = new RangeHistogram[stages.Count];
        var magnitudes = new RangeHistogram[stages.Count];
        // columns[stage][crossbar][tile][output]
        var columns = new RangeHistogram[stages.Count][][][];
        for (int s = 0; s < stages.Count; s++)
            if (stages[s] is AnalogStage a)
            {
                inputs[s] = new RangeHistogram();
                magnitudes[s] = new RangeHistogram();
                int tiles = CrossbarMappingRules.Tiles(a.Crossbars[0].AnalogRows);
                columns[s] = a.Crossbars.Select(xb => Enumerable.Range(0, tiles)
                    .Select(_ => Enumerable.Range(0, xb.Outputs).Select(_ => new RangeHistogram()).ToArray()).ToArray()).ToArray();
            }

        for (int start = 0; start < calibration.Count; start += batchSize)
        {
            int count = Math.Min(batchSize, calibration.Count - start);
            var image = calibration.Batch(start, count).Images;
            var outputs = new List<Tensor>();
            for (int s = 0; s < stages.Count; s++)
            {
                if (stages[s] is AnalogStage a)
                {
                    var x = network.StageInput(s, image, outputs);
                    // A unipolar DAC clips negative inputs to 0 at any full scale: only positive values choose its range.
                    foreach (var v in x.Data)
                    {
                        if (v > 0) inputs[s].Add(v);
                        magnitudes[s].Add(v);
                    }
                    for (int n = 0; n < count; n++) TilePartialSums(a, x, n, columns[s]);
                }
                outputs.Add(stages[s].Forward(network.StageInputs(s, image, outputs)));
            }
        }

        var result = new List<StageRanges>();
        int lastAnalog = Enumerable.Range(0, stages.Count).LastOrDefault(s => stages[s] is AnalogStage, -1);
        for (int s = 0; s < stages.Count; s++)
        {
            if (stages[s] is not AnalogStage a) continue;
            bool mse = settings.RangeCalibration == RangeCalibration.Mse && s != lastAnalog;
            // auto: bipolar when any calibration input is negative (magnitudes counts more values than the positives).
            bool bipolar = settings.DacPolarity == DacPolarity.Bipolar
                || (settings.DacPolarity == DacPolarity.Auto && magnitudes[s].Count > inputs[s].Count);
            var dacValues = bipolar ? magnitudes[s] : inputs[s];
            long dacCodes = bipolar ? (1L << Math.Max(settings.DacBits - 1, 1)) - 1 : (1L << settings.DacBits) - 1;
            double dacRange = mse && settings.DacBits > 0 ? dacValues.OptimalFullScale(dacCodes) : dacValues.Max;
            double amax = (dacRange > 0 ? dacRange : 1) * settings.DacRangeScale;
            // Tile outputs in weight·volt units: (Vread / amax)·Σ w·a.
            double toWeightVolts = settings.VreadVolts / amax * settings.AdcRangeScale;
            var perColumn = a.Crossbars.Select((xb, c) =>
            {
                var floor = ColumnFloor(xb, amax);
                return columns[s][c].Select((tile, t) => tile.Select((h, o) =>
                {
                    double m = mse && settings.AdcBits > 0 ? h.OptimalFullScale((1L << (settings.AdcBits - 1)) - 1) : h.Max;
                    return (OnlyBiasRow(xb, t) || !(m > 0) ? Math.Max(m, floor[o]) : m) * toWeightVolts;
                }).ToArray()).ToArray();
            }).ToArray();
            var perTile = Enumerable.Range(0, perColumn[0].Length).Select(t => perColumn.Max(c => c[t].Max())).ToArray();
            result.Add(new StageRanges(s, a.Name, amax, perTile, perColumn, bipolar));
        }
        return result;
    }

    /// <summary>True when tile <paramref name="tile"/> of <paramref name="xb"/> holds the bias row and no input row.</summary>
    private static bool OnlyBiasRow(CrossbarMatrix xb, int tile)
    {
        var (first, rows) = CrossbarMappingRules.TileRows(xb.AnalogRows, tile);
        return rows == 1 && first == xb.BiasRow;
    }

    /// <summary>
    /// The smallest ADC full scale of each output column of a crossbar, activation·weight units: the column's largest
    /// stored |w| (a bias row stores b/amax) read at full-scale input <paramref name="amax"/>.
    /// </summary>
    internal static double[] ColumnFloor(CrossbarMatrix xb, double amax)
    {
        var floor = new double[xb.Outputs];
        for (int o = 0; o < xb.Outputs; o++)
        {
            double wmax = 0;
            for (int r = 0; r < xb.AnalogRows; r++)
                wmax = Math.Max(wmax, Math.Abs(r == xb.BiasRow ? xb[r, o] / amax : xb[r, o]));
            floor[o] = wmax * amax;
        }
        return floor;
    }

    private static void TilePartialSums(AnalogStage stage, Tensor x, int sample, RangeHistogram[][][] columns)
    {
        for (int c = 0; c < stage.Crossbars.Count; c++)
        {
            var xb = stage.Crossbars[c];
            var patches = stage.Patches(x, sample, c);
            for (int t = 0; t < columns[c].Length; t++)
            {
                var (first, rows) = CrossbarMappingRules.TileRows(xb.AnalogRows, t);
                for (int p = 0; p < stage.Positions; p++)
                    for (int o = 0; o < xb.Outputs; o++)
                    {
                        double sum = 0;
                        for (int r = first; r < first + rows; r++) sum += (double)patches[p * xb.Rows + r] * xb[r, o];
                        columns[c][t][o].Add(sum);
                    }
            }
        }
    }
}
