using MemristorSpice.Network.Core;

namespace MemristorSpice.Network.Layers;

/// <summary>
/// An activation applied value by value (done by the digital controller, like <see cref="ReLU"/>): imported ONNX
/// Clip (ReLU6), LeakyRelu, Sigmoid, Tanh and HardSwish. Backward multiplies by the derivative at the cached input.
/// </summary>
public abstract class ElementwiseActivation : Layer
{
    private Tensor? _input, _y, _dx;

    /// <summary>Creates the activation named <paramref name="name"/>.</summary>
    protected ElementwiseActivation(string name) : base(name) { }

    /// <summary>The activation function f(x).</summary>
    public abstract float Apply(float x);
    /// <summary>The derivative f'(x) (one-sided where f has a kink).</summary>
    public abstract float Derivative(float x);

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, int> HyperParameters => new Dictionary<string, int>();
    /// <inheritdoc/>
    public override Shape3 OutputShape(Shape3 input) => input;

    /// <summary>f applied to every value of <paramref name="x"/> into <paramref name="y"/>.</summary>
    public void Apply(ReadOnlySpan<float> x, Span<float> y)
    {
        for (int i = 0; i < x.Length; i++) y[i] = Apply(x[i]);
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor x, bool training)
    {
        var y = Buffer(ref _y, training, x.N, x.C, x.H, x.W);
        Par.For(x.N, n => Apply(x.Sample(n), y.Sample(n)));
        if (training) _input = x;
        return y;
    }

    /// <inheritdoc/>
    public override Tensor Backward(Tensor dy)
    {
        var x = Require(_input, Name);
        var dx = Buffer(ref _dx, true, dy.N, dy.C, dy.H, dy.W);
        Par.For(dy.N, n =>
        {
            var xs = x.Sample(n);
            var d = dy.Sample(n);
            var o = dx.Sample(n);
            for (int i = 0; i < o.Length; i++) o[i] = d[i] * Derivative(xs[i]);
        });
        return dx;
    }
}

/// <summary>
/// Clip(x) = min(max(x, lower), upper) with either bound optional (ONNX Clip; ReLU6 is lower 0, upper 6). The bounds
/// are stored as the tensor <c>name.bounds</c> = [lower, upper]; hyper-parameters <c>lower</c>/<c>upper</c> = 1 say
/// which bound applies (an absent bound is stored as 0 and ignored).
/// </summary>
public sealed class Clip : ElementwiseActivation
{
    /// <summary>Creates a clip to [<paramref name="lower"/>, <paramref name="upper"/>] (null = unbounded on that side).</summary>
    public Clip(string name, float? lower, float? upper) : base(name)
    {
        HasLower = lower is not null; HasUpper = upper is not null;
        Bounds = new Parameter(name + ".bounds", [2], trainable: false, value: [lower ?? 0f, upper ?? 0f]);
    }

    /// <summary>True when values below <see cref="Lower"/> are raised to it.</summary>
    public bool HasLower { get; }
    /// <summary>True when values above <see cref="Upper"/> are lowered to it.</summary>
    public bool HasUpper { get; }
    /// <summary>The stored bounds [lower, upper] (not trained).</summary>
    public Parameter Bounds { get; }
    /// <summary>Lower bound, or −∞ when there is none.</summary>
    public float Lower => HasLower ? Bounds.Value[0] : float.NegativeInfinity;
    /// <summary>Upper bound, or +∞ when there is none.</summary>
    public float Upper => HasUpper ? Bounds.Value[1] : float.PositiveInfinity;

    /// <inheritdoc/>
    public override string Kind => "Clip";
    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, int> HyperParameters => new Dictionary<string, int>
    {
        ["lower"] = HasLower ? 1 : 0, ["upper"] = HasUpper ? 1 : 0,
    };
    /// <inheritdoc/>
    public override IReadOnlyList<Parameter> Parameters => [Bounds];
    /// <inheritdoc/>
    public override float Apply(float x) => MathF.Min(MathF.Max(x, Lower), Upper);
    /// <inheritdoc/>
    public override float Derivative(float x) => x > Lower && x < Upper ? 1f : 0f;
}

/// <summary>LeakyRelu(x) = x for x ≥ 0, α·x below (ONNX LeakyRelu); α is stored as the tensor <c>name.alpha</c> [1].</summary>
public sealed class LeakyReLU : ElementwiseActivation
{
    /// <summary>Creates a leaky ReLU with negative slope <paramref name="alpha"/>.</summary>
    public LeakyReLU(string name, float alpha) : base(name) =>
        Alpha = new Parameter(name + ".alpha", [1], trainable: false, value: [alpha]);
    /// <summary>The negative slope α (not trained).</summary>
    public Parameter Alpha { get; }
    /// <inheritdoc/>
    public override string Kind => "LeakyReLU";
    /// <inheritdoc/>
    public override IReadOnlyList<Parameter> Parameters => [Alpha];
    /// <inheritdoc/>
    public override float Apply(float x) => x >= 0 ? x : Alpha.Value[0] * x;
    /// <inheritdoc/>
    public override float Derivative(float x) => x >= 0 ? 1f : Alpha.Value[0];
}

/// <summary>Logistic sigmoid 1/(1 + e^−x) (ONNX Sigmoid).</summary>
public sealed class Sigmoid(string name) : ElementwiseActivation(name)
{
    /// <inheritdoc/>
    public override string Kind => "Sigmoid";
    /// <inheritdoc/>
    public override float Apply(float x) => 1f / (1f + MathF.Exp(-x));
    /// <inheritdoc/>
    public override float Derivative(float x) { float s = Apply(x); return s * (1 - s); }
}

/// <summary>Hyperbolic tangent (ONNX Tanh).</summary>
public sealed class Tanh(string name) : ElementwiseActivation(name)
{
    /// <inheritdoc/>
    public override string Kind => "Tanh";
    /// <inheritdoc/>
    public override float Apply(float x) => MathF.Tanh(x);
    /// <inheritdoc/>
    public override float Derivative(float x) { float t = MathF.Tanh(x); return 1 - t * t; }
}

/// <summary>HardSwish(x) = x·max(0, min(1, x/6 + 1/2)) (ONNX HardSwish, opset 14; MobileNetV3).</summary>
public sealed class HardSwish(string name) : ElementwiseActivation(name)
{
    /// <inheritdoc/>
    public override string Kind => "HardSwish";
    /// <inheritdoc/>
    public override float Apply(float x) => x * MathF.Max(0f, MathF.Min(1f, x / 6f + 0.5f));
    /// <inheritdoc/>
    public override float Derivative(float x) => x <= -3f ? 0f : x >= 3f ? 1f : x / 3f + 0.5f;
}
