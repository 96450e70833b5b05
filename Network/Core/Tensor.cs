namespace MemristorSpice.Network.Core;

/// <summary>
/// Dense float32 tensor in NCHW layout. Fully connected activations use shape (N, F, 1, 1), so every
/// layer sees the same type and a conv output can feed a fully connected layer without a reshape layer.
/// </summary>
public sealed class Tensor
{
    /// <summary>Batch size (number of samples).</summary>
    public int N { get; }
    /// <summary>Channels (features for fully connected activations).</summary>
    public int C { get; }
    /// <summary>Height in pixels (1 for fully connected activations).</summary>
    public int H { get; }
    /// <summary>Width in pixels (1 for fully connected activations).</summary>
    public int W { get; }
    /// <summary>Values in NCHW order, Length = N·C·H·W.</summary>
    public float[] Data { get; }

    /// <summary>Zero-filled tensor of shape (n, c, h, w).</summary>
    public Tensor(int n, int c, int h, int w)
        : this(n, c, h, w, new float[checked(n * c * h * w)]) { }

    /// <summary>Wraps <paramref name="data"/> (no copy) as a tensor of shape (n, c, h, w); the length must match the shape.</summary>
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
    /// <summary>Values per channel plane (H·W).</summary>
    public int PlaneSize => H * W;
    /// <summary>Total number of values (N·C·H·W).</summary>
    public int Length => Data.Length;

    /// <summary>Value at sample n, channel c, row h, column w.</summary>
    public float this[int n, int c, int h, int w]
    {
        get => Data[((n * C + c) * H + h) * W + w];
        set => Data[((n * C + c) * H + h) * W + w] = value;
    }

    /// <summary>Values of sample <paramref name="n"/> (C·H·W, a view into <see cref="Data"/>).</summary>
    public Span<float> Sample(int n) => Data.AsSpan(n * SampleSize, SampleSize);
    /// <summary>Values of channel <paramref name="c"/> of sample <paramref name="n"/> (H·W, a view into <see cref="Data"/>).</summary>
    public Span<float> Plane(int n, int c) => Data.AsSpan((n * C + c) * PlaneSize, PlaneSize);

    /// <summary>Deep copy with its own data array.</summary>
    public Tensor Clone() => new(N, C, H, W, (float[])Data.Clone());
    /// <summary>Zero-filled tensor of the same shape.</summary>
    public Tensor ZerosLike() => new(N, C, H, W);
    /// <summary>True when <paramref name="o"/> has the same N, C, H and W.</summary>
    public bool SameShape(Tensor o) => N == o.N && C == o.C && H == o.H && W == o.W;
    /// <inheritdoc/>
    public override string ToString() => $"Tensor({N},{C},{H},{W})";
}
