using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace MemristorSpice.Network.Data;

/// <summary>Element types of .npy arrays this reader takes (NumPy descr codes |u1, &lt;i8, &lt;f4, &lt;f8).</summary>
public enum NpyType
{
    /// <summary>Unsigned 8-bit integer (|u1).</summary>
    UInt8,
    /// <summary>Little-endian signed 64-bit integer (&lt;i8).</summary>
    Int64,
    /// <summary>Little-endian IEEE single (&lt;f4).</summary>
    Float32,
    /// <summary>Little-endian IEEE double (&lt;f8).</summary>
    Float64,
}

/// <summary>Header of a .npy file: element type, shape (C order) and where the data starts.</summary>
/// <param name="Type">Element type.</param>
/// <param name="Shape">Dimensions, outermost first.</param>
/// <param name="DataOffset">Byte offset of the first element.</param>
public sealed record NpyHeader(NpyType Type, long[] Shape, long DataOffset)
{
    /// <summary>Bytes per element.</summary>
    public int ItemBytes => Type switch { NpyType.UInt8 => 1, NpyType.Float32 => 4, _ => 8 };
    /// <summary>Number of elements (product of the shape; 1 for a 0-d array).</summary>
    public long Count => Shape.Aggregate(1L, (a, b) => a * b);
    /// <summary>The shape as NumPy prints it, e.g. (60000, 28, 28).</summary>
    public string ShapeText => Shape.Length == 1 ? $"({Shape[0]},)" : $"({string.Join(", ", Shape)})";
}

/// <summary>
/// Reader for NumPy's .npy format (numpy.lib.format, versions 1.0 to 3.0): the magic string "\x93NUMPY", a major and
/// minor version byte, a little-endian header length (2 bytes in 1.0, 4 bytes in 2.0 and 3.0), then a Python dict
/// literal with 'descr', 'fortran_order' and 'shape', then the raw elements. Only C order and little-endian
/// uint8, int64, float32 and float64 are read; anything else is an error naming the file.
/// </summary>
public static partial class NpyReader
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];
    private const int MaxHeaderBytes = 1 << 16;

    /// <summary>Reads and checks the header, including that the file holds exactly the data the shape declares.</summary>
    public static NpyHeader ReadHeader(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new FileNotFoundException($".npy file not found: {path}", path);
        if (info.Length > DataLimits.MaxNpyBytes)
            throw new DataFormatException($"{path}: {info.Length} bytes, larger than the {DataLimits.MaxNpyBytes} bytes this tool reads from one .npy file.");
        using var stream = File.OpenRead(path);
        var pre = new byte[12];
        int got = stream.ReadAtLeast(pre, pre.Length, throwOnEndOfStream: false);
        if (got < 8 || !pre.AsSpan(0, 6).SequenceEqual(Magic))
            throw new DataFormatException($"{path}: not a .npy file (it does not start with the magic string \\x93NUMPY).");
        int major = pre[6];
        if (major is < 1 or > 3) throw new DataFormatException($"{path}: .npy format version {major}.{pre[7]} is not supported (1.0 to 3.0 are).");
        int lengthBytes = major == 1 ? 2 : 4;
        if (got < 8 + lengthBytes) throw new DataFormatException($"{path}: truncated .npy file: {info.Length} bytes end inside the header length.");
        long headerLength = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(pre.AsSpan(8)) : BinaryPrimitives.ReadUInt32LittleEndian(pre.AsSpan(8));
        if (headerLength > MaxHeaderBytes) throw new DataFormatException($"{path}: .npy header of {headerLength} bytes is larger than {MaxHeaderBytes}.");
        long offset = 8 + lengthBytes + headerLength;
        if (info.Length < offset) throw new DataFormatException($"{path}: truncated .npy file: {info.Length} bytes end inside the {headerLength}-byte header.");
        var headerBytes = new byte[headerLength];
        stream.Position = 8 + lengthBytes;
        stream.ReadExactly(headerBytes);
        var header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(headerBytes);

        var descr = DescrPattern().Match(header);
        var fortran = FortranPattern().Match(header);
        var shape = ShapePattern().Match(header);
        if (!descr.Success || !fortran.Success || !shape.Success)
            throw new DataFormatException($"{path}: .npy header lacks 'descr', 'fortran_order' or 'shape': {header.Trim()}");
        if (fortran.Groups[1].Value == "True")
            throw new DataFormatException($"{path}: the array is stored in Fortran order; save it in C order (numpy.ascontiguousarray) first.");
        var type = descr.Groups[1].Value switch
        {
            "|u1" or "<u1" or "u1" => NpyType.UInt8,
            "<i8" => NpyType.Int64,
            "<f4" => NpyType.Float32,
            "<f8" => NpyType.Float64,
            var d => throw new DataFormatException($"{path}: element type '{d}' is not supported; use uint8 (|u1), int64 (<i8), float32 (<f4) or float64 (<f8), little-endian."),
        };
        var dims = new List<long>();
        foreach (var part in shape.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!long.TryParse(part.TrimEnd('L'), NumberStyles.None, CultureInfo.InvariantCulture, out long d) || d > int.MaxValue)
                throw new DataFormatException($"{path}: bad dimension '{part}' in the .npy shape ({shape.Groups[1].Value}).");
            dims.Add(d);
        }
        var result = new NpyHeader(type, [.. dims], offset);
        // Saturating product: many large dimensions must give "too large", not an overflowed small count.
        double product = dims.Aggregate(1.0, (a, b) => a * b);
        long count = product > DataLimits.MaxValues ? long.MaxValue : result.Count;
        if (count > DataLimits.MaxValues)
            throw new DataFormatException($"{path}: shape {result.ShapeText} holds {product:G6} values, more than the {DataLimits.MaxValues} this tool holds in memory.");
        long expected = count * result.ItemBytes, actual = info.Length - offset;
        if (actual < expected)
            throw new DataFormatException($"{path}: truncated .npy file: shape {result.ShapeText} of {descr.Groups[1].Value} needs {expected} bytes of data but only {actual} follow the header.");
        if (actual > expected)
            throw new DataFormatException($"{path}: {actual} bytes follow the header but shape {result.ShapeText} of {descr.Groups[1].Value} needs {expected}.");
        return result;
    }

    /// <summary>
    /// Reads all elements as doubles, in C order, streaming through the file; integer elements are converted exactly
    /// (int64 beyond ±2^53 cannot occur in image or label data and is rejected by the callers' range checks).
    /// </summary>
    public static (NpyHeader Header, double[] Values) ReadDoubles(string path)
    {
        var header = ReadHeader(path);
        var values = new double[header.Count];
        using var stream = File.OpenRead(path);
        stream.Position = header.DataOffset;
        var buffer = new byte[header.ItemBytes * 8192];
        long done = 0;
        while (done < values.LongLength)
        {
            int n = (int)Math.Min(8192, values.LongLength - done);
            var span = buffer.AsSpan(0, n * header.ItemBytes);
            stream.ReadExactly(span);
            for (int i = 0; i < n; i++)
                values[done + i] = header.Type switch
                {
                    NpyType.UInt8 => span[i],
                    NpyType.Int64 => BinaryPrimitives.ReadInt64LittleEndian(span[(8 * i)..]),
                    NpyType.Float32 => BinaryPrimitives.ReadSingleLittleEndian(span[(4 * i)..]),
                    _ => BinaryPrimitives.ReadDoubleLittleEndian(span[(8 * i)..]),
                };
            done += n;
        }
        return (header, values);
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")]
    private static partial Regex DescrPattern();
    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex FortranPattern();
    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}

/// <summary>
/// An image/label pair of .npy files as a <see cref="Dataset"/>: images N×H×W (one channel), N×C×H×W or N×H×W×C
/// (C = 1 or 3; a 4-d array is read as N×C×H×W when its second dimension is 1 or 3, else as N×H×W×C), labels N.
/// Integer images (uint8, int64) must lie in 0..255 and are divided by 255; float images are taken as stored
/// (already scaled). Labels are whole numbers 0..255.
/// </summary>
public static class NpyDataset
{
    /// <summary>Loads and checks the pair; errors name the file at fault.</summary>
    public static Dataset Load(string name, string imagesPath, string labelsPath)
    {
        var (h, values) = NpyReader.ReadDoubles(imagesPath);
        var s = h.Shape;
        (int n, int c, int rows, int cols, bool channelsLast) = s.Length switch
        {
            3 => ((int)s[0], 1, (int)s[1], (int)s[2], false),
            4 when s[1] is 1 or 3 => ((int)s[0], (int)s[1], (int)s[2], (int)s[3], false),
            4 when s[3] is 1 or 3 => ((int)s[0], (int)s[3], (int)s[1], (int)s[2], true),
            _ => throw new DataFormatException($"{imagesPath}: image array of shape {h.ShapeText}; expected N×H×W, N×C×H×W or N×H×W×C with C = 1 or 3."),
        };
        if (n == 0) throw new DataFormatException($"{imagesPath}: the array holds no images (shape {h.ShapeText}).");
        if (n > DataLimits.MaxImages) throw new DataFormatException($"{imagesPath}: {n} images, more than the {DataLimits.MaxImages} this tool reads.");
        if (rows < 1 || cols < 1 || rows > DataLimits.MaxSide || cols > DataLimits.MaxSide)
            throw new DataFormatException($"{imagesPath}: images of {rows}x{cols} pixels; each side must be 1 to {DataLimits.MaxSide}.");
        bool integer = h.Type is NpyType.UInt8 or NpyType.Int64;
        var pixels = new float[values.Length];
        int plane = rows * cols;
        for (long i = 0; i < values.LongLength; i++)
        {
            double v = values[i];
            if (!double.IsFinite(v) || (integer && v is < 0 or > 255))
                throw new DataFormatException($"{imagesPath}: element {i} is {v}; " + (integer ? "integer images must lie in 0..255." : "image values must be finite."));
            long dst = i;
            if (channelsLast)
            {
                // (n, y, x, ch) → (n, ch, y, x)
                long sample = i / ((long)plane * c), rest = i % ((long)plane * c);
                long pixel = rest / c, ch = rest % c;
                dst = sample * plane * c + ch * plane + pixel;
            }
            pixels[dst] = integer ? (float)(v / 255) : (float)v;
        }

        var (lh, lv) = NpyReader.ReadDoubles(labelsPath);
        if (lh.Shape.Length != 1 && !(lh.Shape.Length == 2 && lh.Shape[1] == 1))
            throw new DataFormatException($"{labelsPath}: label array of shape {lh.ShapeText}; expected one label per image, shape ({n},).");
        if (lh.Shape[0] != n)
            throw new DataFormatException($"{imagesPath} holds {n} images but {labelsPath} holds {lh.Shape[0]} labels.");
        var labels = new byte[n];
        for (int i = 0; i < n; i++)
        {
            double v = lv[i];
            if (v is < 0 or >= DataLimits.MaxClasses || v != Math.Floor(v))
                throw new DataFormatException($"{labelsPath}: label of item {i} is {v}; labels must be whole numbers 0 to {DataLimits.MaxClasses - 1}.");
            labels[i] = (byte)v;
        }
        return new Dataset(name, c, rows, cols, pixels, labels, null, labelsPath);
    }
}
