using System.Numerics.Tensors;
using Tensor = MemristorSpice.Network.Core.Tensor;
using System.Numerics;
using MemristorSpice.Network.Core;

namespace MemristorSpice.Network.Layers;

/// <summary>Rectified linear unit; done digitally by the controller between crossbar layers.</summary>
public sealed class ReLU : Layer
{
    private Tensor? _output, _y, _dx;
    /// <summary>Creates a ReLU layer named <paramref name="name"/>.</summary>
    public ReLU(string name) : base(name) { }
    /// <inheritdoc/>
    public override string Kind => "ReLU";
    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, int> HyperParameters => new Dictionary<string, int>();
    /// <inheritdoc/>
    public override Shape3 OutputShape(Shape3 input) => input;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor x, bool training)
    {
        var y = Buffer(ref _y, training, x.N, x.C, x.H, x.W);
        Par.For(x.N, n => TensorPrimitives.Max(x.Sample(n), 0f, y.Sample(n)));
        if (training) _output = y;
        return y;
    }

    /// <inheritdoc/>
    public override Tensor Backward(Tensor dy)
    {
        var y = Require(_output, Name);
        var dx = Buffer(ref _dx, true, dy.N, dy.C, dy.H, dy.W);
        Par.For(dy.N, n => Mask(y.Sample(n), dy.Sample(n), dx.Sample(n)));
        return dx;
    }

    // dx = dy where y > 0, else 0 (SIMD select).
    private static void Mask(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        int i = 0, vw = Vector<float>.Count;
        for (; i + vw <= y.Length; i += vw)
        {
            var yv = new Vector<float>(y[i..]);
            Vector.ConditionalSelect(Vector.GreaterThan(yv, Vector<float>.Zero), new Vector<float>(dy[i..]), Vector<float>.Zero).CopyTo(dx[i..]);
        }
        for (; i < y.Length; i++) dx[i] = y[i] > 0 ? dy[i] : 0f;
    }
}
