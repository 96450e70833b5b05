using System.Buffers.Binary;
using System.IO.Compression;

namespace MemristorSpice.Network.Data;

/// <summary>Which part of a data set a command reads: training (and calibration) images, or test images.</summary>
public enum DataSplit
{
    /// <summary>Training split (also the calibration images of the co-simulation).</summary>
    Train,
    /// <summary>Test split (evaluated images).</summary>
    Test,
}

/// <summary>
/// Finds an IDX image/label pair in a folder by content, not by a fixed file name: every file (raw or gzip) whose
/// first four bytes are the IDX image magic 0x00000803 or label magic 0x00000801. A file whose name contains "train"
/// belongs to the training split, one containing "test" or "t10k" to the test split. When no file names a split and
/// the folder holds exactly one image and one label file, that pair serves both splits.
/// </summary>
public static class IdxFolder
{
    /// <summary>Most files looked at in one folder.</summary>
    public const int MaxFiles = 1000;

    /// <summary>The image and label file of <paramref name="split"/> in <paramref name="dir"/>; errors say what was found.</summary>
    public static (string Images, string Labels) Find(string dir, DataSplit split)
    {
        if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"IDX folder not found: {dir}");
        var files = Directory.EnumerateFiles(dir).Take(MaxFiles + 1).Order(StringComparer.Ordinal).ToList();
        if (files.Count > MaxFiles) throw new DataFormatException($"{dir}: more than {MaxFiles} files; put the IDX pair in a folder of its own.");
        var images = new List<string>();
        var labels = new List<string>();
        foreach (var f in files)
        {
            int magic = MagicOf(f);
            if (magic == IdxReader.ImageMagic) images.Add(f);
            else if (magic == IdxReader.LabelMagic) labels.Add(f);
        }
        if (images.Count == 0 || labels.Count == 0)
            throw new DataFormatException($"{dir}: no IDX {(images.Count == 0 ? "image file (magic 0x00000803)" : "label file (magic 0x00000801)")} " +
                                          $"among its {files.Count} files.");
        bool Named(string f, DataSplit s) => Path.GetFileName(f).ToLowerInvariant() is var n &&
            (s == DataSplit.Train ? n.Contains("train") : n.Contains("test") || n.Contains("t10k"));
        bool anyNamed = images.Concat(labels).Any(f => Named(f, DataSplit.Train) || Named(f, DataSplit.Test));
        if (!anyNamed && images.Count == 1 && labels.Count == 1) return (images[0], labels[0]);
        var img = images.Where(f => Named(f, split)).ToList();
        var lbl = labels.Where(f => Named(f, split)).ToList();
        string what = split == DataSplit.Train ? "training (name contains \"train\")" : "test (name contains \"test\" or \"t10k\")";
        if (img.Count != 1 || lbl.Count != 1)
            throw new DataFormatException($"{dir}: expected one IDX image and one label file of the {what} split, found " +
                $"{img.Count} image file(s){List(img)} and {lbl.Count} label file(s){List(lbl)}.");
        return (img[0], lbl[0]);
    }

    /// <summary>Loads the pair of <paramref name="split"/>; labels give the class count (largest label + 1).</summary>
    public static Dataset Load(string name, string dir, DataSplit split)
    {
        var (images, labels) = Find(dir, split);
        return Dataset.FromIdx(name, images, labels, classes: null);
    }

    private static string List(List<string> files) => files.Count == 0 ? "" : $" ({string.Join(", ", files.Select(Path.GetFileName))})";

    private static int MagicOf(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            var head = new byte[4];
            if (stream.ReadAtLeast(head, 2, throwOnEndOfStream: false) < 2) return 0;
            if (head[0] == 0x1f && head[1] == 0x8b)
            {
                stream.Position = 0;
                using var gz = new GZipStream(stream, CompressionMode.Decompress);
                if (gz.ReadAtLeast(head, 4, throwOnEndOfStream: false) < 4) return 0;
            }
            else
            {
                stream.Position = 0;
                if (stream.ReadAtLeast(head, 4, throwOnEndOfStream: false) < 4) return 0;
            }
            return BinaryPrimitives.ReadInt32BigEndian(head);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            // Not an IDX file (e.g. a corrupt .gz or an unreadable file next to the data): it is simply not a candidate.
            return 0;
        }
    }
}
