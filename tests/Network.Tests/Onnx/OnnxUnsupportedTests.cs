using Google.Protobuf;
using MemristorSpice.Network.Onnx;
using MemristorSpice.Network.Onnx.Proto;

namespace MemristorSpice.Network.Tests.Onnx;

/// <summary>Every way an ONNX graph falls outside what maps to crossbars ends in an error naming what and where, never in a wrong network.</summary>
public sealed class OnnxUnsupportedTests
{
    // image (N,1,4,4) -> Conv 3x3 pad 1 (2 channels) -> [node under test] -> ... ; built with the same message classes the importer reads.
    private static byte[] Graph(int opset, Action<GraphProto> nodes, string output = "y")
    {
        var g = new GraphProto { Name = "t" };
        g.Input.Add(Value("image", 1, 4, 4));
        g.Initializer.Add(OnnxTensor.Encode("w", [2, 1, 3, 3], Enumerable.Range(0, 18).Select(i => 0.1f * i).ToArray()));
        g.Node.Add(Node("Conv", "conv", ["image", "w"], ["c"], Ints("pads", 1, 1, 1, 1)));
        nodes(g);
        g.Output.Add(new ValueInfoProto { Name = output });
        var m = new ModelProto { IrVersion = 7, Graph = g };
        m.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = opset });
        return m.ToByteArray();
    }

    private static ValueInfoProto Value(string name, params long[] chw)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "N" });
        foreach (var d in chw) shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = 1, Shape = shape } } };
    }

    private static NodeProto Node(string op, string name, string[] inputs, string[] outputs, params AttributeProto[] attrs)
    {
        var n = new NodeProto { OpType = op, Name = name };
        n.Input.AddRange(inputs); n.Output.AddRange(outputs); n.Attribute.AddRange(attrs);
        return n;
    }

    private static AttributeProto Ints(string name, params long[] v)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(v);
        return a;
    }

    private static string Error(byte[] model) =>
        Assert.Throws<OnnxImportException>(() => OnnxImporter.Import(model, "t.onnx", "t")).Message;

    [Fact]
    public void UnknownOperatorNamesOperatorNodePositionAndTheSupportedList()
    {
        var e = Error(Graph(13, g => g.Node.Add(Node("Resize", "up1", ["c"], ["y"]))));
        Assert.Contains("node 1 'up1' (Resize): operator Resize is not supported", e);
        foreach (var op in OnnxImporter.SupportedOperators) Assert.Contains(op, e);
    }

    [Fact]
    public void FoldableOperatorOnImageDataIsRefused()
    {
        var e = Error(Graph(13, g => g.Node.Add(Node("Mul", "scale", ["c", "c"], ["y"]))));
        Assert.Contains("node 1 'scale' (Mul): operator Mul is not supported on image data (only on constants)", e);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(19)]
    public void OpsetsOutside9To18AreRefused(int opset)
    {
        Assert.Contains($"opset {opset}", Error(Graph(opset, g => g.Node.Add(Node("Relu", "r", ["c"], ["y"])))));
    }

    [Fact]
    public void CustomDomainIsRefused()
    {
        Assert.Contains("is not the standard ONNX domain", Error(Graph(13, g =>
        {
            var n = Node("Relu", "r", ["c"], ["y"]);
            n.Domain = "com.example";
            g.Node.Add(n);
        })));
    }

    [Fact]
    public void ReshapeThatIsNotAFlattenIsRefused()
    {
        var e = Error(Graph(13, g =>
        {
            g.Initializer.Add(OnnxTensor.EncodeLongs("s", [-1, 4, 2, 4]));
            g.Node.Add(Node("Reshape", "rs", ["c", "s"], ["y"]));
        }));
        Assert.Contains("node 1 'rs' (Reshape)", e);
        Assert.Contains("only flattening", e);
    }

    [Fact]
    public void AddOfDifferentShapesIsRefused()
    {
        var e = Error(Graph(13, g =>
        {
            g.Node.Add(Node("MaxPool", "pool", ["c"], ["p"], Ints("kernel_shape", 2, 2), Ints("strides", 2, 2)));
            g.Node.Add(Node("Add", "add", ["c", "p"], ["y"]));
        }));
        Assert.Contains("node 2 'add' (Add)", e);
        Assert.Contains("only equal shapes", e);
    }

    [Fact]
    public void ConcatAlongSpaceIsRefused()
    {
        var e = Error(Graph(13, g =>
        {
            var axis = new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 2 };
            g.Node.Add(Node("Concat", "cat", ["c", "c"], ["y"], axis));
        }));
        Assert.Contains("only the channel axis", e);
    }

    [Fact]
    public void NonSquareKernelIsRefused()
    {
        var e = Error(Graph(13, g =>
        {
            g.Initializer.Add(OnnxTensor.Encode("w2", [2, 2, 1, 3], new float[12]));
            g.Node.Add(Node("Conv", "wide", ["c", "w2"], ["y"]));
        }));
        Assert.Contains("node 1 'wide' (Conv)", e);
        Assert.Contains("not square", e);
    }

    [Fact]
    public void BatchNormalizationThatCannotBeFoldedIsRefused()
    {
        var e = Error(Graph(13, g =>
        {
            g.Node.Add(Node("Relu", "r", ["c"], ["rr"]));
            foreach (var n in new[] { "g", "b", "m", "v" }) g.Initializer.Add(OnnxTensor.Encode(n, [2], [1f, 1f]));
            g.Node.Add(Node("BatchNormalization", "bn", ["rr", "g", "b", "m", "v"], ["y"]));
        }));
        Assert.Contains("node 2 'bn' (BatchNormalization)", e);
        Assert.Contains("folds only into the Conv or Gemm right before it", e);
    }

    [Fact]
    public void SoftmaxBeforeTheEndIsRefused()
    {
        var e = Error(Graph(13, g =>
        {
            g.Node.Add(Node("Softmax", "sm", ["c"], ["s"]));
            g.Node.Add(Node("Relu", "r", ["s"], ["y"]));
        }));
        Assert.Contains("supported only as the last operator", e);
    }

    [Fact]
    public void NonZeroPadIsRefused()
    {
        var e = Error(Graph(13, g =>
        {
            g.Initializer.Add(OnnxTensor.EncodeLongs("pads", [0, 0, 1, 1, 0, 0, 1, 1]));
            g.Node.Add(Node("Pad", "pad", ["c", "pads"], ["y"]));
        }));
        Assert.Contains("node 1 'pad' (Pad): pads [0,0,1,1,0,0,1,1] are not all zero", e);
    }

    [Fact]
    public void WeightsComputedFromTheImageAreRefused()
    {
        var e = Error(Graph(13, g => g.Node.Add(Node("Conv", "dyn", ["c", "c"], ["y"]))));
        Assert.Contains("node 1 'dyn' (Conv): input 1 'c' must be a constant", e);
    }

    [Fact]
    public void NotAnOnnxFileIsRefused()
    {
        Assert.Contains("t.onnx", Error([0xFF, 0xFF, 0xFF, 0x01]));
    }
}
