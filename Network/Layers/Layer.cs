using MemristorSpice.Network.Core;

namespace MemristorSpice.Network.Layers;

/// <summary>Per-sample activation shape (channels, height, width).</summary>
/// <param name="C">Channels (features for fully connected activations).</param>
/// <param name="H">Height in pixels.</param>
/// <param name="W">Width in pixels.</param>
public readonly record struct Shape3(int C, int H, int W)
{
    /// <summary>Values per sample (C·H·W).</summary>
    public int Size => C * H * W;
    /// <inheritdoc/>
    public override string ToString() => $"{C}x{H}x{W}";
}

/// <summary>
/// A network layer: forward and backward over a batch. Backward accumulates (+=) into parameter gradients and
/// returns the input gradient; it uses state cached by the last training-mode forward.
/// </summary>
public abstract class Layer
{
    /// <summary>Creates a layer with the given <paramref name="name"/>.</summary>
    protected Layer(string name) => Name = name;

    /// <summary>Layer name, unique within its model (e.g. "conv1"); used in weights files and messages.</summary>
    public string Name { get; }

    /// <summary>Name by which <see cref="Inputs"/> refers to the model's input (not a valid layer name).</summary>
    public const string ModelInput = "@input";

    /// <summary>
    /// Names of the layers whose outputs feed this layer, in order (<see cref="ModelInput"/> = the model's input).
    /// Empty (the usual case) means the previous layer in the model's list, or the model input for the first layer.
    /// </summary>
    public IReadOnlyList<string> Inputs { get; set; } = [];

    /// <summary>Kind name stored in weights files (e.g. "Conv2d", "BatchNorm").</summary>
    public abstract string Kind { get; }

    /// <summary>Integer hyper-parameters that, with <see cref="Kind"/>, rebuild the layer (see LayerFactory).</summary>
    public abstract IReadOnlyDictionary<string, int> HyperParameters { get; }

    /// <summary>Trainable and running-statistic tensors, in the order they are stored in weights files; empty for layers without weights.</summary>
    public virtual IReadOnlyList<Parameter> Parameters => [];

    /// <summary>Per-sample output shape for the per-sample <paramref name="input"/> shape; throws when the input does not fit the layer.</summary>
    public abstract Shape3 OutputShape(Shape3 input);

    /// <summary>Multiply-accumulate operations per sample for this input shape.</summary>
    public virtual long Macs(Shape3 input) => 0;

    /// <summary>Computes the output for a batch; <paramref name="training"/> selects training behaviour and caches what <see cref="Backward(Tensor)"/> needs.</summary>
    public abstract Tensor Forward(Tensor x, bool training);
    /// <summary>Given the loss gradient with respect to the output, accumulates parameter gradients and returns the gradient with respect to the input.</summary>
    public abstract Tensor Backward(Tensor dy);

    /// <summary>
    /// Backward that may skip the input gradient when nobody needs it (the first layer of a model); parameter
    /// gradients are the same as from <see cref="Backward(Tensor)"/>. Returns null when skipped.
    /// </summary>
    public virtual Tensor? Backward(Tensor dy, bool inputGradient) => Backward(dy);

    /// <summary>
    /// Output buffer for a forward or backward result. In training the layer reuses its previous buffer when the
    /// shape matches (big activations would otherwise churn the large-object heap every batch); the result is only
    /// valid until the layer's next call, which training respects. Contents are stale: callers overwrite or clear.
    /// </summary>
    protected static Tensor Buffer(ref Tensor? slot, bool reuse, int n, int c, int h, int w)
    {
        if (!reuse) return new Tensor(n, c, h, w);
        if (slot is null || slot.N != n || slot.C != c || slot.H != h || slot.W != w) slot = new Tensor(n, c, h, w);
        return slot;
    }

    /// <summary>Returns the tensor cached by the last training forward, or throws when there is none.</summary>
    protected static Tensor Require(Tensor? cached, string layer) =>
        cached ?? throw new InvalidOperationException($"{layer}: Backward called without a training-mode Forward.");

    /// <summary>Throws a message naming <paramref name="layer"/> when <paramref name="x"/> does not have <paramref name="expected"/> channels.</summary>
    protected static void CheckChannels(Tensor x, int expected, string layer)
    {
        if (x.C != expected)
            throw new ArgumentException($"{layer}: input has {x.C} channels, layer expects {expected}.");
    }
}
