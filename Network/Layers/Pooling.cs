using MemristorSpice.Network.Core;

namespace MemristorSpice.Network.Layers;

/// <summary>Max pooling with a square window; the window equals the stride (non-overlapping), remainder rows dropped.</summary>
public sealed class MaxPool : Layer
{
    /// <summary>Window side and stride in pixels.</summary>
    public int Size { get; }
    private int[]? _argmax;
    private Tensor? _input, _y, _dx;

    /// <summary>Creates a max pooling layer with a <paramref name="size"/>×<paramref name="size"/> window.</summary>
    public MaxPool(string name, int size = 2) : base(name) => Size = size;
    /// <inheritdoc/>
    public override string Kind => "MaxPool";
    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, int> HyperParameters => new Dictionary<string, int> { ["size"] = Size };
    /// <inheritdoc/>
    public override Shape3 OutputShape(Shape3 i) => new(i.C, i.H / Size, i.W / Size);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor x, bool training)
    {
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

    /// <inheritdoc/>
    public override Tensor Backward(Tensor dy)
    {
        var x = Require(_input, Name);
        var dx = Buffer(ref _dx, true, x.N, x.C, x.H, x.W);
        var arg = _argmax!;
        // Windows do not overlap, so every input element receives at most one gradient: order does not matter.
        int per = dy.SampleSize;
        Par.For(dy.N, n =>
        {
            dx.Sample(n).Clear();
            for (int i = n * per; i < (n + 1) * per; i++) dx.Data[arg[i]] += dy.Data[i];
        });
        return dx;
    }
}

/// <summary>Average pooling with a square, non-overlapping window.</summary>
public sealed class AvgPool : Layer
{
    /// <summary>Window side and stride in pixels.</summary>
    public int Size { get; }
    private Shape3 _in;
    /// <summary>Creates an average pooling layer with a <paramref name="size"/>×<paramref name="size"/> window.</summary>
    public AvgPool(string name, int size = 2) : base(name) => Size = size;
    /// <inheritdoc/>
    public override string Kind => "AvgPool";
    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, int> HyperParameters => new Dictionary<string, int> { ["size"] = Size };
    /// <inheritdoc/>
    public override Shape3 OutputShape(Shape3 i) => new(i.C, i.H / Size, i.W / Size);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor x, bool training)
    {
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
