using MemristorSpice.Network.Core;
using MemristorSpice.Network.Data;
using MemristorSpice.Network.Evaluation;
using MemristorSpice.Network.Layers;
using MemristorSpice.Network.Models;
using MemristorSpice.Network.Training;
using MemristorSpice.Tests.Shared;

namespace MemristorSpice.Network.Tests;

/// <summary>Hardware-aware training: the injected statistics, the straight-through gradients and the effect on robustness.</summary>
public class HardwareNoiseTests
{
    private static Model SmallConvNet(int seed)
    {
        var m = new Model("small", new Shape3(1, 6, 6),
        [
            new Conv2d("conv", 1, 3, 3), new BatchNorm("bn", 3), new FullyConnected("fc", 3 * 4 * 4, 4),
        ]);
        var rng = new Random(seed);
        foreach (var p in m.Parameters.Where(p => p.Trainable))
            for (int i = 0; i < p.Size; i++) p.Value[i] = (float)(rng.NextDouble() * 2 - 1);
        TestUtil.RandomizeBatchNorm(m, seed + 1);
        return m;
    }

    private static Dataset Images(Tensor x) => new("t", x.C, x.H, x.W, (float[])x.Data.Clone(), new byte[x.N], 10, null);

    private static double Loss(Model m, Tensor x, Tensor r)
    {
        var y = m.Forward(x, training: true);
        double s = 0;
        for (int i = 0; i < y.Length; i++) s += (double)y.Data[i] * r.Data[i];
        return s;
    }

    /// <summary>Adds fixed offsets to the layer inputs and outputs: the quantization error of one forward pass, frozen.</summary>
    private sealed class FrozenOffsets(Dictionary<int, float[]> inputs, Dictionary<int, float[]> outputs) : IActivationHook
    {
        public Tensor Input(int layer, Tensor x)
        {
            if (!inputs.TryGetValue(layer, out var d)) return x;
            var y = x.Clone();
            for (int i = 0; i < d.Length; i++) y.Data[i] += d[i];
            return y;
        }

        public void Output(int layer, Tensor y)
        {
            if (outputs.TryGetValue(layer, out var d)) for (int i = 0; i < d.Length; i++) y.Data[i] += d[i];
        }
    }

    /// <summary>Records q(x) − x of every hooked input and output while delegating to the real hook.</summary>
    private sealed class Recorder(IActivationHook inner) : IActivationHook
    {
        public Dictionary<int, float[]> Inputs { get; } = [];
        public Dictionary<int, float[]> Outputs { get; } = [];

        public Tensor Input(int layer, Tensor x)
        {
            var q = inner.Input(layer, x);
            if (!ReferenceEquals(q, x)) Inputs[layer] = q.Data.Select((v, i) => v - x.Data[i]).ToArray();
            return q;
        }

        public void Output(int layer, Tensor y)
        {
            var before = (float[])y.Data.Clone();
            inner.Output(layer, y);
            if (!before.SequenceEqual(y.Data)) Outputs[layer] = y.Data.Select((v, i) => v - before[i]).ToArray();
        }
    }

    // Finite differences with GradientCheckTests.CheckEntries: float32 layers, h = 1e-2, |num − ana| ≤ 3e-3 + 1e-2·|ana|
    // (round-off of L ≈ 10 over 2h plus the O(h²) truncation of the smooth conv/BatchNorm/FC chain).

    /// <summary>
    /// Device noise: the gradient applied to the clean weights is ∂L/∂w̃ at the perturbed weights (straight-through
    /// estimator for the weight noise, ∂w̃/∂w := 1). Checked against central differences of L at w̃.
    /// </summary>
    [Fact]
    public void GradientWithDeviceNoiseIsTheGradientAtThePerturbedWeights()
    {
        var m = SmallConvNet(1);
        var x = TestUtil.Random(5, 1, 6, 6, 2);
        var r = TestUtil.Random(5, 4, 1, 1, 3);
        var hw = new HardwareNoise(m, new HardwareNoiseOptions
        {
            // No column correction: its gain and offset are fitted per batch and held constant in the backward pass.
            VariationSigma = 0.3, StuckAtMinRate = 0.05, StuckAtMaxRate = 0.05, DacBits = 0, AdcBits = 0, FreezeBatchNorm = false, ColumnCorrection = false,
        });
        hw.Calibrate(Images(x));
        var trainable = m.Parameters.Where(p => p.Trainable).ToList();
        var clean = trainable.Select(p => (float[])p.Value.Clone()).ToList();
        hw.Perturb(7);
        var perturbed = trainable.Select(p => (float[])p.Value.Clone()).ToList();
        m.ZeroGrad();
        m.Forward(x, training: true);
        m.Backward(r);
        hw.Restore();
        var grads = trainable.Select(p => (float[])p.Grad.Clone()).ToList();
        for (int k = 0; k < trainable.Count; k++) Assert.Equal(clean[k], trainable[k].Value);   // exact: Restore copies back
        Assert.NotEqual(clean[0], perturbed[0]);   // conv.weight: noise is on
        Assert.Null(m.TrainingHook);

        for (int k = 0; k < trainable.Count; k++) perturbed[k].CopyTo(trainable[k].Value, 0);
        var rng = new Random(4);
        for (int k = 0; k < trainable.Count; k++)
        {
            var p = trainable[k];
            GradientCheckTests.CheckEntries(p, grads[k], () => Loss(m, x, r), rng, 12, $"{m.Layers.First(l => l.Parameters.Contains(p)).Name}.{p.Name}");
        }
    }

    /// <summary>
    /// Converters: with DAC and ADC quantization the backward pass is the straight-through estimator, i.e. the exact
    /// gradient of the network in which each quantizer is replaced by x + δ with δ = q(x) − x frozen at this forward
    /// pass. Checked against central differences of that frozen-offset network (BatchNorm with frozen statistics, the
    /// fine-tuning default; the test above covers batch statistics).
    /// </summary>
    [Fact]
    public void GradientThroughConvertersIsStraightThrough()
    {
        var m = SmallConvNet(5);
        var x = TestUtil.Random(5, 1, 6, 6, 6);
        var r = TestUtil.Random(5, 4, 1, 1, 7);
        var hw = new HardwareNoise(m, new HardwareNoiseOptions { DacBits = 3, AdcBits = 3 });
        hw.Calibrate(Images(x));
        var trainable = m.Parameters.Where(p => p.Trainable).ToList();
        hw.Perturb(0);
        var recorder = new Recorder(hw);
        m.TrainingHook = recorder;
        m.ZeroGrad();
        m.Forward(x, training: true);
        m.Backward(r);
        hw.Restore();
        var grads = trainable.Select(p => (float[])p.Grad.Clone()).ToList();
        // Quantization acted on the inputs of both crossbar layers (conv = 0, fc = 2) and on their outputs.
        Assert.Equal([0, 2], recorder.Inputs.Keys.Order());
        Assert.Equal([0, 2], recorder.Outputs.Keys.Order());

        m.TrainingHook = new FrozenOffsets(recorder.Inputs, recorder.Outputs);
        // The options freeze BatchNorm (the default): the network differentiated is the same, and γ, β do not train.
        var bn = (BatchNorm)m.Layers[1];
        bn.FrozenStatistics = true;
        Assert.All(bn.Gamma.Grad.Concat(bn.Beta.Grad), g => Assert.Equal(0f, g));
        var rng = new Random(8);
        for (int k = 0; k < trainable.Count; k++)
        {
            var p = trainable[k];
            if (p == bn.Gamma || p == bn.Beta) continue;
            GradientCheckTests.CheckEntries(p, grads[k], () => Loss(m, x, r), rng, 12, p.Name);
        }
    }

    /// <summary>Keeps the input and the (hooked) output of one layer while delegating to the real hook.</summary>
    private sealed class Capture(IActivationHook inner, int layer) : IActivationHook
    {
        public Tensor? In { get; private set; }
        public Tensor? Out { get; private set; }

        public Tensor Input(int l, Tensor x)
        {
            var q = inner.Input(l, x);
            if (l == layer) In = q.Clone();
            return q;
        }

        public void Output(int l, Tensor y)
        {
            inner.Output(l, y);
            if (l == layer) Out = y.Clone();
        }
    }

    /// <summary>
    /// Column correction (the circuit's digital gain/offset per output): after a perturbed draw, each column's
    /// corrected folded output ŷ = (ỹ − O)/G is the least-squares fit of the perturbed read ỹ on the clean folded
    /// output y over the batch, so the residual r = ŷ − y satisfies the normal equations Σr = 0 and Σr·y = 0 (ideal
    /// math; y recomputed here from the clean weights). Tolerance 1e-5 of Σ|y| and Σy²: the outputs are stored in
    /// float32 (relative rounding 6e-8 per value). The uncorrected read misses both by far more.
    /// </summary>
    [Fact]
    public void ColumnCorrectionIsTheLeastSquaresGainAndOffsetOfEachColumn()
    {
        var m = SmallConvNet(9);
        var x = TestUtil.Random(40, 1, 6, 6, 10);
        var hw = new HardwareNoise(m, new HardwareNoiseOptions { VariationSigma = 0.3, StuckAtMinRate = 0.05, StuckAtMaxRate = 0.05, DacBits = 0, AdcBits = 0 });
        hw.Calibrate(Images(x));
        hw.Perturb(3);
        var capture = new Capture(hw, 0);
        m.TrainingHook = capture;
        m.Forward(x, training: true);
        hw.Restore();
        var clean = m.Layers[0].Forward(capture.In!, training: false);
        var bn = (BatchNorm)m.Layers[1];
        var corrected = capture.Out!;
        for (int c = 0; c < clean.C; c++)
        {
            var (s, t) = bn.EvalAffine(c);
            double sumR = 0, sumRy = 0, sumAbs = 0, sumSq = 0;
            for (int n = 0; n < clean.N; n++)
            {
                var yc = clean.Plane(n, c);
                var yh = corrected.Plane(n, c);
                for (int i = 0; i < yc.Length; i++)
                {
                    double y = s * yc[i] + t, r = s * yh[i] + t - y;
                    sumR += r; sumRy += r * y; sumAbs += Math.Abs(y); sumSq += y * y;
                }
            }
            Assert.True(Math.Abs(sumR) < 1e-5 * sumAbs, $"column {c}: sum of residuals {sumR:G3} (sum |y| {sumAbs:G3})");
            Assert.True(Math.Abs(sumRy) < 1e-5 * sumSq, $"column {c}: residual·y {sumRy:G3} (sum y² {sumSq:G3})");
        }
        Assert.True(TestUtil.RelMaxError(capture.Out!, clean) > 1e-3);   // the draw did perturb the layer
    }

    /// <summary>Φ(a) by Simpson quadrature of the normal density (error &lt; 1e-12 with 2000 intervals on |a| ≤ 1).</summary>
    private static double Phi(double a)
    {
        int n = 2000;
        double h = a / n, s = 0;
        for (int i = 0; i <= n; i++)
        {
            double t = i * h, f = Math.Exp(-t * t / 2) / Math.Sqrt(2 * Math.PI);
            s += f * (i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2);
        }
        return 0.5 + s * h / 3;
    }

    /// <summary>
    /// The injected variation has the log-normal statistics of the differential pair. A weight w = u·wmax maps to
    /// g+ = g0 + u, g− = g0 (units of Gmax − Gmin, g0 = r/(1 − r)); the device at Gmin can only move up (clamped to the
    /// window), so w̃/wmax = (g0 + u)·e^{σz₁} − g0·max(e^{σz₂}, 1), with
    /// E = (g0 + u)·e^{σ²/2} − g0·(e^{σ²/2}Φ(σ) + ½) and
    /// Var = (g0 + u)²·(e^{2σ²} − e^{σ²}) + g0²·(e^{2σ²}Φ(2σ) + ½ − (e^{σ²/2}Φ(σ) + ½)²).
    /// The upper clamp of g+ matters only for z₁ &gt; ln((1 + g0)/(g0 + u))/σ ≈ 3.9 at u = 0.3, σ = 0.3 (probability 4e-5), so it is
    /// ignored. Tolerance: 5 standard errors of the sample mean and variance over 40 fresh draws of 1000 weights each.
    /// </summary>
    [Fact]
    public void InjectedVariationHasTheLogNormalMeanAndVariance()
    {
        const int n = 2001;
        const double sigma = 0.3, ratio = 0.01, u = 0.3;
        var fc = new FullyConnected("fc", n, 1);
        // Weight 0 is the full scale wmax = 1; 1000 weights at 0.3·wmax, 1000 at zero; bias 0 (stored as 0).
        fc.Weight.Value[0] = 1;
        for (int i = 1; i <= 1000; i++) fc.Weight.Value[i] = (float)u;
        var m = new Model("fc", new Shape3(n, 1, 1), [fc]);
        var hw = new HardwareNoise(m, new HardwareNoiseOptions { VariationSigma = sigma, ConductanceRatio = ratio, DacBits = 0, AdcBits = 0, Seed = 11 });
        var mid = new List<double>();
        var zero = new List<double>();
        for (int b = 0; b < 40; b++)
        {
            hw.Perturb(b);
            for (int i = 1; i <= 1000; i++) mid.Add(fc.Weight.Value[i]);
            for (int i = 1001; i < n; i++) zero.Add(fc.Weight.Value[i]);
            hw.Restore();
        }
        double g0 = ratio / (1 - ratio), e1 = Math.Exp(sigma * sigma / 2), e2 = Math.Exp(sigma * sigma);
        double meanMax = e1 * Phi(sigma) + 0.5, varMax = Math.Exp(2 * sigma * sigma) * Phi(2 * sigma) + 0.5 - meanMax * meanMax;
        double meanMid = (g0 + u) * e1 - g0 * meanMax;
        double varMid = (g0 + u) * (g0 + u) * (e2 * e2 - e2) + g0 * g0 * varMax;
        double varZero = 2 * g0 * g0 * varMax;
        static (double Mean, double Var) Moments(List<double> v)
        {
            double mean = v.Average();
            return (mean, v.Sum(x => (x - mean) * (x - mean)) / (v.Count - 1));
        }
        var (mMid, vMid) = Moments(mid);
        var (mZero, vZero) = Moments(zero);
        // Standard error of a variance estimate ≈ Var·sqrt((κ − 1)/N); κ (kurtosis) < 4 for these mildly skewed variables.
        double se = Math.Sqrt(varMid / mid.Count), seVar = varMid * Math.Sqrt(3.0 / mid.Count);
        Assert.True(Math.Abs(mMid - meanMid) < 5 * se, $"mean {mMid:G6} vs closed form {meanMid:G6} (5 SE = {5 * se:G3})");
        Assert.True(Math.Abs(vMid - varMid) < 5 * seVar, $"variance {vMid:G6} vs closed form {varMid:G6} (5 SE = {5 * seVar:G3})");
        Assert.True(Math.Abs(mZero) < 5 * Math.Sqrt(varZero / zero.Count), $"zero weight: mean {mZero:G4}");
        Assert.True(Math.Abs(vZero - varZero) < 5 * varZero * Math.Sqrt(3.0 / zero.Count), $"zero weight: variance {vZero:G6} vs {varZero:G6}");
        // Clean weights are back after every batch (exact).
        Assert.Equal((float)u, fc.Weight.Value[1]);
    }

    /// <summary>
    /// Stuck-at cells: with σ = 0 a positive weight changes when its G+ device is stuck (rate p = pmin + pmax) or its G−
    /// device is stuck at Gmax (G− already sits at Gmin, so a Gmin fault leaves it unchanged): expected share
    /// p + (1 − p)·pmax. Binomial tolerance: 5 standard errors over 40 000 weights. The draws are fresh per batch and
    /// the same for the same seed and batch.
    /// </summary>
    [Fact]
    public void StuckAtRatesAndSeededFreshDraws()
    {
        const int n = 1001;
        const double pmin = 0.02, pmax = 0.03;
        var fc = new FullyConnected("fc", n, 1);
        fc.Weight.Value[0] = 1;
        for (int i = 1; i < n; i++) fc.Weight.Value[i] = 0.5f;
        var m = new Model("fc", new Shape3(n, 1, 1), [fc]);
        var hw = new HardwareNoise(m, new HardwareNoiseOptions { StuckAtMinRate = pmin, StuckAtMaxRate = pmax, DacBits = 0, AdcBits = 0, Seed = 3 });
        int changed = 0, total = 0;
        var draws = new List<float[]>();
        for (int b = 0; b < 40; b++)
        {
            hw.Perturb(b);
            draws.Add((float[])fc.Weight.Value.Clone());
            for (int i = 1; i < n; i++) { total++; if (fc.Weight.Value[i] != 0.5f) changed++; }
            hw.Restore();
        }
        double p = pmin + pmax, expected = p + (1 - p) * pmax;
        double share = (double)changed / total, se = Math.Sqrt(expected * (1 - expected) / total);
        Assert.True(Math.Abs(share - expected) < 5 * se, $"changed share {share:P3} vs {expected:P3} (5 SE {5 * se:P3})");
        Assert.NotEqual(draws[0], draws[1]);   // fresh per batch
        hw.Perturb(1);
        Assert.Equal(draws[1], fc.Weight.Value);   // seeded: same batch, same draw (exact)
        hw.Restore();
    }

    private static double AccuracyUnderVariation(Model m, Dataset test, HardwareNoiseOptions devices, int draws)
    {
        var hw = new HardwareNoise(m, devices with { Seed = 1000 });
        double sum = 0;
        for (int d = 0; d < draws; d++)
        {
            hw.Perturb(d);
            sum += Evaluator.Accuracy(m, test);
            hw.Restore();
        }
        return sum / draws;
    }

    /// <summary>
    /// A short fine-tune with variation and stuck-at cells injected makes a tiny CNN more accurate under those
    /// effects than the same fine-tune without them (same start, data, seed and schedule). Accuracy under variation:
    /// mean over 6 weight draws (evaluation seed 1000, never used in training) on 1000 MNIST test images at σ = 0.5
    /// and 1 % + 1 % stuck-at. Measured: 85.50 % with injection vs 83.65 % without (+1.85 points). Everything is
    /// seeded, so the result is deterministic; the required margin of 1 point is ≈ 2 standard errors of the
    /// difference of two 6×1000-image means (≈ 0.5 points), so a pass is not a lucky draw, and it leaves room for the
    /// last-bit differences of another SIMD width.
    [Fact]
    public void FinetuneWithVariationImprovesAccuracyUnderVariation()
    {
        // Without the column correction: AccuracyUnderVariation evaluates the perturbed weights directly.
        var devices = new HardwareNoiseOptions { VariationSigma = 0.5, StuckAtMinRate = 0.01, StuckAtMaxRate = 0.01, DacBits = 0, AdcBits = 0, Seed = 5, ColumnCorrection = false };
        var dir = Dependencies.RequireMnist();
        var train = Datasets.MnistTrain(dir).Take(3000);
        var test = Datasets.MnistTest(dir).Take(1000);
        var baseModel = new Model("tiny", ModelZoo.MnistShape,
        [
            new Conv2d("conv", 1, 8, 5, 2), new BatchNorm("bn", 8), new ReLU("relu"), new FullyConnected("fc", 8 * 12 * 12, 10),
        ]);
        Initializer.HeInit(baseModel, 1);
        Trainer.Train(baseModel, train, new TrainingOptions { Epochs = 2, BatchSize = 64, Seed = 1, EvaluateEachEpoch = false });
        var plain = baseModel.Clone();
        var aware = baseModel.Clone();
        var tune = new TrainingOptions { Epochs = 3, BatchSize = 64, Seed = 2, MaxLearningRate = 0.005f, EvaluateEachEpoch = false };
        Trainer.Train(plain, train, tune);
        Trainer.Train(aware, train, tune with { HardwareNoise = devices });
        double accPlain = AccuracyUnderVariation(plain, test, devices, 6), accAware = AccuracyUnderVariation(aware, test, devices, 6);
        Assert.True(accAware > accPlain + 0.01, $"under σ = 0.5 and 2 % stuck-at: hardware-aware {accAware:P2} vs plain {accPlain:P2}");
    }
}
