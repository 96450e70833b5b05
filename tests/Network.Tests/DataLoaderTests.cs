using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using MemristorSpice.Network.Data;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;

namespace MemristorSpice.Network.Tests;

/// <summary>
/// The data set loaders on small generated files: .npy bytes written here from the NumPy format specification
/// (numpy.lib.format), PNG and JPEG written by ImageSharp's encoders, IDX files written from the IDX header layout.
/// The truth is always the pixel values the test itself generated.
/// </summary>
public class DataLoaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("data-loader-tests").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string P(params string[] parts) => Path.Combine([_dir, .. parts]);

    /// <summary>A .npy file per numpy.lib.format: magic, version, little-endian header length, padded dict, data.</summary>
    internal static byte[] Npy(string descr, long[] shape, byte[] data, bool fortran = false, int major = 1)
    {
        var shapeText = shape.Length == 1 ? $"({shape[0]},)" : $"({string.Join(", ", shape)})";
        var dict = $"{{'descr': '{descr}', 'fortran_order': {(fortran ? "True" : "False")}, 'shape': {shapeText}, }}";
        int prefix = major == 1 ? 10 : 12;
        int pad = (64 - (prefix + dict.Length + 1) % 64) % 64;   // the spec aligns the data to 64 bytes
        var header = Encoding.ASCII.GetBytes(dict + new string(' ', pad) + "\n");
        var ms = new MemoryStream();
        ms.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', (byte)major, 0]);
        var len = new byte[major == 1 ? 2 : 4];
        if (major == 1) BinaryPrimitives.WriteUInt16LittleEndian(len, (ushort)header.Length);
        else BinaryPrimitives.WriteUInt32LittleEndian(len, (uint)header.Length);
        ms.Write(len);
        ms.Write(header);
        ms.Write(data);
        return ms.ToArray();
    }

    private static byte[] Floats(IEnumerable<float> v) { var l = v.ToList(); var b = new byte[4 * l.Count]; for (int i = 0; i < l.Count; i++) BinaryPrimitives.WriteSingleLittleEndian(b.AsSpan(4 * i), l[i]); return b; }
    private static byte[] Doubles(IEnumerable<double> v) { var l = v.ToList(); var b = new byte[8 * l.Count]; for (int i = 0; i < l.Count; i++) BinaryPrimitives.WriteDoubleLittleEndian(b.AsSpan(8 * i), l[i]); return b; }
    private static byte[] Longs(IEnumerable<long> v) { var l = v.ToList(); var b = new byte[8 * l.Count]; for (int i = 0; i < l.Count; i++) BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(8 * i), l[i]); return b; }

    private string Write(string name, byte[] bytes) { var p = P(name); Directory.CreateDirectory(Path.GetDirectoryName(p)!); File.WriteAllBytes(p, bytes); return p; }

    [Fact]
    public void Npy_uint8_NxHxW_with_int64_labels_is_one_channel_scaled_by_255()
    {
        var px = Enumerable.Range(0, 2 * 3 * 4).Select(i => (byte)(i * 10)).ToArray();
        var images = Write("u8.npy", Npy("|u1", [2, 3, 4], px));
        var labels = Write("l.npy", Npy("<i8", [2], Longs([7, 2])));
        var d = NpyDataset.Load("t", images, labels);
        Assert.Equal((1, 3, 4, 2), (d.Channels, d.Rows, d.Cols, d.Count));
        // Exact: k/255 in float is the same rounding both ways.
        Assert.Equal(px.Select(b => (float)(b / 255.0)).ToArray(), d.Pixels);
        Assert.Equal(new byte[] { 7, 2 }, d.Labels);
        Assert.Equal(8, d.Classes);
        Assert.False(d.ClassesDeclared);
    }

    [Fact]
    public void Npy_float32_NCHW_and_float64_NHWC_give_the_same_channel_major_images()
    {
        // Image n, channel c, row y, column x has value n + c/10 + y/100 + x/1000: the expected C×H×W order is known.
        static double V(int n, int c, int y, int x) => n + c / 10.0 + y / 100.0 + x / 1000.0;
        int N = 2, C = 3, H = 2, W = 5;
        var nchw = new List<double>();
        for (int n = 0; n < N; n++) for (int c = 0; c < C; c++) for (int y = 0; y < H; y++) for (int x = 0; x < W; x++) nchw.Add(V(n, c, y, x));
        var nhwc = new List<double>();
        for (int n = 0; n < N; n++) for (int y = 0; y < H; y++) for (int x = 0; x < W; x++) for (int c = 0; c < C; c++) nhwc.Add(V(n, c, y, x));
        var labels = Write("l.npy", Npy("|u1", [N], [1, 0]));
        var a = NpyDataset.Load("a", Write("a.npy", Npy("<f4", [N, C, H, W], Floats(nchw.Select(v => (float)v)), major: 2)), labels);
        var b = NpyDataset.Load("b", Write("b.npy", Npy("<f8", [N, H, W, C], Doubles(nhwc), major: 3)), labels);
        Assert.Equal((3, 2, 5), (a.Channels, a.Rows, a.Cols));
        Assert.Equal((3, 2, 5), (b.Channels, b.Rows, b.Cols));
        // float32 of the float64 value: exact equality, floats are taken as stored.
        Assert.Equal(nchw.Select(v => (float)v).ToArray(), a.Pixels);
        Assert.Equal(nchw.Select(v => (float)v).ToArray(), b.Pixels);
    }

    [Fact]
    public void Npy_bad_files_name_the_file_and_the_problem()
    {
        var labels = Write("l.npy", Npy("|u1", [2], [0, 1]));
        var good = Npy("|u1", [2, 2, 2], new byte[8]);
        string Error(string file, byte[] bytes, string? labelFile = null) =>
            Assert.Throws<DataFormatException>(() => NpyDataset.Load("t", Write(file, bytes), labelFile ?? labels)).Message;

        var truncated = Error("trunc.npy", good[..^3]);
        Assert.Contains(P("trunc.npy"), truncated);
        Assert.Contains("truncated .npy file: shape (2, 2, 2) of |u1 needs 8 bytes of data but only 5 follow", truncated);
        Assert.Contains("Fortran order", Error("f.npy", Npy("|u1", [2, 2, 2], new byte[8], fortran: true)));
        Assert.Contains("element type '>f4' is not supported", Error("be.npy", Npy(">f4", [2, 2, 2], new byte[32])));
        Assert.Contains("not a .npy file", Error("txt.npy", Encoding.ASCII.GetBytes("hello world")));
        Assert.Contains("expected N×H×W, N×C×H×W or N×H×W×C", Error("5d.npy", Npy("|u1", [2, 1, 1, 2, 2], new byte[8])));
        Assert.Contains("integer images must lie in 0..255", Error("neg.npy", Npy("<i8", [2, 1, 1], Longs([3, -1]))));
        var count = Error("ok.npy", good, Write("l3.npy", Npy("|u1", [3], [0, 1, 2])));
        Assert.Contains("holds 2 images but", count);
        Assert.Contains(P("l3.npy"), count);
        var label = Error("ok2.npy", good, Write("lneg.npy", Npy("<f8", [2], Doubles([1, 2.5]))));
        Assert.Contains($"{P("lneg.npy")}: label of item 1 is 2.5", label);
    }

    private void Png(string path, int rows, int cols, Func<int, int, Rgb24> pixel, bool jpeg = false)
    {
        using var img = new Image<Rgb24>(cols, rows);
        for (int y = 0; y < rows; y++) for (int x = 0; x < cols; x++) img[x, y] = pixel(y, x);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (jpeg) img.SaveAsJpeg(path, new JpegEncoder { Quality = 100 });
        else img.SaveAsPng(path);
    }

    [Fact]
    public void Image_folder_classes_follow_sorted_folder_names_and_grey_png_is_one_channel()
    {
        // Class folders created out of order: indices must follow ordinal name order (cat=0, dog=1, zebra=2).
        static Rgb24 Grey(byte v) => new(v, v, v);
        Png(P("f", "zebra", "a.png"), 3, 4, (y, x) => Grey((byte)(10 * y + x)));
        Png(P("f", "cat", "b.png"), 3, 4, (y, x) => Grey((byte)(200 + y)));
        Png(P("f", "dog", "c.PNG"), 3, 4, (y, x) => Grey((byte)(50 + x)));
        File.WriteAllText(P("f", "dog", "notes.txt"), "skipped: not an image extension");
        var d = ImageFolder.Load("t", P("f"));
        Assert.Equal((1, 3, 4, 3, 3), (d.Channels, d.Rows, d.Cols, d.Count, d.Classes));
        Assert.True(d.ClassesDeclared);
        Assert.Equal(new byte[] { 0, 1, 2 }, d.Labels);
        // PNG is lossless: exact pixels. Image 2 (zebra) pixel (y=2, x=3) = 23/255.
        Assert.Equal(23 / 255f, d.Pixels[2 * 12 + 2 * 4 + 3]);
        Assert.Equal(200 / 255f, d.Pixels[0]);
    }

    [Fact]
    public void Image_folder_rgb_png_is_three_channels_and_jpeg_decodes_within_its_loss()
    {
        Png(P("c", "a", "1.png"), 2, 2, (y, x) => new Rgb24((byte)(100 + y), (byte)(20 + x), 255));
        // JPEG is lossy: a flat colour at quality 100 decodes within a few codes (8/255 allows chroma rounding).
        Png(P("c", "b", "2.jpg"), 2, 2, (_, _) => new Rgb24(30, 160, 90), jpeg: true);
        var d = ImageFolder.Load("t", P("c"));
        Assert.Equal((3, 2, 2, 2), (d.Channels, d.Rows, d.Cols, d.Count));
        Assert.Equal(new[] { 100 / 255f, 100 / 255f, 101 / 255f, 101 / 255f }, d.Pixels[..4]);   // R plane of image 0
        Assert.Equal(new[] { 20 / 255f, 21 / 255f, 20 / 255f, 21 / 255f }, d.Pixels[4..8]);      // G plane
        Assert.All(d.Pixels[8..12], v => Assert.Equal(1f, v));                                   // B plane
        var jpeg = d.Pixels[12..];
        for (int c = 0; c < 3; c++)
            for (int k = 0; k < 4; k++)
                Assert.InRange(jpeg[c * 4 + k] * 255, new[] { 30, 160, 90 }[c] - 8, new[] { 30, 160, 90 }[c] + 8);
    }

    [Fact]
    public void Image_folder_bad_data_names_the_file()
    {
        Png(P("m", "a", "1.png"), 4, 4, (_, _) => default);
        Png(P("m", "b", "2.png"), 5, 4, (_, _) => default);
        var mixed = Assert.Throws<DataFormatException>(() => ImageFolder.Load("t", P("m"))).Message;
        Assert.Contains($"{P("m", "b", "2.png")}: image is 5x4", mixed);
        Assert.Contains($"but {P("m", "a", "1.png")} is 4x4", mixed);

        Png(P("u", "a", "1.png"), 4, 4, (_, _) => default);
        File.WriteAllText(P("u", "a", "2.png"), "not a png");
        var unreadable = Assert.Throws<DataFormatException>(() => ImageFolder.Load("t", P("u"))).Message;
        Assert.StartsWith($"{P("u", "a", "2.png")}: ", unreadable);

        Png(P("e", "a", "1.png"), 4, 4, (_, _) => default);
        Directory.CreateDirectory(P("e", "b"));
        Assert.Contains($"{P("e", "b")}: class folder holds no .png", Assert.Throws<DataFormatException>(() => ImageFolder.Load("t", P("e"))).Message);
        Directory.CreateDirectory(P("none"));
        Assert.Contains("no class sub-folders", Assert.Throws<DataFormatException>(() => ImageFolder.Load("t", P("none"))).Message);
    }

    private static byte[] IdxImages(int count, int rows, int cols, Func<int, byte> value)
    {
        var b = new byte[16 + count * rows * cols];
        BinaryPrimitives.WriteInt32BigEndian(b, IdxReader.ImageMagic);
        BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(12), cols);
        for (int i = 0; i < count * rows * cols; i++) b[16 + i] = value(i);
        return b;
    }

    private static byte[] IdxLabels(params byte[] labels)
    {
        var b = new byte[8 + labels.Length];
        BinaryPrimitives.WriteInt32BigEndian(b, IdxReader.LabelMagic);
        BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(4), labels.Length);
        labels.CopyTo(b, 8);
        return b;
    }

    private static byte[] Gzip(byte[] raw)
    {
        var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(raw);
        return ms.ToArray();
    }

    [Fact]
    public void Idx_folder_finds_pairs_by_magic_and_split_names_whatever_the_file_names()
    {
        Write("i/kmnist-train-imgs.bin", IdxImages(3, 2, 3, i => (byte)i));
        Write("i/kmnist-train-lbls.gz", Gzip(IdxLabels(0, 4, 2)));
        Write("i/kmnist-test-imgs.gz", Gzip(IdxImages(2, 2, 3, i => (byte)(100 + i))));
        Write("i/kmnist-test-lbls.bin", IdxLabels(1, 1));
        Write("i/README", Encoding.ASCII.GetBytes("not data"));
        var train = IdxFolder.Load("train", P("i"), DataSplit.Train);
        var test = IdxFolder.Load("test", P("i"), DataSplit.Test);
        Assert.Equal((3, 2, 3), (train.Count, train.Rows, train.Cols));
        Assert.Equal(new byte[] { 0, 4, 2 }, train.Labels);
        Assert.Equal(5, train.Classes);   // inferred: largest label + 1
        Assert.Equal(101 / 255f, test.Pixels[1]);

        // One unnamed pair serves both splits.
        Write("one/images", IdxImages(1, 1, 1, _ => 255));
        Write("one/labels", IdxLabels(3));
        Assert.Equal(IdxFolder.Find(P("one"), DataSplit.Train), IdxFolder.Find(P("one"), DataSplit.Test));
    }

    [Fact]
    public void Idx_folder_problems_say_what_was_found()
    {
        Write("x/a-train-images", IdxImages(1, 1, 1, _ => 0));
        Write("x/b-train-images", IdxImages(1, 1, 1, _ => 0));
        Write("x/train-labels", IdxLabels(0));
        var two = Assert.Throws<DataFormatException>(() => IdxFolder.Find(P("x"), DataSplit.Train)).Message;
        Assert.Contains("found 2 image file(s) (a-train-images, b-train-images) and 1 label file(s)", two);
        Write("y/train-images", IdxImages(1, 1, 1, _ => 0));
        Assert.Contains("no IDX label file (magic 0x00000801)", Assert.Throws<DataFormatException>(() => IdxFolder.Find(P("y"), DataSplit.Train)).Message);
        // A truncated image file is found by its magic and then refused by the IDX reader, naming it.
        Write("z/train-images", IdxImages(2, 2, 2, _ => 0)[..^1]);
        Write("z/train-labels", IdxLabels(0, 1));
        var truncated = Assert.Throws<IdxFormatException>(() => IdxFolder.Load("t", P("z"), DataSplit.Train)).Message;
        Assert.Contains($"{P("z", "train-images")}: truncated file", truncated);
    }

    [Fact]
    public void Normalization_is_x_minus_mean_over_std_per_channel()
    {
        // Two RGB pixels per image: closed form (x − m_c)/s_c per channel.
        float[] px = [0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f];
        var d = new Dataset("t", 3, 1, 2, px, [0], null, null).Normalized([0.5f, 0f, 0.25f], [0.5f, 2f, 0.25f]);
        float[] expected = [(0.1f - 0.5f) / 0.5f, (0.2f - 0.5f) / 0.5f, 0.3f / 2f, 0.4f / 2f, (0.5f - 0.25f) / 0.25f, (0.6f - 0.25f) / 0.25f];
        // Tolerance 1e-6: the loader multiplies by 1/std, the truth divides (one float rounding apart).
        for (int i = 0; i < 6; i++) Assert.Equal(expected[i], d.Pixels[i], 1e-6f);
        Assert.Throws<ArgumentException>(() => d.Normalized([0f, 0f], [1f]));
    }
}
