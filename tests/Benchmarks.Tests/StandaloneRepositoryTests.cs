using System.Text.RegularExpressions;
using MemristorSpice.Tests.Shared;

namespace MemristorSpice.Benchmarks.Tests;

/// <summary>
/// The repository must explain itself: code, comments and docs point to files in the repository (docs/ holds the
/// design facts and the ngspice observations the code relies on), never to design notes kept outside it or to the
/// numbered items of an issue tracker a reader does not have. Scans every source, project, script and document file
/// (bin, obj, .git and the data folder excluded) and fails listing each offending line. The patterns are spelled in
/// pieces so that this file does not match itself.
/// </summary>
public class StandaloneRepositoryTests
{
    private static readonly Regex[] Forbidden =
    [
        new("DESIGN" + @"\.md", RegexOptions.IgnoreCase),
        new("NGSPICE" + "-NOTES", RegexOptions.IgnoreCase),
        new(@"\.\." + "/shared", RegexOptions.IgnoreCase),
        new(@"\b" + "issues?" + @"\s+#?\d", RegexOptions.IgnoreCase),          // the word issue(s) followed by a number
        new(@"(?<![&\w])" + "#" + @"\d+\b"),                                  // a hash sign followed by a number (tracker shorthand)
    ];

    private static readonly string[] Extensions = [".cs", ".md", ".csproj", ".props", ".sln", ".cir", ".lib"];
    private static readonly string[] SkippedFolders = ["bin", "obj", ".git", "data", "node_modules", "TestResults"];

    private static IEnumerable<string> Files(string folder)
    {
        foreach (var f in Directory.EnumerateFiles(folder))
            if (Extensions.Contains(Path.GetExtension(f)) || Path.GetFileName(Path.GetDirectoryName(f)) is "scripts" or "ci")
                yield return f;
        foreach (var d in Directory.EnumerateDirectories(folder))
        {
            var info = new DirectoryInfo(d);
            if (SkippedFolders.Contains(info.Name) || info.LinkTarget is not null) continue;
            foreach (var f in Files(d)) yield return f;
        }
    }

    private static bool IsCopiedPublicDeck(string root, string file) =>
        Path.GetRelativePath(root, file).Replace('\\', '/').StartsWith("tests/Netlist.Tests/PublicDecks/", StringComparison.Ordinal)
        && Path.GetExtension(file) is not (".md" or ".cs");

    [Fact]
    public void No_file_points_outside_the_repository_or_to_tracker_numbers()
    {
        var root = Dependencies.RepoRoot;
        var hits = new List<string>();
        int scanned = 0;
        foreach (var file in Files(root))
        {
            scanned++;
            // Public decks are other authors' text, copied unchanged as test inputs (their README lists the sources);
            // their own tracker references stay as written. Our README and test code beside them are still scanned.
            if (IsCopiedPublicDeck(root, file)) continue;
            var lines = File.ReadAllLines(file);
            for (int k = 0; k < lines.Length; k++)
                if (Forbidden.FirstOrDefault(r => r.IsMatch(lines[k])) is { } r)
                    hits.Add($"{Path.GetRelativePath(root, file)}:{k + 1}: {r.Match(lines[k]).Value}");
        }
        // The scan really covered the code base (hundreds of C# files and the docs), so an empty result means something.
        Assert.True(scanned > 300, $"only {scanned} files scanned under {root}");
        Assert.True(File.Exists(Path.Combine(root, "docs", "ngspice.md")), "docs/ngspice.md is missing");
        Assert.True(hits.Count == 0, "references to material outside the repository:\n" + string.Join("\n", hits));
    }

    [Theory]
    [InlineData("see DESIGN" + ".md §4", true)]
    [InlineData("measured (NGSPICE" + "-NOTES)", true)]
    [InlineData("the settings of issue" + " 9", true)]
    [InlineData("Transients (issues" + " 4 and 6)", true)]
    [InlineData("fixed in #" + "42", true)]
    [InlineData("docs/profiling.md §7 has the breakdown", false)]
    [InlineData("an issue with the solver", false)]
    [InlineData("C# 12 collection expressions", false)]
    public void Patterns_catch_references_and_spare_ordinary_text(string line, bool forbidden) =>
        Assert.Equal(forbidden, Forbidden.Any(r => r.IsMatch(line)));
}
