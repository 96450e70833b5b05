using System.Numerics.Tensors;
using Tensor = MemristorSpice.Network.Core.Tensor;
using MemristorSpice.Network.Core;

namespace MemristorSpice.Network.Layers;

/// <summary>
/// Per-channel batch normalisation. Training uses batch statistics (biased variance) and updates running
/// statistics (unbiased variance, PyTorch convention); evaluation uses the running statistics, which is the
/// form that folds into the preceding convolution.
/// </summary>
public sealed class BatchNorm : Layer
{
    /// <summary>Number of channels normalised (also the size of each statistic).</summary>
    public int Channels { get; }
    /// <summary>Small constant added to the variance before the square root, for numerical safety.</summary>
    public float Epsilon { get; } = 1e-5f;
    /// <summary>Weight of the current batch when updating the running statistics (PyTorch convention, 0.1).</summary>
    public float Momentum { get; } = 0.1f;
    /// <summary>Per-channel scale γ, initialised to 1.</summary>
    public Parameter Gamma { get; }
    /// <summary>Per-channel shift β, initialised to 0.</summary>
    public Parameter Beta { get; }
    /// <summary>Per-channel running mean of the input, used in eval mode (not trained).</summary>
    public Parameter RunningMean { get; }
    /// <summary>Per-channel running variance of the input (unbiased), used in eval mode (not trained).</summary>
    public Parameter RunningVar { get; }

    private Tensor? _xhat, _y, _dx;
    private float[]? _invStd;
    private bool _frozenForward;

    /// <summary>
    /// When true, training-mode passes are the fixed eval-mode affine map: running statistics instead of batch
    /// statistics, and γ, β, the statistics all unchanged (no gradient accumulates into γ and β). The layer is then the
    /// fixed scale that folds into the weights before it (used by hardware-aware fine-tuning, which trains the folded
    /// network the crossbars hold: the gradient of a raw weight is s times that of its folded weight).
    /// </summary>
    public bool FrozenStatistics { get; set; }

    /// <summary>Creates a batch normalisation over <paramref name="channels"/> channels, γ = 1, β = 0, running mean 0 and variance 1.</summary>
    public BatchNorm(string name, int channels) : base(name)
    {
        Channels = channels;
        Gamma = new Parameter(name + ".gamma", [channels]);
        Beta = new Parameter(name + ".beta", [channels]);
        RunningMean = new Parameter(name + ".running_mean", [channels], trainable: false);
        RunningVar = new Parameter(name + ".running_var", [channels], trainable: false);
        Array.Fill(Gamma.Value, 1f);
        Array.Fill(RunningVar.Value, 1f);
    }

    /// <inheritdoc/>
    public override string Kind => "BatchNorm";
    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, int> HyperParameters => new Dictionary<string, int> { ["channels"] = Channels };
    /// <inheritdoc/>
    public override IReadOnlyList<Parameter> Parameters => [Gamma, Beta, RunningMean, RunningVar];
    /// <inheritdoc/>
    public override Shape3 OutputShape(Shape3 input) => input;

    /// <summary>Eval-mode affine form y = scale·x + shift per channel.</summary>
    public (float Scale, float Shift) EvalAffine(int c)
    {
        float scale = Gamma.Value[c] / MathF.Sqrt(RunningVar.Value[c] + Epsilon);
        return (scale, Beta.Value[c] - RunningMean.Value[c] * scale);
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor x, bool training)
    {
        CheckChannels(x, Channels, Name);
        var y = Buffer(ref _y, training, x.N, x.C, x.H, x.W);
        int hw = x.PlaneSize, m = x.N * hw;
        if (!training)
        {
            Par.For(x.N, n =>
            {
                for (int c = 0; c < Channels; c++)
                {
                    var (scale, shift) = EvalAffine(c);
                    Affine(x.Plane(n, c), scale, shift, y.Plane(n, c));
                }
            });
            return y;
        }
        var xhat = Buffer(ref _xhat, true, x.N, x.C, x.H, x.W);
        var invStd = new float[Channels];
        _frozenForward = FrozenStatistics;
        if (FrozenStatistics)
        {
            Par.For(Channels, c =>
            {
                float inv = 1f / MathF.Sqrt(RunningVar.Value[c] + Epsilon), mean = RunningMean.Value[c];
                invStd[c] = inv;
                for (int n = 0; n < x.N; n++)
                {
                    var xh = xhat.Plane(n, c);
                    TensorPrimitives.Subtract(x.Plane(n, c), mean, xh);
                    TensorPrimitives.Multiply(xh, inv, xh);
                    Affine(xh, Gamma.Value[c], Beta.Value[c], y.Plane(n, c));
                }
            });
            _invStd = invStd;
            return y;
        }
        Par.For(Channels, c =>
        {
            // Plane sums in float, accumulated across the batch in double and in sample order.
            double sum = 0;
            for (int n = 0; n < x.N; n++) sum += TensorPrimitives.Sum(x.Plane(n, c));
            float mean = (float)(sum / m);
            double sq = 0;
            for (int n = 0; n < x.N; n++)
            {
                var xh = xhat.Plane(n, c);
                TensorPrimitives.Subtract(x.Plane(n, c), mean, xh);
                sq += TensorPrimitives.SumOfSquares(xh);
            }
            double var = sq / m;
            float inv = (float)(1.0 / Math.Sqrt(var + Epsilon));
            invStd[c] = inv;
            float g = Gamma.Value[c], b = Beta.Value[c];
            for (int n = 0; n < x.N; n++)
            {
                var xh = xhat.Plane(n, c);
                TensorPrimitives.Multiply(xh, inv, xh);
                Affine(xh, g, b, y.Plane(n, c));
            }
            double unbiased = m > 1 ? sq / (m - 1) : var;
            RunningMean.Value[c] = (1 - Momentum) * RunningMean.Value[c] + Momentum * mean;
            RunningVar.Value[c] = (1 - Momentum) * RunningVar.Value[c] + Momentum * (float)unbiased;
        });
        _invStd = invStd;
        return y;
    }

    /// <inheritdoc/>
    public override Tensor Backward(Tensor dy)
    {
        var xhat = Require(_xhat, Name);
        var invStd = _invStd!;
        var dx = Buffer(ref _dx, true, dy.N, dy.C, dy.H, dy.W);
        int m = dy.N * dy.PlaneSize;
        Par.For(Channels, c =>
        {
            double sdy = 0, sdyx = 0;
            for (int n = 0; n < dy.N; n++)
            {
                var d = dy.Plane(n, c);
                sdy += TensorPrimitives.Sum(d);
                sdyx += TensorPrimitives.Dot(d, xhat.Plane(n, c));
            }
            if (!_frozenForward)
            {
                Gamma.Grad[c] += (float)sdyx;
                Beta.Grad[c] += (float)sdy;
            }
            else
            {
                // Fixed statistics: y = γ·(x − μ)·invStd + β, so dx = γ·invStd·dy.
                for (int n = 0; n < dy.N; n++) TensorPrimitives.Multiply(dy.Plane(n, c), Gamma.Value[c] * invStd[c], dx.Plane(n, c));
                return;
            }
            // dx = γ·invStd/m · (m·dy − Σdy − x̂·Σ(dy·x̂))
            float k = Gamma.Value[c] * invStd[c] / m;
            float a = (float)sdy, b = (float)sdyx;
            for (int n = 0; n < dy.N; n++)
            {
                var o = dx.Plane(n, c);
                Affine(dy.Plane(n, c), k * m, -k * a, o);
                TensorPrimitives.MultiplyAdd(xhat.Plane(n, c), -k * b, o, o);
            }
        });
        return dx;
    }

    private static void Affine(ReadOnlySpan<float> x, float scale, float shift, Span<float> y)
    {
        TensorPrimitives.Multiply(x, scale, y);
        TensorPrimitives.Add(y, shift, y);
    }
}
