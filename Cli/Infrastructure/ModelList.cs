namespace MemristorSpice.Cli.Infrastructure;

/// <summary>A model of a multi-model command: its name and weights file (WEIGHTS-DIR/NAME.msw).</summary>
internal sealed record ModelFile(string Name, string Path);

/// <summary>A comma-separated list of model names, each resolved to WEIGHTS-DIR/NAME.msw.</summary>
internal static class ModelList
{
    public static IReadOnlyList<ModelFile> Parse(string text, string? weightsDir, string option)
    {
        var dir = weightsDir ?? Path.Combine(RepoPaths.Root ?? Environment.CurrentDirectory, "weights");
        var names = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 0) throw new CliException($"{option}: give at least one model name (e.g. msccnn).", CliApp.UsageError);
        var dup = names.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw new CliException($"{option}: model '{dup.Key}' is listed twice.", CliApp.UsageError);
        return names.Select(n =>
        {
            if (n.IndexOfAny([.. Path.GetInvalidFileNameChars(), ' ']) >= 0)
                throw new CliException($"{option}: '{n}' is not a model name.", CliApp.UsageError);
            var path = Path.Combine(dir, n + ".msw");
            if (!File.Exists(path)) throw new CliException($"{option}: no weights file for '{n}' ({path} not found).", CliApp.UsageError);
            return new ModelFile(n, path);
        }).ToList();
    }
}
