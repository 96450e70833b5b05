using System.Buffers.Binary;
using System.IO.Compression;
using MemristorSpice.Network.Data;
using MemristorSpice.Tests.Shared;

namespace MemristorSpice.Network.Tests;

public class IdxReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("idx-tests").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static byte[] Images(int magic, int count, int rows, int cols, int dataBytes)
    {
        var b = new byte[16 + dataBytes];
        BinaryPrimitives.WriteInt32BigEndian(b, magic);
        BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(12), cols);
        for (int i = 0; i < dataBytes; i++) b[16 + i] = (byte)(i * 37);
        return b;
    }

    private static byte[] Labels(int count, int dataBytes)
    {
        var b = new byte[8 + dataBytes];
        BinaryPrimitives.WriteInt32BigEndian(b, IdxReader.LabelMagic);
        BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(4), count);
        for (int i = 0; i < dataBytes; i++) b[8 + i] = (byte)(i % 10);
        return b;
    }

    private string Write(string name, byte[] bytes) { var p = Path.Combine(_dir, name); File.WriteAllBytes(p, bytes); return p; }

    private static byte[] Gzip(byte[] raw)
    {
        var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(raw);
        return ms.ToArray();
    }

    [Fact]
    public void ReadsRawAndGzipIdentically()
    {
        var img = Images(IdxReader.ImageMagic, 3, 2, 4, 24);
        var raw = IdxReader.ReadImages(Write("a", img));
        var gz = IdxReader.ReadImages(Write("a.gz", Gzip(img)));
        Assert.Equal((3, 2, 4), (raw.Count, raw.Rows, raw.Cols));
        Assert.Equal(raw.Pixels, gz.Pixels);
        var ds = Dataset.FromIdx("t", Write("i", img), Write("l", Labels(3, 3)), classes: 10);
        Assert.Equal(3, ds.Count);
        Assert.Equal(img[16 + 5] / 255f, ds.Pixels[5]);   // scaled to [0, 1], no mean subtraction
    }

    [Fact]
    public void BadMagicNamesFileAndMagic()
    {
        var p = Write("bad", Images(0x00000801, 1, 2, 2, 4));
        var e = Assert.Throws<IdxFormatException>(() => IdxReader.ReadImages(p));
        Assert.Contains(p, e.Message);
        Assert.Contains("bad magic number 0x00000801", e.Message);
    }

    [Fact]
    public void TruncatedDataIsReported()
    {
        var p = Write("trunc", Images(IdxReader.ImageMagic, 2, 2, 2, 5));
        var e = Assert.Throws<IdxFormatException>(() => IdxReader.ReadImages(p));
        Assert.Contains("truncated", e.Message);
        Assert.Contains("only 5 bytes", e.Message);
        var h = Write("short", Images(IdxReader.ImageMagic, 2, 2, 2, 0)[..10]);
        Assert.Contains("too short for the image header", Assert.Throws<IdxFormatException>(() => IdxReader.ReadImages(h)).Message);
        var gz = Gzip(Images(IdxReader.ImageMagic, 2, 2, 2, 8));
        var cut = Write("cut.gz", gz[..(gz.Length / 2)]);
        Assert.Throws<IdxFormatException>(() => IdxReader.ReadImages(cut));
    }

    [Fact]
    public void ExtraBytesAreACountMismatch()
    {
        var p = Write("extra", Labels(3, 4));
        var e = Assert.Throws<IdxFormatException>(() => IdxReader.ReadLabels(p));
        Assert.Contains("count mismatch", e.Message);
    }

    [Fact]
    public void ImageAndLabelCountsMustAgree()
    {
        var e = Assert.Throws<IdxFormatException>(() =>
            Dataset.FromIdx("t", Write("i", Images(IdxReader.ImageMagic, 3, 2, 2, 12)), Write("l", Labels(2, 2)), classes: 10));
        Assert.Contains("3 images", e.Message);
        Assert.Contains("2 labels", e.Message);
    }

    [Fact]
    public void MnistTestSetLoads()
    {
        var test = Datasets.MnistTest(Dependencies.RequireMnist());
        Assert.Equal(10000, test.Count);
        Assert.Equal((28, 28), (test.Rows, test.Cols));
        Assert.All(test.Labels, l => Assert.InRange(l, 0, 9));
    }

    [Fact]
    public void FashionMnistLoadsFromDebianPackage()
    {
        if (!Directory.Exists(Datasets.FashionMnistDefaultDir))
            throw new InvalidOperationException($"Fashion-MNIST is required but missing in {Datasets.FashionMnistDefaultDir} (install the Debian dataset package).");
        var test = Datasets.FashionTest();
        Assert.Equal(10000, test.Count);
        Assert.Equal(1000, test.Labels.Count(l => l == 3));   // the test set is balanced: 1000 per class
    }
}
