using MemristorSpice.Netlist.Reading;
using MemristorSpice.Netlist.Simulation;
using MemristorSpice.Netlist.Writing;
using MemristorSpice.Tests.Shared;

namespace MemristorSpice.Netlist.Tests;

/// <summary>
/// The engine's reference decks (netlists/reference/*.cir) read by our reader, simulated by our engine and by
/// ngspice from the same file, and compared with <see cref="ComparisonTolerance.Default"/>: 1e-4 relative
/// (+1 µV / 1 nA) at DC points, 1 % of the waveform's peak-to-peak for transients, the levels the engine
/// is validated to.
/// </summary>
public class ReferenceDeckTests
{
    private static string Folder => Path.Combine(Dependencies.RepoRoot, "netlists", "reference");

    public static TheoryData<string> Decks()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Folder, "*.cir").Order(StringComparer.Ordinal)) data.Add(Path.GetFileName(file));
        return data;
    }

    [Fact]
    public void There_are_reference_decks() => Assert.True(Decks().Count >= 20);

    [Theory]
    [MemberData(nameof(Decks))]
    public void Deck_reads_and_round_trips_through_the_writer(string deck)
    {
        var read = NetlistReader.ReadFile(Path.Combine(Folder, deck));
        Assert.Empty(read.Warnings);
        Assert.NotEmpty(read.Circuit.Analyses);
        var back = NetlistReader.ReadText(NetlistWriter.Write(read.Circuit), deck).Circuit;
        Assert.Empty(read.Circuit.DifferencesFrom(back));
    }

    [Theory]
    [MemberData(nameof(Decks))]
    public void Written_deck_runs_in_ngspice_like_the_original(string deck)
    {
        Dependencies.RequireNgspice();
        var path = Path.Combine(Folder, deck);
        var runner = new SimulationRunner();
        var original = runner.RunFile(path, Backend.Ngspice);
        var rewritten = runner.Run(NetlistReader.ReadFile(path).Circuit, Backend.Ngspice);
        // Same simulator, same circuit, numbers written exactly: only the raw file's printed digits
        // (about 7 significant) may differ, so 1e-6 relative is the bar.
        var report = BackendComparison.Compare(rewritten, original, ComparisonTolerance.Uniform(1e-6));
        var failing = report.Signals.Where(s => !s.Pass).Select(s => $"{s.Analysis} {s.Signal}: max {s.MaxDifference:G3} > tol {s.Tolerance:G3}");
        Assert.True(report.Pass, deck + ": " + string.Join("; ", report.Problems.Concat(failing)));
    }

    [Theory]
    [MemberData(nameof(Decks))]
    public void Native_engine_matches_ngspice_on_the_same_file(string deck)
    {
        Dependencies.RequireNgspice();
        var path = Path.Combine(Folder, deck);
        var runner = new SimulationRunner();
        var ours = runner.RunFile(path, Backend.Native);
        var reference = runner.RunFile(path, Backend.Ngspice);
        var report = BackendComparison.Compare(ours, reference);
        var failing = report.Signals.Where(s => !s.Pass).Select(s => $"{s.Analysis} {s.Signal}: max {s.MaxDifference:G3} > tol {s.Tolerance:G3}");
        Assert.True(report.Pass, deck + ": " + string.Join("; ", report.Problems.Concat(failing)));
    }
}
