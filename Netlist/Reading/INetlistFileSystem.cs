namespace MemristorSpice.Netlist.Reading;

/// <summary>Where .include and .lib files come from (the disk, or memory in tests).</summary>
public interface INetlistFileSystem
{
    bool Exists(string fullPath);

    string ReadAllText(string fullPath);
}

public sealed class PhysicalFileSystem : INetlistFileSystem
{
    public static PhysicalFileSystem Instance { get; } = new();

    public bool Exists(string fullPath) => File.Exists(fullPath);

    public string ReadAllText(string fullPath) => File.ReadAllText(fullPath);
}

/// <summary>Files held in memory, by full path.</summary>
public sealed class InMemoryFileSystem : INetlistFileSystem
{
    private readonly Dictionary<string, string> _files = new(StringComparer.Ordinal);

    public InMemoryFileSystem Add(string fullPath, string text)
    {
        _files[Path.GetFullPath(fullPath)] = text;
        return this;
    }

    public bool Exists(string fullPath) => _files.ContainsKey(fullPath);

    public string ReadAllText(string fullPath) => _files[fullPath];
}
