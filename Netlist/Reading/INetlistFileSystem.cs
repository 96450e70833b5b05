using System.Text;

namespace MemristorSpice.Netlist.Reading;

/// <summary>Where netlist, .include and .lib files come from (the disk, or memory in tests).</summary>
public interface INetlistFileSystem
{
    /// <summary>True when the path names an existing file or directory.</summary>
    bool Exists(string fullPath);

    /// <summary>
    /// The text of a regular file of at most <paramref name="maxBytes"/> bytes. A larger file or one that is not a
    /// regular file (directory, device, FIFO, socket) raises <see cref="NetlistFileException"/> naming the path.
    /// </summary>
    string ReadAllText(string fullPath, long maxBytes);
}

/// <summary>A netlist file that cannot be used: too large, or not a regular file. The message names the path.</summary>
internal sealed class NetlistFileException(string message) : IOException(message);

/// <summary>
/// The disk. Only regular files are read (on Linux the file type is asked of the kernel before opening, so a
/// FIFO never blocks the read and /dev/zero is never opened), and reading stops at the size limit.
/// </summary>
internal sealed class PhysicalFileSystem : INetlistFileSystem
{
    public static PhysicalFileSystem Instance { get; } = new();

    /// <summary>A directory exists too: <see cref="ReadAllText"/> then names it as one rather than "not found".</summary>
    public bool Exists(string fullPath) => File.Exists(fullPath) || Directory.Exists(fullPath);

    public string ReadAllText(string fullPath, long maxBytes)
    {
        if (Directory.Exists(fullPath)) throw new NetlistFileException($"'{fullPath}' is a directory, not a netlist file");
        if (UnixFileType.Describe(fullPath) is { } kind)
            throw new NetlistFileException($"'{fullPath}' is {kind}, not a regular file; only regular files are read");
        using var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read);
        if (stream.CanSeek && stream.Length > maxBytes) throw TooLarge(fullPath, maxBytes);
        var bytes = new MemoryStream();
        var buffer = new byte[81920];
        int n;
        while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (bytes.Length + n > maxBytes) throw TooLarge(fullPath, maxBytes);
            bytes.Write(buffer, 0, n);
        }
        bytes.Position = 0;
        using var reader = new StreamReader(bytes, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    internal static NetlistFileException TooLarge(string path, long maxBytes) =>
        new($"'{path}' is larger than the limit of {maxBytes} bytes per netlist file (raise it with --max-include-bytes)");
}

/// <summary>Files held in memory, by full path.</summary>
internal sealed class InMemoryFileSystem : INetlistFileSystem
{
    private readonly Dictionary<string, string> _files = new(StringComparer.Ordinal);

    public InMemoryFileSystem Add(string fullPath, string text)
    {
        _files[Path.GetFullPath(fullPath)] = text;
        return this;
    }

    public bool Exists(string fullPath) => _files.ContainsKey(fullPath);

    public string ReadAllText(string fullPath, long maxBytes)
    {
        var text = _files[fullPath];
        if (Encoding.UTF8.GetByteCount(text) > maxBytes) throw PhysicalFileSystem.TooLarge(fullPath, maxBytes);
        return text;
    }
}
