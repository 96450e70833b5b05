using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Network.Layers;
using MemristorSpice.Network.Models;
using MemristorSpice.Network.Training;

namespace MemristorSpice.Crossbar.Tests;

/// <summary>
/// The device variation seen by one crossbar layer, checked at the level that matters for accuracy: the mean and
/// variance of a column output y_c = Σ_i x_i·w̃_ic (folded units) under log-normal variation of both devices of every
/// differential pair. Two independent Monte Carlo estimates, the training injection (<see cref="HardwareNoise"/>,
/// BatchNorm folded into a fully connected layer) and the circuit's cells (<see cref="CellProgrammer"/> through
/// <see cref="ConductanceMapping.WeightOf"/>), are each compared with the closed form below; neither is compared
/// with the other.
/// <para>
/// Closed form. In units of Gmax − Gmin a weight w = u·wmax (|u| ≤ 1) maps to g+ = g0 + max(u, 0), g− = g0 + max(−u, 0),
/// g0 = r/(1 − r), r = Gmin/Gmax. A device with target g reads X = clamp(g·e^{σz}, L, H), L = g0, H = g0 + 1, whose
/// moments are the truncated log-normal ones (Johnson, Kotz and Balakrishnan, Continuous Univariate Distributions
/// vol. 1, §14.3): with d_L = ln(L/g)/σ, d_H = ln(H/g)/σ,
/// E[X^k] = L^k·Φ(d_L) + H^k·(1 − Φ(d_H)) + g^k·e^{k²σ²/2}·(Φ(d_H − kσ) − Φ(d_L − kσ)).
/// The pair weight is wmax·(X+ − X−) with independent devices, so for independent pairs
/// E[y_c] = Σ_i x_i·wmax·(E X+ − E X−) and Var[y_c] = Σ_i x_i²·wmax²·(Var X+ + Var X−).
/// </para>
/// </summary>
public class ColumnVarianceTests
{
    private const int Inputs = 40, Outputs = 3, Draws = 20000;
    private const double Sigma = 0.3;

    /// <summary>
    /// Folded weights [input, output]: column 0 spread over the range, column 1 one full-scale cell among weights of
    /// |u| ≤ 0.02 (so the devices resting at Gmin, which can only move up, carry much of the variance), column 2 mixed signs.
    /// </summary>
    private static (double[,] Folded, double[] X) Layer()
    {
        var rng = new Random(5);
        var w = new double[Inputs, Outputs];
        var x = new double[Inputs];
        for (int i = 0; i < Inputs; i++)
        {
            x[i] = rng.NextDouble() * 2 - 0.5;
            w[i, 0] = 0.8 * (rng.NextDouble() * 2 - 1);
            w[i, 1] = 0.04 * (rng.NextDouble() - 0.5);
            w[i, 2] = rng.NextDouble() < 0.5 ? -0.6 * rng.NextDouble() : 0.3 * rng.NextDouble();
        }
        w[0, 0] = 1.2;   // wmax of the layer
        w[3, 1] = -1.2;
        x[3] = 0.05;     // the full-scale cell of column 1 sees a small input
        return (w, x);
    }

    /// <summary>Φ(a) by Simpson quadrature of the normal density on [0, a], |a| clamped to 12 (error &lt; 1e-12).</summary>
    private static double Phi(double a)
    {
        a = Math.Clamp(a, -12, 12);
        const int n = 6000;
        double h = a / n, s = 0;
        for (int i = 0; i <= n; i++)
        {
            double t = i * h, f = Math.Exp(-t * t / 2) / Math.Sqrt(2 * Math.PI);
            s += f * (i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2);
        }
        return 0.5 + s * h / 3;
    }

    /// <summary>Mean and variance of clamp(g·e^{σz}, lo, hi).</summary>
    private static (double Mean, double Var) Device(double g, double lo, double hi)
    {
        double dl = Math.Log(lo / g) / Sigma, dh = Math.Log(hi / g) / Sigma;
        double Moment(int k) => Math.Pow(lo, k) * Phi(dl) + Math.Pow(hi, k) * (1 - Phi(dh))
            + Math.Pow(g, k) * Math.Exp(k * k * Sigma * Sigma / 2) * (Phi(dh - k * Sigma) - Phi(dl - k * Sigma));
        double m1 = Moment(1);
        return (m1, Moment(2) - m1 * m1);
    }

    /// <summary>Closed-form column moments; with k devices per cell each device reads the mean of k independent clamped
    /// draws, so its mean is unchanged and its variance is divided by k.</summary>
    private static (double[] Mean, double[] Var) ClosedForm(double[,] w, double[] x, double ratio, int devicesPerCell = 1)
    {
        double wmax = 0;
        foreach (var v in w) wmax = Math.Max(wmax, Math.Abs(v));
        double g0 = ratio / (1 - ratio);
        var mean = new double[Outputs];
        var variance = new double[Outputs];
        for (int o = 0; o < Outputs; o++)
            for (int i = 0; i < Inputs; i++)
            {
                double u = w[i, o] / wmax;
                var (mp, vp) = Device(g0 + Math.Max(u, 0), g0, g0 + 1);
                var (mm, vm) = Device(g0 + Math.Max(-u, 0), g0, g0 + 1);
                mean[o] += x[i] * wmax * (mp - mm);
                variance[o] += x[i] * x[i] * wmax * wmax * (vp + vm) / devicesPerCell;
            }
        return (mean, variance);
    }

    /// <summary>Sample mean and variance of each column over the draws, against the closed form.</summary>
    private static void AssertMatches(string who, List<double[]> samples, (double[] Mean, double[] Var) expected)
    {
        for (int o = 0; o < Outputs; o++)
        {
            double m = samples.Average(s => s[o]);
            double v = samples.Sum(s => (s[o] - m) * (s[o] - m)) / (samples.Count - 1);
            // Tolerance: 5 standard errors. Mean: sqrt(Var/N). Variance: Var·sqrt((κ − 1)/N) with kurtosis κ ≤ 4 (a sum
            // of 40 mildly skewed terms is close to normal, κ ≈ 3; 4 leaves margin): 5 SE = 6 % of Var at N = 20000.
            double seMean = Math.Sqrt(expected.Var[o] / samples.Count), seVar = expected.Var[o] * Math.Sqrt(3.0 / samples.Count);
            Assert.True(Math.Abs(m - expected.Mean[o]) < 5 * seMean, $"{who} column {o}: mean {m:G6} vs closed form {expected.Mean[o]:G6} (5 SE {5 * seMean:G3})");
            Assert.True(Math.Abs(v - expected.Var[o]) < 5 * seVar, $"{who} column {o}: variance {v:G6} vs closed form {expected.Var[o]:G6} (5 SE {5 * seVar:G3})");
        }
    }

    /// <summary>
    /// Training injection: a fully connected layer followed by a BatchNorm (folded scale s per output, one negative),
    /// perturbed per mini-batch by <see cref="HardwareNoise"/> with the bias digital (exact) and no converters; the
    /// folded column output s·Σ x_i·w̃_i has the closed-form mean and variance.
    /// </summary>
    [Fact]
    public void TrainingInjectionHasTheClosedFormColumnVariance()
    {
        const double ratio = 0.01;
        var (folded, x) = Layer();
        var fc = new FullyConnected("fc", Inputs, Outputs);
        var bn = new BatchNorm("bn", Outputs);
        float[] gamma = [0.7f, -2.5f, 40f];
        for (int o = 0; o < Outputs; o++)
        {
            bn.Gamma.Value[o] = gamma[o];
            bn.RunningVar.Value[o] = 0.5f + o;
            var (s, _) = bn.EvalAffine(o);
            for (int i = 0; i < Inputs; i++) fc.Weight.Value[o * Inputs + i] = (float)(folded[i, o] / s);
        }
        // The raw weights are float: take the folded weights the layer really holds as the truth.
        for (int o = 0; o < Outputs; o++)
            for (int i = 0; i < Inputs; i++) folded[i, o] = bn.EvalAffine(o).Scale * (double)fc.Weight.Value[o * Inputs + i];
        var model = new Model("fc", new Shape3(Inputs, 1, 1), [fc, bn]);
        var hw = new HardwareNoise(model, new HardwareNoiseOptions
        {
            VariationSigma = Sigma, ConductanceRatio = ratio, DacBits = 0, AdcBits = 0, ColumnCorrection = false,
            BiasOnCrossbar = _ => false, Seed = 4,
        });
        var samples = new List<double[]>();
        for (int b = 0; b < Draws; b++)
        {
            hw.Perturb(b);
            var y = new double[Outputs];
            for (int o = 0; o < Outputs; o++)
            {
                double s = bn.EvalAffine(o).Scale;
                for (int i = 0; i < Inputs; i++) y[o] += x[i] * s * fc.Weight.Value[o * Inputs + i];
            }
            samples.Add(y);
            hw.Restore();
        }
        AssertMatches("training", samples, ClosedForm(folded, x, ratio));
    }

    /// <summary>
    /// The circuit: the same folded matrix programmed by <see cref="CellProgrammer"/> (default device, continuous
    /// conductances, log-normal variation clamped to the device window), one variation seed per draw; the column
    /// output from the cells' conductances has the closed-form mean and variance, also with k = 4 devices in
    /// parallel per cell (<see cref="CrossbarNonIdealities.DevicesPerCell"/>: variance divided by 4, mean unchanged).
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void CircuitCellsHaveTheClosedFormColumnVariance(int devicesPerCell)
    {
        var (folded, x) = Layer();
        var values = new float[(Inputs + 1) * Outputs];
        for (int i = 0; i < Inputs; i++)
            for (int o = 0; o < Outputs; o++) values[i * Outputs + o] = (float)folded[i, o];
        for (int i = 0; i < Inputs; i++)
            for (int o = 0; o < Outputs; o++) folded[i, o] = values[i * Outputs + o];
        var matrix = new CrossbarMatrix(Inputs + 1, Outputs, values, null, biasOnCrossbar: false);
        var device = CrossbarDevice.FromPreset(CrossbarDevice.DefaultPreset);
        var range = ConductanceRange.Of(device);
        var mapping = new ConductanceMapping(range, CellProgrammer.FullScaleOf(matrix, 1.0));
        var samples = new List<double[]>();
        for (int d = 0; d < Draws; d++)
        {
            var ni = new CrossbarNonIdealities { VariationSigma = Sigma, VariationSeed = d + 1, DevicesPerCell = devicesPerCell };
            var cells = new CellProgrammer(mapping, device, ni).Program(matrix, 1.0, seedSalt: 99);
            var y = new double[Outputs];
            for (int o = 0; o < Outputs; o++)
                for (int i = 0; i < Inputs; i++)
                    y[o] += x[i] * mapping.WeightOf(cells[i, 2 * o].ProgrammedSiemens, cells[i, 2 * o + 1].ProgrammedSiemens);
            samples.Add(y);
        }
        AssertMatches($"circuit, {devicesPerCell} device(s) per cell", samples, ClosedForm(folded, x, range.MinSiemens / range.MaxSiemens, devicesPerCell));
    }

    /// <summary>
    /// With k devices per cell the read conductance is a mean of values inside the device window, so it stays inside
    /// it exactly (a full-scale cell whose k devices all clamp at Gmax must not leave the window by the round-off of
    /// the mean: the generator refuses a resistance below Ron). Checked for k = 3, 7, 8 at σ = 1 on cells at ±wmax.
    /// </summary>
    [Theory]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(8)]
    public void ParallelDevicesStayInsideTheWindow(int devicesPerCell)
    {
        var values = new float[9 * 2];
        for (int i = 0; i < values.Length; i++) values[i] = i % 3 == 0 ? 1f : i % 3 == 1 ? -1f : 0.37f;
        var matrix = new CrossbarMatrix(9, 2, values, null, biasOnCrossbar: false);
        var device = CrossbarDevice.FromPreset(CrossbarDevice.DefaultPreset);
        var mapping = new ConductanceMapping(ConductanceRange.Of(device), CellProgrammer.FullScaleOf(matrix, 1.0));
        for (int seed = 1; seed <= 200; seed++)
        {
            var ni = new CrossbarNonIdealities { VariationSigma = 1.0, VariationSeed = seed, DevicesPerCell = devicesPerCell };
            foreach (var cell in new CellProgrammer(mapping, device, ni).Program(matrix, 1.0))
                Assert.InRange(cell.ProgrammedSiemens, device.MinConductanceSiemens, device.MaxConductanceSiemens);
        }
    }
}
