using Google.Protobuf;
using MemristorSpice.Network.Folding;
using MemristorSpice.Network.Layers;
using MemristorSpice.Network.Models;
using MemristorSpice.Network.Onnx.Proto;

namespace MemristorSpice.Network.Onnx;

/// <summary>
/// Writes a <see cref="Model"/> as an ONNX model (opset 14, IR version 7) that ONNX Runtime and PyTorch run with the
/// same predictions: BatchNorm is folded into the layer before it (eval-mode form, as the crossbars hold it), every
/// layer becomes the matching standard operator (Conv with its group, dilation and pads; MaxPool/AveragePool;
/// GlobalAveragePool; Flatten + Gemm for dense layers; Relu, Clip, LeakyRelu, Sigmoid, Tanh, HardSwish; Add; Concat).
/// The input is "image" (batch, C, H, W) with a free batch dimension; the output "logits" (batch, classes).
/// </summary>
public static class OnnxExporter
{
    /// <summary>Opset of the written model (HardSwish needs 14).</summary>
    public const int Opset = 14;

    /// <summary>The ONNX bytes of <paramref name="model"/>; <paramref name="metadata"/> entries become the model's metadata_props.</summary>
    public static byte[] Export(Model model, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var folded = BatchNormFolder.Fold(model);
        var graph = new GraphProto { Name = folded.Name };
        graph.Input.Add(ValueInfo("image", ["batch", folded.InputShape.C, folded.InputShape.H, folded.InputShape.W]));
        var outputName = new string[folded.Layers.Count];
        for (int i = 0; i < folded.Layers.Count; i++)
        {
            var layer = folded.Layers[i];
            var inputs = folded.Sources(i).Select(j => j < 0 ? "image" : outputName[j]).ToList();
            var inputShape = folded.InputShapes(i)[0];
            outputName[i] = i == folded.Layers.Count - 1 ? "logits_4d" : layer.Name;
            Emit(graph, layer, inputs, inputShape, outputName[i]);
        }
        // Classifiers end in (batch, classes): flatten the last (C, 1, 1) output.
        graph.Node.Add(Node("Flatten", "logits_flatten", ["logits_4d"], ["logits"], Int("axis", 1)));
        graph.Output.Add(ValueInfo("logits", ["batch", folded.OutputShape.Size]));
        var proto = new ModelProto
        {
            IrVersion = 7, ProducerName = "MemristorSpice", ProducerVersion = typeof(OnnxExporter).Assembly.GetName().Version?.ToString() ?? "",
            Graph = graph,
        };
        proto.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        foreach (var (k, v) in metadata ?? new Dictionary<string, string>())
            proto.MetadataProps.Add(new StringStringEntryProto { Key = k, Value = v });
        return proto.ToByteArray();
    }

    private static void Emit(GraphProto g, Layer layer, IReadOnlyList<string> inputs, Shape3 input, string output)
    {
        string n = layer.Name;
        switch (layer)
        {
            case DepthwiseConv d:
                g.Initializer.Add(OnnxTensor.Encode(n + ".weight", [d.Channels, 1, d.Kernel, d.Kernel], d.Weight.Value));
                g.Initializer.Add(OnnxTensor.Encode(n + ".bias", [d.Channels], d.Bias.Value));
                g.Node.Add(Node("Conv", n, [inputs[0], n + ".weight", n + ".bias"], [output], Ints("kernel_shape", d.Kernel, d.Kernel),
                    Ints("strides", d.Stride, d.Stride), Ints("pads", d.Padding, d.Padding, d.Padding, d.Padding), Int("group", d.Channels)));
                break;
            case Conv2d c:
                g.Initializer.Add(OnnxTensor.Encode(n + ".weight", [c.OutChannels, c.GroupInChannels, c.Kernel, c.Kernel], c.Weight.Value));
                g.Initializer.Add(OnnxTensor.Encode(n + ".bias", [c.OutChannels], c.Bias.Value));
                g.Node.Add(Node("Conv", n, [inputs[0], n + ".weight", n + ".bias"], [output], Ints("kernel_shape", c.Kernel, c.Kernel),
                    Ints("strides", c.Stride, c.Stride), Ints("pads", c.Padding, c.PadLeft, c.PadBottom, c.PadRight),
                    Ints("dilations", c.Dilation, c.Dilation), Int("group", c.Groups)));
                break;
            case FullyConnected f:
                g.Node.Add(Node("Flatten", n + "_flatten", [inputs[0]], [n + "_flat"], Int("axis", 1)));
                g.Initializer.Add(OnnxTensor.Encode(n + ".weight", [f.OutFeatures, f.InFeatures], f.Weight.Value));
                g.Initializer.Add(OnnxTensor.Encode(n + ".bias", [f.OutFeatures], f.Bias.Value));
                g.Node.Add(Node("Gemm", n + "_gemm", [n + "_flat", n + ".weight", n + ".bias"], [n + "_2d"], Int("transB", 1)));
                // Back to (batch, features, 1, 1): our dense output is an image of 1×1 pixels, which later layers may pool or convolve.
                g.Initializer.Add(OnnxTensor.EncodeLongs(n + ".shape", [-1, f.OutFeatures, 1, 1]));
                g.Node.Add(Node("Reshape", n, [n + "_2d", n + ".shape"], [output]));
                break;
            case MaxPool or AvgPool:
            {
                var w = layer is MaxPool mp ? mp.Window : ((AvgPool)layer).Window;
                var attrs = new List<AttributeProto>
                {
                    Ints("kernel_shape", w.Size, w.Size), Ints("strides", w.Step, w.Step), Ints("pads", w.Top, w.Left, w.Bottom, w.Right),
                    Int("ceil_mode", w.Ceil ? 1 : 0),
                };
                if (layer is AvgPool) attrs.Add(Int("count_include_pad", w.CountPadding ? 1 : 0));
                g.Node.Add(Node(layer is MaxPool ? "MaxPool" : "AveragePool", n, [inputs[0]], [output], [.. attrs]));
                break;
            }
            case GlobalAvgPool: g.Node.Add(Node("GlobalAveragePool", n, [inputs[0]], [output])); break;
            case ReLU: g.Node.Add(Node("Relu", n, [inputs[0]], [output])); break;
            case Sigmoid: g.Node.Add(Node("Sigmoid", n, [inputs[0]], [output])); break;
            case Tanh: g.Node.Add(Node("Tanh", n, [inputs[0]], [output])); break;
            case HardSwish: g.Node.Add(Node("HardSwish", n, [inputs[0]], [output])); break;
            case LeakyReLU l: g.Node.Add(Node("LeakyRelu", n, [inputs[0]], [output], Float("alpha", l.Alpha.Value[0]))); break;
            case Clip c:
                if (c.HasLower) g.Initializer.Add(OnnxTensor.Encode(n + ".min", [], [c.Lower]));
                if (c.HasUpper) g.Initializer.Add(OnnxTensor.Encode(n + ".max", [], [c.Upper]));
                g.Node.Add(Node("Clip", n, [inputs[0], c.HasLower ? n + ".min" : "", c.HasUpper ? n + ".max" : ""], [output]));
                break;
            case Add: g.Node.Add(Node("Add", n, inputs, [output])); break;
            case Concat: g.Node.Add(Node("Concat", n, inputs, [output], Int("axis", 1))); break;
            default: throw new NotSupportedException($"Layer '{n}' ({layer.Kind}) has no ONNX export.");
        }
    }

    private static NodeProto Node(string op, string name, IEnumerable<string> inputs, IEnumerable<string> outputs, params AttributeProto[] attrs)
    {
        var node = new NodeProto { OpType = op, Name = name };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attrs);
        return node;
    }

    private static AttributeProto Int(string name, long v) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = v };
    private static AttributeProto Float(string name, float v) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = v };
    private static AttributeProto Ints(string name, params long[] v)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(v);
        return a;
    }

    private static ValueInfoProto ValueInfo(string name, object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims)
            shape.Dim.Add(d is string p ? new TensorShapeProto.Types.Dimension { DimParam = p } : new TensorShapeProto.Types.Dimension { DimValue = Convert.ToInt64(d, System.Globalization.CultureInfo.InvariantCulture) });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }
}
