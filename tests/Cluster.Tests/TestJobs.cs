global using MemristorSpice.Cli.Tests; // CliRunner and SeededWeights, linked from Cli.Tests
using MemristorSpice.Cli.Cluster;

namespace MemristorSpice.Cluster.Tests;

/// <summary>Temporary folders, seeded weights and manifests shared by the tests.</summary>
internal static class TestJobs
{
    public static string TempDir(string name) => SeededWeights.TempDir("cluster-" + name);

    /// <summary>A seeded, untrained MSCCNN weights file (results need not be accurate, only reproducible).</summary>
    public static string Weights(string dir) => SeededWeights.Msccnn(dir);

    /// <summary>The Release (or Debug, as this test) build of memspice.dll in this checkout: what the array tasks run.</summary>
    public static string ToolDll()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name; // bin/<configuration>/net10.0/
        return Path.Combine(MemristorSpice.Tests.Shared.Dependencies.RepoRoot, "Cli", "bin", configuration, "net10.0", "memspice.dll");
    }

    public static ClusterManifest Manifest(string jobFolder, int shards = 4, string[]? args = null, SlurmResources? resources = null) => new(
        new ClusterWork("cosim", args ?? ["--weights", "w.msw", "--images", "40", "--threads", "1"], shards,
            [new InputFile("w.msw", new string('a', 64))], """{"variation":{"sigma":0.05,"seed":7}}""", "0.1.0+test"),
        new ClusterRun("/usr/bin/dotnet", "/opt/memspice/memspice.dll", "/home/eng/run", jobFolder, resources ?? new SlurmResources(null, null, null, 1)));

    /// <summary>What an array task leaves when it finished shard k: a folder with the stamp the array script writes.</summary>
    public static void FakeFinishedShard(JobFolder folder, int k, int n, string manifestHash, string arrayJobId)
    {
        var dir = folder.ShardDir(k);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, JobFolder.ShardStamp),
            $$"""{ "format": "{{JobFolder.StampFormat}}", "manifestHash": "{{manifestHash}}", "shard": "{{k}}/{{n}}", "arrayJobId": "{{arrayJobId}}", "taskJobId": "99" }""");
    }
}
