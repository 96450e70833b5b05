using MemristorSpice.Network.Data;

namespace MemristorSpice.Cli.Infrastructure;

/// <summary>Checks the four MNIST IDX files with the Network's IDX reader (magic, header counts, payload size).</summary>
internal static class MnistProbe
{
    private static readonly (string File, bool Images, int Count)[] Files =
    [
        ("train-images-idx3-ubyte", true, 60000),
        ("train-labels-idx1-ubyte", false, 60000),
        ("t10k-images-idx3-ubyte", true, 10000),
        ("t10k-labels-idx1-ubyte", false, 10000),
    ];

    /// <summary>The problems found, one per bad file; empty when all four files are valid.</summary>
    public static IReadOnlyList<string> Problems(string dir)
    {
        var problems = new List<string>();
        foreach (var (name, images, expected) in Files)
        {
            var path = Path.Combine(dir, name);
            if (!File.Exists(path)) { problems.Add($"{name} missing"); continue; }
            try
            {
                int count = images ? IdxReader.ReadImages(path).Count : IdxReader.ReadLabels(path).Length;
                if (count != expected) problems.Add($"{name} holds {count} items, expected {expected}");
            }
            catch (IdxFormatException ex)
            {
                problems.Add(ex.Message.Replace(dir + Path.DirectorySeparatorChar, "", StringComparison.Ordinal));
            }
        }
        return problems;
    }
}
