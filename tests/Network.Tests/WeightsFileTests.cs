using System.Buffers.Binary;
using System.Text;
using MemristorSpice.Network.IO;
using MemristorSpice.Network.Layers;
using MemristorSpice.Network.Models;
using MemristorSpice.Network.Pruning;

namespace MemristorSpice.Network.Tests;

public class WeightsFileTests
{
    private static Model Sample(string name = "msccnn")
    {
        var m = ModelZoo.Create(name, 41);
        TestUtil.RandomizeBatchNorm(m, 42);
        return m;
    }

    /// <summary>Re-encodes a file with an edited JSON header (length field updated).</summary>
    private static byte[] EditHeader(byte[] file, Func<string, string> edit)
    {
        int len = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(8));
        var json = Encoding.UTF8.GetBytes(edit(Encoding.UTF8.GetString(file, 12, len)));
        var result = new byte[12 + json.Length + file.Length - 12 - len];
        file.AsSpan(0, 8).CopyTo(result);
        BinaryPrimitives.WriteInt32LittleEndian(result.AsSpan(8), json.Length);
        json.CopyTo(result, 12);
        file.AsSpan(12 + len).CopyTo(result.AsSpan(12 + json.Length));
        return result;
    }

    [Theory]
    [InlineData("msccnn")]
    [InlineData("lenet")]
    [InlineData("fcn")]
    public void RoundTripIsBitExact(string name)
    {
        var m = Sample(name);
        var bytes = WeightsFile.Serialize(m, new Dictionary<string, string> { ["seed"] = "41" });
        var back = WeightsFile.Deserialize(bytes);
        Assert.Equal(m.Name, back.Name);
        Assert.Equal(m.Layers.Select(l => (l.Name, l.Kind)), back.Layers.Select(l => (l.Name, l.Kind)));
        Assert.Equal(m.Parameters.SelectMany(p => p.Value), back.Parameters.SelectMany(p => p.Value));
        var x = TestUtil.Random(2, 1, 28, 28, 3);
        Assert.Equal(m.Forward(x).Data, back.Forward(x).Data);
        Assert.Equal("41", WeightsFile.ReadHeader(bytes, "mem").Metadata!["seed"]);
    }

    [Fact]
    public void PrunedModelKeepsShapesAndPruningInfo()
    {
        var m = Sample();
        var p = DepthwisePruner.Prune(m, DepthwisePruner.SelectByRatio(m, 0.5, PruningCriterion.BatchNormScale));
        var path = Path.Combine(Path.GetTempPath(), $"pruned-{Guid.NewGuid():N}.msw");
        try
        {
            WeightsFile.Save(p, path);
            var back = WeightsFile.Load(path);
            Assert.Equal(16, ((DepthwiseConv)back["dw1"]).Channels);
            Assert.Equal(p.Pruning!.RemovedChannels["dw2"], back.Pruning!.RemovedChannels["dw2"]);
            Assert.Equal(64, back.Pruning.OriginalChannels["dw2"]);
        }
        finally { File.Delete(path); }
    }

    private static string LoadError(byte[] bytes) => Assert.Throws<WeightsFormatException>(() => WeightsFile.Deserialize(bytes, "f.msw")).Message;

    [Fact]
    public void BadMagic()
    {
        var b = WeightsFile.Serialize(Sample());
        b[0] = (byte)'X';
        Assert.Contains("bad magic 'XSWT'", LoadError(b));
    }

    [Fact]
    public void UnsupportedVersion()
    {
        var b = WeightsFile.Serialize(Sample());
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(4), 7);
        Assert.Contains("unsupported version 7", LoadError(b));
    }

    [Fact]
    public void TruncatedData()
    {
        var b = WeightsFile.Serialize(Sample());
        var e = LoadError(b[..(b.Length - 10)]);
        Assert.Contains("truncated", e);
        Assert.Contains("layer 'classifier'", e);   // the header check names the layer before any tensor is read
        Assert.Contains("truncated", LoadError(b[..8]));
        Assert.Contains("header length", LoadError(b[..40]));
    }

    [Fact]
    public void TrailingBytes()
    {
        var b = WeightsFile.Serialize(Sample());
        Assert.Contains("4 unexpected bytes", LoadError([.. b, 1, 2, 3, 4]));
    }

    [Fact]
    public void TensorShapeDisagreeingWithHyperParameters()
    {
        var b = EditHeader(WeightsFile.Serialize(Sample()), j => j.Replace("\"shape\": [\n            64,\n            32\n          ]", "\"shape\": [\n            64,\n            31\n          ]"));
        var e = LoadError(b);
        Assert.Contains("tensor 'pw1.weight' has shape [64,31]", e);
        Assert.Contains("imply [64,32]", e);
    }

    [Fact]
    public void ChannelChainMismatch()
    {
        // pw1 declares 31 inputs but dw1 produces 32: caught before any data is read.
        var b = EditHeader(WeightsFile.Serialize(Sample()), j =>
        {
            int at = j.IndexOf("\"name\": \"pw1\"", StringComparison.Ordinal);
            int inAt = j.IndexOf("\"in\": 32", at, StringComparison.Ordinal);
            return j[..inAt] + "\"in\": 31" + j[(inAt + 8)..];
        });
        Assert.Contains("layer 'pw1' (PointwiseConv) expects 31 input channels but receives 32", LoadError(b));
    }

    [Fact]
    public void UnknownLayerKindAndBadJson()
    {
        var b = WeightsFile.Serialize(Sample());
        Assert.Contains("unknown kind 'Conv9d'", LoadError(EditHeader(b, j => j.Replace("\"Conv2d\"", "\"Conv9d\""))));
        Assert.Contains("not valid JSON", LoadError(EditHeader(b, j => j.Replace("{", "{{"))));
        Assert.Contains("missing hyper-parameter 'kernel'", LoadError(EditHeader(b, j => j.Replace("\"kernel\": 3,", ""))));
    }
}
