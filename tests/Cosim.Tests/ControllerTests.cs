using MemristorSpice.Cosim.Backends;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Controller;
using MemristorSpice.Cosim.Converters;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Network.Core;
using MemristorSpice.Network.Data;
using MemristorSpice.Network.Models;

namespace MemristorSpice.Cosim.Tests;

public class ControllerTests
{
    private static DigitalController Controller(Model model, Dataset calibration, NonIdealities settings)
    {
        var network = CrossbarNetwork.FromModel(model);
        return new DigitalController(network, ConverterCalibration.Calibrate(network, calibration, settings), settings, new IdealBackend());
    }

    [Fact]
    public void Ideal_backend_with_ideal_converters_reproduces_the_float_network()
    {
        var model = TestModels.Msccnn(seed: 11);
        var data = TestModels.Mnist(0, 12);
        var controller = Controller(model, TestModels.Mnist(100, 20), NonIdealities.Ideal);
        var (x, _) = data.Batch(0, data.Count);
        var ideal = controller.Network.ForwardAll(x);
        for (int n = 0; n < data.Count; n++)
        {
            var image = new Tensor(1, 1, 28, 28, x.Sample(n).ToArray());
            var traces = controller.Run(image);
            for (int s = 0; s < traces.Count; s++)
            {
                var expected = ideal[s].Sample(n);
                var actual = traces[s].Output.Data;
                double scale = 1 + TensorMax(expected);
                double err = 0;
                for (int i = 0; i < actual.Length; i++) err = Math.Max(err, Math.Abs(actual[i] - expected[i]));
                // Bound: the analog path sums in double, the float network in float (k ≤ 129 terms, eps 6e-8, so about
                // 1e-5 of Σ|w·a| per layer), plus the float rounding of the scale factors, compounded over 6 layers.
                Assert.True(err <= 1e-4 * scale, $"image {n}, stage {s} ({controller.Network.Stages[s].Name}): max error {err} (scale {scale})");
            }
        }
    }

    private static double TensorMax(ReadOnlySpan<float> v)
    {
        double m = 0;
        foreach (var f in v) m = Math.Max(m, Math.Abs(f));
        return m;
    }

    [Fact]
    public void Bias_row_is_scaled_by_the_dac_full_scale_and_driven_at_vread()
    {
        var model = TestModels.Msccnn(seed: 2);
        var settings = new NonIdealities { VreadVolts = 0.3 };
        var controller = Controller(model, TestModels.Mnist(0, 5), settings);
        foreach (var plan in controller.Plans.Where(p => p.Stage.Crossbars[0].BiasOnCrossbar))
        {
            var xb = plan.Stage.Crossbars[0];
            var last = plan.Readers[0][^1].Tile;
            Assert.True(last.HoldsBiasRow);
            for (int o = 0; o < xb.Outputs; o++)
                Assert.Equal(xb[xb.BiasRow, o] / plan.Dac.FullScale, last[last.Rows - 1, o]);
            Assert.Equal(0.3 / plan.Dac.FullScale, plan.VoltsPerActivation, 15);
        }
        // The classifier has 128 inputs + bias: under the default placement the bias is added digitally, one tile of 128 rows.
        var classifier = controller.Plans.Single(p => p.Stage.Name == "classifier");
        Assert.Equal(1, classifier.TileCount);
        Assert.Equal(128, classifier.Readers[0][0].Tile.Rows);
        Assert.False(classifier.Readers[0][0].Tile.HoldsBiasRow);
    }

    [Fact]
    public void Finite_converters_add_bounded_error_and_record_no_clipping_on_calibration_images()
    {
        var model = TestModels.Msccnn(seed: 4);
        var data = TestModels.Mnist(0, 6);
        // Ranges at the calibration maximum (the default mse ranges clip a tail on purpose).
        var controller = Controller(model, data, new NonIdealities { DacBits = 8, AdcBits = 8, RangeCalibration = RangeCalibration.Max });
        var (x, _) = data.Batch(0, 1);
        var traces = controller.Run(x);
        var first = traces[0];
        // Calibrated on the same images: no activation exceeds the DAC range. (An ADC column whose range is its own
        // calibrated peak may count that peak as clipped when the circuit's double sum rounds a last bit above the
        // calibration's; the error bound below still holds for such values.)
        Assert.All(traces, t => Assert.Equal(0, t.DacClipped));
        // First layer: inputs are pixels k/255; the 8-bit DAC over [0, 1] has LSB 1/255, so the DAC is exact and only
        // the ADC (±half an LSB of the tile output) differs: |error| ≤ LSB_adc / 2 · amax / Vread.
        var plan = controller.Plans[0];
        // Adcs[0] is the tile's widest column range: every column's own LSB is at most its LSB.
        double bound = plan.Adcs[0].Lsb / 2 / plan.VoltsPerActivation * (1 + 1e-6);
        for (int i = 0; i < first.Output.Length; i++)
            Assert.True(Math.Abs(first.Output.Data[i] - first.IdealSameInput!.Data[i]) <= bound, $"value {i}");
    }
}
