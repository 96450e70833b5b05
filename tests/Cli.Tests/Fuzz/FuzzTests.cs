using MemristorSpice.Tests.Shared;
using Xunit.Abstractions;

namespace MemristorSpice.Cli.Tests.Fuzz;

/// <summary>
/// Seeded fuzzing of the command-line tool with damaged and hostile inputs: every input must end in an accepted
/// run or a clean error (exit 1 or 2, one "memspice: ..." message), never in exit 70, an escaping exception, a
/// stack trace, a hang, an executed command or a write outside --out. The seeds are fixed, so a failure names an
/// input that can be rebuilt exactly (seed and mutation list are in the message).
/// </summary>
[Collection("fuzz")]
public class FuzzTests(ITestOutputHelper output)
{
    /// <summary>
    /// Per-input limit. The slowest mutants (a point-capped transient, a 1000-section ladder) take well under a
    /// second alone; the limit leaves room for a loaded CI machine running other test projects at the same time.
    /// </summary>
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private static string ReferenceFolder => Path.Combine(Dependencies.RepoRoot, "netlists", "reference");

    /// <summary>The reference decks, small enough that 2,000 mutants of them run in about a minute.</summary>
    private static IReadOnlyList<(string Name, string Text)> Decks() =>
        Directory.GetFiles(ReferenceFolder, "*.cir").Order(StringComparer.Ordinal)
            .Where(f => new FileInfo(f).Length < 20_000)
            .Select(f => (Path.GetFileName(f), File.ReadAllText(f))).ToList();

    /// <summary>
    /// A control block our interpreter accepts (a variable holding text, an ignored echo) but that runs a shell command
    /// if ngspice ever executed it (backquotes substitute a command's output in ngspice's command language).
    /// </summary>
    private const string HostileControl = ".control\nset cmd = \"`touch PWNED`\"\necho `touch PWNED`\n.endc";

    private const string IncludedSubcircuit = ".subckt sub a b\nR1 a b 1k\n" + HostileControl + "\n.ends\n";

    /// <summary>UTF-8 that writes a lone surrogate of a mutant as U+FFFD instead of throwing (a file cannot hold one).</summary>
    private static readonly System.Text.Encoding Lenient = new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>Points the deck's "shell touch PWNED" at the sandbox's input folder, where the harness looks for it.</summary>
    private static string Armed(string deck, string dir) => deck.Replace("PWNED", Path.Combine(dir, "PWNED"), StringComparison.Ordinal);

    [Fact]
    public void Two_thousand_netlist_mutants_end_cleanly()
    {
        var decks = Decks();
        var harness = new FuzzHarness(output, Limit);
        const int seed = 24_001;
        var random = new Random(seed);
        for (int n = 0; n < 2000; n++)
        {
            var (name, text) = decks[random.Next(decks.Count)];
            var (mutant, what) = DeckMutator.Mutate(text, random);
            var label = $"seed {seed} input {n}, {name}: {what}";
            bool finished = harness.Run(label, dir =>
                {
                    File.WriteAllText(Path.Combine(dir, "deck.cir"), Armed(mutant, dir), Lenient);
                    File.WriteAllText(Path.Combine(dir, "self.cir"), ".include self.cir\n");
                    File.WriteAllText(Path.Combine(dir, "sub.inc"), Armed(IncludedSubcircuit, dir));
                },
                root => ["simulate", Path.Combine(root, "in", "deck.cir"), "--max-points", "20000",
                    "--out", Path.Combine(root, "out", "r.csv")]);
            if (!finished) break;
        }
        harness.Report("netlist mutants through 'memspice simulate'");
        Assert.True(harness.Failures.Count == 0, string.Join('\n', harness.Failures.Take(10)));
        Assert.Equal(2000, harness.Counts.Values.Sum());
        // The mutants must reach the simulator, not only the reader: a mutator that only broke decks would
        // test the error path alone.
        Assert.True(harness.Counts[FuzzOutcome.Accepted] > 300, $"only {harness.Counts[FuzzOutcome.Accepted]} mutants ran");
        Assert.True(harness.Counts[FuzzOutcome.CleanError] > 300, $"only {harness.Counts[FuzzOutcome.CleanError]} mutants were refused");
    }

    [Fact]
    public void Hostile_netlists_through_ngspice_never_run_a_command()
    {
        Dependencies.RequireNgspice();
        var decks = Decks();
        var harness = new FuzzHarness(output, Limit);
        const int seed = 24_002;
        var random = new Random(seed);
        for (int n = 0; n < 60; n++)
        {
            var (name, text) = decks[random.Next(decks.Count)];
            var (mutant, what) = DeckMutator.Mutate(text, random);
            // Every input carries a control block at the top level and one in an included file.
            var lines = mutant.Split('\n').ToList();
            lines.Insert(Math.Min(1, lines.Count), ".include sub.inc\n" + HostileControl);
            var label = $"seed {seed} input {n}, {name}: {what}";
            bool finished = harness.Run(label, dir =>
                {
                    File.WriteAllText(Path.Combine(dir, "deck.cir"), Armed(string.Join('\n', lines), dir), Lenient);
                    File.WriteAllText(Path.Combine(dir, "self.cir"), ".include self.cir\n");
                    File.WriteAllText(Path.Combine(dir, "sub.inc"), Armed(IncludedSubcircuit, dir));
                },
                root => ["simulate", Path.Combine(root, "in", "deck.cir"), "--backend", "ngspice", "--max-points", "20000",
                    "--out", Path.Combine(root, "out", "r.csv")]);
            if (!finished) break;
        }
        harness.Report("hostile netlists through 'memspice simulate --backend ngspice'");
        Assert.True(harness.Failures.Count == 0, string.Join('\n', harness.Failures.Take(10)));
        Assert.True(harness.Counts[FuzzOutcome.Accepted] > 5, $"only {harness.Counts[FuzzOutcome.Accepted]} inputs reached ngspice");
    }

    [Fact]
    public void Five_hundred_weights_mutants_end_cleanly()
    {
        Dependencies.RequireMnist();
        var original = File.ReadAllBytes(Path.Combine(Dependencies.RepoRoot, "weights", "msccnn.msw"));
        var harness = new FuzzHarness(output, Limit);
        const int seed = 24_003;
        var random = new Random(seed);
        for (int n = 0; n < 500; n++)
        {
            var (mutant, what) = WeightsMutator.Mutate(original, random);
            int command = n % 5;
            var label = $"seed {seed} input {n} (command {command}): {what}";
            bool finished = harness.Run(label, dir => File.WriteAllBytes(Path.Combine(dir, "m.msw"), mutant),
                root =>
                {
                    var weights = Path.Combine(root, "in", "m.msw");
                    var outDir = Path.Combine(root, "out");
                    return command switch
                    {
                        0 or 1 => ["evaluate", "--weights", weights, "--images", "3"],
                        2 or 3 => ["generate", "network", "--weights", weights, "--representative", "--out", outDir],
                        _ => ["cosim", "--weights", weights, "--images", "1", "--backend", "ideal", "--out", outDir],
                    };
                });
            if (!finished) break;
        }
        harness.Report("weights mutants through evaluate / generate network / cosim");
        Assert.True(harness.Failures.Count == 0, string.Join('\n', harness.Failures.Take(10)));
        Assert.Equal(500, harness.Counts.Values.Sum());
        Assert.True(harness.Counts[FuzzOutcome.Accepted] > 50, $"only {harness.Counts[FuzzOutcome.Accepted]} mutants loaded");
        Assert.True(harness.Counts[FuzzOutcome.CleanError] > 100, $"only {harness.Counts[FuzzOutcome.CleanError]} mutants were refused");
    }
}
