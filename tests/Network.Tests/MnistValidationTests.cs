using System.Buffers.Binary;
using MemristorSpice.Network.Data;
using MemristorSpice.Tests.Shared;

namespace MemristorSpice.Network.Tests;

/// <summary>
/// Damaged copies of the MNIST test files in a temp folder, loaded through the MNIST loader: each is refused with
/// an <see cref="IdxFormatException"/> naming the file, the field and the value (the truth: MNIST images are 28x28
/// and labels run 0-9), never IndexOutOfRange or a silent load.
/// </summary>
public sealed class MnistValidationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mnist-validation").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string ImagesPath => Path.Combine(_dir, "t10k-images-idx3-ubyte");
    private string LabelsPath => Path.Combine(_dir, "t10k-labels-idx1-ubyte");

    /// <summary>Copies the shipped test files, letting the caller damage each on the way.</summary>
    private void Copy(Action<byte[]>? images = null, Action<byte[]>? labels = null, Func<byte[], byte[]>? resizeImages = null)
    {
        var mnist = Dependencies.RequireMnist();
        var img = File.ReadAllBytes(Path.Combine(mnist, "t10k-images-idx3-ubyte"));
        var lab = File.ReadAllBytes(Path.Combine(mnist, "t10k-labels-idx1-ubyte"));
        images?.Invoke(img);
        labels?.Invoke(lab);
        File.WriteAllBytes(ImagesPath, resizeImages?.Invoke(img) ?? img);
        File.WriteAllBytes(LabelsPath, lab);
    }

    private IdxFormatException Refused() => Assert.Throws<IdxFormatException>(() => Datasets.MnistTest(_dir));

    [Fact]
    public void UndamagedCopyLoads()
    {
        Copy();
        Assert.Equal(10000, Datasets.MnistTest(_dir).Count);
    }

    [Fact]
    public void ImagesOf14x56InsteadOf28x28AreRefused()
    {
        // Same byte count (14*56 = 28*28): only the header says the images have another shape.
        Copy(images: b => { BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(8), 14); BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(12), 56); });
        var e = Refused();
        Assert.Contains(ImagesPath, e.Message);
        Assert.Contains("rows=14, cols=56", e.Message);
        Assert.Contains("28x28", e.Message);
    }

    [Fact]
    public void LabelOutOfRangeNamesFileItemAndValue()
    {
        Copy(labels: b => b[8 + 17] = 200);
        var e = Refused();
        Assert.Contains(LabelsPath, e.Message);
        Assert.Contains("label of item 17 is 200", e.Message);
        Assert.Contains("classes 0 to 9", e.Message);
    }

    [Fact]
    public void ItemCountsMustMatchTheFileSize()
    {
        Copy(images: b => BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(4), 10001));
        Assert.Contains("truncated file: header declares 10001 images of 28x28", Refused().Message);
        Copy(images: b => BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(4), -1));
        Assert.Contains("count=-1", Refused().Message);
        Copy(images: b => BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(4), int.MaxValue));
        Assert.Contains("header declares 2147483647 images", Refused().Message);
        Copy(labels: b => BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(4), 9999));
        Assert.Contains("count mismatch: header declares 9999 labels", Refused().Message);
    }

    [Fact]
    public void EmptyDataSetIsRefused()
    {
        Copy(images: b => BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(4), 0), resizeImages: b => b[..16]);
        var e = Refused();
        Assert.Contains(ImagesPath, e.Message);
        Assert.Contains("declares 0 images", e.Message);
    }

    [Fact]
    public void SwappedMagicIsRefused()
    {
        Copy(images: b => BinaryPrimitives.WriteInt32BigEndian(b, IdxReader.LabelMagic));
        Assert.Contains("bad magic number 0x00000801", Refused().Message);
    }
}
