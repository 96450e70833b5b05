using MemristorSpice.Network.Core;
using MemristorSpice.Network.Layers;

namespace MemristorSpice.Network.Data;

/// <summary>
/// Labelled images of one or more channels. Loaders scale pixels to [0, 1]; no mean subtraction unless the user asks
/// for it (<see cref="Normalized"/>): activations then stay non-negative, so the first crossbar's DACs only need
/// voltages from 0 to Vread (docs/assumptions.md, "Crossbar mapping").
/// </summary>
public sealed class Dataset
{
    /// <summary>Wraps already-scaled single-channel pixels and their labels (no copy); throws when the pixel count does not match labels·rows·cols.</summary>
    /// <param name="name">Data set name used in messages, e.g. "mnist-test".</param>
    /// <param name="rows">Image height in pixels.</param>
    /// <param name="cols">Image width in pixels.</param>
    /// <param name="pixels">Pixel values in [0, 1], image after image, row-major.</param>
    /// <param name="labels">Class label of each image.</param>
    public Dataset(string name, int rows, int cols, float[] pixels, byte[] labels)
        : this(name, 1, rows, cols, pixels, labels, null, null) { }

    /// <summary>Wraps already-scaled pixels of any channel count and their labels (no copy).</summary>
    /// <param name="name">Data set name used in messages, e.g. "cifar-test".</param>
    /// <param name="channels">Channels per image (1 grey, 3 RGB).</param>
    /// <param name="rows">Image height in pixels.</param>
    /// <param name="cols">Image width in pixels.</param>
    /// <param name="pixels">Pixel values, image after image, each image channel-major (C, H, W).</param>
    /// <param name="labels">Class label of each image.</param>
    /// <param name="classes">Number of classes the data set declares (MNIST 10, an image folder its sub-folder
    /// count), or null to infer it as the largest label + 1.</param>
    /// <param name="labelSource">File or folder the labels came from, named in label errors; null = <paramref name="name"/>.</param>
    public Dataset(string name, int channels, int rows, int cols, float[] pixels, byte[] labels, int? classes, string? labelSource)
    {
        if (channels < 1 || rows < 1 || cols < 1)
            throw new ArgumentException($"{name}: image shape {channels}x{rows}x{cols} must be positive.");
        if (pixels.Length != (long)labels.Length * channels * rows * cols)
            throw new ArgumentException($"{name}: {pixels.Length} pixels do not match {labels.Length} images of {channels}x{rows}x{cols}.");
        int inferred = labels.Length == 0 ? 1 : labels.Max() + 1;
        if (classes is { } declared && inferred > declared)
            throw new DataFormatException($"{labelSource ?? name}: label {inferred - 1} is out of range for {declared} classes (0 to {declared - 1}).");
        Name = name; Channels = channels; Rows = rows; Cols = cols; Pixels = pixels; Labels = labels;
        Classes = classes ?? inferred;
        ClassesDeclared = classes is not null;
        LabelSource = labelSource ?? name;
    }

    /// <summary>Data set name used in messages and logs, e.g. "mnist-train".</summary>
    public string Name { get; }
    /// <summary>Channels per image (1 grey, 3 RGB).</summary>
    public int Channels { get; }
    /// <summary>Image height in pixels.</summary>
    public int Rows { get; }
    /// <summary>Image width in pixels.</summary>
    public int Cols { get; }
    /// <summary>All pixel values, image after image, each (C, H, W) row-major (Count·Channels·Rows·Cols values).</summary>
    public float[] Pixels { get; }
    /// <summary>Class label of each image, 0 to classes-1.</summary>
    public byte[] Labels { get; }
    /// <summary>Number of images.</summary>
    public int Count => Labels.Length;
    /// <summary>Number of classes: declared by the data set, or the largest label + 1 when it declares none.</summary>
    public int Classes { get; }
    /// <summary>True when <see cref="Classes"/> is declared (MNIST, an image folder), false when inferred from the labels.</summary>
    public bool ClassesDeclared { get; }
    /// <summary>File or folder the labels came from, named in label errors.</summary>
    public string LabelSource { get; }
    /// <summary>Shape of one sample: Channels×Rows×Cols.</summary>
    public Shape3 SampleShape => new(Channels, Rows, Cols);
    private int SampleSize => Channels * Rows * Cols;

    /// <summary>
    /// A copy with every channel c mapped to (x − mean[c]) / std[c] (one value of each applies to all channels). The
    /// result may hold negative values, which the crossbar's unipolar row DACs cannot drive.
    /// </summary>
    public Dataset Normalized(IReadOnlyList<float> mean, IReadOnlyList<float> std)
    {
        if (mean.Count != 1 && mean.Count != Channels)
            throw new ArgumentException($"{Name}: {mean.Count} mean values for {Channels} channel(s); give 1 or {Channels}.");
        if (std.Count != 1 && std.Count != Channels)
            throw new ArgumentException($"{Name}: {std.Count} std values for {Channels} channel(s); give 1 or {Channels}.");
        if (std.Any(v => !(v > 0) || !float.IsFinite(v)) || mean.Any(v => !float.IsFinite(v)))
            throw new ArgumentException($"{Name}: every std must be positive and finite and every mean finite.");
        var result = new float[Pixels.Length];
        int plane = Rows * Cols;
        for (int n = 0; n < Count; n++)
            for (int c = 0; c < Channels; c++)
            {
                float m = mean[mean.Count == 1 ? 0 : c], inv = 1f / std[std.Count == 1 ? 0 : c];
                int start = (n * Channels + c) * plane;
                for (int i = start; i < start + plane; i++) result[i] = (Pixels[i] - m) * inv;
            }
        return new Dataset(Name, Channels, Rows, Cols, result, Labels, ClassesDeclared ? Classes : null, LabelSource);
    }

    /// <summary>Builds a batch from the images at <paramref name="indices"/>[start..start+count).</summary>
    public (Tensor Images, byte[] Labels) Batch(ReadOnlySpan<int> indices, int start, int count)
    {
        int size = SampleSize;
        var t = new Tensor(count, Channels, Rows, Cols);
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
        int size = SampleSize;
        var t = new Tensor(count, Channels, Rows, Cols, Pixels.AsSpan(start * size, count * size).ToArray());
        return (t, Labels.AsSpan(start, count).ToArray());
    }

    /// <summary>The first <paramref name="count"/> samples (for quick tests and benchmarks).</summary>
    public Dataset Take(int count)
    {
        count = Math.Min(count, Count);
        int size = SampleSize;
        return new Dataset($"{Name}[:{count}]", Channels, Rows, Cols, Pixels.AsSpan(0, count * size).ToArray(), Labels.AsSpan(0, count).ToArray(),
            ClassesDeclared ? Classes : null, LabelSource);
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
        return new Dataset(name, Channels, Rows, Cols, images.Data, labels, ClassesDeclared ? Classes : null, LabelSource);
    }

    /// <summary>
    /// Loads an IDX image/label file pair and checks it against what the data set is: at least one image, as many
    /// labels as images, every label below <paramref name="classes"/> and, when given, the image size.
    /// </summary>
    /// <param name="name">Data set name used in error messages, e.g. "mnist-train".</param>
    /// <param name="imagesPath">Path of the IDX image file (raw or gzip).</param>
    /// <param name="labelsPath">Path of the IDX label file (raw or gzip).</param>
    /// <param name="classes">Number of classes (labels run from 0 to classes-1), or null to infer it from the labels.</param>
    /// <param name="imageSize">Required rows x columns (MNIST: 28 x 28), or null to take the file's.</param>
    public static Dataset FromIdx(string name, string imagesPath, string labelsPath, int? classes, (int Rows, int Cols)? imageSize = null)
    {
        var (count, rows, cols, px) = IdxReader.ReadImages(imagesPath);
        if ((long)count * rows * cols > DataLimits.MaxValues)
            throw new IdxFormatException($"{imagesPath}: {count} images of {rows}x{cols} exceed the {DataLimits.MaxValues} pixel values this tool holds in memory.");
        if (count == 0)
            throw new IdxFormatException($"{imagesPath}: the header declares 0 images; {name} needs at least one.");
        if (imageSize is { } size && (rows, cols) != size)
            throw new IdxFormatException($"{imagesPath}: header dimensions rows={rows}, cols={cols}, but {name} images are " +
                                         $"{size.Rows}x{size.Cols} (the networks take {size.Rows}x{size.Cols} inputs).");
        var labels = IdxReader.ReadLabels(labelsPath);
        if (labels.Length != count)
            throw new IdxFormatException($"{imagesPath} holds {count} images but {labelsPath} holds {labels.Length} labels.");
        for (int i = 0; i < labels.Length; i++)
            if (classes is { } k && labels[i] >= k)
                throw new IdxFormatException($"{labelsPath}: label of item {i} is {labels[i]}, but {name} has classes 0 to {k - 1}.");
        var pixels = new float[px.Length];
        for (int i = 0; i < px.Length; i++) pixels[i] = px[i] / 255f;
        return new Dataset(name, 1, rows, cols, pixels, labels, classes, labelsPath);
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

    /// <summary>True when <paramref name="dir"/> holds the image and label file (raw or .gz) of <paramref name="split"/> under the distributed names.</summary>
    public static bool HasSplit(string dir, DataSplit split) => MissingFiles(dir, split).Length == 0;

    /// <summary>The distributed file names of <paramref name="split"/> missing in <paramref name="dir"/> ("" when none is).</summary>
    public static string MissingFiles(string dir, DataSplit split)
    {
        var prefix = split == DataSplit.Train ? "train" : "t10k";
        var missing = new[] { $"{prefix}-images-idx3-ubyte", $"{prefix}-labels-idx1-ubyte" }
            .Where(f => !File.Exists(Path.Combine(dir, f)) && !File.Exists(Path.Combine(dir, f + ".gz"))).ToArray();
        return missing.Length == 0 ? "" : "missing " + string.Join(", ", missing);
    }

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
