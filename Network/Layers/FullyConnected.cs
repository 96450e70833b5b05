using System.Numerics.Tensors;
using Tensor = MemristorSpice.Network.Core.Tensor;
using MemristorSpice.Network.Core;

namespace MemristorSpice.Network.Layers;

/// <summary>
/// Fully connected layer y = W·x + b on the flattened sample (C·H·W features, NCHW order); output (N, Out, 1, 1).
/// Weight is [Out, In].
/// </summary>
public sealed class FullyConnected : Layer
{
    /// <summary>Input features (C·H·W of the incoming sample).</summary>
    public int InFeatures { get; }
    /// <summary>Output features (classes for the last layer).</summary>
    public int OutFeatures { get; }
    /// <summary>Weights [Out, In], row-major.</summary>
    public Parameter Weight { get; }
    /// <summary>One bias per output feature.</summary>
    public Parameter Bias { get; }
    private Tensor? _input, _y, _dx;

    /// <summary>Creates a fully connected layer with zero weights and biases (initialise before training).</summary>
    public FullyConnected(string name, int inFeatures, int outFeatures) : base(name)
    {
        InFeatures = inFeatures; OutFeatures = outFeatures;
        Weight = new Parameter(name + ".weight", [outFeatures, inFeatures]);
        Bias = new Parameter(name + ".bias", [outFeatures]);
    }

    /// <inheritdoc/>
    public override string Kind => "FullyConnected";
    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, int> HyperParameters => new Dictionary<string, int> { ["in"] = InFeatures, ["out"] = OutFeatures };
    /// <inheritdoc/>
    public override IReadOnlyList<Parameter> Parameters => [Weight, Bias];
    /// <inheritdoc/>
    public override Shape3 OutputShape(Shape3 input) => new(OutFeatures, 1, 1);
    /// <inheritdoc/>
    public override long Macs(Shape3 input) => (long)InFeatures * OutFeatures;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor x, bool training)
    {
        if (x.SampleSize != InFeatures)
            throw new ArgumentException($"{Name}: input has {x.SampleSize} features per sample, layer expects {InFeatures}.");
        var y = Buffer(ref _y, training, x.N, OutFeatures, 1, 1);
        Par.For(x.N, n =>
        {
            var xs = x.Sample(n);
            for (int o = 0; o < OutFeatures; o++)
                y.Data[n * OutFeatures + o] = TensorPrimitives.Dot(Weight.Value.AsSpan(o * InFeatures, InFeatures), xs) + Bias.Value[o];
        });
        if (training) _input = x;
        return y;
    }

    /// <inheritdoc/>
    public override Tensor Backward(Tensor dy)
    {
        var x = Require(_input, Name);
        // Each output row owns its weight-gradient row and sums samples in order: deterministic.
        Par.For(OutFeatures, o =>
        {
            var gw = Weight.Grad.AsSpan(o * InFeatures, InFeatures);
            float gb = 0;
            for (int n = 0; n < x.N; n++)
            {
                float d = dy.Data[n * OutFeatures + o];
                gb += d;
                TensorPrimitives.MultiplyAdd(x.Sample(n), d, gw, gw);
            }
            Bias.Grad[o] += gb;
        });
        var dx = Buffer(ref _dx, true, x.N, x.C, x.H, x.W);
        Par.For(x.N, n =>
        {
            var dxs = dx.Sample(n);
            dxs.Clear();
            for (int o = 0; o < OutFeatures; o++)
                TensorPrimitives.MultiplyAdd(Weight.Value.AsSpan(o * InFeatures, InFeatures), dy.Data[n * OutFeatures + o], dxs, dxs);
        });
        return dx;
    }
}
