using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Controller;
using MemristorSpice.Cosim.Converters;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Network.Core;

namespace MemristorSpice.Cosim.Tests;

public class ConverterRangeTests
{
    /// <summary>Mean squared error of the real converter (bipolar 8-bit ADC) over <paramref name="values"/> at full scale <paramref name="fs"/>.</summary>
    private static double Mse(double[] values, double fs)
    {
        var adc = new Adc(8, fs);
        return values.Average(v => (adc.Convert(v) - v) * (adc.Convert(v) - v));
    }

    [Theory]
    [InlineData("laplace")]
    [InlineData("uniform")]
    [InlineData("gaussian")]
    public void Histogram_full_scale_is_within_two_percent_of_the_brute_force_least_error(string distribution)
    {
        var rng = new Random(11);
        var values = Enumerable.Range(0, 40_000).Select(_ => distribution switch
        {
            "laplace" => -Math.Log(1 - rng.NextDouble()) * (rng.Next(2) == 0 ? -1 : 1),
            "uniform" => 2 * rng.NextDouble() - 1,
            _ => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()),
        }).ToArray();
        var h = new RangeHistogram();
        foreach (var v in values) h.Add(v);
        double max = values.Max(Math.Abs);
        Assert.Equal(max, h.Max);
        double chosen = h.OptimalFullScale(127);
        // Truth: the real quantizer's error on a grid of 2,000 full scales in (0, max].
        double best = Enumerable.Range(1, 2000).Select(i => Mse(values, max * i / 2000)).Min();
        // Tolerance 2 %: the histogram represents a value by its bin centre (bins 2.2 % wide) and models rounding
        // inside the range as LSB²/12, so its optimum lands on a slightly different full scale of nearly equal error.
        Assert.InRange(Mse(values, chosen), best, best * 1.02);
        // Heavy tails are clipped (Laplace: the closed-form optimum for 8 bits is ≈ 9.9 scale units, below the
        // ≈ 10.6 sample max of 40,000 draws); a uniform signal keeps (almost) its whole range.
        if (distribution == "uniform") Assert.True(chosen > 0.97 * max, $"uniform: {chosen} of {max}");
        else Assert.True(chosen < max, $"{distribution}: {chosen} of {max}");
    }

    [Fact]
    public void Histogram_window_moves_with_the_maximum_and_keeps_small_values_as_rounding_error()
    {
        // Values spanning 40 octaves: the tiny ones leave the 16-octave window as the maximum grows, but still count.
        var h = new RangeHistogram();
        for (int i = 0; i < 1000; i++) h.Add(1e-9 * (1 + i % 7));
        for (int i = 0; i < 1000; i++) h.Add(1 + i % 3);
        Assert.Equal(2000, h.Count);
        Assert.Equal(3, h.Max);
        // Only the values 1, 2, 3 matter to an 8-bit converter; the exact optimum over them is 3 (clipping 3 to a lower
        // full scale costs more than the rounding it saves), within one bin.
        Assert.InRange(h.OptimalFullScale(127), 3 / Math.Pow(2, 1.0 / RangeHistogram.BinsPerOctave), 3);
    }

    [Fact]
    public void Every_column_gets_its_own_range_equal_to_its_largest_calibrated_output()
    {
        var model = TestModels.Msccnn(seed: 5);
        var network = CrossbarNetwork.FromModel(model);
        var data = TestModels.Mnist(300, 8);
        var settings = new NonIdealities { RangeCalibration = RangeCalibration.Max };
        var ranges = ConverterCalibration.Calibrate(network, data, settings);
        // Truth from the network's own float layers: the classifier (a 1x1 convolution, one tile, bias added
        // digitally) reads Σ w·a, so its column o peaks at max |y_o − b_o| over the positions of the calibration images.
        int s = network.Stages.ToList().FindIndex(st => st.Name == "classifier");
        var stage = (AnalogStage)network.Stages[s];
        var xb = stage.Crossbars[0];
        Assert.False(xb.BiasOnCrossbar);
        var (x, _) = data.Batch(0, data.Count);
        var y = network.ForwardAll(x)[s];
        var r = ranges.Single(q => q.StageIndex == s);
        for (int o = 0; o < xb.Outputs; o++)
        {
            double peak = 0;
            int plane = y.H * y.W;
            for (int n = 0; n < x.N; n++)
                for (int p = 0; p < plane; p++) peak = Math.Max(peak, Math.Abs(y.Sample(n)[o * plane + p] - xb[xb.BiasRow, o]));
            // Tolerance 1e-5 relative: the layer computes in float, the calibration in double.
            Assert.Equal(peak * settings.VreadVolts / r.InputFullScale, r.ColumnFullScale[0][0][o], peak * settings.VreadVolts / r.InputFullScale * 1e-5);
        }
        Assert.Equal(r.ColumnFullScale[0][0].Max(), r.TileOutputFullScale[0]);
        // The columns of this BatchNorm-folded layer differ: one shared range would waste codes on the small ones.
        Assert.True(r.ColumnFullScale[0][0].Max() > 1.5 * r.ColumnFullScale[0][0].Min());
    }
}
