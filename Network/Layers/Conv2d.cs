using MemristorSpice.Network.Core;

namespace MemristorSpice.Network.Layers;

/// <summary>
/// Standard convolution via im2col + GEMM. Weight is [Cout, Cin·k·k] with columns in (c, ky, kx) order —
/// the row order of the conv crossbar — plus a bias per output channel.
/// </summary>
public class Conv2d : Layer
{
    /// <summary>Input channels (Cin).</summary>
    public int InChannels { get; }
    /// <summary>Output channels (Cout).</summary>
    public int OutChannels { get; }
    /// <summary>Kernel side k in pixels (k×k window).</summary>
    public int Kernel { get; }
    /// <summary>Step between windows in pixels.</summary>
    public int Stride { get; }
    /// <summary>Zero padding added on every border, in pixels.</summary>
    public int Padding { get; }
    /// <summary>Weights [Cout, Cin·k·k], columns in (channel, ky, kx) order.</summary>
    public Parameter Weight { get; }
    /// <summary>One bias per output channel.</summary>
    public Parameter Bias { get; }

    private float[]? _cols;   // per-sample im2col patches cached for backward
    private Tensor? _input, _y, _dx;
    private ConvGeometry _geo;

    [ThreadStatic] private static float[]? t_scratch;

    /// <summary>Creates a convolution with zero weights and biases (initialise before training).</summary>
    public Conv2d(string name, int inChannels, int outChannels, int kernel, int stride = 1, int padding = 0)
        : base(name)
    {
        InChannels = inChannels; OutChannels = outChannels; Kernel = kernel; Stride = stride; Padding = padding;
        Weight = new Parameter(name + ".weight", [outChannels, inChannels * kernel * kernel]);
        Bias = new Parameter(name + ".bias", [outChannels]);
    }

    /// <inheritdoc/>
    public override string Kind => "Conv2d";
    /// <summary>Rows of one patch: Cin·k·k, the weight row length.</summary>
    public int PatchSize => InChannels * Kernel * Kernel;

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, int> HyperParameters => new Dictionary<string, int>
    {
        ["in"] = InChannels, ["out"] = OutChannels, ["kernel"] = Kernel, ["stride"] = Stride, ["padding"] = Padding,
    };

    /// <inheritdoc/>
    public override IReadOnlyList<Parameter> Parameters => [Weight, Bias];

    /// <summary>Im2col geometry of this convolution for the per-sample <paramref name="input"/> shape.</summary>
    public ConvGeometry Geometry(Shape3 input) => new(InChannels, input.H, input.W, Kernel, Stride, Padding);

    /// <inheritdoc/>
    public override Shape3 OutputShape(Shape3 input)
    {
        var g = Geometry(input);
        return new Shape3(OutChannels, g.OutH, g.OutW);
    }

    /// <inheritdoc/>
    public override long Macs(Shape3 input) => (long)Geometry(input).OutPlane * PatchSize * OutChannels;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor x, bool training)
    {
        CheckChannels(x, InChannels, Name);
        var g = Geometry(new Shape3(x.C, x.H, x.W));
        int kk = g.PatchSize, hw = g.OutPlane;
        var y = Buffer(ref _y, training, x.N, OutChannels, g.OutH, g.OutW);
        float[]? cols = null;
        if (!g.IsIdentity)
        {
            cols = _cols is not null && _cols.Length == x.N * kk * hw ? _cols : new float[x.N * kk * hw];
        }
        Par.For(x.N, n =>
        {
            ReadOnlySpan<float> b;
            if (cols is null) b = x.Sample(n);
            else
            {
                var c = cols.AsSpan(n * kk * hw, kk * hw);
                g.Im2Col(x.Sample(n), c);
                b = c;
            }
            var yn = y.Sample(n);
            for (int o = 0; o < OutChannels; o++) yn.Slice(o * hw, hw).Fill(Bias.Value[o]);
            Gemm.Multiply(Weight.Value, kk, 1, b, yn, OutChannels, kk, hw, accumulate: true);
        });
        if (training) { _cols = cols; _input = x; _geo = g; }
        return y;
    }

    /// <inheritdoc/>
    public override Tensor Backward(Tensor dy) => Backward(dy, inputGradient: true)!;

    /// <summary>Without the input gradient (first layer: its input is the image) the dx GEMM and col2im are skipped.</summary>
    public override Tensor? Backward(Tensor dy, bool inputGradient)
    {
        var x = Require(_input, Name);
        var g = _geo;
        int kk = g.PatchSize, hw = g.OutPlane, cout = OutChannels;
        var cols = _cols;
        // Weight and bias gradients: fixed-chunk reduction over samples (deterministic).
        var grad = new float[cout * kk + cout];
        Par.Reduce(x.N, grad, (n, acc) =>
        {
            ReadOnlySpan<float> b = cols is null ? x.Sample(n) : cols.AsSpan(n * kk * hw, kk * hw);
            var colsT = Scratch(hw * kk);
            Gemm.Transpose(b, colsT, kk, hw);
            var dyn = dy.Sample(n);
            Gemm.Multiply(dyn, hw, 1, colsT, acc, cout, hw, kk, accumulate: true);
            for (int o = 0; o < cout; o++)
                acc[cout * kk + o] += System.Numerics.Tensors.TensorPrimitives.Sum(dyn.Slice(o * hw, hw));
        });
        System.Numerics.Tensors.TensorPrimitives.Add(Weight.Grad, grad.AsSpan(0, cout * kk), Weight.Grad);
        System.Numerics.Tensors.TensorPrimitives.Add(Bias.Grad, grad.AsSpan(cout * kk, cout), Bias.Grad);

        if (!inputGradient) return null;
        var dx = Buffer(ref _dx, true, x.N, x.C, x.H, x.W);
        Par.For(x.N, n =>
        {
            // dcols = Wᵀ·dy: A = Wᵀ read through strides (row stride 1, column stride kk).
            if (cols is null)
                Gemm.Multiply(Weight.Value, 1, kk, dy.Sample(n), dx.Sample(n), kk, cout, hw, accumulate: false);
            else
            {
                var dcols = Scratch(kk * hw);
                Gemm.Multiply(Weight.Value, 1, kk, dy.Sample(n), dcols, kk, cout, hw, accumulate: false);
                g.Col2Im(dcols, dx.Sample(n));
            }
        });
        return dx;
    }

    private static Span<float> Scratch(int size)
    {
        if (t_scratch is null || t_scratch.Length < size) t_scratch = new float[size];
        return t_scratch.AsSpan(0, size);
    }
}

/// <summary>1×1 convolution (stride 1, no padding): a per-pixel matrix multiply over channels.</summary>
public sealed class PointwiseConv : Conv2d
{
    /// <summary>Creates a 1×1 convolution from <paramref name="inChannels"/> to <paramref name="outChannels"/> channels.</summary>
    public PointwiseConv(string name, int inChannels, int outChannels) : base(name, inChannels, outChannels, 1) { }
    /// <inheritdoc/>
    public override string Kind => "PointwiseConv";
    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, int> HyperParameters => new Dictionary<string, int>
    {
        ["in"] = InChannels, ["out"] = OutChannels,
    };
}
