namespace MemristorSpice.Benchmarks.Compare;

/// <summary>The repository folder (the one holding MemristorSpice.sln), searched upwards from the current directory and then from the binary.</summary>
public static class RepositoryRoot
{
    public static string Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "MemristorSpice.sln"))) return dir.FullName;
        throw new InvalidOperationException("Run from inside the repository (no MemristorSpice.sln above the current directory or the binary), or pass --out DIR.");
    }
}
