using MemristorSpice.Network.Core;

namespace MemristorSpice.Network.Layers;

/// <summary>
/// Convolution via im2col + GEMM. Weight is [Cout, (Cin/groups)·k·k] with columns in (c, ky, kx) order —
/// the row order of the conv crossbar — plus a bias per output channel. With <see cref="Groups"/> = g the input
/// and output channels split into g equal groups and output group j sees only input group j (one crossbar per
/// group); <see cref="Dilation"/> spaces the kernel taps and the four paddings may differ (as ONNX Conv allows).
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
    /// <summary>Zero padding on the top border (and on every border unless set otherwise), in pixels.</summary>
    public int Padding { get; }
    /// <summary>Channel groups (1 = standard convolution); Cin and Cout are multiples of it.</summary>
    public int Groups { get; }
    /// <summary>Spacing between kernel taps in pixels (1 = dense kernel).</summary>
    public int Dilation { get; }
    /// <summary>Zero padding on the left border in pixels.</summary>
    public int PadLeft { get; }
    /// <summary>Zero padding on the bottom border in pixels.</summary>
    public int PadBottom { get; }
    /// <summary>Zero padding on the right border in pixels.</summary>
    public int PadRight { get; }
    /// <summary>Weights [Cout, (Cin/groups)·k·k], columns in (channel within the group, ky, kx) order.</summary>
    public Parameter Weight { get; }
    /// <summary>One bias per output channel.</summary>
    public Parameter Bias { get; }

    private float[]? _cols;   // per-sample im2col patches cached for backward
    private Tensor? _input, _y, _dx;
    private ConvGeometry _geo;

    [ThreadStatic] private static float[]? t_scratch;

    /// <summary>Creates a convolution with zero weights and biases (initialise before training).</summary>
    /// <param name="name">Layer name.</param>
    /// <param name="inChannels">Input channels.</param>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="kernel">Kernel side in pixels.</param>
    /// <param name="stride">Step between windows in pixels.</param>
    /// <param name="padding">Zero padding in pixels (top, and every other border not given).</param>
    /// <param name="groups">Channel groups; must divide both channel counts.</param>
    /// <param name="dilation">Spacing between kernel taps in pixels.</param>
    /// <param name="padLeft">Left padding (null = <paramref name="padding"/>).</param>
    /// <param name="padBottom">Bottom padding (null = <paramref name="padding"/>).</param>
    /// <param name="padRight">Right padding (null = <paramref name="padding"/>).</param>
    public Conv2d(string name, int inChannels, int outChannels, int kernel, int stride = 1, int padding = 0,
        int groups = 1, int dilation = 1, int? padLeft = null, int? padBottom = null, int? padRight = null)
        : base(name)
    {
        if (groups < 1 || inChannels % groups != 0 || outChannels % groups != 0)
            throw new ArgumentException($"{name}: {groups} groups do not divide {inChannels} input and {outChannels} output channels.");
        InChannels = inChannels; OutChannels = outChannels; Kernel = kernel; Stride = stride; Padding = padding;
        Groups = groups; Dilation = dilation;
        PadLeft = padLeft ?? padding; PadBottom = padBottom ?? padding; PadRight = padRight ?? padding;
        Weight = new Parameter(name + ".weight", [outChannels, inChannels / groups * kernel * kernel]);
        Bias = new Parameter(name + ".bias", [outChannels]);
    }

    /// <inheritdoc/>
    public override string Kind => "Conv2d";
    /// <summary>Rows of one patch of one group: (Cin/groups)·k·k, the weight row length.</summary>
    public int PatchSize => InChannels / Groups * Kernel * Kernel;
    /// <summary>Input channels per group.</summary>
    public int GroupInChannels => InChannels / Groups;
    /// <summary>Output channels per group.</summary>
    public int GroupOutChannels => OutChannels / Groups;

    /// <summary>
    /// Kind, in, out, kernel, stride, padding; then groups, dilation and the left/bottom/right paddings only where
    /// they differ from their defaults (1, 1, padding), so files of standard convolutions stay as they were.
    /// </summary>
    public override IReadOnlyDictionary<string, int> HyperParameters
    {
        get
        {
            var h = new Dictionary<string, int>
            {
                ["in"] = InChannels, ["out"] = OutChannels, ["kernel"] = Kernel, ["stride"] = Stride, ["padding"] = Padding,
            };
            if (Groups != 1) h["groups"] = Groups;
            if (Dilation != 1) h["dilation"] = Dilation;
            if (PadLeft != Padding) h["padding_left"] = PadLeft;
            if (PadBottom != Padding) h["padding_bottom"] = PadBottom;
            if (PadRight != Padding) h["padding_right"] = PadRight;
            return h;
        }
    }

    /// <inheritdoc/>
    public override IReadOnlyList<Parameter> Parameters => [Weight, Bias];

    /// <summary>Im2col geometry of this convolution (all input channels) for the per-sample <paramref name="input"/> shape.</summary>
    public ConvGeometry Geometry(Shape3 input) => new(InChannels, input.H, input.W, Kernel, Stride, Padding)
    {
        Dilation = Dilation, PadLeft = PadLeft, PadBottom = PadBottom, PadRight = PadRight,
    };

    /// <inheritdoc/>
    public override Shape3 OutputShape(Shape3 input)
    {
        var g = Geometry(input);
        return new Shape3(OutChannels, g.OutH, g.OutW);
    }

    /// <inheritdoc/>
    public override long Macs(Shape3 input) => (long)Geometry(input).OutPlane * PatchSize * OutChannels;

    // Group j's patch rows are rows [j·kg, (j+1)·kg) of the all-channel im2col (rows in (c, ky, kx) order), its
    // weights rows [j·og, (j+1)·og) and its outputs channels [j·og, (j+1)·og): one GEMM per group.

    /// <inheritdoc/>
    public override Tensor Forward(Tensor x, bool training)
    {
        CheckChannels(x, InChannels, Name);
        var g = Geometry(new Shape3(x.C, x.H, x.W));
        int kk = g.PatchSize, hw = g.OutPlane, kg = PatchSize, og = GroupOutChannels;
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
            for (int j = 0; j < Groups; j++)
                Gemm.Multiply(Weight.Value.AsSpan(j * og * kg), kg, 1, b.Slice(j * kg * hw, kg * hw), yn.Slice(j * og * hw, og * hw),
                    og, kg, hw, accumulate: true);
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
        int kk = g.PatchSize, hw = g.OutPlane, cout = OutChannels, kg = PatchSize, og = GroupOutChannels;
        var cols = _cols;
        // Weight and bias gradients: fixed-chunk reduction over samples (deterministic).
        var grad = new float[cout * kg + cout];
        Par.Reduce(x.N, grad, (n, acc) =>
        {
            ReadOnlySpan<float> b = cols is null ? x.Sample(n) : cols.AsSpan(n * kk * hw, kk * hw);
            var colsT = Scratch(hw * kg);
            var dyn = dy.Sample(n);
            for (int j = 0; j < Groups; j++)
            {
                Gemm.Transpose(b.Slice(j * kg * hw, kg * hw), colsT, kg, hw);
                Gemm.Multiply(dyn.Slice(j * og * hw), hw, 1, colsT, acc.AsSpan(j * og * kg), og, hw, kg, accumulate: true);
            }
            for (int o = 0; o < cout; o++)
                acc[cout * kg + o] += System.Numerics.Tensors.TensorPrimitives.Sum(dyn.Slice(o * hw, hw));
        });
        System.Numerics.Tensors.TensorPrimitives.Add(Weight.Grad, grad.AsSpan(0, cout * kg), Weight.Grad);
        System.Numerics.Tensors.TensorPrimitives.Add(Bias.Grad, grad.AsSpan(cout * kg, cout), Bias.Grad);

        if (!inputGradient) return null;
        var dx = Buffer(ref _dx, true, x.N, x.C, x.H, x.W);
        Par.For(x.N, n =>
        {
            // dcols = Wᵀ·dy per group: A = Wᵀ read through strides (row stride 1, column stride kg).
            var dcols = cols is null ? dx.Sample(n) : Scratch(kk * hw);
            for (int j = 0; j < Groups; j++)
                Gemm.Multiply(Weight.Value.AsSpan(j * og * kg), 1, kg, dy.Sample(n).Slice(j * og * hw), dcols.Slice(j * kg * hw, kg * hw),
                    kg, og, hw, accumulate: false);
            if (cols is not null) g.Col2Im(dcols, dx.Sample(n));
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
