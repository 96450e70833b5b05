using MemristorSpice.Network.IO;
using MemristorSpice.Network.Models;

namespace MemristorSpice.Cli.Tests;

/// <summary>Temporary folders and a seeded, untrained MSCCNN weights file: commands under test need reproducible
/// weights, not accurate ones. Also compiled into Cluster.Tests (linked file).</summary>
internal static class SeededWeights
{
    public static string TempDir(string name)
    {
        var dir = Path.Combine(Path.GetTempPath(), "memspice-tests", name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Writes dir/seeded.msw: MSCCNN initialised with seed 3.</summary>
    public static string Msccnn(string dir)
    {
        var path = Path.Combine(dir, "seeded.msw");
        WeightsFile.Save(ModelZoo.Create("msccnn", 3), path);
        return path;
    }
}
