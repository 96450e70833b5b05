using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Simulation;
using MemristorSpice.Tests.Shared;
using Xunit.Abstractions;

namespace MemristorSpice.Netlist.Tests.Dialect;

/// <summary>
/// Decks in the dialects of public projects (memristor subcircuits written for HSPICE, LTspice and ngspice, crossbar
/// and analog decks; each file in Dialect/Decks names the public model or idiom it reproduces in our own text) run
/// exactly as <c>memspice compare</c> runs them: the file through our reader and engine, the same file through
/// ngspice batch mode. Truth is ngspice 39. Tolerances are compare's defaults, the levels the engine is validated
/// to: OP/DC within 1e-4·|ref| + 1 µV (1 nA), transients within 1 % of each waveform's peak-to-peak + 1 µV (1 nA),
/// which leaves room for the two engines' different time points but not for a wrong model: a state that moves
/// 1 % differently, a missed threshold or a wrong table corner fails.
/// </summary>
public class PublicDeckTests(ITestOutputHelper output)
{
    internal static string DeckFolder => Path.Combine(Dependencies.RepoRoot, "tests", "Netlist.Tests", "Dialect", "Decks");

    public static TheoryData<string> Decks => new(Directory.GetFiles(Path.Combine(Dependencies.RepoRoot, "tests", "Netlist.Tests", "Dialect", "Decks"), "*.cir")
        .Select(Path.GetFileName).OfType<string>().Where(n => !n.StartsWith("unsupported", StringComparison.Ordinal)).Order());

    [Theory]
    [MemberData(nameof(Decks))]
    public void Deck_runs_in_our_engine_and_agrees_with_ngspice(string deck)
    {
        Dependencies.RequireNgspice();
        string path = Path.Combine(DeckFolder, deck);
        var runner = new SimulationRunner();
        var ours = runner.RunFile(path, Backend.Native);
        var reference = runner.RunFile(path, Backend.Ngspice);
        var report = BackendComparison.Compare(ours, reference);
        foreach (var s in report.Signals)
            output.WriteLine($"{s.Analysis} {s.Signal}: {s.Points} points, max {s.MaxDifference:G3}, tolerance {s.Tolerance:G3}, {(s.Pass ? "ok" : "OFF")}");
        foreach (var p in report.Problems) output.WriteLine("problem: " + p);
        Assert.True(report.Pass, $"{deck}: {string.Join("; ", report.Signals.Where(s => !s.Pass).Select(s => $"{s.Analysis} {s.Signal} off by {s.MaxDifference:G3} > {s.Tolerance:G3}").Concat(report.Problems))}");
        // Every signal was compared on some points (the skip window around fast edges must leave the flat parts).
        Assert.All(report.Signals, s => Assert.True(s.Points > 0, $"{s.Signal}: no point compared"));
        // The comparison must be about something: some signal of the reference varies or is non-zero.
        Assert.Contains(reference.Analyses, a => a.Table.Names.Where(n => n != a.Table.AxisName).Any(n => a.Table[n].Any(v => Math.Abs(v) > 1e-9)));
    }

    [Fact]
    public void There_are_at_least_fifteen_public_style_decks() => Assert.True(Decks.Count >= 15, $"{Decks.Count} decks");

    [Fact]
    public void Mesfet_and_transmission_line_lines_give_one_error_each_with_file_line_column_and_the_supported_letters()
    {
        // Element letters without a model in our engine (Z, T, ...) must stop reading with one error per line, located,
        // never a crash or a silent skip; the Q line (now supported) in between reads.
        string text = """
            inverter and a bipolar stage
            Vdd vdd 0 5
            Q1 c b 0 npn
            Rl vdd c 10k
            Z1 d g s zmod
            T1 a 0 b 0 z0=50 td=1n
            .model npn npn(bf=100)
            .tran 10n 20u
            .end
            """;
        var error = Assert.Throws<NetlistException>(() => Reading.NetlistReader.ReadText(text, "amp.cir"));
        Assert.Equal(2, error.Errors.Count);
        foreach (var (letter, line) in new[] { ('Z', 5), ('T', 6) })
        {
            var e = Assert.Single(error.Errors, d => d.Location.Line == line);
            Assert.Equal("amp.cir", e.Location.File);
            Assert.Equal(1, e.Location.Column);
            Assert.Contains($"element type '{letter}' is not supported", e.Message);
            Assert.Contains("supported:", e.Hint);
        }
    }
}
