using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace MemristorSpice.Network.Data;

/// <summary>
/// A folder of images with one sub-folder per class (the layout of torchvision's ImageFolder): class index = position
/// of the sub-folder name in ordinal sort order, images = the .png, .jpg and .jpeg files in it, in ordinal name order.
/// PNG and JPEG are decoded with SixLabors.ImageSharp. All images must have the same size; the set is one channel
/// when every pixel of every image is grey (R = G = B), else three (RGB). Pixels are scaled to [0, 1].
/// </summary>
public static class ImageFolder
{
    /// <summary>File extensions read as images (case-insensitive); other files are skipped.</summary>
    public static readonly IReadOnlyList<string> Extensions = [".png", ".jpg", ".jpeg"];

    /// <summary>Class names (sub-folder names) in class-index order.</summary>
    public static IReadOnlyList<string> ClassNames(string dir)
    {
        if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"image folder not found: {dir}");
        var names = Directory.EnumerateDirectories(dir).Select(Path.GetFileName).OfType<string>()
            .Where(n => !n.StartsWith('.')).Order(StringComparer.Ordinal).ToList();
        if (names.Count == 0) throw new DataFormatException($"{dir}: no class sub-folders (one sub-folder of images per class is expected).");
        if (names.Count > DataLimits.MaxClasses)
            throw new DataFormatException($"{dir}: {names.Count} class sub-folders, more than the {DataLimits.MaxClasses} classes this tool handles.");
        return names;
    }

    /// <summary>Loads every image of <paramref name="dir"/>; errors name the file at fault.</summary>
    public static Dataset Load(string name, string dir)
    {
        var classes = ClassNames(dir);
        var files = new List<(string Path, byte Label)>();
        for (int c = 0; c < classes.Count; c++)
        {
            var classDir = Path.Combine(dir, classes[c]);
            var images = Directory.EnumerateFiles(classDir)
                .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase) && !Path.GetFileName(f).StartsWith('.'))
                .Order(StringComparer.Ordinal).ToList();
            if (images.Count == 0) throw new DataFormatException($"{classDir}: class folder holds no .png, .jpg or .jpeg files.");
            files.AddRange(images.Select(f => (f, (byte)c)));
            if (files.Count > DataLimits.MaxImages)
                throw new DataFormatException($"{dir}: more than {DataLimits.MaxImages} images, more than this tool reads.");
        }

        int rows = 0, cols = 0;
        string first = files[0].Path;
        byte[] rgb = [];
        bool grey = true;
        for (int i = 0; i < files.Count; i++)
        {
            var path = files[i].Path;
            using var image = Decode(path);
            if (i == 0)
            {
                (rows, cols) = (image.Height, image.Width);
                if ((long)files.Count * rows * cols * 3 > DataLimits.MaxValues)
                    throw new DataFormatException($"{dir}: {files.Count} images of {rows}x{cols} RGB exceed the {DataLimits.MaxValues} pixel values this tool holds in memory.");
                rgb = new byte[(long)files.Count * rows * cols * 3];
            }
            else if (image.Height != rows || image.Width != cols)
                throw new DataFormatException($"{path}: image is {image.Height}x{image.Width} (rows x columns) but {first} is {rows}x{cols}; all images must have the same size.");
            var span = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, Rgb24>(rgb.AsSpan(i * rows * cols * 3, rows * cols * 3));
            image.CopyPixelDataTo(span);
            if (grey)
                foreach (var p in span)
                    if (p.R != p.G || p.G != p.B) { grey = false; break; }
        }

        int channels = grey ? 1 : 3, plane = rows * cols;
        var pixels = new float[(long)files.Count * channels * plane];
        for (int n = 0; n < files.Count; n++)
            for (int c = 0; c < channels; c++)
                for (int k = 0; k < plane; k++)
                    pixels[(n * channels + c) * plane + k] = rgb[(n * plane + k) * 3 + c] / 255f;
        return new Dataset(name, channels, rows, cols, pixels, files.Select(f => f.Label).ToArray(), classes.Count, dir);
    }

    private static Image<Rgb24> Decode(string path)
    {
        long length = new FileInfo(path).Length;
        if (length > DataLimits.MaxImageFileBytes)
            throw new DataFormatException($"{path}: {length} bytes, larger than the {DataLimits.MaxImageFileBytes} bytes this tool reads per image.");
        try
        {
            // Identify reads only the header, so an image claiming a huge size is refused before its pixels are allocated.
            var info = Image.Identify(path) ?? throw new DataFormatException($"{path}: not a PNG or JPEG image (unknown format).");
            if (info.Width > DataLimits.MaxSide || info.Height > DataLimits.MaxSide)
                throw new DataFormatException($"{path}: image of {info.Height}x{info.Width} pixels; each side must be at most {DataLimits.MaxSide}.");
            return Image.Load<Rgb24>(path);
        }
        catch (Exception ex) when (ex is UnknownImageFormatException or InvalidImageContentException or ImageFormatException or NotSupportedException or IOException)
        {
            throw new DataFormatException($"{path}: unreadable image ({ex.Message.TrimEnd('.')}).");
        }
    }
}
