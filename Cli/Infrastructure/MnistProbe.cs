using System.Buffers.Binary;

namespace MemristorSpice.Cli.Infrastructure;

/// <summary>Checks the four MNIST IDX files by their headers and sizes, without loading them.</summary>
internal static class MnistProbe
{
    private static readonly (string File, uint Magic, int Count)[] Files =
    [
        ("train-images-idx3-ubyte", 0x803, 60000),
        ("train-labels-idx1-ubyte", 0x801, 60000),
        ("t10k-images-idx3-ubyte", 0x803, 10000),
        ("t10k-labels-idx1-ubyte", 0x801, 10000),
    ];

    /// <summary>The problems found, one per bad file; empty when all four files are valid.</summary>
    public static IReadOnlyList<string> Problems(string dir)
    {
        var problems = new List<string>();
        Span<byte> header = stackalloc byte[16];
        foreach (var (name, magic, count) in Files)
        {
            var path = Path.Combine(dir, name);
            if (!File.Exists(path)) { problems.Add($"{name} missing"); continue; }
            using var stream = File.OpenRead(path);
            int read = stream.Read(header);
            long expected = magic == 0x803 ? 16 + count * 784L : 8 + count;
            if (read < 8 || BinaryPrimitives.ReadUInt32BigEndian(header) != magic)
                problems.Add($"{name} has a bad magic number");
            else if (BinaryPrimitives.ReadInt32BigEndian(header[4..]) != count)
                problems.Add($"{name} header count is not {count}");
            else if (stream.Length != expected)
                problems.Add($"{name} is {stream.Length} bytes, expected {expected}");
        }
        return problems;
    }
}
