using System.Buffers.Binary;
using System.IO.Compression;

namespace MemristorSpice.Network.Data;

/// <summary>Thrown when an IDX file is malformed; the message names the file and what is wrong.</summary>
public sealed class IdxFormatException(string message) : DataFormatException(message);

/// <summary>
/// Reader for the IDX format of MNIST and Fashion-MNIST (big-endian header; magic 0x00000801 for labels,
/// 0x00000803 for images), raw or gzip-compressed (detected from the content, not the file name).
/// </summary>
public static class IdxReader
{
    /// <summary>Magic number at the start of an IDX label file (unsigned bytes, one dimension).</summary>
    public const int LabelMagic = 0x00000801;
    /// <summary>Magic number at the start of an IDX image file (unsigned bytes, three dimensions).</summary>
    public const int ImageMagic = 0x00000803;

    /// <summary>Largest accepted file content after gzip decompression (MNIST's training images are 47 MB).</summary>
    public const long MaxBytes = 1L << 30;

    /// <summary>Reads images as bytes; returns (count, rows, cols, pixels).</summary>
    public static (int Count, int Rows, int Cols, byte[] Pixels) ReadImages(string path)
    {
        var bytes = ReadAll(path);
        RequireLength(path, bytes, 16, "image header (16 bytes)");
        int magic = BinaryPrimitives.ReadInt32BigEndian(bytes);
        if (magic != ImageMagic)
            throw new IdxFormatException($"{path}: bad magic number 0x{magic:X8}, expected 0x{ImageMagic:X8} for an IDX image file.");
        int count = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4));
        int rows = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(8));
        int cols = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(12));
        if (count < 0 || rows <= 0 || cols <= 0)
            throw new IdxFormatException($"{path}: invalid header dimensions count={count}, rows={rows}, cols={cols}.");
        long expected = (long)count * rows * cols;
        CheckPayload(path, bytes.Length - 16, expected, $"{count} images of {rows}x{cols}");
        return (count, rows, cols, bytes.AsSpan(16).ToArray());
    }

    /// <summary>Reads the labels of an IDX label file, one byte per item.</summary>
    public static byte[] ReadLabels(string path)
    {
        var bytes = ReadAll(path);
        RequireLength(path, bytes, 8, "label header (8 bytes)");
        int magic = BinaryPrimitives.ReadInt32BigEndian(bytes);
        if (magic != LabelMagic)
            throw new IdxFormatException($"{path}: bad magic number 0x{magic:X8}, expected 0x{LabelMagic:X8} for an IDX label file.");
        int count = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4));
        if (count < 0) throw new IdxFormatException($"{path}: negative label count {count}.");
        CheckPayload(path, bytes.Length - 8, count, $"{count} labels");
        return bytes.AsSpan(8).ToArray();
    }

    private static void CheckPayload(string path, long actual, long expected, string what)
    {
        if (actual < expected)
            throw new IdxFormatException($"{path}: truncated file: header declares {what} ({expected} bytes of data) but only {actual} bytes follow.");
        if (actual > expected)
            throw new IdxFormatException($"{path}: count mismatch: header declares {what} ({expected} bytes of data) but {actual} bytes follow.");
    }

    private static void RequireLength(string path, byte[] bytes, int n, string what)
    {
        if (bytes.Length < n)
            throw new IdxFormatException($"{path}: truncated file: {bytes.Length} bytes, too short for the {what}.");
    }

    private static byte[] ReadAll(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"IDX file not found: {path}", path);
        long length = new FileInfo(path).Length;
        if (length > MaxBytes)
            throw new IdxFormatException($"{path}: {length} bytes, larger than any IDX data set this tool reads ({MaxBytes} bytes at most).");
        var raw = File.ReadAllBytes(path);
        if (raw.Length < 2 || raw[0] != 0x1f || raw[1] != 0x8b) return raw;
        try
        {
            using var gz = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
            using var ms = new MemoryStream();
            var buffer = new byte[81920];
            for (int n; (n = gz.Read(buffer)) > 0;)
            {
                // A small .gz can expand without bound: stop at the cap instead of exhausting memory.
                if (ms.Length + n > MaxBytes)
                    throw new IdxFormatException($"{path}: decompresses to more than {MaxBytes} bytes, larger than any IDX data set this tool reads.");
                ms.Write(buffer, 0, n);
            }
            return ms.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new IdxFormatException($"{path}: corrupt or truncated gzip stream ({e.Message}).");
        }
    }
}
