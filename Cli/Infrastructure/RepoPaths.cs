namespace MemristorSpice.Cli.Infrastructure;

/// <summary>Where memspice finds its data: the repository checkout it runs from, or MEMSPICE_HOME.</summary>
internal static class RepoPaths
{
    /// <summary>The repository root (folder holding MemristorSpice.sln), or null when run outside a checkout.</summary>
    public static string? Root { get; } = FindRoot();

    /// <summary>The folder holding the MNIST IDX files, found as <see cref="DataLocator"/> finds it (default: data/mnist of the checkout).</summary>
    public static string MnistDir => DataLocator.MnistDir;

    /// <summary>
    /// One line for <c>memspice doctor</c>: where the data folders come from, or, outside a checkout, what the tool
    /// cannot find and how to point it at a checkout. False when the tool runs without a checkout.
    /// </summary>
    public static (bool Found, string Detail) Describe()
    {
        var home = Environment.GetEnvironmentVariable("MEMSPICE_HOME");
        if (!string.IsNullOrEmpty(home))
            return Directory.Exists(Root)
                ? (true, $"{Root} (from MEMSPICE_HOME)")
                : (false, $"MEMSPICE_HOME={home}: folder not found");
        if (Root is not null) return (true, $"{Root} (checkout)");
        return (false, $"no MemristorSpice checkout above {Environment.CurrentDirectory} or the tool, and MEMSPICE_HOME is unset: " +
                       "data/mnist, weights/ and netlists/lib are looked up under the current folder; " +
                       "set MEMSPICE_HOME to a checkout (demo needs weights/msccnn.msw, devices needs --out)");
    }

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
