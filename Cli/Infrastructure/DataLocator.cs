using MemristorSpice.Network.Data;

namespace MemristorSpice.Cli.Infrastructure;

/// <summary>
/// Finds the folder of a named data set (mnist, fashion) the way tools find their data: an explicit folder
/// (<c>--dataset mnist:DIR</c>), then the environment variable <see cref="EnvironmentVariable"/> (a folder holding
/// mnist/ and fashion-mnist/), then the checkout (MEMSPICE_HOME, or a MemristorSpice.sln above the current folder or
/// above the executable) and its data/ folder, then, for Fashion-MNIST, Debian's install location.
/// </summary>
internal static class DataLocator
{
    /// <summary>Environment variable naming a data root with mnist/ and fashion-mnist/ sub-folders.</summary>
    public const string EnvironmentVariable = "MEMSPICE_DATA";

    /// <summary>A place looked at: the folder and why it was a candidate.</summary>
    internal readonly record struct Candidate(string Dir, string Why);

    /// <summary>Sub-folder of a data root holding each named data set.</summary>
    public static string SubFolder(string name) => name == "fashion" ? "fashion-mnist" : "mnist";

    /// <summary>Where the process runs: its environment variables, current folder and executable folder.</summary>
    internal sealed record Context(Func<string, string?> Environment, string CurrentDirectory, string ExecutableDirectory)
    {
        /// <summary>The real process.</summary>
        public static Context Process => new(System.Environment.GetEnvironmentVariable, System.Environment.CurrentDirectory, AppContext.BaseDirectory);
    }

    /// <summary>The candidate folders for <paramref name="name"/> (mnist or fashion), in the order they are tried.</summary>
    public static IReadOnlyList<Candidate> Candidates(string name) => Candidates(name, Context.Process);

    /// <summary>The candidate folders for <paramref name="name"/> in <paramref name="context"/>, in the order they are tried.</summary>
    internal static IReadOnlyList<Candidate> Candidates(string name, Context context)
    {
        var list = new List<Candidate>();
        var sub = SubFolder(name);
        if (context.Environment(EnvironmentVariable) is { Length: > 0 } env)
            list.Add(new(Path.Combine(Path.GetFullPath(env), sub), $"${EnvironmentVariable}"));
        if (context.Environment("MEMSPICE_HOME") is { Length: > 0 } home) list.Add(new(Path.Combine(Path.GetFullPath(home), "data", sub), "$MEMSPICE_HOME"));
        if (CheckoutAbove(context.CurrentDirectory) is { } fromCwd) list.Add(new(Path.Combine(fromCwd, "data", sub), "checkout above the current folder"));
        if (CheckoutAbove(context.ExecutableDirectory) is { } fromExe) list.Add(new(Path.Combine(fromExe, "data", sub), "checkout above the executable"));
        if (name == "fashion") list.Add(new(Datasets.FashionMnistDefaultDir, "Debian dataset-fashion-mnist"));
        return list.DistinctBy(c => c.Dir).ToList();
    }

    /// <summary>The first candidate holding the image and label file of <paramref name="split"/>, or null.</summary>
    public static string? Find(string name, DataSplit split) => Find(name, split, Context.Process);

    internal static string? Find(string name, DataSplit split, Context context) =>
        Candidates(name, context).Select(c => c.Dir).FirstOrDefault(d => Datasets.HasSplit(d, split));

    /// <summary>The folder of <paramref name="name"/> for <paramref name="split"/>; the error lists every place looked at.</summary>
    public static string Locate(string name, DataSplit split) => Locate(name, split, Context.Process);

    internal static string Locate(string name, DataSplit split, Context context)
    {
        if (Find(name, split, context) is { } dir) return dir;
        var candidates = Candidates(name, context);
        var where = string.Join("; ", candidates.Select(c => $"{c.Dir} ({c.Why}{(Directory.Exists(c.Dir) ? ": " + Datasets.MissingFiles(c.Dir, split) : ": no such folder")})"));
        if (context.Environment(EnvironmentVariable) is not { Length: > 0 }) where = $"${EnvironmentVariable} (unset); " + where;
        if (candidates.All(c => c.Why.StartsWith('$') || c.Why.StartsWith("Debian", StringComparison.Ordinal)))
            where += "; no MemristorSpice checkout above the current folder or the executable";
        throw new CliException($"--dataset {name}: {(name == "fashion" ? "Fashion-MNIST" : "MNIST")} {split.ToString().ToLowerInvariant()} files not found. " +
            $"Looked in: {where}. Run scripts/bootstrap in a checkout, set {EnvironmentVariable} to a folder holding {SubFolder(name)}/, " +
            $"or give the folder: --dataset {name}:DIR.");
    }

    /// <summary>The folder the repository's own MNIST copy is read from (first candidate with files, else the checkout's data/mnist).</summary>
    public static string MnistDir => Find("mnist", DataSplit.Test) ?? Candidates("mnist").Select(c => c.Dir).FirstOrDefault(Directory.Exists)
        ?? Path.Combine(RepoPaths.Root ?? Environment.CurrentDirectory, "data", "mnist");

    private static string? CheckoutAbove(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MemristorSpice.sln"))) return dir.FullName;
        return null;
    }
}
