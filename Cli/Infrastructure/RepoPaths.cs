namespace MemristorSpice.Cli.Infrastructure;

/// <summary>Where memspice finds its data: the repository checkout it runs from, or MEMSPICE_HOME.</summary>
internal static class RepoPaths
{
    /// <summary>The repository root (folder holding MemristorSpice.sln), or null when run outside a checkout.</summary>
    public static string? Root { get; } = FindRoot();

    /// <summary>The folder holding the MNIST IDX files (data/mnist under the repository root).</summary>
    public static string MnistDir => Path.Combine(Root ?? Environment.CurrentDirectory, "data", "mnist");

    private static string? FindRoot()
    {
        var home = Environment.GetEnvironmentVariable("MEMSPICE_HOME");
        if (!string.IsNullOrEmpty(home)) return Path.GetFullPath(home);
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "MemristorSpice.sln"))) return dir.FullName;
        }
        return null;
    }
}
