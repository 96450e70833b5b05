using System.Numerics.Tensors;
using Tensor = MemristorSpice.Network.Core.Tensor;
using MemristorSpice.Network.Core;

namespace MemristorSpice.Network.Layers;

/// <summary>
/// A layer that combines the outputs of several earlier layers (named by <see cref="Layer.Inputs"/>): residual
/// <see cref="Add"/> and channel <see cref="Concat"/>. Done by the digital controller; no weights.
/// </summary>
public abstract class MergeLayer : Layer
{
    /// <summary>Creates the merge layer named <paramref name="name"/>.</summary>
    protected MergeLayer(string name) : base(name) { }

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, int> HyperParameters => new Dictionary<string, int>();

    /// <summary>Output shape for the shapes of all inputs, in <see cref="Layer.Inputs"/> order; throws when they do not fit.</summary>
    public abstract Shape3 OutputShape(IReadOnlyList<Shape3> inputs);
    /// <summary>Output for a batch given every input, in <see cref="Layer.Inputs"/> order.</summary>
    public abstract Tensor Forward(IReadOnlyList<Tensor> inputs);
    /// <summary>Gradients with respect to every input, in <see cref="Layer.Inputs"/> order.</summary>
    public abstract IReadOnlyList<Tensor> BackwardAll(Tensor dy);

    /// <summary>Merge layers take several inputs: the single-input form is an error.</summary>
    public override Shape3 OutputShape(Shape3 input) =>
        throw new InvalidOperationException($"{Name} ({Kind}) combines {Inputs.Count} inputs; use the list form.");
    /// <summary>Merge layers take several inputs: the single-input form is an error.</summary>
    public override Tensor Forward(Tensor x, bool training) =>
        throw new InvalidOperationException($"{Name} ({Kind}) combines {Inputs.Count} inputs; use the list form.");
    /// <summary>Merge layers take several inputs: the single-input form is an error.</summary>
    public override Tensor Backward(Tensor dy) =>
        throw new InvalidOperationException($"{Name} ({Kind}) combines {Inputs.Count} inputs; use the list form.");
}

/// <summary>Element-wise sum of inputs of one shape (a residual connection).</summary>
public sealed class Add : MergeLayer
{
    /// <summary>Creates a sum of the outputs of the layers <paramref name="inputs"/> (at least two).</summary>
    public Add(string name, IReadOnlyList<string> inputs) : base(name) => Inputs = inputs;
    /// <inheritdoc/>
    public override string Kind => "Add";

    /// <inheritdoc/>
    public override Shape3 OutputShape(IReadOnlyList<Shape3> inputs)
    {
        foreach (var s in inputs)
            if (s != inputs[0]) throw new ArgumentException($"{Name}: Add of shapes {string.Join(" and ", inputs)}; all must be equal.");
        return inputs[0];
    }

    /// <inheritdoc/>
    public override Tensor Forward(IReadOnlyList<Tensor> inputs)
    {
        var y = inputs[0].Clone();
        for (int i = 1; i < inputs.Count; i++)
        {
            if (!inputs[i].SameShape(y)) throw new ArgumentException($"{Name}: Add of {y} and {inputs[i]}.");
            TensorPrimitives.Add(y.Data, inputs[i].Data, y.Data);
        }
        return y;
    }

    /// <inheritdoc/>
    public override IReadOnlyList<Tensor> BackwardAll(Tensor dy) => Inputs.Select(_ => dy).ToList();
}

/// <summary>Concatenation of inputs with equal height and width along the channel axis (ONNX Concat, axis 1).</summary>
public sealed class Concat : MergeLayer
{
    private int[] _channels = [];

    /// <summary>Creates the channel concatenation of the outputs of the layers <paramref name="inputs"/>, in order.</summary>
    public Concat(string name, IReadOnlyList<string> inputs) : base(name) => Inputs = inputs;
    /// <inheritdoc/>
    public override string Kind => "Concat";

    /// <inheritdoc/>
    public override Shape3 OutputShape(IReadOnlyList<Shape3> inputs)
    {
        foreach (var s in inputs)
            if (s.H != inputs[0].H || s.W != inputs[0].W)
                throw new ArgumentException($"{Name}: Concat of shapes {string.Join(" and ", inputs)}; heights and widths must be equal.");
        return new Shape3(inputs.Sum(s => s.C), inputs[0].H, inputs[0].W);
    }

    /// <inheritdoc/>
    public override Tensor Forward(IReadOnlyList<Tensor> inputs)
    {
        var shape = OutputShape(inputs.Select(t => new Shape3(t.C, t.H, t.W)).ToList());
        int n = inputs[0].N;
        var y = new Tensor(n, shape.C, shape.H, shape.W);
        _channels = inputs.Select(t => t.C).ToArray();
        Par.For(n, s =>
        {
            int offset = 0;
            var dst = y.Sample(s);
            foreach (var t in inputs)
            {
                t.Sample(s).CopyTo(dst.Slice(offset));
                offset += t.SampleSize;
            }
        });
        return y;
    }

    /// <inheritdoc/>
    public override IReadOnlyList<Tensor> BackwardAll(Tensor dy)
    {
        var grads = _channels.Select(c => new Tensor(dy.N, c, dy.H, dy.W)).ToList();
        Par.For(dy.N, s =>
        {
            int offset = 0;
            foreach (var g in grads)
            {
                dy.Sample(s).Slice(offset, g.SampleSize).CopyTo(g.Sample(s));
                offset += g.SampleSize;
            }
        });
        return grads;
    }
}
