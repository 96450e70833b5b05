using MemristorSpice.Network.Core;
using MemristorSpice.Network.Layers;

namespace MemristorSpice.Network.Data;

/// <summary>
/// Labelled single-channel images with pixels scaled to [0, 1]. No mean subtraction: activations stay
/// non-negative, so the first crossbar's DACs only need voltages from 0 to Vread (docs/assumptions.md, "Crossbar mapping").
/// </summary>
public sealed class Dataset
{
    /// <summary>Wraps already-scaled pixels and their labels (no copy); throws when the pixel count does not match labels·rows·cols.</summary>
    /// <param name="name">Data set name used in messages, e.g. "mnist-test".</param>
    /// <param name="rows">Image height in pixels.</param>
    /// <param name="cols">Image width in pixels.</param>
    /// <param name="pixels">Pixel values in [0, 1], image after image, row-major.</param>
    /// <param name="labels">Class label of each image.</param>
    public Dataset(string name, int rows, int cols, float[] pixels, byte[] labels)
    {
        if (pixels.Length != labels.Length * rows * cols)
            throw new ArgumentException($"{name}: {pixels.Length} pixels do not match {labels.Length} images of {rows}x{cols}.");
        Name = name; Rows = rows; Cols = cols; Pixels = pixels; Labels = labels;
    }

    /// <summary>Data set name used in messages and logs, e.g. "mnist-train".</summary>
    public string Name { get; }
    /// <summary>Image height in pixels.</summary>
    public int Rows { get; }
    /// <summary>Image width in pixels.</summary>
    public int Cols { get; }
    /// <summary>All pixel values in [0, 1], image after image, row-major (Count·Rows·Cols values).</summary>
    public float[] Pixels { get; }
    /// <summary>Class label of each image, 0 to classes-1.</summary>
    public byte[] Labels { get; }
    /// <summary>Number of images.</summary>
    public int Count => Labels.Length;
    /// <summary>Shape of one sample: one channel of Rows×Cols.</summary>
    public Shape3 SampleShape => new(1, Rows, Cols);

    /// <summary>Builds a batch from the images at <paramref name="indices"/>[start..start+count).</summary>
    public (Tensor Images, byte[] Labels) Batch(ReadOnlySpan<int> indices, int start, int count)
    {
        int size = Rows * Cols;
        var t = new Tensor(count, 1, Rows, Cols);
        var labels = new byte[count];
        for (int i = 0; i < count; i++)
        {
            int idx = indices[start + i];
            Pixels.AsSpan(idx * size, size).CopyTo(t.Data.AsSpan(i * size, size));
            labels[i] = Labels[idx];
        }
        return (t, labels);
    }

    /// <summary>Contiguous batch [start, start+count).</summary>
    public (Tensor Images, byte[] Labels) Batch(int start, int count)
    {
        int size = Rows * Cols;
        var t = new Tensor(count, 1, Rows, Cols, Pixels.AsSpan(start * size, count * size).ToArray());
        return (t, Labels.AsSpan(start, count).ToArray());
    }

    /// <summary>The first <paramref name="count"/> samples (for quick tests and benchmarks).</summary>
    public Dataset Take(int count)
    {
        count = Math.Min(count, Count);
        int size = Rows * Cols;
        return new Dataset($"{Name}[:{count}]", Rows, Cols, Pixels.AsSpan(0, count * size).ToArray(), Labels.AsSpan(0, count).ToArray());
    }

    /// <summary>
    /// Seeded hold-out split: a random <paramref name="validationCount"/> samples become the validation set (used to
    /// select models and epochs, so the test set is only measured, never optimised on); the rest stay for training.
    /// Both keep the original sample order.
    /// </summary>
    public (Dataset Train, Dataset Validation) Split(int validationCount, int seed)
    {
        if (validationCount <= 0 || validationCount >= Count)
            throw new ArgumentOutOfRangeException(nameof(validationCount), $"{Name}: validation size {validationCount} must be between 1 and {Count - 1}.");
        var order = Enumerable.Range(0, Count).ToArray();
        new Random(seed).Shuffle(order);
        var held = new bool[Count];
        foreach (int i in order.AsSpan(0, validationCount)) held[i] = true;
        return (Subset($"{Name}-train", Enumerable.Range(0, Count).Where(i => !held[i]).ToArray()),
                Subset($"{Name}-validation", Enumerable.Range(0, Count).Where(i => held[i]).ToArray()));
    }

    private Dataset Subset(string name, int[] indices)
    {
        var (images, labels) = Batch(indices, 0, indices.Length);
        return new Dataset(name, Rows, Cols, images.Data, labels);
    }

    /// <summary>
    /// Loads an IDX image/label file pair and checks it against what the data set is: at least one image, as many
    /// labels as images, every label below <paramref name="classes"/> and, when given, the image size.
    /// </summary>
    /// <param name="name">Data set name used in error messages, e.g. "mnist-train".</param>
    /// <param name="imagesPath">Path of the IDX image file (raw or gzip).</param>
    /// <param name="labelsPath">Path of the IDX label file (raw or gzip).</param>
    /// <param name="classes">Number of classes; labels run from 0 to classes-1.</param>
    /// <param name="imageSize">Required rows x columns (MNIST: 28 x 28), or null to take the file's.</param>
    public static Dataset FromIdx(string name, string imagesPath, string labelsPath, int classes, (int Rows, int Cols)? imageSize = null)
    {
        var (count, rows, cols, px) = IdxReader.ReadImages(imagesPath);
        if (count == 0)
            throw new IdxFormatException($"{imagesPath}: the header declares 0 images; {name} needs at least one.");
        if (imageSize is { } size && (rows, cols) != size)
            throw new IdxFormatException($"{imagesPath}: header dimensions rows={rows}, cols={cols}, but {name} images are " +
                                         $"{size.Rows}x{size.Cols} (the networks take {size.Rows}x{size.Cols} inputs).");
        var labels = IdxReader.ReadLabels(labelsPath);
        if (labels.Length != count)
            throw new IdxFormatException($"{imagesPath} holds {count} images but {labelsPath} holds {labels.Length} labels.");
        for (int i = 0; i < labels.Length; i++)
            if (labels[i] >= classes)
                throw new IdxFormatException($"{labelsPath}: label of item {i} is {labels[i]}, but {name} has classes 0 to {classes - 1}.");
        var pixels = new float[px.Length];
        for (int i = 0; i < px.Length; i++) pixels[i] = px[i] / 255f;
        return new Dataset(name, rows, cols, pixels, labels);
    }
}

/// <summary>Locates and loads MNIST and Fashion-MNIST (file names as distributed, raw or with .gz).</summary>
public static class Datasets
{
    /// <summary>Where Debian's dataset package installs Fashion-MNIST.</summary>
    public const string FashionMnistDefaultDir = "/usr/share/datasets/fashion-mnist";

    /// <summary>Image height and width of MNIST and Fashion-MNIST.</summary>
    public const int ImageSide = 28;

    /// <summary>Number of classes of MNIST and Fashion-MNIST (labels 0-9).</summary>
    public const int Classes = 10;

    /// <summary>Per-sample shape of both data sets, which every network run on them must take.</summary>
    public static Shape3 SampleShape => new(1, ImageSide, ImageSide);

    /// <summary>MNIST training set (60 000 images) from <paramref name="dir"/>.</summary>
    public static Dataset MnistTrain(string dir) => Load("mnist-train", dir, "train");
    /// <summary>MNIST test set (10 000 images) from <paramref name="dir"/>.</summary>
    public static Dataset MnistTest(string dir) => Load("mnist-test", dir, "t10k");
    /// <summary>Fashion-MNIST training set (60 000 images) from <paramref name="dir"/>.</summary>
    public static Dataset FashionTrain(string dir = FashionMnistDefaultDir) => Load("fashion-train", dir, "train");
    /// <summary>Fashion-MNIST test set (10 000 images) from <paramref name="dir"/>.</summary>
    public static Dataset FashionTest(string dir = FashionMnistDefaultDir) => Load("fashion-test", dir, "t10k");

    private static Dataset Load(string name, string dir, string prefix) =>
        Dataset.FromIdx(name, Find(dir, $"{prefix}-images-idx3-ubyte"), Find(dir, $"{prefix}-labels-idx1-ubyte"), Classes, (ImageSide, ImageSide));

    private static string Find(string dir, string file)
    {
        foreach (var candidate in new[] { file, file + ".gz" })
        {
            var p = Path.Combine(dir, candidate);
            if (File.Exists(p)) return p;
        }
        throw new FileNotFoundException($"Neither {file} nor {file}.gz found in {dir}.");
    }
}
