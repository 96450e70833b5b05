using MemristorSpice.Network.Core;
using MemristorSpice.Network.Layers;

namespace MemristorSpice.Network.Models;

/// <summary>Which depthwise channels were removed from a model, per depthwise layer (original channel indices).</summary>
/// <param name="RemovedChannels">Per depthwise layer name, the original indices of its removed channels.</param>
/// <param name="OriginalChannels">Per depthwise layer name, its channel count before pruning.</param>
public sealed record PruningInfo(IReadOnlyDictionary<string, int[]> RemovedChannels, IReadOnlyDictionary<string, int> OriginalChannels)
{
    /// <summary>Number of channels removed over all layers.</summary>
    public int TotalRemoved => RemovedChannels.Values.Sum(v => v.Length);
}

/// <summary>
/// A network: a named list of layers in forward order applied to (N, C, H, W) inputs. Usually a chain (each layer
/// takes the previous layer's output); a layer may instead name its inputs (<see cref="Layer.Inputs"/>), which
/// makes the model a graph: residual adds, channel concatenations, branches. Inputs always name earlier layers.
/// </summary>
public sealed class Model
{
    private readonly int[][] _sources;
    private readonly Shape3[] _outputs;

    /// <summary>Creates a model taking per-sample inputs of <paramref name="inputShape"/>; throws when two layers share a
    /// name, a layer names an input that is not an earlier layer, or shapes do not fit.</summary>
    public Model(string name, Shape3 inputShape, IEnumerable<Layer> layers, PruningInfo? pruning = null)
    {
        Name = name; InputShape = inputShape; Layers = layers.ToList(); Pruning = pruning;
        var index = new Dictionary<string, int>();
        _sources = new int[Layers.Count][];
        for (int i = 0; i < Layers.Count; i++)
        {
            var l = Layers[i];
            if (l.Inputs.Count == 0) _sources[i] = [i - 1];
            else
                _sources[i] = l.Inputs.Select(n => n == Layer.ModelInput ? -1 : index.TryGetValue(n, out var j) ? j
                    : throw new ArgumentException($"Model {name}: layer '{l.Name}' takes input '{n}', which is not an earlier layer.")).ToArray();
            if (l is MergeLayer ? _sources[i].Length < 2 : _sources[i].Length != 1)
                throw new ArgumentException($"Model {name}: layer '{l.Name}' ({l.Kind}) has {_sources[i].Length} inputs.");
            if (!index.TryAdd(l.Name, i)) throw new ArgumentException($"Model {name}: duplicate layer name '{l.Name}'.");
        }
        IsGraph = Layers.Any(l => l.Inputs.Count > 0);
        _outputs = new Shape3[Layers.Count];
        for (int i = 0; i < Layers.Count; i++)
            _outputs[i] = Layers[i] is MergeLayer m ? m.OutputShape(InputShapes(i)) : Layers[i].OutputShape(InputShapes(i)[0]);
        OutputShape = Layers.Count == 0 ? inputShape : _outputs[^1];
    }

    /// <summary>Model name, as in the model zoo (e.g. "msccnn"), stored in weights files.</summary>
    public string Name { get; }
    /// <summary>Per-sample input shape (channels, height, width).</summary>
    public Shape3 InputShape { get; }
    /// <summary>Per-sample output shape (of the last layer); (classes, 1, 1) for a classifier.</summary>
    public Shape3 OutputShape { get; }
    /// <summary>Layers in forward order.</summary>
    public IReadOnlyList<Layer> Layers { get; }
    /// <summary>Channels removed by pruning, or null for an unpruned model.</summary>
    public PruningInfo? Pruning { get; }
    /// <summary>True when some layer names its inputs (residual adds, concatenations, branches); false for a chain.</summary>
    public bool IsGraph { get; }

    /// <summary>All parameters of all layers, in weights-file order, including non-trainable buffers.</summary>
    public IEnumerable<Parameter> Parameters => Layers.SelectMany(l => l.Parameters);
    /// <summary>Parameters the optimizer updates.</summary>
    public IEnumerable<Parameter> TrainableParameters => Parameters.Where(p => p.Trainable);

    /// <summary>Indices of the layers feeding layer <paramref name="index"/>, in input order (−1 = the model input).</summary>
    public IReadOnlyList<int> Sources(int index) => _sources[index];

    /// <summary>Per-sample shapes of the inputs of layer <paramref name="index"/>, in input order.</summary>
    public IReadOnlyList<Shape3> InputShapes(int index) => _sources[index].Select(j => j < 0 ? InputShape : _outputs[j]).ToList();

    /// <summary>Per-sample output shape of layer <paramref name="index"/>.</summary>
    public Shape3 LayerOutputShape(int index) => _outputs[index];

    /// <summary>
    /// Per-sample shape leaving layer <paramref name="index"/> − 1 (index 0 gives the model input, index =
    /// Layers.Count the output). In a chain this is the shape entering layer <paramref name="index"/>.
    /// </summary>
    public Shape3 ShapeAfter(int index) => index == 0 ? InputShape : _outputs[index - 1];

    /// <summary>Layer called <paramref name="name"/>; throws <see cref="KeyNotFoundException"/> when there is none.</summary>
    public Layer this[string name] => Layers.FirstOrDefault(l => l.Name == name)
        ?? throw new KeyNotFoundException($"Model {Name} has no layer '{name}'.");

    /// <summary>
    /// Optional hook on every layer's input and output in training-mode forward passes (hardware-aware training:
    /// converter quantization, see <see cref="Training.HardwareNoise"/>); null = none. Not saved or cloned.
    /// </summary>
    public Training.IActivationHook? TrainingHook { get; set; }

    /// <summary>Runs the layers in order on a batch; <paramref name="training"/> selects training behaviour (batch statistics, caching for backward).</summary>
    public Tensor Forward(Tensor x, bool training = false)
    {
        if (!IsGraph)
        {
            var hook = training ? TrainingHook : null;
            for (int i = 0; i < Layers.Count; i++)
            {
                if (hook is not null) x = hook.Input(i, x);
                x = Layers[i].Forward(x, training);
                hook?.Output(i, x);
            }
            return x;
        }
        return ForwardAll(x, training)[^1];
    }

    /// <summary>Output of every layer for a batch (index i = output of Layers[i]), following the graph.</summary>
    public IReadOnlyList<Tensor> ForwardAll(Tensor x, bool training = false)
    {
        var outs = new Tensor[Layers.Count];
        var hook = training ? TrainingHook : null;
        for (int i = 0; i < Layers.Count; i++)
        {
            var src = _sources[i];
            if (Layers[i] is MergeLayer m) { outs[i] = m.Forward(src.Select(j => j < 0 ? x : outs[j]).ToList()); continue; }
            var input = src[0] < 0 ? x : outs[src[0]];
            if (hook is not null) input = hook.Input(i, input);
            outs[i] = Layers[i].Forward(input, training);
            hook?.Output(i, outs[i]);
        }
        return outs;
    }

    /// <summary>Back-propagates the output gradient through all layers, accumulating parameter gradients; returns the input gradient.</summary>
    public Tensor Backward(Tensor dy) => BackwardGraph(dy, inputGradient: true)!;

    /// <summary>Backward for training: parameter gradients only, so the first layer skips its unused input gradient.</summary>
    public void BackwardParameters(Tensor dy) => BackwardGraph(dy, inputGradient: false);

    // Reverse order; a layer's output gradient is the sum over its consumers (each consumer's dx is copied before
    // summing, as layers reuse their dx buffers).
    private Tensor? BackwardGraph(Tensor dy, bool inputGradient)
    {
        if (!IsGraph)
        {
            for (int i = Layers.Count - 1; i > 0; i--) dy = Layers[i].Backward(dy);
            return Layers[0].Backward(dy, inputGradient);
        }
        var grads = new Tensor?[Layers.Count];
        grads[^1] = dy;
        Tensor? input = null;
        for (int i = Layers.Count - 1; i >= 0; i--)
        {
            if (grads[i] is not { } g) continue;
            var src = _sources[i];
            IReadOnlyList<Tensor> dxs = Layers[i] is MergeLayer m ? m.BackwardAll(g)
                : src[0] < 0 && !inputGradient ? [] : [Layers[i].Backward(g)];
            if (Layers[i] is not MergeLayer && dxs.Count == 0) { Layers[i].Backward(g, inputGradient: false); continue; }
            for (int k = 0; k < src.Length; k++)
            {
                if (src[k] < 0) { input = Accumulate(input, dxs[k]); continue; }
                grads[src[k]] = Accumulate(grads[src[k]], dxs[k]);
            }
        }
        return input;
    }

    private static Tensor Accumulate(Tensor? sum, Tensor dx)
    {
        if (sum is null) return dx.Clone();
        System.Numerics.Tensors.TensorPrimitives.Add(sum.Data, dx.Data, sum.Data);
        return sum;
    }

    /// <summary>Sets the gradients of all trainable parameters to zero.</summary>
    public void ZeroGrad()
    {
        foreach (var p in TrainableParameters) Array.Clear(p.Grad);
    }

    /// <summary>Copies parameter values from a model with the same layer structure.</summary>
    public void CopyFrom(Model other)
    {
        var src = other.Parameters.ToList();
        var dst = Parameters.ToList();
        if (src.Count != dst.Count) throw new ArgumentException("Models differ in parameter count.");
        for (int i = 0; i < src.Count; i++)
        {
            if (src[i].Size != dst[i].Size) throw new ArgumentException($"Parameter {dst[i].Name} differs in size.");
            src[i].Value.CopyTo(dst[i].Value, 0);
        }
    }

    /// <summary>Deep copy via the layer factory (same hyper-parameters, inputs and copied values).</summary>
    public Model Clone()
    {
        var copy = new Model(Name, InputShape, Layers.Select(LayerFactory.Copy), Pruning);
        copy.CopyFrom(this);
        return copy;
    }
}
