using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Network.Core;
using MemristorSpice.Network.Data;
using MemristorSpice.Network.Layers;

namespace MemristorSpice.Cosim.Controller;

/// <summary>
/// Calibrated converter ranges of one analog stage: the DAC full scale (largest input activation, activation
/// units) and, per tile position, the ADC full scale (largest |tile output|, weight·volt units). Both come from the
/// ideal float network on calibration images and are then multiplied by the configured range scales. An ADC full
/// scale never goes below one cell's worth of the tile's range: a crossbar's largest stored weight (wmax, the weight
/// at Gmax) read at full-scale input (amax), so a tile with almost no calibrated signal (e.g. near-zero weights, a
/// lone bias row) keeps a range that one stuck or drifted cell cannot overflow.
/// </summary>
public sealed record StageRanges(int StageIndex, string Layer, double InputFullScale, double[] TileOutputFullScale);

/// <summary>Finds the converter ranges of every analog stage from calibration images (ideal float activations).</summary>
public static class ConverterCalibration
{
    /// <summary>
    /// Ranges for every analog stage. <paramref name="calibration"/> should not be the evaluated images (the CLI uses
    /// the first training images), so that the ranges do not depend on the test set or on sharding.
    /// </summary>
    public static IReadOnlyList<StageRanges> Calibrate(CrossbarNetwork network, Dataset calibration, NonIdealities settings, int batchSize = 50)
    {
        var stages = network.Stages;
        var inputMax = new double[stages.Count];
        var tileMax = new double[stages.Count][];
        for (int s = 0; s < stages.Count; s++)
            if (stages[s] is AnalogStage a) tileMax[s] = new double[CrossbarMappingRules.Tiles(a.Crossbars[0].AnalogRows)];

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
                    inputMax[s] = Math.Max(inputMax[s], System.Numerics.Tensors.TensorPrimitives.Max(x.Data));
                    for (int n = 0; n < count; n++) TilePartialMax(a, x, n, tileMax[s]);
                }
                outputs.Add(stages[s].Forward(network.StageInputs(s, image, outputs)));
            }
        }

        var result = new List<StageRanges>();
        for (int s = 0; s < stages.Count; s++)
        {
            if (stages[s] is not AnalogStage a) continue;
            double amax = (inputMax[s] > 0 ? inputMax[s] : 1) * settings.DacRangeScale;
            double floor = AdcFloor(a, amax);
            // Tile outputs in weight·volt units: (Vread / amax)·Σ w·a.
            var adc = tileMax[s].Select(m => Math.Max(m > 0 ? m : 1, floor) * settings.VreadVolts / amax * settings.AdcRangeScale).ToArray();
            result.Add(new StageRanges(s, a.Name, amax, adc));
        }
        return result;
    }

    /// <summary>
    /// The smallest ADC full scale of a stage, activation·weight units: one cell at full-scale weight (the largest
    /// stored |w| of a crossbar, which the generator maps to Gmax; a bias row stores b/amax) read at full-scale input
    /// <paramref name="amax"/>. The ADCs of a tile position are shared by the stage's crossbars (the depthwise
    /// channels), so the floor is the smallest such cell over them: it never exceeds one cell of any crossbar.
    /// </summary>
    internal static double AdcFloor(AnalogStage stage, double amax)
    {
        double floor = double.PositiveInfinity;
        foreach (var xb in stage.Crossbars)
        {
            double wmax = 0;
            for (int r = 0; r < xb.AnalogRows; r++)
                for (int o = 0; o < xb.Outputs; o++)
                    wmax = Math.Max(wmax, Math.Abs(r == xb.BiasRow ? xb[r, o] / amax : xb[r, o]));
            if (wmax > 0) floor = Math.Min(floor, wmax);
        }
        return double.IsFinite(floor) ? floor * amax : 0;
    }

    private static void TilePartialMax(AnalogStage stage, Tensor x, int sample, double[] tileMax)
    {
        for (int c = 0; c < stage.Crossbars.Count; c++)
        {
            var xb = stage.Crossbars[c];
            var patches = stage.Patches(x, sample, c);
            for (int t = 0; t < tileMax.Length; t++)
            {
                var (first, rows) = CrossbarMappingRules.TileRows(xb.AnalogRows, t);
                for (int p = 0; p < stage.Positions; p++)
                    for (int o = 0; o < xb.Outputs; o++)
                    {
                        double sum = 0;
                        for (int r = first; r < first + rows; r++) sum += (double)patches[p * xb.Rows + r] * xb[r, o];
                        tileMax[t] = Math.Max(tileMax[t], Math.Abs(sum));
                    }
            }
        }
    }
}
