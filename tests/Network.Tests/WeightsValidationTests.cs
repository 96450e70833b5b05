using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using MemristorSpice.Network.Data;
using MemristorSpice.Network.IO;
using MemristorSpice.Network.Layers;
using MemristorSpice.Network.Models;
using MemristorSpice.Tests.Shared;

namespace MemristorSpice.Network.Tests;

/// <summary>
/// Damaged copies of the shipped weights/msccnn.msw, written to a temp folder and loaded from there: each must
/// be refused with a <see cref="WeightsFormatException"/> naming the file, the field and the value (the truth is
/// the rule in docs/weights-format.md), never another exception type.
/// </summary>
public sealed class WeightsValidationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("msw-validation").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static byte[] Shipped(string name = "msccnn") => File.ReadAllBytes(Path.Combine(Dependencies.RepoRoot, "weights", name + ".msw"));

    /// <summary>Re-encodes a file with an edited JSON header (length field updated, data section kept).</summary>
    internal static byte[] EditHeader(byte[] file, Action<JsonObject> edit)
    {
        int len = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(8));
        var header = JsonNode.Parse(file.AsSpan(12, len))!.AsObject();
        edit(header);
        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        var result = new byte[12 + json.Length + file.Length - 12 - len];
        file.AsSpan(0, 8).CopyTo(result);
        BinaryPrimitives.WriteInt32LittleEndian(result.AsSpan(8), json.Length);
        json.CopyTo(result, 12);
        file.AsSpan(12 + len).CopyTo(result.AsSpan(12 + json.Length));
        return result;
    }

    private static JsonObject Layer(JsonObject header, string name) =>
        header["layers"]!.AsArray().Select(l => l!.AsObject()).First(l => (string?)l["name"] == name);

    /// <summary>Writes the bytes as a file and returns the message of the format error loading it gives.</summary>
    private string Refused(byte[] bytes, string file = "damaged.msw")
    {
        var path = Path.Combine(_dir, file);
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<WeightsFormatException>(() => WeightsFile.Load(path));
        Assert.StartsWith(path + ":", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        return e.Message;
    }

    [Theory]
    [InlineData("msccnn")]
    [InlineData("msccnn-pruned")]
    [InlineData("lenet")]
    [InlineData("fcn")]
    public void ShippedWeightsPassEveryRule(string name)
    {
        // The shipped files were written by the trainer: the rules must accept them unchanged.
        var model = WeightsFile.Deserialize(Shipped(name), name);
        Assert.All(model.Parameters.SelectMany(p => p.Value), v => Assert.True(float.IsFinite(v)));
        Assert.Equal(Datasets.SampleShape, model.InputShape);
    }

    [Fact]
    public void EveryLayerKindRoundTrips()
    {
        // A model with each kind LayerFactory knows, including AvgPool that no shipped model uses.
        var layers = new Layer[]
        {
            new Conv2d("conv", 1, 4, 3, 1, 1), new BatchNorm("bn", 4), new ReLU("relu"), new AvgPool("avg", 2),
            new DepthwiseConv("dw", 4, 3, 2, 1), new PointwiseConv("pw", 4, 6), new MaxPool("max", 2),
            new FullyConnected("fc", 6 * 2 * 2, 10), new GlobalAvgPool("gap"),
            new Clip("clip", 0, 6), new LeakyReLU("leaky", 0.1f), new Sigmoid("sigmoid"), new Tanh("tanh"), new HardSwish("hswish"),
            new Add("add", ["gap", "hswish"]), new Concat("concat", ["add", "clip"]),
        };
        Assert.Equal(LayerFactory.Kinds.Order(), layers.Select(l => l.Kind).Distinct().Order());
        var model = new Model("allkinds", new Shape3(1, 16, 16), layers);
        var bytes = WeightsFile.Serialize(model);
        Assert.Equal(WeightsFile.Version, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4)));
        var back = WeightsFile.Deserialize(bytes, "allkinds");
        Assert.Equal(layers.Select(l => l.Kind), back.Layers.Select(l => l.Kind));
        Assert.Equal(bytes, WeightsFile.Serialize(back));
        var x = TestUtil.Random(3, 1, 16, 16, seed: 5);
        Assert.Equal(model.Forward(x).Data, back.Forward(x).Data);
    }

    public static TheoryData<string> BadNames() => new()
    {
        "../../x", "/abs/path", "a/b", "a\\b", "con", "CON", "nul.txt", "com1", "", new string('a', 1000),
        "conv1\n.control\nshell touch /tmp/pwned\n.endc", "1conv", ".hidden", "a..b", "trailing.", "sp ace", "tab\tname",
        "uni\u2028line", "x\uFFFF",
    };

    [Theory]
    [MemberData(nameof(BadNames))]
    public void LayerNamesOutsideTheCharacterSetAreRefused(string name)
    {
        Assert.NotNull(InputName.Problem(name));
        var e = Refused(EditHeader(Shipped(), h => Layer(h, "conv1")["name"] = name));
        Assert.Contains("layers[0].name", e);
        foreach (var c in name.Take(80).Where(InputName.IsUnsafe))
            Assert.Contains($"\\u{(int)c:X4}", e);   // control characters are shown escaped, never raw
    }

    [Theory]
    [MemberData(nameof(BadNames))]
    public void ModelNamesOutsideTheCharacterSetAreRefused(string name)
    {
        var e = Refused(EditHeader(Shipped(), h => h["model"] = name));
        Assert.Contains("model name", e);
    }

    [Theory]
    [InlineData("conv1")]
    [InlineData("bn_dw1")]
    [InlineData("msccnn-pruned.v2")]
    [InlineData("A")]
    public void NamesInsideTheCharacterSetAreAccepted(string name) => Assert.Null(InputName.Problem(name));

    [Fact]
    public void LayerNamesDifferingOnlyInCaseAreRefused()
    {
        var e = Refused(EditHeader(Shipped(), h => Layer(h, "relu1")["name"] = "CONV1"));
        Assert.Contains("'CONV1' repeats an earlier layer name", e);
    }

    [Theory]
    [InlineData("conv1", "out", -1, "hyper-parameter out = -1 is outside [1, 65536]")]
    [InlineData("conv1", "out", 0, "hyper-parameter out = 0 is outside [1, 65536]")]
    [InlineData("conv1", "stride", 0, "hyper-parameter stride = 0 is outside [1, 64]")]
    [InlineData("dw1", "stride", 0, "hyper-parameter stride = 0 is outside [1, 64]")]
    [InlineData("conv1", "kernel", 0, "hyper-parameter kernel = 0 is outside [1, 64]")]
    [InlineData("conv1", "padding", -1, "hyper-parameter padding = -1 is outside [0, 64]")]
    [InlineData("dw1", "padding", 2, "padding 2 is more than half the kernel 3")]
    [InlineData("pool1", "size", 0, "hyper-parameter size = 0 is outside [1, 64]")]
    [InlineData("bn1", "channels", -32, "hyper-parameter channels = -32 is outside [1, 65536]")]
    [InlineData("pw1", "in", int.MinValue, "hyper-parameter in = -2147483648 is outside [1, 65536]")]
    public void HyperParametersOutOfRangeAreRefused(string layer, string key, int value, string expected)
    {
        var e = Refused(EditHeader(Shipped(), h => Layer(h, layer)["hyper"]![key] = value));
        Assert.Contains($"'{layer}'", e);
        Assert.Contains(expected, e);
    }

    [Fact]
    public void AbsurdCountIsRefusedBeforeAllocating()
    {
        // 2^31-1 output channels of pw2 (within no range) and, separately, 65536 (within range) - both far more
        // data than the 63 kB file holds: refused from the header alone, without allocating the tensors.
        var huge = EditHeader(Shipped(), h => Layer(h, "classifier")["hyper"]!["out"] = int.MaxValue);
        Assert.Contains("out = 2147483647 is outside", Refused(huge));
        var big = EditHeader(Shipped(), h => { Layer(h, "pw2")["hyper"]!["out"] = 65536; Layer(h, "bn_pw2")["hyper"]!["channels"] = 65536; Layer(h, "classifier")["hyper"]!["in"] = 65536; });
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Refused(big);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains("truncated: layer 'pw2' (PointwiseConv) needs 17039360 bytes", e);
        // pw2 alone would need 16 MB of weights plus as much for gradients; reading the file costs ~0.2 MB.
        Assert.True(allocated < 4_000_000, $"allocated {allocated} bytes before refusing");
    }

    [Fact]
    public void UnknownAndMissingHyperParametersAreRefused()
    {
        Assert.Contains("unknown hyper-parameter 'dilation'", Refused(EditHeader(Shipped(), h => Layer(h, "dw1")["hyper"]!["dilation"] = 2)));
        Assert.Contains("missing hyper-parameter 'stride'", Refused(EditHeader(Shipped(), h => Layer(h, "dw1")["hyper"]!.AsObject().Remove("stride"))));
    }

    [Theory]
    [InlineData("[1,28]", "must be 3 numbers")]
    [InlineData("[0,28,28]", "each of C, H, W must be between 1 and 4096")]
    [InlineData("[1,-28,28]", "each of C, H, W must be between 1 and 4096")]
    [InlineData("[2,4096,4096]", "more than 16777216")]
    [InlineData("[2,28,28]", "expects 1 input channels but receives 2")]
    public void InputShapeIsChecked(string input, string expected)
    {
        var e = Refused(EditHeader(Shipped(), h => h["input"] = JsonNode.Parse(input)));
        Assert.Contains(expected, e);
    }

    [Fact]
    public void ShapesMustAgreeBetweenLayers()
    {
        // classifier takes 128 channels; dropping pw2 to 96 outputs (and its BatchNorm) breaks the chain there.
        var e = Refused(EditHeader(Shipped(), h => { Layer(h, "pw2")["hyper"]!["out"] = 96; Layer(h, "bn_pw2")["hyper"]!["channels"] = 96; }));
        Assert.Contains("layer 'classifier' (PointwiseConv) expects 128 input channels but receives 96", e);
    }

    /// <summary>Offset of value <paramref name="index"/> of the named tensor in the file.</summary>
    private static int ValueOffset(byte[] file, string tensor, int index)
    {
        int len = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(8));
        var header = JsonNode.Parse(file.AsSpan(12, len))!;
        int offset = 12 + len;
        foreach (var t in header["layers"]!.AsArray().SelectMany(l => l!["tensors"]!.AsArray()))
        {
            if ((string?)t!["name"] == tensor) return offset + 4 * index;
            offset += 4 * t["shape"]!.AsArray().Aggregate(1, (p, d) => p * (int)d!);
        }
        throw new ArgumentException(tensor);
    }

    [Theory]
    [InlineData("conv1.weight", 5, float.NaN, "layer 'conv1' tensor 'conv1.weight' value 5 (index [0,5]) = NaN is not a finite number")]
    [InlineData("pw1.weight", 33, float.PositiveInfinity, "layer 'pw1' tensor 'pw1.weight' value 33 (index [1,1]) = Infinity is not a finite number")]
    [InlineData("bn1.gamma", 3, float.NegativeInfinity, "layer 'bn1' tensor 'bn1.gamma' value 3 (index [3]) = -Infinity is not a finite number")]
    [InlineData("bn_dw2.running_var", 7, float.NaN, "tensor 'bn_dw2.running_var' value 7 (index [7]) = NaN")]
    [InlineData("bn_dw2.running_var", 8, -0.5f, "value 8 (index [8]) = -0.5 is a negative variance")]
    [InlineData("classifier.bias", 9, 3e30f, "value 9 (index [9]) = 3E+30 exceeds the largest accepted magnitude 1000000")]
    public void NonFiniteOrAbsurdValuesAreRefused(string tensor, int index, float value, string expected)
    {
        var b = Shipped();
        BinaryPrimitives.WriteSingleLittleEndian(b.AsSpan(ValueOffset(b, tensor, index)), value);
        Assert.Contains(expected, Refused(b));
    }

    [Fact]
    public void TruncationAndTrailingBytesAreRefused()
    {
        var b = Shipped();
        Assert.Contains("truncated: layer 'classifier'", Refused(b[..^4]));
        Assert.Contains("4 unexpected bytes after the last tensor", Refused([.. b, 0, 0, 0, 0]));
        Assert.Contains("header length", Refused(b[..200]));
        Assert.Contains("shorter than the 12-byte preamble", Refused(b[..11]));
        Assert.Contains("bad magic", Refused([.. "MSWX"u8, .. b.AsSpan(4)]));
        var v2 = (byte[])b.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(v2.AsSpan(4), 3);
        Assert.Contains("unsupported version 3", Refused(v2));
        var negative = (byte[])b.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(negative.AsSpan(8), -5);
        Assert.Contains("header length -5", Refused(negative));
    }

    [Fact]
    public void NullEntriesAreFormatErrorsNotCrashes()
    {
        Assert.Contains("layers[2] is null", Refused(EditHeader(Shipped(), h => h["layers"]![2] = null)));
        Assert.Contains("header has no layer list", Refused(EditHeader(Shipped(), h => h.Remove("layers"))));
        Assert.Contains("the layer list is empty", Refused(EditHeader(Shipped(), h => h["layers"] = new JsonArray())));
        Assert.Contains("tensor 0 is named (null)", Refused(EditHeader(Shipped(), h => Layer(h, "conv1")["tensors"]![0] = null)));
        Assert.Contains("unknown kind (null)", Refused(EditHeader(Shipped(), h => Layer(h, "conv1").Remove("kind"))));
        Assert.Contains("model name (null) is missing", Refused(EditHeader(Shipped(), h => h.Remove("model"))));
    }

    [Fact]
    public void PruningRecordMustMatchTheLayers()
    {
        var pruned = Shipped("msccnn-pruned");
        Assert.Contains("original 33 channels minus 16 removed leaves 17, but the layer has 16",
            Refused(EditHeader(pruned, h => h["pruning"]!["original"]!["dw1"] = 33)));
        Assert.Contains("pruning names layer 'pw1', which is not a depthwise layer",
            Refused(EditHeader(pruned, h => { h["pruning"]!["removed"]!["pw1"] = new JsonArray(1); h["pruning"]!["original"]!["pw1"] = 2; })));
        Assert.Contains("must list distinct channels in [0, 32)",
            Refused(EditHeader(pruned, h => h["pruning"]!["removed"]!["dw1"]![0] = 40)));
    }

    [Fact]
    public void MetadataMustBePrintableText()
    {
        Assert.Contains("metadata 'seed' value '1\\u001B[2J' holds control or line-break characters",
            Refused(EditHeader(Shipped(), h => h["metadata"]!["seed"] = "1\u001b[2J")));
        Assert.Contains("metadata key '../x'", Refused(EditHeader(Shipped(), h => h["metadata"]!["../x"] = "1")));
        Assert.Contains("is 5000 characters long", Refused(EditHeader(Shipped(), h => h["metadata"]!["seed"] = new string('9', 5000))));
    }

    [Fact]
    public void ReadHeaderChecksNamesToo()
    {
        var b = EditHeader(Shipped(), h => h["model"] = "x\n.endc");
        var e = Assert.Throws<WeightsFormatException>(() => WeightsFile.ReadHeader(b, "h.msw"));
        Assert.Contains("model name 'x\\u000A.endc'", e.Message);
    }
}
