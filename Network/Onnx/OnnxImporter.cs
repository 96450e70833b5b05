using System.Globalization;
using System.Text;
using Google.Protobuf;
using MemristorSpice.Network.IO;
using MemristorSpice.Network.Layers;
using MemristorSpice.Network.Models;
using MemristorSpice.Network.Onnx.Proto;

namespace MemristorSpice.Network.Onnx;

/// <summary>Thrown when an ONNX file cannot be turned into a network; the message names the node, its position and the reason.</summary>
public sealed class OnnxImportException(string message) : Exception(message);

/// <summary>An imported network with what the import learned about its source.</summary>
/// <param name="Model">The network (BatchNorm folded into the layer before it, Dropout/Identity removed).</param>
/// <param name="Metadata">Source file, producer, opset and the model's own metadata entries, for the .msw metadata.</param>
/// <param name="Ignored">Nodes the import dropped because they do not change top-1 predictions (final Softmax/LogSoftmax).</param>
public sealed record OnnxImport(Model Model, IReadOnlyDictionary<string, string> Metadata, IReadOnlyList<string> Ignored);

/// <summary>
/// Reads an ONNX model (opsets 9–18) into a <see cref="Model"/>: convolutions (any group, stride, padding incl.
/// auto_pad, dilation), BatchNormalization (folded), activations, pooling, Gemm and MatMul + Add, flattening
/// reshapes, residual Add and channel Concat (docs/onnx.md). Subgraphs whose inputs are all constants are folded.
/// Anything else is an <see cref="OnnxImportException"/> naming the operator, node and position and listing the
/// supported operators: the import never produces a network that computes something else. Shapes are checked at
/// every node.
/// </summary>
public static class OnnxImporter
{
    /// <summary>Operators of the standard domain the importer maps (besides those folded when all inputs are constant).</summary>
    public static readonly IReadOnlyList<string> SupportedOperators =
    [
        "Conv", "BatchNormalization", "Relu", "Clip", "LeakyRelu", "Sigmoid", "Tanh", "HardSwish", "MaxPool", "AveragePool",
        "GlobalAveragePool", "Gemm", "MatMul", "Add", "Concat", "Flatten", "Reshape", "Squeeze", "Unsqueeze", "Identity",
        "Dropout", "Pad", "Softmax", "LogSoftmax", "Constant",
    ];

    /// <summary>Operators evaluated at import time when all their inputs are constants (initializer-only subgraphs).</summary>
    public static readonly IReadOnlyList<string> FoldableOperators =
        ["Constant", "Identity", "Cast", "Reshape", "Flatten", "Squeeze", "Unsqueeze", "Concat", "Transpose", "Add", "Sub", "Mul", "Div", "Neg", "Sqrt"];

    /// <summary>Oldest and newest standard opset read.</summary>
    public const int MinOpset = 9, MaxOpset = 18;

    /// <summary>Largest ONNX file read, in bytes.</summary>
    public const long MaxFileBytes = 1L << 30;

    /// <summary>Imports the ONNX file <paramref name="path"/>; the model is named <paramref name="modelName"/> or after the file.</summary>
    public static OnnxImport Import(string path, string? modelName = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"ONNX file not found: {path}", path);
        var info = new FileInfo(path);
        if (info.Length > MaxFileBytes) throw new OnnxImportException($"{path}: larger than {MaxFileBytes} bytes.");
        var name = modelName ?? ModelNameFrom(Path.GetFileNameWithoutExtension(path));
        var import = Import(File.ReadAllBytes(path), path, name);
        var meta = new Dictionary<string, string>(import.Metadata) { ["source"] = Clip(Path.GetFileName(path)) };
        return import with { Metadata = meta };
    }

    /// <summary>Imports ONNX bytes; <paramref name="source"/> names them in messages.</summary>
    public static OnnxImport Import(byte[] bytes, string source, string modelName)
    {
        ModelProto proto;
        try { proto = ModelProto.Parser.ParseFrom(bytes); }
        catch (InvalidProtocolBufferException e) { throw new OnnxImportException($"{source}: not an ONNX model ({e.Message})."); }
        if (proto.Graph is null) throw new OnnxImportException($"{source}: the file holds no graph (not an ONNX model?).");
        return new Builder(proto, source, modelName).Build();
    }

    /// <summary>A valid model name (<see cref="InputName"/>) made from a file stem: other characters become '_'.</summary>
    public static string ModelNameFrom(string stem) => Sanitize(stem, "onnx");

    internal static string Sanitize(string text, string fallback)
    {
        var sb = new StringBuilder();
        foreach (var c in text)
            sb.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_');
        var s = sb.ToString().Trim('_');
        while (s.Contains("__", StringComparison.Ordinal)) s = s.Replace("__", "_", StringComparison.Ordinal);
        if (s.Length == 0 || !char.IsAsciiLetter(s[0])) s = fallback + (s.Length > 0 ? "_" + s : "");
        if (s.Length > 56) s = s[..56].TrimEnd('_', '-');
        return InputName.Problem(s) is null ? s : fallback;
    }

    private static string Clip(string text)
    {
        var s = new string(text.Where(c => !InputName.IsUnsafe(c)).ToArray());
        return s.Length > 200 ? s[..200] : s;
    }

    /// <summary>An activation flowing between layers: the layer producing it, its per-sample tensor shape there, and its ONNX dims (no batch).</summary>
    private sealed record Act(string Producer, Shape3 Physical, long[] Dims, bool Direct);

    private sealed class Builder
    {
        private readonly ModelProto _proto;
        private readonly GraphProto _graph;
        private readonly string _source, _modelName;
        private readonly Dictionary<string, OnnxTensor> _consts = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Act> _acts = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _consumers = new(StringComparer.Ordinal);
        private readonly List<Layer> _layers = [];
        private readonly HashSet<string> _names = new(StringComparer.OrdinalIgnoreCase);
        private readonly List<string> _ignored = [];
        private readonly int _opset;
        private Shape3 _input;
        private NodeProto _node = new();
        private int _position;

        public Builder(ModelProto proto, string source, string modelName)
        {
            _proto = proto; _graph = proto.Graph; _source = source; _modelName = modelName;
            var standard = proto.OpsetImport.Where(o => o.Domain is "" or "ai.onnx").ToList();
            _opset = standard.Count == 0 ? 0 : (int)Math.Min(int.MaxValue, standard.Max(o => o.Version));
            if (_opset < MinOpset || _opset > MaxOpset)
                throw new OnnxImportException($"{source}: the model uses opset {_opset} of the standard operator set; this importer reads opsets {MinOpset} to {MaxOpset}.");
        }

        private OnnxImportException NodeError(string message) =>
            new($"{_source}: node {_position} '{Terminal(_node.Name)}' ({Terminal(_node.OpType)}): {message}");

        private static string Terminal(string s) => InputName.Escape(s.Length > 80 ? s[..80] + "..." : s);

        public OnnxImport Build()
        {
            foreach (var init in _graph.Initializer)
            {
                var t = OnnxTensor.Decode(init, out var problem);
                if (problem is not null) throw new OnnxImportException($"{_source}: initializer '{Terminal(init.Name)}' {problem}.");
                _consts[init.Name] = t;
            }
            var inputs = _graph.Input.Where(i => !_consts.ContainsKey(i.Name)).ToList();
            if (inputs.Count != 1)
                throw new OnnxImportException($"{_source}: the graph has {inputs.Count} inputs besides its initializers; a network for this tool takes one image tensor.");
            _input = InputShape(inputs[0]);
            _acts[inputs[0].Name] = new Act(Layer.ModelInput, _input, [_input.C, _input.H, _input.W], true);
            foreach (var n in _graph.Node)
                foreach (var i in n.Input)
                    if (i.Length > 0) _consumers[i] = _consumers.GetValueOrDefault(i) + 1;
            if (_graph.Output.Count != 1)
                throw new OnnxImportException($"{_source}: the graph has {_graph.Output.Count} outputs; a classifier has one (the logits).");
            var outputName = _graph.Output[0].Name;
            foreach (var o in _graph.Output) _consumers[o.Name] = _consumers.GetValueOrDefault(o.Name) + 1;

            for (_position = 0; _position < _graph.Node.Count; _position++)
            {
                _node = _graph.Node[_position];
                if (_node.Domain is not ("" or "ai.onnx"))
                    throw NodeError($"operator domain '{Terminal(_node.Domain)}' is not the standard ONNX domain. {SupportedList}");
                if (_node.Input.Where(i => i.Length > 0).All(_consts.ContainsKey) && FoldableOperators.Contains(_node.OpType))
                {
                    _consts[Output(0)] = ConstantFolder.Fold(_node, Input, _opset, NodeError);
                    continue;
                }
                Map(outputName);
            }
            if (!_acts.TryGetValue(outputName, out var result))
                throw new OnnxImportException($"{_source}: the graph output '{Terminal(outputName)}' is " +
                    (_consts.ContainsKey(outputName) ? "a constant, not computed from the image." : "not produced by any node."));
            if (_layers.Count == 0 || result.Producer != _layers[^1].Name)
                throw new OnnxImportException($"{_source}: the graph output '{Terminal(outputName)}' is not the result of the last layer.");
            if (result.Physical.H != 1 || result.Physical.W != 1)
                throw new OnnxImportException($"{_source}: the graph output has shape {result.Physical}; a classifier ends in one value per class.");
            Model model;
            try { model = new Model(_modelName, _input, _layers); }
            catch (ArgumentException e) { throw new OnnxImportException($"{_source}: {e.Message}"); }
            try { WeightsFile.CheckChain(model.Layers, model.InputShape, _source); }
            catch (WeightsFormatException e) { throw new OnnxImportException(e.Message); }
            foreach (var p in model.Parameters)
                foreach (var v in p.Value)
                    if (!float.IsFinite(v) || MathF.Abs(v) > WeightsFile.MaxMagnitude)
                        throw new OnnxImportException($"{_source}: tensor '{p.Name}' holds {v.ToString("R", CultureInfo.InvariantCulture)}, outside the range a weights file holds (|v| ≤ {WeightsFile.MaxMagnitude:0e0}).");
            return new OnnxImport(model, Metadata(), _ignored);
        }

        private Dictionary<string, string> Metadata()
        {
            var meta = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["onnx_opset"] = _opset.ToString(CultureInfo.InvariantCulture),
            };
            if (_proto.ProducerName.Length > 0) meta["onnx_producer"] = Clip($"{_proto.ProducerName} {_proto.ProducerVersion}".Trim());
            if (_ignored.Count > 0) meta["onnx_ignored"] = Clip(string.Join(", ", _ignored));
            foreach (var kv in _proto.MetadataProps)
                if (InputName.Problem(kv.Key) is null && !meta.ContainsKey(kv.Key) && kv.Value.Length <= 4096 && !kv.Value.Any(InputName.IsUnsafe))
                    meta[kv.Key] = kv.Value;
            return meta;
        }

        private Shape3 InputShape(ValueInfoProto vi)
        {
            var t = vi.Type?.TensorType;
            if (t is null || t.ElemType != (int)TensorProto.Types.DataType.Float)
                throw new OnnxImportException($"{_source}: the graph input '{Terminal(vi.Name)}' is not a float32 tensor.");
            var dims = t.Shape?.Dim.ToList() ?? [];
            if (dims.Count != 4 || dims.Skip(1).Any(d => !d.HasDimValue || d.DimValue < 1 || d.DimValue > WeightsHeaderCheck.MaxInputSide))
                throw new OnnxImportException($"{_source}: the graph input '{Terminal(vi.Name)}' has shape [{string.Join(",", dims.Select(d => d.HasDimValue ? d.DimValue.ToString(CultureInfo.InvariantCulture) : d.DimParam))}]; " +
                    "an image input is (batch, channels, height, width) with fixed channels, height and width.");
            return new Shape3((int)dims[1].DimValue, (int)dims[2].DimValue, (int)dims[3].DimValue);
        }

        private static string SupportedList =>
            $"Supported operators: {string.Join(", ", SupportedOperators)} (and, on constants only, {string.Join(", ", FoldableOperators)}).";

        private string Output(int i) => i < _node.Output.Count ? _node.Output[i] : throw NodeError($"has no output {i}.");

        /// <summary>Input <paramref name="i"/> as a constant, or null when absent (empty name or beyond the list).</summary>
        private OnnxTensor? Input(int i)
        {
            if (i >= _node.Input.Count || _node.Input[i].Length == 0) return null;
            return _consts.TryGetValue(_node.Input[i], out var t) ? t
                : throw NodeError($"input {i} '{Terminal(_node.Input[i])}' must be a constant (an initializer or computed only from initializers).");
        }

        private Act Activation(int i)
        {
            if (i >= _node.Input.Count || _node.Input[i].Length == 0) throw NodeError($"input {i} is missing.");
            var name = _node.Input[i];
            if (_acts.TryGetValue(name, out var a)) return a;
            throw NodeError(_consts.ContainsKey(name)
                ? $"input {i} '{Terminal(name)}' is a constant where the image data is expected."
                : $"input {i} '{Terminal(name)}' is not produced by an earlier node.");
        }

        /// <summary>An activation that a layer reads as (C, H, W): its ONNX dims must be the producer's tensor shape.</summary>
        private Shape3 Image(Act a, int i)
        {
            if (a.Dims.Length == 3 && a.Dims[0] == a.Physical.C && a.Dims[1] == a.Physical.H && a.Dims[2] == a.Physical.W) return a.Physical;
            throw NodeError($"input {i} has shape [N,{string.Join(",", a.Dims)}]; this operator needs (N, C, H, W) as produced by the layer before it.");
        }

        private string LayerName()
        {
            var baseName = Sanitize(_node.Name.Length > 0 ? _node.Name : _node.OpType + "_" + _position, _node.OpType.ToLowerInvariant() is var k && k.Length > 0 && char.IsAsciiLetter(k[0]) ? k : "node");
            var name = baseName;
            for (int i = 2; !_names.Add(name) || InputName.Problem(name) is not null; i++) name = $"{baseName}_{i}";
            return name;
        }

        private void AddLayer(Layer layer, IReadOnlyList<Act> inputs, Shape3 output)
        {
            // A layer fed only by the layer just before it keeps the chain form (no explicit inputs).
            var previous = _layers.Count == 0 ? Layer.ModelInput : _layers[^1].Name;
            if (layer is MergeLayer || inputs[0].Producer != previous) layer.Inputs = inputs.Select(a => a.Producer).ToList();
            _layers.Add(layer);
            _acts[Output(0)] = new Act(layer.Name, output, output.H == 1 && output.W == 1 && layer is FullyConnected ? [output.C] : [output.C, output.H, output.W], true);
        }

        private void Alias(Act a, long[] dims) => _acts[Output(0)] = a with { Dims = dims, Direct = a.Direct && dims.SequenceEqual(a.Dims) };

        private void Map(string graphOutput)
        {
            switch (_node.OpType)
            {
                case "Conv": Conv(); break;
                case "BatchNormalization": BatchNormalization(); break;
                case "Relu": Elementwise(new ReLU(LayerName())); break;
                case "Sigmoid": Elementwise(new Sigmoid(LayerName())); break;
                case "Tanh": Elementwise(new Tanh(LayerName())); break;
                case "HardSwish": Elementwise(new HardSwish(LayerName())); break;
                case "LeakyRelu": Elementwise(new LeakyReLU(LayerName(), FloatAttr("alpha", 0.01f))); break;
                case "Clip": ClipNode(); break;
                case "MaxPool": Pool(max: true); break;
                case "AveragePool": Pool(max: false); break;
                case "GlobalAveragePool":
                {
                    var a = Activation(0);
                    var s = Image(a, 0);
                    AddLayer(new GlobalAvgPool(LayerName()), [a], new Shape3(s.C, 1, 1));
                    break;
                }
                case "Gemm": Gemm(); break;
                case "MatMul": MatMul(); break;
                case "Add": AddNode(); break;
                case "Concat": ConcatNode(); break;
                case "Flatten": FlattenNode(); break;
                case "Reshape": Reshape(Input(1) ?? throw NodeError("has no shape input.")); break;
                case "Squeeze": SqueezeNode(squeeze: true); break;
                case "Unsqueeze": SqueezeNode(squeeze: false); break;
                case "Identity": Alias(Activation(0), Activation(0).Dims); break;
                case "Dropout": DropoutNode(); break;
                case "Pad":
                {
                    // PyTorch writes an all-zero Pad before AveragePool; real padding belongs in the Conv/pool pads.
                    var pads = _opset >= 11 ? Input(1)?.Longs() : IntsAttr("pads");
                    if (pads is null || pads.Any(p => p != 0))
                        throw NodeError($"pads [{string.Join(",", pads ?? [])}] are not all zero; only an empty Pad is supported (padding is taken from the Conv and pooling pads).");
                    Alias(Activation(0), Activation(0).Dims);
                    break;
                }
                case "Softmax" or "LogSoftmax":
                {
                    var a = Activation(0);
                    if (Output(0) != graphOutput || _consumers.GetValueOrDefault(Output(0)) != 1)
                        throw NodeError($"{_node.OpType} is supported only as the last operator (it does not change top-1 predictions and is dropped).");
                    if (a.Dims.Count(d => d != 1) > 1) throw NodeError($"{_node.OpType} of a tensor with shape [N,{string.Join(",", a.Dims)}]; expected class scores.");
                    _ignored.Add($"{_node.OpType} '{Clip(_node.Name)}'");
                    Alias(a, a.Dims);
                    break;
                }
                default:
                    throw NodeError($"operator {Terminal(_node.OpType)} is not supported" +
                        (FoldableOperators.Contains(_node.OpType) ? " on image data (only on constants)" : "") + $". {SupportedList}");
            }
        }

        private AttributeProto? Attr(string name) => _node.Attribute.FirstOrDefault(a => a.Name == name);
        private long IntAttr(string name, long fallback) => Attr(name) is { } a ? a.I : fallback;
        private float FloatAttr(string name, float fallback) => Attr(name) is { } a ? a.F : fallback;
        private long[]? IntsAttr(string name) => Attr(name)?.Ints.ToArray();
        private string StringAttr(string name, string fallback) => Attr(name) is { } a ? a.S.ToStringUtf8() : fallback;

        private void Elementwise(Layer layer)
        {
            var a = Activation(0);
            AddLayer(layer, [a], a.Physical);
            _acts[Output(0)] = _acts[Output(0)] with { Dims = a.Dims };
        }

        private void ClipNode()
        {
            float? lower, upper;
            if (_opset < 11) { lower = Attr("min") is { } mn ? mn.F : null; upper = Attr("max") is { } mx ? mx.F : null; }
            else
            {
                lower = Input(1) is { } lo ? (float)Scalar(lo, "min") : null;
                upper = Input(2) is { } hi ? (float)Scalar(hi, "max") : null;
            }
            if (lower is { } l && upper is { } u && l > u) throw NodeError($"min {l} is above max {u}.");
            Elementwise(lower == 0f && upper is null ? new ReLU(LayerName()) : new Clip(LayerName(), lower, upper));
        }

        private double Scalar(OnnxTensor t, string what) =>
            t.Count == 1 ? t.Values[0] : throw NodeError($"{what} has {t.Count} values; expected one.");

        private (int Kernel, int Stride, int Dilation, int Top, int Left, int Bottom, int Right) Window(Shape3 input, long[]? kernelShape)
        {
            var k = kernelShape ?? throw NodeError("has no kernel_shape.");
            if (k.Length != 2) throw NodeError($"kernel_shape [{string.Join(",", k)}] is not two-dimensional.");
            if (k[0] != k[1]) throw NodeError($"kernel_shape [{k[0]},{k[1]}] is not square; only square kernels map to the crossbar layout.");
            var s = IntsAttr("strides") ?? [1, 1];
            var d = IntsAttr("dilations") ?? [1, 1];
            if (s.Length != 2 || s[0] != s[1]) throw NodeError($"strides [{string.Join(",", s)}] differ between height and width.");
            if (d.Length != 2 || d[0] != d[1]) throw NodeError($"dilations [{string.Join(",", d)}] differ between height and width.");
            if (k[0] < 1 || k[0] > WeightsHeaderCheck.MaxKernel || s[0] < 1 || s[0] > WeightsHeaderCheck.MaxKernel || d[0] < 1 || d[0] > WeightsHeaderCheck.MaxKernel)
                throw NodeError($"kernel {k[0]}, stride {s[0]} or dilation {d[0]} is outside 1..{WeightsHeaderCheck.MaxKernel}.");
            int kernel = (int)k[0], stride = (int)s[0], dilation = (int)d[0], span = dilation * (kernel - 1) + 1;
            var autoPad = StringAttr("auto_pad", "NOTSET");
            int top, left, bottom, right;
            switch (autoPad)
            {
                case "NOTSET" or "":
                    var p = IntsAttr("pads") ?? [0, 0, 0, 0];
                    if (p.Length != 4 || p.Any(v => v < 0 || v > WeightsHeaderCheck.MaxKernel)) throw NodeError($"pads [{string.Join(",", p)}] are not four values in 0..{WeightsHeaderCheck.MaxKernel}.");
                    (top, left, bottom, right) = ((int)p[0], (int)p[1], (int)p[2], (int)p[3]);
                    break;
                case "VALID": (top, left, bottom, right) = (0, 0, 0, 0); break;
                case "SAME_UPPER" or "SAME_LOWER":
                    (top, bottom) = Same(input.H, stride, span, autoPad == "SAME_LOWER");
                    (left, right) = Same(input.W, stride, span, autoPad == "SAME_LOWER");
                    break;
                default: throw NodeError($"auto_pad '{Terminal(autoPad)}' is not one of NOTSET, VALID, SAME_UPPER, SAME_LOWER.");
            }
            if (new[] { top, left, bottom, right }.Any(v => v > span / 2))
                throw NodeError($"pads [{top},{left},{bottom},{right}] exceed half the kernel extent {span}.");
            return (kernel, stride, dilation, top, left, bottom, right);
        }

        private static (int Begin, int End) Same(int size, int stride, int span, bool lower)
        {
            int outSize = (size + stride - 1) / stride;
            int total = Math.Max((outSize - 1) * stride + span - size, 0);
            int small = total / 2;
            return lower ? (total - small, small) : (small, total - small);
        }

        private void Conv()
        {
            var a = Activation(0);
            var input = Image(a, 0);
            var w = Input(1) ?? throw NodeError("has no weight input.");
            var b = Input(2);
            if (w.Dims.Length != 4) throw NodeError($"weight has shape {w.DimsText}; a 2-D convolution has (M, C/group, kH, kW).");
            long groups = IntAttr("group", 1);
            var kernelShape = IntsAttr("kernel_shape") ?? [w.Dims[2], w.Dims[3]];
            if (kernelShape.Length != 2 || kernelShape[0] != w.Dims[2] || kernelShape[1] != w.Dims[3])
                throw NodeError($"kernel_shape [{string.Join(",", kernelShape)}] does not match the weight shape {w.DimsText}.");
            var (k, stride, dilation, top, left, bottom, right) = Window(input, kernelShape);
            long outC = w.Dims[0];
            if (groups < 1 || input.C % groups != 0 || outC % groups != 0 || w.Dims[1] * groups != input.C)
                throw NodeError($"group {groups} with weight {w.DimsText} does not fit the input's {input.C} channels.");
            if (outC > WeightsHeaderCheck.MaxChannels) throw NodeError($"{outC} output channels exceed {WeightsHeaderCheck.MaxChannels}.");
            if (b is not null && (b.Count != outC)) throw NodeError($"bias has {b.Count} values for {outC} output channels.");
            var name = LayerName();
            int c = input.C, m = (int)outC, g = (int)groups;
            bool symmetric = left == top && bottom == top && right == top;
            Layer layer = g == c && m == c && dilation == 1 && symmetric && c > 1 ? new DepthwiseConv(name, c, k, stride, top)
                : g == 1 && k == 1 && stride == 1 && symmetric && top == 0 ? new PointwiseConv(name, c, m)
                : new Conv2d(name, c, m, k, stride, top, g, dilation, left, bottom, right);
            var (weight, bias) = layer switch
            {
                DepthwiseConv d => (d.Weight, d.Bias),
                Conv2d cv => (cv.Weight, cv.Bias),
                _ => throw new InvalidOperationException(),
            };
            // ONNX weight (M, C/group, kH, kW) row-major is exactly our [M, (C/group)·k·k] in (c, ky, kx) order.
            w.Floats().CopyTo(weight.Value, 0);
            if (b is not null) b.Floats().CopyTo(bias.Value, 0);
            var output = layer.OutputShape(input);
            if (output.H < 1 || output.W < 1) throw NodeError($"produces an empty output from input {input}.");
            AddLayer(layer, [a], output);
        }

        /// <summary>The weighted layer that produced <paramref name="a"/> when <paramref name="a"/> is its unchanged output feeding only this node.</summary>
        private Layer? FoldTarget(Act a, int inputIndex) =>
            a.Direct && _layers.Count > 0 && a.Producer == _layers[^1].Name && _consumers.GetValueOrDefault(_node.Input[inputIndex]) == 1
                && _layers[^1] is Conv2d or DepthwiseConv or FullyConnected ? _layers[^1] : null;

        private static (Parameter W, Parameter B, int Outputs) Weighted(Layer l) => l switch
        {
            DepthwiseConv d => (d.Weight, d.Bias, d.Channels),
            Conv2d c => (c.Weight, c.Bias, c.OutChannels),
            FullyConnected f => (f.Weight, f.Bias, f.OutFeatures),
            _ => throw new InvalidOperationException(),
        };

        private void BatchNormalization()
        {
            var a = Activation(0);
            var target = FoldTarget(a, 0) ?? throw NodeError(
                "folds only into the Conv or Gemm right before it whose output feeds nothing else (it is merged into that layer's weights).");
            var (w, b, outputs) = Weighted(target);
            var scale = Input(1); var shift = Input(2); var mean = Input(3); var variance = Input(4);
            if (scale is null || shift is null || mean is null || variance is null) throw NodeError("lacks scale, B, mean or var.");
            foreach (var (t, what) in new[] { (scale, "scale"), (shift, "B"), (mean, "mean"), (variance, "var") })
                if (t.Count != outputs) throw NodeError($"{what} has {t.Count} values for {outputs} channels.");
            if (_node.Output.Skip(1).Any(o => o.Length > 0 && _consumers.ContainsKey(o))) throw NodeError("uses training-mode outputs (running statistics).");
            double eps = FloatAttr("epsilon", 1e-5f);
            int per = w.Size / outputs;
            for (int o = 0; o < outputs; o++)
            {
                if (variance.Values[o] + eps <= 0) throw NodeError($"var[{o}] + epsilon = {variance.Values[o] + eps} is not positive.");
                double s = scale.Values[o] / Math.Sqrt(variance.Values[o] + eps);
                for (int i = 0; i < per; i++) w.Value[o * per + i] = (float)(w.Value[o * per + i] * s);
                b.Value[o] = (float)((b.Value[o] - mean.Values[o]) * s + shift.Values[o]);
            }
            Alias(a, a.Dims);
        }

        private void Pool(bool max)
        {
            var a = Activation(0);
            var input = Image(a, 0);
            if (max && _node.Output.Count > 1 && _node.Output[1].Length > 0 && _consumers.ContainsKey(_node.Output[1]))
                throw NodeError("uses the Indices output, which has no crossbar or controller equivalent.");
            var (k, stride, dilation, top, left, bottom, right) = Window(input, IntsAttr("kernel_shape"));
            if (dilation != 1) throw NodeError($"dilations {dilation} are not supported for pooling.");
            var window = new PoolWindow(k, stride, top, left, bottom, right, IntAttr("ceil_mode", 0) != 0, !max && IntAttr("count_include_pad", 0) != 0);
            Layer layer = max ? new MaxPool(LayerName(), window) : new AvgPool(LayerName(), window);
            var output = layer.OutputShape(input);
            if (output.H < 1 || output.W < 1) throw NodeError($"produces an empty output from input {input}.");
            AddLayer(layer, [a], output);
        }

        private void Gemm()
        {
            var a = Activation(0);
            var bT = Input(1) ?? throw NodeError("has no B input.");
            var c = Input(2);
            if (IntAttr("transA", 0) != 0) throw NodeError("transA = 1 (transposed image data) is not supported.");
            bool transB = IntAttr("transB", 0) != 0;
            double alpha = FloatAttr("alpha", 1f), beta = FloatAttr("beta", 1f);
            if (bT.Dims.Length != 2) throw NodeError($"B has shape {bT.DimsText}; expected a matrix.");
            int inputs = (int)(transB ? bT.Dims[1] : bT.Dims[0]), outputs = (int)(transB ? bT.Dims[0] : bT.Dims[1]);
            FullyConnectedFrom(a, bT, transB, inputs, outputs, alpha);
            var fc = (FullyConnected)_layers[^1];
            if (c is not null)
            {
                if (c.Count != outputs && c.Count != 1) throw NodeError($"C has shape {c.DimsText}; expected {outputs} values or one.");
                for (int o = 0; o < outputs; o++) fc.Bias.Value[o] = (float)(beta * c.Values[c.Count == 1 ? 0 : o]);
            }
        }

        private void MatMul()
        {
            var a = Activation(0);
            var b = Input(1) ?? throw NodeError("has no B input.");
            if (b.Dims.Length != 2) throw NodeError($"B has shape {b.DimsText}; only image data × a constant matrix maps to a dense layer.");
            FullyConnectedFrom(a, b, transposed: false, (int)b.Dims[0], (int)b.Dims[1], 1.0);
        }

        private void FullyConnectedFrom(Act a, OnnxTensor b, bool transposed, int inputs, int outputs, double alpha)
        {
            if (a.Dims.Length != 1)
                throw NodeError($"input has shape [N,{string.Join(",", a.Dims)}]; a dense layer needs (N, features) — flatten first.");
            if (a.Physical.Size != inputs) throw NodeError($"the input has {a.Physical.Size} features, the weight matrix {inputs} rows.");
            if (outputs < 1 || outputs > WeightsHeaderCheck.MaxChannels) throw NodeError($"{outputs} outputs are outside 1..{WeightsHeaderCheck.MaxChannels}.");
            var fc = new FullyConnected(LayerName(), inputs, outputs);
            // Our weight is [out, in]: B (in × out) transposed, or B as stored when transB = 1.
            for (int o = 0; o < outputs; o++)
                for (int i = 0; i < inputs; i++)
                    fc.Weight.Value[o * inputs + i] = (float)(alpha * b.Values[transposed ? (long)o * inputs + i : (long)i * outputs + o]);
            AddLayer(fc, [a], new Shape3(outputs, 1, 1));
        }

        private void AddNode()
        {
            bool c0 = _consts.ContainsKey(_node.Input[0]), c1 = _node.Input.Count > 1 && _consts.ContainsKey(_node.Input[1]);
            if (_node.Input.Count != 2) throw NodeError($"has {_node.Input.Count} inputs; expected two.");
            if (c0 || c1)
            {
                // Activation + constant: a bias, folded into the dense or conv layer right before it.
                int ai = c0 ? 1 : 0;
                var a = Activation(ai);
                var bias = Input(1 - ai)!;
                var target = FoldTarget(a, ai) ?? throw NodeError(
                    "adds a constant to data not coming straight from a Conv, Gemm or MatMul (a bias is folded into that layer).");
                var (_, b, outputs) = Weighted(target);
                // Broadcasting aligns trailing axes: per output channel is (C,1,1) for images, (features) for dense outputs.
                var trimmed = bias.Dims.SkipWhile(d => d == 1).ToArray();
                bool perOutput = a.Dims.Length == 3 ? trimmed.SequenceEqual(new long[] { outputs, 1, 1 }) || (outputs == 1 && trimmed.Length == 0)
                    : a.Dims.Length == 1 && (trimmed.SequenceEqual(new long[] { outputs }) || (outputs == 1 && trimmed.Length == 0));
                if (!perOutput && bias.Count != 1) throw NodeError($"constant of shape {bias.DimsText} is not one value per output of '{target.Name}' ({outputs}).");
                for (int o = 0; o < outputs; o++) b.Value[o] += (float)bias.Values[bias.Count == 1 ? 0 : o];
                Alias(a, a.Dims);
                return;
            }
            var x = Activation(0); var y = Activation(1);
            if (!x.Dims.SequenceEqual(y.Dims) || x.Physical != y.Physical)
                throw NodeError($"adds shapes [N,{string.Join(",", x.Dims)}] and [N,{string.Join(",", y.Dims)}]; only equal shapes (residual connections) are supported.");
            var layer = new Add(LayerName(), [x.Producer, y.Producer]);
            AddLayer(layer, [x, y], x.Physical);
            _acts[Output(0)] = _acts[Output(0)] with { Dims = x.Dims };
        }

        private void ConcatNode()
        {
            var parts = Enumerable.Range(0, _node.Input.Count).Select(Activation).ToList();
            int rank = parts[0].Dims.Length;
            long axis = IntAttr("axis", 1);
            if (axis < 0) axis += rank + 1;
            if (axis != 1) throw NodeError($"concatenates along axis {IntAttr("axis", 1)}; only the channel axis (1) is supported.");
            foreach (var (p, i) in parts.Select((p, i) => (p, i)))
                if (rank == 3) Image(p, i);
                else if (rank != 1 || p.Physical.H != 1 || p.Physical.W != 1 || p.Dims.Length != 1)
                    throw NodeError($"input {i} has shape [N,{string.Join(",", p.Dims)}]; expected (N, C, H, W) or (N, features).");
            var shapes = parts.Select(p => p.Physical).ToList();
            if (shapes.Any(s => s.H != shapes[0].H || s.W != shapes[0].W))
                throw NodeError($"concatenates shapes {string.Join(", ", shapes)} with different heights or widths.");
            var layer = new Concat(LayerName(), parts.Select(p => p.Producer).ToList());
            var output = new Shape3(shapes.Sum(s => s.C), shapes[0].H, shapes[0].W);
            AddLayer(layer, parts, output);
            _acts[Output(0)] = _acts[Output(0)] with { Dims = rank == 1 ? [output.C] : [output.C, output.H, output.W] };
        }

        private void FlattenNode()
        {
            var a = Activation(0);
            long axis = IntAttr("axis", 1);
            if (axis < 0) axis += a.Dims.Length + 1;
            if (axis != 1) throw NodeError($"flattens from axis {IntAttr("axis", 1)}; only axis 1 (keep the batch) is supported.");
            Alias(a, [a.Dims.Aggregate(1L, (x, y) => x * y)]);
        }

        private void Reshape(OnnxTensor shapeTensor)
        {
            var a = Activation(0);
            var shape = shapeTensor.Longs();
            long size = a.Dims.Aggregate(1L, (x, y) => x * y);
            if (shape.Length < 1) throw NodeError("reshapes to a scalar.");
            // The first target dimension keeps the batch: -1 (then the rest must be given), 0 (copy) or the export's batch size.
            var rest = shape.Skip(1).ToArray();
            bool allowZero = IntAttr("allowzero", 0) != 0;
            for (int i = 0; i < rest.Length; i++)
                if (rest[i] == 0 && !allowZero) rest[i] = i + 1 < a.Dims.Length + 1 ? a.Dims[i] : throw NodeError("copies a dimension the input does not have.");
            int unknown = rest.Count(d => d == -1);
            if (unknown > 1 || rest.Any(d => d < -1)) throw NodeError($"target shape [{string.Join(",", shape)}] is invalid.");
            long known = rest.Where(d => d != -1).Aggregate(1L, (x, y) => x * y);
            if (shape[0] == -1 && unknown > 0) throw NodeError($"target shape [{string.Join(",", shape)}] leaves both the batch and a feature dimension open.");
            if (unknown == 1)
            {
                if (known == 0 || size % known != 0) throw NodeError($"cannot reshape {size} values per image to [{string.Join(",", shape)}].");
                rest = rest.Select(d => d == -1 ? size / known : d).ToArray();
            }
            if (rest.Aggregate(1L, (x, y) => x * y) != size)
                throw NodeError($"reshapes [N,{string.Join(",", a.Dims)}] to [{string.Join(",", shape)}], which changes the values per image (only flattening is supported).");
            Reshaped(a, rest);
        }

        private void Reshaped(Act a, long[] dims)
        {
            var from = a.Dims.Where(d => d != 1).ToArray();
            var to = dims.Where(d => d != 1).ToArray();
            bool image = dims.Length == 3 && dims[0] == a.Physical.C && dims[1] == a.Physical.H && dims[2] == a.Physical.W;
            if (!(image || to.Length <= 1 || from.SequenceEqual(to)))
                throw NodeError($"reshapes [N,{string.Join(",", a.Dims)}] to [N,{string.Join(",", dims)}]; only flattening and adding or removing size-1 axes are supported.");
            // The data order never changes (row-major NCHW): only the ONNX shape the next operators see does.
            Alias(a, dims);
        }

        private void SqueezeNode(bool squeeze)
        {
            var a = Activation(0);
            long[]? axes = _opset >= 13 ? Input(1)?.Longs() : IntsAttr("axes");
            var full = new List<long> { -1 };
            full.AddRange(a.Dims);
            int rankOut = squeeze ? full.Count - (axes?.Length ?? full.Count(d => d == 1)) : full.Count + (axes?.Length ?? 0);
            if (!squeeze && axes is null) throw NodeError("has no axes.");
            var norm = axes?.Select(x => x < 0 ? x + (squeeze ? full.Count : rankOut) : x).ToArray();
            if (norm is not null && norm.Any(x => x == 0)) throw NodeError("changes the batch axis.");
            List<long> result;
            if (squeeze)
            {
                result = [];
                for (int i = 0; i < full.Count; i++)
                {
                    bool drop = norm is null ? i > 0 && full[i] == 1 : norm.Contains(i);
                    if (drop && full[i] != 1) throw NodeError($"squeezes axis {i} of size {full[i]}.");
                    if (!drop) result.Add(full[i]);
                }
            }
            else
            {
                result = [];
                int src = 0;
                for (int i = 0; i < rankOut; i++) result.Add(norm!.Contains(i) ? 1 : full[src++]);
            }
            Reshaped(a, result.Skip(1).ToArray());
        }

        private void DropoutNode()
        {
            var a = Activation(0);
            if (_opset >= 12 && Input(2) is { } training && training.Values.Any(v => v != 0))
                throw NodeError("runs in training mode (training_mode = true).");
            if (_node.Output.Count > 1 && _node.Output[1].Length > 0 && _consumers.ContainsKey(_node.Output[1]))
                throw NodeError("uses the dropout mask output.");
            Alias(a, a.Dims);
        }
    }
}
