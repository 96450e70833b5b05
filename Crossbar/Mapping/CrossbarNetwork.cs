using MemristorSpice.Network.Core;
using MemristorSpice.Network.Folding;
using MemristorSpice.Network.IO;
using MemristorSpice.Network.Layers;
using MemristorSpice.Network.Models;

namespace MemristorSpice.Crossbar.Mapping;

/// <summary>How an analog layer is laid out on crossbars (docs/assumptions.md, "Crossbar mapping").</summary>
public enum AnalogKind
{
    /// <summary>k×k convolution over all input channels.</summary>
    StandardConv,
    /// <summary>Depthwise convolution: one crossbar per channel.</summary>
    Depthwise,
    /// <summary>1×1 convolution.</summary>
    Pointwise,
    /// <summary>Dense layer.</summary>
    FullyConnected,
}

/// <summary>
/// Signed weights of one logical crossbar in crossbar form: row r = input r of the patch (im2col order
/// (c, ky, kx), or channel, or feature), last row = bias (driven by a constant 1); column o = output o.
/// The differential (G+, G−) pair per output and tiling are applied by the circuit generator.
/// </summary>
public sealed class CrossbarMatrix(int rows, int outputs, float[] values, int? channel, bool biasOnCrossbar = true, int group = 0)
{
    /// <summary>Channel group of a grouped convolution (0 for every other layer): it reads input channels
    /// [group·Cin/g, (group+1)·Cin/g) and writes output channels [group·Cout/g, (group+1)·Cout/g).</summary>
    public int Group { get; } = group;
    /// <summary>Logical rows: inputs, then the bias row.</summary>
    public int Rows { get; } = rows;
    /// <summary>True when the bias row is a crossbar row; false when the digital controller adds the bias after the ADC (<see cref="BiasPlacement"/>).</summary>
    public bool BiasOnCrossbar { get; } = biasOnCrossbar;
    /// <summary>Rows placed on crossbar tiles: all <see cref="Rows"/>, or the inputs only when the bias is digital.</summary>
    public int AnalogRows => BiasOnCrossbar ? Rows : Rows - 1;
    /// <summary>Number of outputs.</summary>
    public int Outputs { get; } = outputs;
    /// <summary>Row-major [Rows × Outputs].</summary>
    public float[] Values { get; } = values;
    /// <summary>Input/output channel of a depthwise crossbar; null for the other kinds.</summary>
    public int? Channel { get; } = channel;
    /// <summary>Weight at (<paramref name="row"/>, <paramref name="output"/>).</summary>
    public float this[int row, int output] => Values[row * Outputs + output];
    /// <summary>Index of the bias row (the last).</summary>
    public int BiasRow => Rows - 1;
    /// <summary>Logical rows (bias included) and outputs.</summary>
    public CrossbarShape Shape => new(Rows, Outputs);
    /// <summary>Rows on the crossbar tiles and outputs (what the tiles, netlists and counts hold).</summary>
    public CrossbarShape PlacedShape => new(AnalogRows, Outputs);
    /// <summary>Largest weight magnitude, used as the full scale of the mapping.</summary>
    public float MaxAbs => System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(Values);
}

/// <summary>One step of the folded network: a layer and its ideal (float) forward pass.</summary>
public abstract class NetworkStage(Layer layer, Shape3 input)
{
    /// <summary>The network layer this stage runs.</summary>
    public Layer Layer { get; } = layer;
    /// <summary>The layer name.</summary>
    public string Name => Layer.Name;
    /// <summary>Shape of the (first) input tensor.</summary>
    public Shape3 InputShape { get; } = input;
    /// <summary>Shapes of all inputs (several for a residual add or a concatenation).</summary>
    public IReadOnlyList<Shape3> InputShapes { get; internal init; } = [input];
    /// <summary>Stages whose outputs feed this one, in input order (−1 = the image); the previous stage in a chain.</summary>
    public IReadOnlyList<int> Sources { get; internal init; } = [];
    /// <summary>Shape of the output tensor.</summary>
    public Shape3 OutputShape => Layer is MergeLayer m ? m.OutputShape(InputShapes) : Layer.OutputShape(InputShape);

    /// <summary>Ideal eval-mode math of this stage for a batch (single-input stages).</summary>
    public Tensor Forward(Tensor x) => Layer.Forward(x, training: false);

    /// <summary>Ideal eval-mode math for all inputs (in <see cref="Sources"/> order).</summary>
    public Tensor Forward(IReadOnlyList<Tensor> inputs) =>
        Layer is MergeLayer m ? m.Forward(inputs) : Layer.Forward(inputs[0], training: false);
}

/// <summary>Activations, pooling, global average pooling, residual add and concatenation: done by the digital controller.</summary>
internal sealed class DigitalStage(Layer layer, Shape3 input) : NetworkStage(layer, input);

/// <summary>
/// A weighted layer mapped to crossbars. The co-simulator drives crossbar k with the row vectors from
/// <see cref="Patches"/> (one per output position, bias entry 1 last), reads one value per output column, and puts
/// them back with <see cref="Scatter"/>; <see cref="IdealColumns"/> is the exact float result to compare with.
/// </summary>
public sealed class AnalogStage : NetworkStage
{
    internal AnalogStage(Layer layer, Shape3 input, BiasPlacement placement = BiasPlacement.Auto) : base(layer, input)
    {
        Bias = placement;
        (Kind, Crossbars) = layer switch
        {
            DepthwiseConv d => (AnalogKind.Depthwise, DepthwiseCrossbars(d, placement)),
            Conv2d c => (c.Geometry(input).IsIdentity ? AnalogKind.Pointwise : AnalogKind.StandardConv, GroupCrossbars(c, placement)),
            FullyConnected f => (AnalogKind.FullyConnected, [Transposed(f.Weight.Value, f.Bias.Value, f.OutFeatures, f.InFeatures, placement)]),
            _ => throw new ArgumentException($"Layer '{layer.Name}' ({layer.Kind}) has no crossbar mapping."),
        };
    }

    /// <summary>The bias placement rule the stage was mapped with.</summary>
    public BiasPlacement Bias { get; }

    /// <summary>Which mapping rule the layer follows.</summary>
    public AnalogKind Kind { get; }
    /// <summary>Logical crossbars of the layer (one per depthwise channel, otherwise one).</summary>
    public IReadOnlyList<CrossbarMatrix> Crossbars { get; }

    /// <summary>Output positions per image (= crossbar reads per image per crossbar).</summary>
    public int Positions => OutputShape.H * OutputShape.W;

    /// <summary>Row vectors for crossbar <paramref name="crossbar"/> and image <paramref name="sample"/>: [Positions × Rows].</summary>
    public float[] Patches(Tensor x, int sample, int crossbar)
    {
        var xb = Crossbars[crossbar];
        int k = xb.Rows - 1, p = Positions;
        var cols = new float[k * p];
        switch (Layer)
        {
            case DepthwiseConv d: d.ChannelGeometry(InputShape).Im2Col(x.Plane(sample, xb.Channel!.Value), cols); break;
            case Conv2d { Groups: 1 } c: c.Geometry(InputShape).Im2Col(x.Sample(sample), cols); break;
            case Conv2d c:
            {
                // The group's own input channels, im2col'd alone: rows in (c, ky, kx) order within the group.
                int plane = InputShape.H * InputShape.W, cin = c.GroupInChannels;
                var g = c.Geometry(InputShape) with { Channels = cin };
                g.Im2Col(x.Sample(sample).Slice(xb.Group * cin * plane, cin * plane), cols);
                break;
            }
            default: x.Sample(sample).CopyTo(cols); break;
        }
        var patches = new float[p * xb.Rows];
        for (int pos = 0; pos < p; pos++)
        {
            for (int r = 0; r < k; r++) patches[pos * xb.Rows + r] = cols[r * p + pos];
            patches[pos * xb.Rows + k] = 1f;
        }
        return patches;
    }

    /// <summary>Exact column outputs Patches·W: [Positions × Outputs].</summary>
    public float[] IdealColumns(Tensor x, int sample, int crossbar)
    {
        var xb = Crossbars[crossbar];
        var result = new float[Positions * xb.Outputs];
        Gemm.Multiply(Patches(x, sample, crossbar), xb.Rows, 1, xb.Values, result, Positions, xb.Rows, xb.Outputs, accumulate: false);
        return result;
    }

    /// <summary>Writes column outputs [Positions × Outputs] of one crossbar into image <paramref name="sample"/> of <paramref name="y"/>.</summary>
    public void Scatter(ReadOnlySpan<float> columns, int crossbar, Tensor y, int sample)
    {
        var xb = Crossbars[crossbar];
        int p = Positions;
        if (Kind == AnalogKind.Depthwise) { columns[..p].CopyTo(y.Plane(sample, xb.Channel!.Value)); return; }
        var dst = y.Sample(sample).Slice(xb.Group * xb.Outputs * p);
        for (int pos = 0; pos < p; pos++)
            for (int o = 0; o < xb.Outputs; o++) dst[o * p + pos] = columns[pos * xb.Outputs + o];
    }

    // W is [outputs × inputs] (plus a bias per output); crossbar form is [(inputs+1) × outputs].
    private static CrossbarMatrix Transposed(ReadOnlySpan<float> w, ReadOnlySpan<float> bias, int outputs, int inputs, BiasPlacement placement, int group = 0)
    {
        var v = new float[(inputs + 1) * outputs];
        for (int o = 0; o < outputs; o++)
        {
            for (int i = 0; i < inputs; i++) v[i * outputs + o] = w[o * inputs + i];
            v[inputs * outputs + o] = bias[o];
        }
        return new CrossbarMatrix(inputs + 1, outputs, v, null, biasOnCrossbar: CrossbarMappingRules.BiasOnCrossbar(inputs, placement), group: group);
    }

    // One crossbar per group: weight rows [j·og, (j+1)·og) of the [Cout × (Cin/g)·k·k] weight.
    private static IReadOnlyList<CrossbarMatrix> GroupCrossbars(Conv2d c, BiasPlacement placement)
    {
        int og = c.GroupOutChannels, kg = c.PatchSize;
        return Enumerable.Range(0, c.Groups).Select(j =>
            Transposed(c.Weight.Value.AsSpan(j * og * kg, og * kg), c.Bias.Value.AsSpan(j * og, og), og, kg, placement, j)).ToList();
    }

    private static IReadOnlyList<CrossbarMatrix> DepthwiseCrossbars(DepthwiseConv d, BiasPlacement placement)
    {
        int kk = d.Kernel * d.Kernel;
        return Enumerable.Range(0, d.Channels).Select(c =>
        {
            var v = new float[kk + 1];
            d.Weight.Value.AsSpan(c * kk, kk).CopyTo(v);
            v[kk] = d.Bias.Value[c];
            return new CrossbarMatrix(kk + 1, 1, v, c, CrossbarMappingRules.BiasOnCrossbar(kk, placement));
        }).ToList();
    }
}

/// <summary>
/// The network as the co-simulator sees it: BatchNorm folded, a list of analog (crossbar) and digital stages, and
/// the ideal forward pass per stage so analog outputs can be compared layer by layer.
/// </summary>
public sealed class CrossbarNetwork
{
    private CrossbarNetwork(Model folded, IReadOnlyList<NetworkStage> stages) { Folded = folded; Stages = stages; }

    /// <summary>The model with BatchNorm folded into its weighted layers.</summary>
    public Model Folded { get; }
    /// <summary>Every layer in order, analog or digital.</summary>
    public IReadOnlyList<NetworkStage> Stages { get; }
    /// <summary>The stages that run on crossbars.</summary>
    public IEnumerable<AnalogStage> AnalogStages => Stages.OfType<AnalogStage>();

    /// <summary>Folds <paramref name="model"/> and puts each weighted layer into crossbar form.</summary>
    /// <param name="model">The trained model.</param>
    /// <param name="placement">Where each layer's bias goes (default: <see cref="BiasPlacement.Auto"/>).</param>
    public static CrossbarNetwork FromModel(Model model, BiasPlacement placement = BiasPlacement.Auto)
    {
        var folded = BatchNormFolder.Fold(model);
        var stages = new List<NetworkStage>();
        for (int i = 0; i < folded.Layers.Count; i++)
        {
            var l = folded.Layers[i];
            var shapes = folded.InputShapes(i);
            var sources = folded.Sources(i);
            stages.Add(CrossbarMappingRules.For(l).Count > 0
                ? new AnalogStage(l, shapes[0], placement) { InputShapes = shapes, Sources = sources }
                : new DigitalStage(l, shapes[0]) { InputShapes = shapes, Sources = sources });
        }
        return new CrossbarNetwork(folded, stages);
    }

    /// <summary>Loads a weights file and maps it (<see cref="FromModel"/>).</summary>
    public static CrossbarNetwork Load(string weightsPath) => FromModel(WeightsFile.Load(weightsPath));

    /// <summary>The (first) input of stage <paramref name="stage"/> given the image and the outputs of the stages before it.</summary>
    public Tensor StageInput(int stage, Tensor image, IReadOnlyList<Tensor> outputs)
    {
        int j = Stages[stage].Sources[0];
        return j < 0 ? image : outputs[j];
    }

    /// <summary>All inputs of stage <paramref name="stage"/>, in order, given the image and the outputs of the stages before it.</summary>
    public IReadOnlyList<Tensor> StageInputs(int stage, Tensor image, IReadOnlyList<Tensor> outputs) =>
        Stages[stage].Sources.Select(j => j < 0 ? image : outputs[j]).ToList();

    /// <summary>Ideal float forward pass through the crossbar form (no devices), for comparison.</summary>
    public Tensor Forward(Tensor x) => ForwardAll(x)[^1];

    /// <summary>Ideal output of every stage (index i = output of Stages[i]).</summary>
    public IReadOnlyList<Tensor> ForwardAll(Tensor x)
    {
        var outs = new List<Tensor>();
        for (int s = 0; s < Stages.Count; s++) outs.Add(Stages[s].Forward(StageInputs(s, x, outs)));
        return outs;
    }
}
