using MemristorSpice.Network.Core;
using MemristorSpice.Network.Data;
using MemristorSpice.Network.Layers;
using MemristorSpice.Network.Models;

namespace MemristorSpice.Network.Training;

/// <summary>
/// Hook on the inputs and outputs of a model's layers in training-mode forward passes (<see cref="Model.TrainingHook"/>).
/// </summary>
public interface IActivationHook
{
    /// <summary>The tensor layer <paramref name="layer"/> computes with, given its input (returns a new tensor or <paramref name="x"/>; never modifies <paramref name="x"/>).</summary>
    Tensor Input(int layer, Tensor x);

    /// <summary>Modifies the output <paramref name="y"/> of layer <paramref name="layer"/> in place.</summary>
    void Output(int layer, Tensor y);
}

/// <summary>
/// Device and converter non-idealities injected while training (docs/network.md, "Hardware-aware training"). The
/// weight of every crossbar layer is seen as the co-simulation maps it: BatchNorm folded, w → differential pair
/// (G+, G−) in [Gmin, Gmax] with the layer's full scale wmax; each mini-batch draws fresh log-normal factors and
/// stuck-at cells for every device, and the layer inputs (DAC) and outputs (ADC) are quantized. Gradients pass
/// straight through every injected effect (∂L/∂w := ∂L/∂w̃, ∂L/∂x := ∂L/∂q(x)).
/// </summary>
public sealed record HardwareNoiseOptions
{
    /// <summary>Sigma of ln G of the log-normal device variation: G = G_target·exp(sigma·z), z ~ N(0, 1); 0 = none.</summary>
    public double VariationSigma { get; init; }

    /// <summary>Probability that a device is stuck at Gmin in a mini-batch draw.</summary>
    public double StuckAtMinRate { get; init; }

    /// <summary>Probability that a device is stuck at Gmax in a mini-batch draw.</summary>
    public double StuckAtMaxRate { get; init; }

    /// <summary>Gmin/Gmax of the conductance window (Ron/Roff of the device; 0.01 for VTEAM_XBAR, 10 kΩ / 1 MΩ).</summary>
    public double ConductanceRatio { get; init; } = 0.01;

    /// <summary>DAC resolution on the layer inputs, bits (0 = no input quantization).</summary>
    public int DacBits { get; init; } = 8;

    /// <summary>ADC resolution on the layer outputs, bits including the sign (0 = no output quantization).</summary>
    public int AdcBits { get; init; } = 8;

    /// <summary>Seed of the per-batch variation and fault draws.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Training images (the first ones) on which the converter full scales are calibrated at the start of each epoch.</summary>
    public int CalibrationImages { get; init; } = 200;

    /// <summary>
    /// Whether a layer with the given number of crossbar inputs (rows without the bias) stores its bias in a crossbar
    /// row (true) or adds it digitally after the ADC (false, then the bias is exact). Default: always on the crossbar.
    /// </summary>
    public Func<int, bool> BiasOnCrossbar { get; init; } = _ => true;

    /// <summary>
    /// Train with the BatchNorm statistics frozen at their running values (true, the default for fine-tuning): the
    /// network trained is then exactly the folded one the crossbars hold, and noisy batches do not corrupt the
    /// statistics the clean network is folded with. Training from scratch needs false (statistics are learned, under noise).
    /// </summary>
    public bool FreezeBatchNorm { get; init; } = true;

    /// <summary>
    /// Whether the circuit's digital per-column correction is modelled (true, the default, as the co-simulation does
    /// with columnCalibrationImages &gt; 0): after each perturbed crossbar layer, every output column's folded read
    /// ỹ is fitted by least squares as ỹ ≈ G·y + O against the clean folded output y of the same (quantized) inputs over
    /// the mini-batch, and (q(ỹ) − O)/G is passed on, as Cosim's ColumnCorrection does with its calibration images.
    /// </summary>
    public bool ColumnCorrection { get; init; } = true;

    /// <summary>
    /// Whether the optimizer steps in conductance units (true): every raw weight's step is scaled by wmax/|s| of its
    /// crossbar (<see cref="Parameter.StepScale"/>, set at each <see cref="HardwareNoise.Calibrate"/>), so a step of
    /// size LR moves every cell by LR of the conductance span whatever the split of the scale between the weight, the
    /// BatchNorm and the cross-layer equalization. False: steps in raw weight units (the optimizer's own).
    /// </summary>
    public bool ConductanceSteps { get; init; }

    /// <summary>True when some effect is on.</summary>
    public bool Any => VariationSigma > 0 || StuckAtMinRate > 0 || StuckAtMaxRate > 0 || DacBits > 0 || AdcBits > 0;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad value.</summary>
    public HardwareNoiseOptions Validate()
    {
        if (!(VariationSigma >= 0 && VariationSigma <= 2)) throw new ArgumentException($"variation sigma must be in [0, 2], got {VariationSigma}.");
        if (!(StuckAtMinRate >= 0 && StuckAtMaxRate >= 0 && StuckAtMinRate + StuckAtMaxRate <= 1))
            throw new ArgumentException($"stuck-at rates must be >= 0 with a sum <= 1, got {StuckAtMinRate} and {StuckAtMaxRate}.");
        if (!(ConductanceRatio >= 0 && ConductanceRatio < 1)) throw new ArgumentException($"Gmin/Gmax must be in [0, 1), got {ConductanceRatio}.");
        if (DacBits is < 0 or > 30) throw new ArgumentException($"DAC bits must be in [0, 30], got {DacBits}.");
        if (AdcBits is < 0 or 1 or > 30) throw new ArgumentException($"ADC bits must be 0 or in [2, 30], got {AdcBits}.");
        if (CalibrationImages < 1) throw new ArgumentException($"calibration images must be >= 1, got {CalibrationImages}.");
        return this;
    }
}

/// <summary>
/// Applies <see cref="HardwareNoiseOptions"/> to a model during training: <see cref="Calibrate"/> per epoch,
/// <see cref="Perturb"/> before each mini-batch's forward pass, <see cref="Restore"/> after its backward pass (before
/// the optimizer step, so the update computed at the perturbed weights is applied to the clean ones).
/// </summary>
public sealed class HardwareNoise : IActivationHook
{
    private readonly Model _model;
    private readonly HardwareNoiseOptions _o;
    private readonly List<Analog> _layers = [];
    private readonly Dictionary<int, Analog> _byIndex = [];
    private readonly Dictionary<int, Tensor> _inputs = [];
    private bool _devices;

    /// <summary>One crossbar layer: its weights, the BatchNorm folded into it (if any), and its calibrated converter ranges.</summary>
    private sealed class Analog(int index, Layer layer, Parameter weight, Parameter bias, int outputs, BatchNorm? bn)
    {
        public int Index { get; } = index;
        public Layer Layer { get; } = layer;
        public Parameter Weight { get; } = weight;
        public Parameter Bias { get; } = bias;
        public int Outputs { get; } = outputs;
        public BatchNorm? Norm { get; } = bn;
        public float[] CleanWeight { get; } = new float[weight.Size];
        public float[] CleanBias { get; } = new float[bias.Size];
        public double InputFullScale { get; set; } = 1;
        public bool BipolarInput { get; set; }
        public double[] OutputFullScale { get; } = new double[outputs];
        public int Inputs => Weight.Size / Outputs;
    }

    /// <summary>Prepares the hook for <paramref name="model"/>'s crossbar layers (conv, depthwise, fully connected).</summary>
    public HardwareNoise(Model model, HardwareNoiseOptions options)
    {
        _model = model;
        _o = options.Validate();
        for (int i = 0; i < model.Layers.Count; i++)
        {
            var l = model.Layers[i];
            (Parameter w, Parameter b, int outputs)? wb = l switch
            {
                DepthwiseConv d => (d.Weight, d.Bias, d.Channels),
                Conv2d c => (c.Weight, c.Bias, c.OutChannels),
                FullyConnected f => (f.Weight, f.Bias, f.OutFeatures),
                _ => null,
            };
            if (wb is not { } p) continue;
            // The same rule as BatchNormFolder: a BatchNorm right after the layer, fed by it alone, is folded into it.
            var bn = i + 1 < model.Layers.Count && model.Layers[i + 1] is BatchNorm n && n.Inputs.Count == 0 ? n : null;
            var a = new Analog(i, l, p.w, p.b, p.outputs, bn);
            _layers.Add(a);
            _byIndex[i] = a;
        }
    }

    /// <summary>The options in use.</summary>
    public HardwareNoiseOptions Options => _o;

    /// <summary>
    /// Sets the converter full scales from the clean model in eval mode on the first <see cref="HardwareNoiseOptions.CalibrationImages"/>
    /// images of <paramref name="data"/>: DAC full scale = max |layer input| (bipolar when an input is negative),
    /// ADC full scale per column = max |folded layer output|. With <see cref="HardwareNoiseOptions.ConductanceSteps"/> it
    /// also sets the step scales of the crossbar layers' parameters from the current weights.
    /// </summary>
    public void Calibrate(Dataset data)
    {
        var (x, _) = data.Batch(0, Math.Min(_o.CalibrationImages, data.Count));
        var hook = _model.TrainingHook;
        _model.TrainingHook = null;
        var outs = _model.ForwardAll(x, training: false);
        _model.TrainingHook = hook;
        foreach (var a in _layers)
        {
            int src = _model.Sources(a.Index)[0];
            var input = src < 0 ? x : outs[src];
            float max = 0, min = 0;
            foreach (var v in input.Data) { max = Math.Max(max, Math.Abs(v)); min = Math.Min(min, v); }
            a.InputFullScale = max > 0 ? max : 1;
            a.BipolarInput = min < 0;
            var y = outs[a.Index];
            Array.Clear(a.OutputFullScale);
            for (int n = 0; n < y.N; n++)
                for (int c = 0; c < y.C; c++)
                {
                    var (s, t) = Fold(a, c);
                    foreach (var v in y.Plane(n, c)) a.OutputFullScale[c] = Math.Max(a.OutputFullScale[c], Math.Abs(s * v + t));
                }
            for (int c = 0; c < a.Outputs; c++) if (!(a.OutputFullScale[c] > 0)) a.OutputFullScale[c] = 1;
        }
        if (_o.ConductanceSteps) SetStepScales();
    }

    /// <summary>Scale s and shift t of the BatchNorm folded into output <paramref name="c"/> (1, 0 without one).</summary>
    private static (float Scale, float Shift) Fold(Analog a, int c) => a.Norm is { } bn ? bn.EvalAffine(c) : (1f, 0f);

    /// <summary>
    /// Saves the clean weights and writes a fresh perturbed draw for mini-batch <paramref name="batch"/> (seeded by
    /// the options' seed, the batch number and the layer), then installs the converter hook on the model.
    /// </summary>
    public void Perturb(long batch)
    {
        bool devices = _o.VariationSigma > 0 || _o.StuckAtMinRate > 0 || _o.StuckAtMaxRate > 0;
        _devices = devices;
        foreach (var a in _layers)
        {
            a.Weight.Value.CopyTo(a.CleanWeight, 0);
            a.Bias.Value.CopyTo(a.CleanBias, 0);
            if (a.Norm is { } bn) bn.FrozenStatistics = _o.FreezeBatchNorm;
            if (!devices) continue;
            var rng = new Random(MixSeed(_o.Seed, batch, a.Index));
            PerturbLayer(a, rng);
        }
        _model.TrainingHook = this;
    }

    /// <summary>Puts the clean weights back and removes the converter hook.</summary>
    public void Restore()
    {
        foreach (var a in _layers)
        {
            a.CleanWeight.CopyTo(a.Weight.Value, 0);
            a.CleanBias.CopyTo(a.Bias.Value, 0);
            if (a.Norm is { } bn) bn.FrozenStatistics = false;
        }
        _inputs.Clear();
        _devices = false;
        _model.TrainingHook = null;
    }

    private void PerturbLayer(Analog a, Random rng)
    {
        int per = a.Inputs;
        bool analogBias = _o.BiasOnCrossbar(per);
        double amax = a.InputFullScale;
        var wmax = FullScales(a);
        for (int o = 0; o < a.Outputs; o++)
        {
            var (s, t) = Fold(a, o);
            // A channel with folded scale 0 holds no weight in the circuit's units that the raw weight could express.
            if (s == 0) continue;
            for (int i = 0; i < per; i++)
            {
                int k = o * per + i;
                double wf = s * a.Weight.Value[k];
                a.Weight.Value[k] = (float)(PerturbWeight(wf, wmax[o], rng) / s);
            }
            if (analogBias)
            {
                double bf = s * a.Bias.Value[o] + t;
                a.Bias.Value[o] = (float)((PerturbWeight(bf / amax, wmax[o], rng) * amax - t) / s);
            }
        }
    }

    /// <summary>
    /// wmax of each output's logical crossbar as the co-simulation chooses it: the largest folded |w| (and |b|/amax for
    /// a crossbar bias row) of the crossbar: one per depthwise channel, one per group of a grouped conv, else the layer.
    /// </summary>
    private double[] FullScales(Analog a)
    {
        int per = a.Inputs;
        bool analogBias = _o.BiasOnCrossbar(per);
        double amax = a.InputFullScale;
        var wmax = new double[a.Outputs];
        int perCrossbar = a.Layer switch { DepthwiseConv => 1, Conv2d c => c.GroupOutChannels, _ => a.Outputs };
        for (int first = 0; first < a.Outputs; first += perCrossbar)
        {
            double max = 0;
            for (int o = first; o < first + perCrossbar; o++)
            {
                var (s, t) = Fold(a, o);
                for (int i = 0; i < per; i++) max = Math.Max(max, Math.Abs(s * a.Weight.Value[o * per + i]));
                if (analogBias) max = Math.Max(max, Math.Abs(s * a.Bias.Value[o] + t) / amax);
            }
            for (int o = first; o < first + perCrossbar; o++) wmax[o] = max > 0 ? max : 1;
        }
        return wmax;
    }

    /// <summary>
    /// Sets <see cref="Parameter.StepScale"/> of every crossbar layer's weight and bias to the raw value of one
    /// conductance span: wmax/|s| for a weight, wmax·amax/|s| for a bias (the bias row stores b_f/amax); a channel with
    /// s = 0 gets 0 (nothing in the circuit depends on it).
    /// </summary>
    private void SetStepScales()
    {
        foreach (var a in _layers)
        {
            var wmax = FullScales(a);
            int per = a.Inputs;
            var w = a.Weight.StepScale is { Length: var n } ws && n == a.Weight.Size ? ws : new float[a.Weight.Size];
            var b = a.Bias.StepScale is { Length: var m } bs && m == a.Bias.Size ? bs : new float[a.Bias.Size];
            for (int o = 0; o < a.Outputs; o++)
            {
                double s = Math.Abs(Fold(a, o).Scale);
                float c = s > 0 ? (float)(wmax[o] / s) : 0f;
                Array.Fill(w, c, o * per, per);
                b[o] = (float)(c * a.InputFullScale);
            }
            a.Weight.StepScale = w;
            a.Bias.StepScale = b;
        }
    }

    /// <summary>Removes the step scales <see cref="Calibrate"/> set (the model's parameters step in raw units again).</summary>
    public void ClearStepScales()
    {
        foreach (var a in _layers) a.Weight.StepScale = a.Bias.StepScale = null;
    }

    /// <summary>One pair's draw: two standard normals and two uniforms (G+ first), the order the devices are drawn in.</summary>
    private double PerturbWeight(double w, double wmax, Random rng)
    {
        double zp = Initializer.Gaussian(rng), zm = Initializer.Gaussian(rng);
        double up = rng.NextDouble(), um = rng.NextDouble();
        return PairWeight(w, wmax, _o.ConductanceRatio, _o.VariationSigma, zp, zm, Fault(up), Fault(um));
    }

    private int Fault(double u) => u < _o.StuckAtMinRate ? -1 : u < _o.StuckAtMinRate + _o.StuckAtMaxRate ? 1 : 0;

    /// <summary>
    /// The weight a differential pair represents after variation and faults, in weight units:
    /// g± = g0 + max(±w, 0)/wmax (conductances in units of Gmax − Gmin, g0 = Gmin/(Gmax − Gmin) = r/(1 − r) with
    /// r = Gmin/Gmax); g̃ = clamp(g·exp(σ·z), g0, g0 + 1), or g0 (fault −1, stuck at Gmin) / g0 + 1 (fault +1, stuck
    /// at Gmax); w̃ = wmax·(g̃+ − g̃−). The same as the co-simulation's ConductanceMapping and CellProgrammer.
    /// </summary>
    /// <param name="w">Weight (folded), |w| ≤ wmax.</param>
    /// <param name="wmax">Full scale of the layer.</param>
    /// <param name="ratio">Gmin/Gmax.</param>
    /// <param name="sigma">Sigma of ln G.</param>
    /// <param name="zPlus">Standard normal of the G+ device.</param>
    /// <param name="zMinus">Standard normal of the G− device.</param>
    /// <param name="faultPlus">−1 stuck at Gmin, +1 stuck at Gmax, 0 working (G+ device).</param>
    /// <param name="faultMinus">The same for the G− device.</param>
    public static double PairWeight(double w, double wmax, double ratio, double sigma, double zPlus, double zMinus, int faultPlus = 0, int faultMinus = 0)
    {
        double g0 = ratio / (1 - ratio), u = Math.Clamp(w / wmax, -1, 1);
        double Device(double g, double z, int fault) => fault < 0 ? g0 : fault > 0 ? g0 + 1
            : sigma > 0 ? Math.Clamp(g * Math.Exp(sigma * z), g0, g0 + 1) : g;
        double plus = Device(g0 + Math.Max(u, 0), zPlus, faultPlus);
        double minus = Device(g0 + Math.Max(-u, 0), zMinus, faultMinus);
        return wmax * (plus - minus);
    }

    /// <inheritdoc/>
    public Tensor Input(int layer, Tensor x)
    {
        if (!_byIndex.TryGetValue(layer, out var a)) return x;
        var q = Quantize(a, x);
        if (_devices && _o.ColumnCorrection) _inputs[layer] = q;
        return q;
    }

    /// <summary>The DAC's view of <paramref name="x"/> (x itself without input quantization).</summary>
    private Tensor Quantize(Analog a, Tensor x)
    {
        if (_o.DacBits == 0) return x;
        var q = new Tensor(x.N, x.C, x.H, x.W);
        double fs = a.InputFullScale;
        long maxCode = a.BipolarInput ? (1L << (_o.DacBits - 1)) - 1 : (1L << _o.DacBits) - 1;
        if (maxCode < 1) maxCode = 1;
        double lsb = fs / maxCode;
        long minCode = a.BipolarInput ? -maxCode : 0;
        var src = x.Data;
        var dst = q.Data;
        for (int i = 0; i < src.Length; i++) dst[i] = (float)(Code(src[i], lsb, minCode, maxCode) * lsb);
        return q;
    }

    /// <inheritdoc/>
    public void Output(int layer, Tensor y)
    {
        if (!_byIndex.TryGetValue(layer, out var a)) return;
        var clean = _inputs.Remove(layer, out var input) ? CleanOutput(a, input) : null;
        if (_o.AdcBits == 0 && clean is null) return;
        long maxCode = (1L << (_o.AdcBits - 1)) - 1;
        for (int c = 0; c < y.C; c++)
        {
            var (s, t) = Fold(a, c);
            if (s == 0) continue;
            double lsb = a.OutputFullScale[c] / maxCode;
            var (gain, offset) = clean is null ? (1.0, 0.0) : FitColumn(y, clean, c, s, t);
            double inverseGain = 1 / gain;
            for (int n = 0; n < y.N; n++)
            {
                var plane = y.Plane(n, c);
                // The ADC reads the folded column s·y + t, the controller corrects it to (read − O)/G; the layer's own
                // output is (corrected − t)/s.
                for (int i = 0; i < plane.Length; i++)
                {
                    double read = s * plane[i] + t;
                    if (_o.AdcBits > 0) read = Code(read, lsb, -maxCode, maxCode) * lsb;
                    plane[i] = (float)(((read - offset) * inverseGain - t) / s);
                }
            }
        }
    }

    /// <summary>The layer's output for <paramref name="input"/> computed with the clean weights (eval mode: no training cache is touched).</summary>
    private static Tensor CleanOutput(Analog a, Tensor input)
    {
        var perturbedWeight = (float[])a.Weight.Value.Clone();
        var perturbedBias = (float[])a.Bias.Value.Clone();
        a.CleanWeight.CopyTo(a.Weight.Value, 0);
        a.CleanBias.CopyTo(a.Bias.Value, 0);
        try { return a.Layer.Forward(input, training: false); }
        finally
        {
            perturbedWeight.CopyTo(a.Weight.Value, 0);
            perturbedBias.CopyTo(a.Bias.Value, 0);
        }
    }

    /// <summary>
    /// Gain G and offset O of column <paramref name="c"/>: least squares of the folded perturbed read s·ỹ + t on the
    /// folded clean output s·y + t over the batch, with the co-simulation's guards (a flat clean output fixes only
    /// the offset; a gain that is not finite or ≤ 0.05 is replaced by 1), as in Cosim's ColumnCorrection.Fit.
    /// </summary>
    private static (double Gain, double Offset) FitColumn(Tensor noisy, Tensor clean, int c, double s, double t)
    {
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        long count = 0;
        for (int n = 0; n < noisy.N; n++)
        {
            var yn = noisy.Plane(n, c);
            var yc = clean.Plane(n, c);
            for (int i = 0; i < yn.Length; i++)
            {
                double x = s * yc[i] + t, v = s * yn[i] + t;
                sx += x; sy += v; sxx += x * x; sxy += x * v;
            }
            count += yn.Length;
        }
        double varX = sxx - sx * sx / count;
        bool flat = !(varX > 1e-12 * Math.Max(sxx, 1e-300));
        double gain = flat ? 1 : (sxy - sx * sy / count) / varX;
        if (!(gain > 0.05) || !double.IsFinite(gain)) gain = 1;
        return (gain, (sy - gain * sx) / count);
    }

    /// <summary>Converter code: round half away from zero, clamped (the co-simulation's Dac/Adc rule).</summary>
    private static double Code(double v, double lsb, long min, long max) =>
        Math.Clamp(Math.Round(v / lsb, MidpointRounding.AwayFromZero), min, max);

    /// <summary>Seed of one layer's draw in one mini-batch (FNV-1a over the three numbers).</summary>
    private static int MixSeed(int seed, long batch, int layer)
    {
        ulong h = 14695981039346656037UL;
        foreach (var v in new[] { (ulong)(uint)seed, (ulong)batch, (ulong)(uint)layer })
            for (int b = 0; b < 8; b++) { h ^= (v >> (8 * b)) & 0xff; h *= 1099511628211UL; }
        return (int)(h & 0x7fffffff);
    }
}
