using System.Collections.Concurrent;
using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Ngspice;
using MemristorSpice.Netlist.Simulation;
using MemristorSpice.Tests.Shared;
using Xunit.Abstractions;

namespace MemristorSpice.Netlist.Tests.PublicDecks;

/// <summary>
/// Decks written by others, copied unchanged from public repositories (sources, commits and licences in
/// PublicDecks/README.md), each run as <c>memspice compare</c> runs it: our reader and engine, and ngspice 39 in batch
/// mode on the deck we write from the same reading. Truth is ngspice; the tolerances are compare's defaults (1e-4 of
/// the value at OP/DC points, 1 % of each waveform's peak-to-peak for transients, 0.01 dB / 0.1° for AC, and the
/// measurement tolerances of BackendComparison). Every deck ends in one of: agree, disagree (both ran, some signal
/// or measurement off), refused (our reader or engine stopped with a named error), ngspice-fails (ngspice itself
/// stops on the deck we give it). An internal error (any other exception) fails the test, and so does a reader
/// refusal without a file and line.
/// </summary>
public sealed class PublicDeckCorpusTests(ITestOutputHelper output)
{
    /// <summary>
    /// Decks that agree with ngspice at this commit; raise it when a fix makes more decks agree (the test prints the
    /// table of every deck's status and reason).
    /// </summary>
    private const int MinimumAgreeing = 73;

    private static string Folder => Path.Combine(Dependencies.RepoRoot, "tests", "Netlist.Tests", "PublicDecks");

    public static IReadOnlyList<string> Decks() =>
        Directory.GetDirectories(Folder).SelectMany(d => Directory.GetFiles(d))
            .Where(f => f.EndsWith(".cir", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".sp", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".net", StringComparison.OrdinalIgnoreCase))
            .Select(f => Path.GetRelativePath(Folder, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToList();

    /// <summary>One deck's outcome: status, reason class (for sorting the work) and the first message.</summary>
    internal sealed record Outcome(string Deck, string Status, string ReasonClass, string Detail);

    [Fact]
    public void Every_public_deck_agrees_with_ngspice_or_is_refused_with_a_located_named_error()
    {
        string ngspice = Dependencies.RequireNgspice();
        var decks = Decks();
        Assert.InRange(decks.Count, 80, 200);
        var outcomes = new ConcurrentBag<Outcome>();
        // Two decks at a time (the CI machines have two cores); each backend bounded in points and time.
        Parallel.ForEach(decks, new ParallelOptions { MaxDegreeOfParallelism = 2 }, deck => outcomes.Add(Run(deck, ngspice)));
        var sorted = outcomes.OrderBy(o => o.Deck, StringComparer.Ordinal).ToList();
        output.WriteLine("| deck | status | reason class | detail |");
        output.WriteLine("|---|---|---|---|");
        foreach (var o in sorted) output.WriteLine($"| {o.Deck} | {o.Status} | {o.ReasonClass} | {o.Detail.Replace("|", "/").ReplaceLineEndings(" ")} |");
        foreach (var g in sorted.GroupBy(o => o.Status).OrderBy(g => g.Key, StringComparer.Ordinal))
            output.WriteLine($"{g.Key}: {g.Count()}");
        Assert.DoesNotContain(sorted, o => o.Status == "internal error");
        Assert.DoesNotContain(sorted, o => o.Status == "refused" && o.ReasonClass == "unlocated");
        int agreeing = sorted.Count(o => o.Status == "agree");
        Assert.True(agreeing >= MinimumAgreeing, $"{agreeing} decks agree, at least {MinimumAgreeing} expected");
    }

    private static Outcome Run(string deck, string ngspice)
    {
        string path = Path.Combine(Folder, deck);
        var runner = new SimulationRunner { MaxPoints = 200_000, Ngspice = new NgspiceRunner(ngspice, TimeSpan.FromSeconds(30)) };
        SimulationResult ours;
        try
        {
            ours = runner.RunFile(path, Backend.Native);
        }
        catch (NetlistException ex)
        {
            var first = ex.First;
            bool located = first.Location.Line > 0 && first.Location.File.EndsWith(Path.GetFileName(deck), StringComparison.Ordinal)
                           || first.Location.Line > 0 && File.Exists(first.Location.File);
            return new Outcome(deck, "refused", located ? ReasonClass(first.Message + " " + first.Token, path) : "unlocated", first.ToString().Replace(Folder + "/", ""));
        }
        catch (SimulationException ex)
        {
            string reason = ReasonClass(ex.Message, path);
            // A run our step control gives up on: when ngspice stops on the same deck as well, the work is not ours.
            if (reason == "transient step control" && NgspiceFails(runner, path) is { } theirs)
                return new Outcome(deck, "refused", "ngspice fails too", $"{ex.Message.Split('\n')[0]} (ngspice: {theirs})");
            return new Outcome(deck, "refused", reason, ex.Message.Split('\n')[0]);
        }
        catch (Exception ex)
        {
            return new Outcome(deck, "internal error", ex.GetType().Name, ex.Message.Split('\n')[0]);
        }
        SimulationResult reference;
        try
        {
            reference = runner.RunFile(path, Backend.Ngspice, ours); // ours gives the .control run sequence to replay
        }
        catch (SimulationException ex)
        {
            return new Outcome(deck, "ngspice fails", "ngspice", ex.Message.Split('\n')[0]);
        }
        catch (Exception ex) when (ex is not NetlistException)
        {
            return new Outcome(deck, "internal error", ex.GetType().Name, ex.Message.Split('\n')[0]);
        }
        var report = BackendComparison.Compare(ours, reference, ComparisonTolerance.ForDeck(ours.Options.RelTol));
        if (report.Pass) return new Outcome(deck, "agree", "", $"{report.Signals.Count} signals, {report.Measurements.Count} measurements");
        var off = report.Signals.Where(s => !s.Pass).Select(s => $"{s.Analysis} {s.Signal} off by {s.MaxDifference:G3} > {s.Tolerance:G3}")
            .Concat(report.Measurements.Where(m => !m.Pass).Select(m => $"{m.Analysis} .meas {m.Name}: {m.Ours:G6} vs {m.Reference:G6} {m.Note}"))
            .Concat(report.Problems).ToList();
        string kind = report.Signals.Any(s => !s.Pass && s.Analysis.Contains(".tran", StringComparison.Ordinal)) ? "transient accuracy" : "values";
        return new Outcome(deck, "disagree", kind, $"{off.Count} off: {string.Join("; ", off.Take(2))}");
    }

    /// <summary>ngspice's first message when it stops on the deck too with "timestep too small", else null.</summary>
    private static string? NgspiceFails(SimulationRunner runner, string path)
    {
        try
        {
            runner.RunFile(path, Backend.Ngspice);
            return null;
        }
        catch (SimulationException ex) when (ex.Message.Contains("timestep too small", StringComparison.OrdinalIgnoreCase))
        {
            return ex.Message.Split('\n')[0];
        }
        catch (SimulationException)
        {
            return null; // another failure (ngspice's own DC warnings on our written deck): not the same stop
        }
    }

    /// <summary>Which piece of work a refusal waits for, from its message and the deck (the classes README.md lists).</summary>
    private static string ReasonClass(string message, string path)
    {
        string m = message.ToLowerInvariant();
        string text = File.ReadAllText(path).ToLowerInvariant();
        if (m.Contains("no analysis") && text.Contains(".control")) return "analyses in .control";
        if (m.Contains("no analysis")) return "no analysis";
        if (m.Contains("points exceed the limit")) return "point limit";
        if (m.Contains("timestep") || m.Contains("time step") || m.Contains("converge") || m.Contains("singular") || m.Contains("loop of voltage sources"))
            return "transient step control";
        if (m.Contains("xspice code model")) return "XSPICE code model";
        if (System.Text.RegularExpressions.Regex.IsMatch(m, @"not supported: (pz|sens|noise|disto|pss|sp)\b")) return "analysis kind";
        if (m.Contains("waveform") || m.Contains("unexpected token in source")) return "source waveforms";
        if (m.Contains("coupling factor")) return "K coupling";
        if (m.Contains("polynomial")) return "POLY sources";
        if (m.Contains("unknown function") || m.Contains("argument(s)") || m.Contains("unexpected character")) return "expression functions";
        if (m.Contains("expected a number for the resistance") || m.Contains("expected a number for the capacitance") || m.Contains("instance parameter")) return "R/C/L models and parameters";
        if (m.Contains("level") || m.Contains("model")) return "model cards";
        if (m.Contains("element type")) return "element kind";
        return "reader";
    }
}
