using System.Numerics.Tensors;
using Tensor = MemristorSpice.Network.Core.Tensor;
using MemristorSpice.Network.Core;

namespace MemristorSpice.Network.Layers;

/// <summary>
/// Depthwise k×k convolution: channel c is filtered by its own kernel Weight[c, ky·k+kx] plus Bias[c].
/// Each channel maps to its own small (k²+1)×2 crossbar, which is why pruning removes whole channels.
/// </summary>
public sealed class DepthwiseConv : Layer
{
    /// <summary>Number of channels, each filtered by its own kernel (input and output channel count are equal).</summary>
    public int Channels { get; }
    /// <summary>Kernel side k in pixels (k×k window).</summary>
    public int Kernel { get; }
    /// <summary>Step between windows in pixels.</summary>
    public int Stride { get; }
    /// <summary>Zero padding added on every border, in pixels.</summary>
    public int Padding { get; }
    /// <summary>Weights [channels, k·k], one kernel per channel in (ky, kx) order.</summary>
    public Parameter Weight { get; }
    /// <summary>One bias per channel.</summary>
    public Parameter Bias { get; }
    private Tensor? _input, _y, _dx;

    /// <summary>Creates a depthwise convolution with zero weights and biases (initialise before training).</summary>
    public DepthwiseConv(string name, int channels, int kernel, int stride = 1, int padding = 0) : base(name)
    {
        Channels = channels; Kernel = kernel; Stride = stride; Padding = padding;
        Weight = new Parameter(name + ".weight", [channels, kernel * kernel]);
        Bias = new Parameter(name + ".bias", [channels]);
    }

    /// <inheritdoc/>
    public override string Kind => "DepthwiseConv";
    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, int> HyperParameters => new Dictionary<string, int>
    {
        ["channels"] = Channels, ["kernel"] = Kernel, ["stride"] = Stride, ["padding"] = Padding,
    };
    /// <inheritdoc/>
    public override IReadOnlyList<Parameter> Parameters => [Weight, Bias];

    /// <summary>Geometry of one channel (a single-channel conv), shared with im2col for crossbar patches.</summary>
    public ConvGeometry ChannelGeometry(Shape3 input) => new(1, input.H, input.W, Kernel, Stride, Padding);

    /// <inheritdoc/>
    public override Shape3 OutputShape(Shape3 input)
    {
        var g = ChannelGeometry(input);
        return new Shape3(Channels, g.OutH, g.OutW);
    }

    /// <inheritdoc/>
    public override long Macs(Shape3 input) => (long)ChannelGeometry(input).OutPlane * Kernel * Kernel * Channels;

    /// <summary>
    /// Valid output columns [lo, hi) for kernel column kx, so that input column ox·s+kx−p is inside the row;
    /// lets the inner loops run over contiguous spans (SIMD for stride 1).
    /// </summary>
    private static (int Lo, int Hi) ColumnRange(ConvGeometry g, int kx)
    {
        int lo = 0, hi = g.OutW;
        while (lo < hi && lo * g.Stride + kx - g.Padding < 0) lo++;
        while (hi > lo && (hi - 1) * g.Stride + kx - g.Padding >= g.InW) hi--;
        return (lo, hi);
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor x, bool training)
    {
        CheckChannels(x, Channels, Name);
        var g = ChannelGeometry(new Shape3(x.C, x.H, x.W));
        var y = Buffer(ref _y, training, x.N, Channels, g.OutH, g.OutW);
        Par.For(x.N, n =>
        {
            for (int c = 0; c < Channels; c++)
            {
                ReadOnlySpan<float> src = x.Plane(n, c);
                var dst = y.Plane(n, c);
                dst.Fill(Bias.Value[c]);
                for (int ky = 0; ky < Kernel; ky++)
                    for (int kx = 0; kx < Kernel; kx++)
                    {
                        float wv = Weight.Value[(c * Kernel + ky) * Kernel + kx];
                        var (lo, hi) = ColumnRange(g, kx);
                        if (hi <= lo) continue;
                        for (int oy = 0; oy < g.OutH; oy++)
                        {
                            int iy = oy * g.Stride + ky - g.Padding;
                            if (iy < 0 || iy >= g.InH) continue;
                            var d = dst.Slice(oy * g.OutW + lo, hi - lo);
                            int ix0 = iy * g.InW + lo * g.Stride + kx - g.Padding;
                            if (g.Stride == 1) TensorPrimitives.MultiplyAdd(src.Slice(ix0, hi - lo), wv, d, d);
                            else for (int j = 0; j < d.Length; j++) d[j] += wv * src[ix0 + j * g.Stride];
                        }
                    }
            }
        });
        if (training) _input = x;
        return y;
    }

    /// <inheritdoc/>
    public override Tensor Backward(Tensor dy)
    {
        var x = Require(_input, Name);
        var g = ChannelGeometry(new Shape3(x.C, x.H, x.W));
        int kk = Kernel * Kernel;
        // Parameter gradients: parallel over channels, each channel sums samples in order (deterministic).
        Par.For(Channels, c =>
        {
            var gw = Weight.Grad.AsSpan(c * kk, kk);
            double gb = 0;
            Span<double> acc = stackalloc double[kk];
            for (int n = 0; n < x.N; n++)
            {
                ReadOnlySpan<float> src = x.Plane(n, c);
                ReadOnlySpan<float> d = dy.Plane(n, c);
                gb += TensorPrimitives.Sum(d);
                for (int ky = 0; ky < Kernel; ky++)
                    for (int kx = 0; kx < Kernel; kx++)
                    {
                        var (lo, hi) = ColumnRange(g, kx);
                        float s = 0;
                        for (int oy = 0; oy < g.OutH && hi > lo; oy++)
                        {
                            int iy = oy * g.Stride + ky - g.Padding;
                            if (iy < 0 || iy >= g.InH) continue;
                            var ds = d.Slice(oy * g.OutW + lo, hi - lo);
                            int ix0 = iy * g.InW + lo * g.Stride + kx - g.Padding;
                            if (g.Stride == 1) s += TensorPrimitives.Dot(ds, src.Slice(ix0, hi - lo));
                            else for (int j = 0; j < ds.Length; j++) s += ds[j] * src[ix0 + j * g.Stride];
                        }
                        acc[ky * Kernel + kx] += s;
                    }
            }
            for (int i = 0; i < kk; i++) gw[i] += (float)acc[i];
            Bias.Grad[c] += (float)gb;
        });
        var dx = Buffer(ref _dx, true, x.N, x.C, x.H, x.W);
        Par.For(x.N, n =>
        {
            dx.Sample(n).Clear();
            for (int c = 0; c < Channels; c++)
            {
                ReadOnlySpan<float> d = dy.Plane(n, c);
                var dxs = dx.Plane(n, c);
                for (int ky = 0; ky < Kernel; ky++)
                    for (int kx = 0; kx < Kernel; kx++)
                    {
                        float wv = Weight.Value[c * kk + ky * Kernel + kx];
                        var (lo, hi) = ColumnRange(g, kx);
                        if (hi <= lo) continue;
                        for (int oy = 0; oy < g.OutH; oy++)
                        {
                            int iy = oy * g.Stride + ky - g.Padding;
                            if (iy < 0 || iy >= g.InH) continue;
                            var ds = d.Slice(oy * g.OutW + lo, hi - lo);
                            int ix0 = iy * g.InW + lo * g.Stride + kx - g.Padding;
                            if (g.Stride == 1)
                            {
                                var t = dxs.Slice(ix0, hi - lo);
                                TensorPrimitives.MultiplyAdd(ds, wv, t, t);
                            }
                            else for (int j = 0; j < ds.Length; j++) dxs[ix0 + j * g.Stride] += wv * ds[j];
                        }
                    }
            }
        });
        return dx;
    }
}
