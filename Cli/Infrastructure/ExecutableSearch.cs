namespace MemristorSpice.Cli.Infrastructure;

/// <summary>Finds an external program (ngspice, sbatch, dotnet, ...) the way a shell would: first match on PATH.</summary>
internal static class ExecutableSearch
{
    public static string? Find(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program)).FirstOrDefault(File.Exists);
}
