namespace MemristorSpice.Network.Core;

/// <summary>
/// Dense float32 tensor in NCHW layout. Fully connected activations use shape (N, F, 1, 1), so every
/// layer sees the same type and a conv output can feed a fully connected layer without a reshape layer.
/// </summary>
public sealed class Tensor
{
    public int N { get; }
    public int C { get; }
    public int H { get; }
    public int W { get; }
    public float[] Data { get; }

    public Tensor(int n, int c, int h, int w)
        : this(n, c, h, w, new float[checked(n * c * h * w)]) { }

    public Tensor(int n, int c, int h, int w, float[] data)
    {
        if (n <= 0 || c <= 0 || h <= 0 || w <= 0)
            throw new ArgumentException($"Tensor shape ({n},{c},{h},{w}) must be positive.");
        if (data.Length != n * c * h * w)
            throw new ArgumentException($"Tensor data has {data.Length} values, shape ({n},{c},{h},{w}) needs {n * c * h * w}.");
        N = n; C = c; H = h; W = w; Data = data;
    }

    /// <summary>Values per sample (C·H·W).</summary>
    public int SampleSize => C * H * W;
    public int PlaneSize => H * W;
    public int Length => Data.Length;

    public float this[int n, int c, int h, int w]
    {
        get => Data[((n * C + c) * H + h) * W + w];
        set => Data[((n * C + c) * H + h) * W + w] = value;
    }

    public Span<float> Sample(int n) => Data.AsSpan(n * SampleSize, SampleSize);
    public Span<float> Plane(int n, int c) => Data.AsSpan((n * C + c) * PlaneSize, PlaneSize);

    public Tensor Clone() => new(N, C, H, W, (float[])Data.Clone());
    public Tensor ZerosLike() => new(N, C, H, W);
    public bool SameShape(Tensor o) => N == o.N && C == o.C && H == o.H && W == o.W;
    public override string ToString() => $"Tensor({N},{C},{H},{W})";
}
