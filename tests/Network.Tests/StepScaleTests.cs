using MemristorSpice.Network.Data;
using MemristorSpice.Network.Layers;
using MemristorSpice.Network.Models;
using MemristorSpice.Network.Training;

namespace MemristorSpice.Network.Tests;

/// <summary>
/// Optimizer steps in conductance units (<see cref="Parameter.StepScale"/>, <see cref="HardwareNoiseOptions.ConductanceSteps"/>):
/// a step scale c per value must make the optimizer on w = c·u behave exactly as the plain optimizer on u (change of
/// variables), and hardware-aware training must set c to the raw weight of one conductance span, wmax/|s|.
/// </summary>
public class StepScaleTests
{
    /// <summary>
    /// Minimises L(w) = ½·Σ a_j·(w_j − t_j)² for 25 steps twice: once in w with the step scale c, once in u = w/c with the
    /// plain optimizer and the chain-rule gradient ∂L/∂u = c·∂L/∂w; the trajectories must agree (w = c·u). Tolerance
    /// 1e-5 relative: float round-off of 25 steps (Adam's ε = 1e-8 is 1e-6 of the smallest gradient here).
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ScaledStepsAreStepsInTheScaledVariable(bool adam)
    {
        float[] a = [1f, 4f, 0.5f, 2f], t = [0.3f, -1.5f, 20f, -0.02f], c = [0.01f, 1f, 30f, 0.2f];
        var w = new Parameter("w", [2, 2], value: [0.1f, 0.2f, 5f, -0.05f]) { StepScale = (float[])c.Clone() };
        var u = new Parameter("u", [2, 2], value: w.Value.Select((v, j) => v / c[j]).ToArray());
        IOptimizer New() => adam ? new Adam() : new SgdMomentum(momentum: 0.9f);
        var ow = New();
        var ou = New();
        float lr = adam ? 0.01f : 0.02f;
        for (int step = 0; step < 25; step++)
        {
            for (int j = 0; j < 4; j++)
            {
                w.Grad[j] = a[j] * (w.Value[j] - t[j]);
                u.Grad[j] = c[j] * a[j] * (c[j] * u.Value[j] - t[j]);
            }
            ow.Step([w], lr);
            ou.Step([u], lr);
        }
        for (int j = 0; j < 4; j++)
        {
            double expected = c[j] * (double)u.Value[j];
            Assert.True(Math.Abs(w.Value[j] - expected) <= 1e-5 * Math.Max(Math.Abs(expected), 1e-3),
                $"{(adam ? "Adam" : "SGD")} value {j}: w {w.Value[j]:G7} vs c·u {expected:G7}");
        }
    }

    /// <summary>
    /// With <see cref="HardwareNoiseOptions.ConductanceSteps"/>, calibration sets the step scale of a fully connected
    /// layer followed by BatchNorm to wmax/|s_o| per output (wmax = the largest folded |s_o·w|, the layer is one
    /// crossbar) and wmax·amax/|s_o| for the bias (amax = largest |input| of the calibration images), computed here
    /// from the definitions; exact up to float rounding (1e-6 relative). Training clears them afterwards.
    /// </summary>
    [Fact]
    public void CalibrationSetsOneConductanceSpanPerStep()
    {
        const int inputs = 6, outputs = 3;
        var fc = new FullyConnected("fc", inputs, outputs);
        var bn = new BatchNorm("bn", outputs);
        var rng = new Random(2);
        for (int k = 0; k < fc.Weight.Size; k++) fc.Weight.Value[k] = (float)(rng.NextDouble() * 2 - 1);
        float[] gamma = [0.5f, -3f, 12f];
        for (int o = 0; o < outputs; o++) { bn.Gamma.Value[o] = gamma[o]; bn.RunningVar.Value[o] = 0.25f + o; }
        var model = new Model("fc", new Shape3(inputs, 1, 1), [fc, bn]);
        var pixels = Enumerable.Range(0, 4 * inputs).Select(i => (float)(rng.NextDouble() * 3 - 1)).ToArray();
        var data = new Dataset("t", inputs, 1, 1, pixels, new byte[4], 3, null);
        var hw = new HardwareNoise(model, new HardwareNoiseOptions
        {
            VariationSigma = 0.3, DacBits = 0, AdcBits = 0, ConductanceSteps = true, CalibrationImages = 4, BiasOnCrossbar = _ => false,
        });
        hw.Calibrate(data);
        var scales = Enumerable.Range(0, outputs).Select(o => Math.Abs((double)bn.Gamma.Value[o] / Math.Sqrt(bn.RunningVar.Value[o] + bn.Epsilon))).ToArray();
        double wmax = 0;
        for (int o = 0; o < outputs; o++)
            for (int i = 0; i < inputs; i++) wmax = Math.Max(wmax, scales[o] * Math.Abs(fc.Weight.Value[o * inputs + i]));
        double amax = pixels.Max(Math.Abs);
        for (int o = 0; o < outputs; o++)
        {
            double c = wmax / scales[o];
            for (int i = 0; i < inputs; i++)
                Assert.True(Math.Abs(fc.Weight.StepScale![o * inputs + i] - c) <= 1e-6 * c, $"weight ({o},{i}): {fc.Weight.StepScale![o * inputs + i]} vs {c}");
            Assert.True(Math.Abs(fc.Bias.StepScale![o] - c * amax) <= 1e-6 * c * amax, $"bias {o}: {fc.Bias.StepScale![o]} vs {c * amax}");
        }
        hw.ClearStepScales();
        Assert.Null(fc.Weight.StepScale);
        Assert.Null(fc.Bias.StepScale);
    }
}
