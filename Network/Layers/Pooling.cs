using MemristorSpice.Network.Core;

namespace MemristorSpice.Network.Layers;

/// <summary>
/// Max pooling with a square window. By default the window equals the stride (non-overlapping) and remainder rows
/// are dropped; <see cref="Window"/> may also set another stride, zero-free padding and ceil rounding (ONNX MaxPool).
/// </summary>
public sealed class MaxPool : Layer
{
    /// <summary>Window side in pixels (also the stride unless <see cref="Window"/> says otherwise).</summary>
    public int Size { get; }
    /// <summary>Window geometry: size, stride, paddings and rounding.</summary>
    public PoolWindow Window { get; }
    private int[]? _argmax;
    private Tensor? _input, _y, _dx;

    /// <summary>Creates a max pooling layer with a <paramref name="size"/>×<paramref name="size"/> window and stride.</summary>
    public MaxPool(string name, int size = 2) : this(name, new PoolWindow(size)) { }
    /// <summary>Creates a max pooling layer with the general window <paramref name="window"/>.</summary>
    public MaxPool(string name, PoolWindow window) : base(name) { Window = window; Size = window.Size; }
    /// <inheritdoc/>
    public override string Kind => "MaxPool";
    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, int> HyperParameters => Window.HyperParameters(averaging: false);
    /// <inheritdoc/>
    public override Shape3 OutputShape(Shape3 i) => Window.Output(i);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor x, bool training)
    {
        if (!Window.IsPlain) return GeneralForward(x, training);
        int oh = x.H / Size, ow = x.W / Size;
        var y = Buffer(ref _y, training, x.N, x.C, oh, ow);
        var arg = training ? (_argmax is not null && _argmax.Length == y.Length ? _argmax : new int[y.Length]) : null;
        if (Size == 2)
        {
            // The 2×2 case (both msccnn pools): same first-maximum-in-row-major-order rule, unrolled (profiled at
            // ≈ 13 % of an msccnn training step with the generic loops).
            Par.For(x.N, n =>
            {
                var xd = x.Data;
                var yd = y.Data;
                for (int c = 0; c < x.C; c++)
                {
                    int inBase = (n * x.C + c) * x.PlaneSize, outBase = (n * x.C + c) * oh * ow;
                    for (int oy = 0; oy < oh; oy++)
                    {
                        int r0 = inBase + 2 * oy * x.W, o = outBase + oy * ow;
                        for (int ox = 0; ox < ow; ox++, r0 += 2)
                        {
                            int best = r0;
                            float bv = xd[r0];
                            if (xd[r0 + 1] > bv) { best = r0 + 1; bv = xd[best]; }
                            if (xd[r0 + x.W] > bv) { best = r0 + x.W; bv = xd[best]; }
                            if (xd[r0 + x.W + 1] > bv) { best = r0 + x.W + 1; bv = xd[best]; }
                            yd[o + ox] = bv;
                            if (arg is not null) arg[o + ox] = best;
                        }
                    }
                }
            });
            if (training) { _argmax = arg; _input = x; }
            return y;
        }
        Par.For(x.N, n =>
        {
            for (int c = 0; c < x.C; c++)
            {
                int inBase = (n * x.C + c) * x.PlaneSize, outBase = (n * x.C + c) * oh * ow;
                var xd = x.Data;
                var yd = y.Data;
                for (int oy = 0; oy < oh; oy++)
                    for (int ox = 0; ox < ow; ox++)
                    {
                        int best = inBase + oy * Size * x.W + ox * Size;
                        float bv = xd[best];
                        for (int dy = 0; dy < Size; dy++)
                            for (int dx = 0; dx < Size; dx++)
                            {
                                int idx = inBase + (oy * Size + dy) * x.W + ox * Size + dx;
                                if (xd[idx] > bv) { best = idx; bv = xd[idx]; }
                            }
                        yd[outBase + oy * ow + ox] = bv;
                        if (arg is not null) arg[outBase + oy * ow + ox] = best;
                    }
            }
        });
        if (training) { _argmax = arg; _input = x; }
        return y;
    }

    // Any window: the first maximum in row-major order over the window's positions inside the input.
    private Tensor GeneralForward(Tensor x, bool training)
    {
        var o = Window.Output(new Shape3(x.C, x.H, x.W));
        var y = Buffer(ref _y, training, x.N, x.C, o.H, o.W);
        var arg = training ? (_argmax is not null && _argmax.Length == y.Length ? _argmax : new int[y.Length]) : null;
        Par.For(x.N, n =>
        {
            for (int c = 0; c < x.C; c++)
            {
                int inBase = (n * x.C + c) * x.PlaneSize, outBase = (n * x.C + c) * o.H * o.W;
                for (int oy = 0; oy < o.H; oy++)
                    for (int ox = 0; ox < o.W; ox++)
                    {
                        var (y0, y1, x0, x1) = Window.Inside(oy, ox, x.H, x.W);
                        int best = -1;
                        float bv = float.NegativeInfinity;
                        for (int iy = y0; iy < y1; iy++)
                            for (int ix = x0; ix < x1; ix++)
                            {
                                int idx = inBase + iy * x.W + ix;
                                if (best < 0 || x.Data[idx] > bv) { best = idx; bv = x.Data[idx]; }
                            }
                        y.Data[outBase + oy * o.W + ox] = bv;
                        if (arg is not null) arg[outBase + oy * o.W + ox] = best;
                    }
            }
        });
        if (training) { _argmax = arg; _input = x; }
        return y;
    }

    /// <inheritdoc/>
    public override Tensor Backward(Tensor dy)
    {
        var x = Require(_input, Name);
        var dx = Buffer(ref _dx, true, x.N, x.C, x.H, x.W);
        var arg = _argmax!;
        // Every sample's indices point into its own sample, and within a sample the order is fixed: deterministic
        // even where overlapping windows share an input element.
        int per = dy.SampleSize;
        Par.For(dy.N, n =>
        {
            dx.Sample(n).Clear();
            for (int i = n * per; i < (n + 1) * per; i++) if (arg[i] >= 0) dx.Data[arg[i]] += dy.Data[i];
        });
        return dx;
    }
}

/// <summary>
/// Geometry of a square pooling window: side, stride, paddings (top, left, bottom, right) and floor or ceil rounding
/// of the output size, as ONNX MaxPool/AveragePool define them. Padded positions never win a maximum; an average
/// divides by the window's positions inside the input, or inside the padded input when
/// <see cref="CountPadding"/> is set (ONNX count_include_pad).
/// </summary>
/// <param name="Size">Window side in pixels.</param>
/// <param name="Stride">Step between windows in pixels (0 = <paramref name="Size"/>).</param>
/// <param name="Top">Padding above, pixels.</param>
/// <param name="Left">Padding on the left, pixels.</param>
/// <param name="Bottom">Padding below, pixels.</param>
/// <param name="Right">Padding on the right, pixels.</param>
/// <param name="Ceil">Round the output size up (ONNX ceil_mode) instead of down.</param>
/// <param name="CountPadding">Averages divide by the window size including padding (ONNX count_include_pad).</param>
public readonly record struct PoolWindow(int Size, int Stride = 0, int Top = 0, int Left = 0, int Bottom = 0, int Right = 0,
    bool Ceil = false, bool CountPadding = false)
{
    /// <summary>The step between windows in pixels.</summary>
    public int Step => Stride == 0 ? Size : Stride;
    /// <summary>True for the original form: stride = size, no padding, floor rounding.</summary>
    public bool IsPlain => Step == Size && Top == 0 && Left == 0 && Bottom == 0 && Right == 0 && !Ceil;

    /// <summary>Output shape for input <paramref name="i"/>.</summary>
    public Shape3 Output(Shape3 i) => new(i.C, Extent(i.H, Top, Bottom), Extent(i.W, Left, Right));

    private int Extent(int input, int begin, int end)
    {
        if (IsPlain) return input / Size;
        int span = input + begin + end - Size;
        if (span < 0) return 0;
        int o = (Ceil ? (span + Step - 1) / Step : span / Step) + 1;
        // Ceil rounding must not start a window in the end padding (ONNX and PyTorch drop it).
        if (Ceil && (o - 1) * Step >= input + begin) o--;
        return o;
    }

    /// <summary>Input rows [Y0, Y1) and columns [X0, X1) of output (<paramref name="oy"/>, <paramref name="ox"/>) inside an H×W input.</summary>
    public (int Y0, int Y1, int X0, int X1) Inside(int oy, int ox, int h, int w)
    {
        int y0 = oy * Step - Top, x0 = ox * Step - Left;
        return (Math.Max(y0, 0), Math.Min(y0 + Size, h), Math.Max(x0, 0), Math.Min(x0 + Size, w));
    }

    /// <summary>Divisor of an average window at (<paramref name="oy"/>, <paramref name="ox"/>).</summary>
    public int Count(int oy, int ox, int h, int w)
    {
        if (!CountPadding)
        {
            var (y0, y1, x0, x1) = Inside(oy, ox, h, w);
            return (y1 - y0) * (x1 - x0);
        }
        int ya = oy * Step - Top, xa = ox * Step - Left;
        int yb = Math.Min(ya + Size, h + Bottom), xb = Math.Min(xa + Size, w + Right);
        return (yb - ya) * (xb - xa);
    }

    /// <summary>Weights-file hyper-parameters: size, then stride, paddings and flags only where they differ from the plain form.</summary>
    public IReadOnlyDictionary<string, int> HyperParameters(bool averaging)
    {
        var h = new Dictionary<string, int> { ["size"] = Size };
        if (Step != Size) h["stride"] = Step;
        if (Top != 0 || Left != 0 || Bottom != 0 || Right != 0)
        {
            h["padding"] = Top;
            if (Left != Top) h["padding_left"] = Left;
            if (Bottom != Top) h["padding_bottom"] = Bottom;
            if (Right != Top) h["padding_right"] = Right;
        }
        if (Ceil) h["ceil"] = 1;
        if (averaging && CountPadding) h["count_padding"] = 1;
        return h;
    }

    /// <summary>Rebuilds a window from weights-file hyper-parameters (absent keys take their defaults).</summary>
    public static PoolWindow From(IReadOnlyDictionary<string, int> hp, int size)
    {
        int Get(string key, int fallback) => hp.TryGetValue(key, out var v) ? v : fallback;
        int top = Get("padding", 0);
        return new PoolWindow(size, Get("stride", size), top, Get("padding_left", top), Get("padding_bottom", top),
            Get("padding_right", top), Get("ceil", 0) != 0, Get("count_padding", 0) != 0);
    }
}

/// <summary>Average pooling with a square window: non-overlapping by default, or any <see cref="PoolWindow"/>.</summary>
public sealed class AvgPool : Layer
{
    /// <summary>Window side in pixels (also the stride unless <see cref="Window"/> says otherwise).</summary>
    public int Size { get; }
    /// <summary>Window geometry: size, stride, paddings, rounding and divisor rule.</summary>
    public PoolWindow Window { get; }
    private Shape3 _in;
    /// <summary>Creates an average pooling layer with a <paramref name="size"/>×<paramref name="size"/> window and stride.</summary>
    public AvgPool(string name, int size = 2) : this(name, new PoolWindow(size)) { }
    /// <summary>Creates an average pooling layer with the general window <paramref name="window"/>.</summary>
    public AvgPool(string name, PoolWindow window) : base(name) { Window = window; Size = window.Size; }
    /// <inheritdoc/>
    public override string Kind => "AvgPool";
    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, int> HyperParameters => Window.HyperParameters(averaging: true);
    /// <inheritdoc/>
    public override Shape3 OutputShape(Shape3 i) => Window.Output(i);

    // Any window: sum of the window's positions inside the input over the window's divisor.
    private Tensor GeneralForward(Tensor x, bool training)
    {
        var o = Window.Output(new Shape3(x.C, x.H, x.W));
        var y = new Tensor(x.N, x.C, o.H, o.W);
        Par.For(x.N, n =>
        {
            for (int c = 0; c < x.C; c++)
            {
                var src = x.Plane(n, c);
                var dst = y.Plane(n, c);
                for (int oy = 0; oy < o.H; oy++)
                    for (int ox = 0; ox < o.W; ox++)
                    {
                        var (y0, y1, x0, x1) = Window.Inside(oy, ox, x.H, x.W);
                        float s = 0;
                        for (int iy = y0; iy < y1; iy++)
                            for (int ix = x0; ix < x1; ix++) s += src[iy * x.W + ix];
                        int count = Window.Count(oy, ox, x.H, x.W);
                        dst[oy * o.W + ox] = count > 0 ? s / count : 0f;
                    }
            }
        });
        if (training) _in = new Shape3(x.C, x.H, x.W);
        return y;
    }

    private Tensor GeneralBackward(Tensor dy)
    {
        var dx = new Tensor(dy.N, _in.C, _in.H, _in.W);
        Par.For(dy.N, n =>
        {
            for (int c = 0; c < dy.C; c++)
            {
                var g = dy.Plane(n, c);
                var dst = dx.Plane(n, c);
                for (int oy = 0; oy < dy.H; oy++)
                    for (int ox = 0; ox < dy.W; ox++)
                    {
                        var (y0, y1, x0, x1) = Window.Inside(oy, ox, _in.H, _in.W);
                        int count = Window.Count(oy, ox, _in.H, _in.W);
                        if (count == 0) continue;
                        float share = g[oy * dy.W + ox] / count;
                        for (int iy = y0; iy < y1; iy++)
                            for (int ix = x0; ix < x1; ix++) dst[iy * _in.W + ix] += share;
                    }
            }
        });
        return dx;
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor x, bool training)
    {
        if (!Window.IsPlain) return GeneralForward(x, training);
        int oh = x.H / Size, ow = x.W / Size;
        var y = new Tensor(x.N, x.C, oh, ow);
        float inv = 1f / (Size * Size);
        Par.For(x.N, n =>
        {
            for (int c = 0; c < x.C; c++)
            {
                var src = x.Plane(n, c);
                var dst = y.Plane(n, c);
                for (int oy = 0; oy < oh; oy++)
                    for (int ox = 0; ox < ow; ox++)
                    {
                        float s = 0;
                        for (int dy = 0; dy < Size; dy++)
                            for (int dx = 0; dx < Size; dx++) s += src[(oy * Size + dy) * x.W + ox * Size + dx];
                        dst[oy * ow + ox] = s * inv;
                    }
            }
        });
        if (training) _in = new Shape3(x.C, x.H, x.W);
        return y;
    }

    /// <inheritdoc/>
    public override Tensor Backward(Tensor dy)
    {
        if (_in.Size == 0) throw new InvalidOperationException($"{Name}: Backward called without a training-mode Forward.");
        if (!Window.IsPlain) return GeneralBackward(dy);
        var dx = new Tensor(dy.N, _in.C, _in.H, _in.W);
        float inv = 1f / (Size * Size);
        Par.For(dy.N, n =>
        {
            for (int c = 0; c < dy.C; c++)
            {
                var g = dy.Plane(n, c);
                var dst = dx.Plane(n, c);
                for (int oy = 0; oy < dy.H; oy++)
                    for (int ox = 0; ox < dy.W; ox++)
                        for (int a = 0; a < Size; a++)
                            for (int b = 0; b < Size; b++) dst[(oy * Size + a) * _in.W + ox * Size + b] = g[oy * dy.W + ox] * inv;
            }
        });
        return dx;
    }
}

/// <summary>Global average pooling: mean over each channel plane, output (N, C, 1, 1).</summary>
public sealed class GlobalAvgPool : Layer
{
    private Shape3 _in;
    /// <summary>Creates a global average pooling layer.</summary>
    public GlobalAvgPool(string name) : base(name) { }
    /// <inheritdoc/>
    public override string Kind => "GlobalAvgPool";
    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, int> HyperParameters => new Dictionary<string, int>();
    /// <inheritdoc/>
    public override Shape3 OutputShape(Shape3 i) => new(i.C, 1, 1);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor x, bool training)
    {
        var y = new Tensor(x.N, x.C, 1, 1);
        for (int n = 0; n < x.N; n++)
            for (int c = 0; c < x.C; c++)
                y.Data[n * x.C + c] = System.Numerics.Tensors.TensorPrimitives.Sum(x.Plane(n, c)) / x.PlaneSize;
        if (training) _in = new Shape3(x.C, x.H, x.W);
        return y;
    }

    /// <inheritdoc/>
    public override Tensor Backward(Tensor dy)
    {
        if (_in.Size == 0) throw new InvalidOperationException($"{Name}: Backward called without a training-mode Forward.");
        var dx = new Tensor(dy.N, _in.C, _in.H, _in.W);
        float inv = 1f / (_in.H * _in.W);
        for (int n = 0; n < dy.N; n++)
            for (int c = 0; c < dy.C; c++) dx.Plane(n, c).Fill(dy.Data[n * dy.C + c] * inv);
        return dx;
    }
}
