using MemristorSpice.Engine.Analyses;
using MemristorSpice.Engine.Results;
using MemristorSpice.Netlist.Ngspice;

namespace MemristorSpice.Engine.Tests.Reference;

/// <summary>
/// Each reference deck is simulated by ngspice (from the .cir file) and by our engine (from the C# builder).
/// Tolerances (the engine's accuracy requirement): DC values within max(1 µV, 1e-4·|ref|) for voltages and max(1 nA, 1e-4·|ref|)
/// for currents (1 µV over the ≥1 kΩ impedances used here is ~1 nA); transient waveforms, ours interpolated
/// at ngspice's time points, within 1 % of the ngspice waveform's peak-to-peak.
/// </summary>
public sealed class ReferenceComparisonTests
{
    public static TheoryData<string> Decks()
    {
        var d = new TheoryData<string>();
        foreach (var c in ReferenceCircuits.All) d.Add(c.Deck);
        return d;
    }

    [Fact]
    public void There_are_at_least_20_reference_decks_and_each_has_a_file()
    {
        Assert.True(ReferenceCircuits.All.Length >= 20);
        foreach (var c in ReferenceCircuits.All) Assert.True(File.Exists(NgspiceReferenceRuns.DeckPath(c.Deck)), c.Deck);
    }

    [Theory]
    [MemberData(nameof(Decks))]
    public void Engine_matches_ngspice(string deck)
    {
        var rc = ReferenceCircuits.All.Single(c => c.Deck == deck);
        var ng = NgspiceReferenceRuns.Get(deck);
        var circuit = rc.Build();
        switch (rc.Analysis)
        {
            case OpSpec:
                CompareDc(new OperatingPoint(circuit).Run().ToTable(), ng.OperatingPoint.Table, deck);
                break;
            case DcSpec dc:
                CompareDc(dc.RunTable(circuit), ng.DcSweep.Table, deck);
                break;
            case TranSpec tran:
                CompareTransient(tran.RunTable(circuit), ng.Transient.Table, deck, rc.JumpSignals ?? []);
                break;
        }
    }

    internal static void CompareDc(WaveformTable ours, WaveformTable reference, string deck)
    {
        Assert.Equal(reference.Count, ours.Count);
        int compared = 0;
        foreach (var name in reference.Names)
        {
            if (!ours.Contains(name)) continue;
            double abs = name.StartsWith("i(", StringComparison.Ordinal) ? 1e-9 : 1e-6;
            var r = reference[name]; var o = ours[name];
            for (int k = 0; k < r.Length; k++)
            {
                double tol = Math.Max(abs, 1e-4 * Math.Abs(r[k]));
                Assert.True(Math.Abs(o[k] - r[k]) <= tol, $"{deck}: {name}[{k}] ours {o[k]:G10} ngspice {r[k]:G10} (tol {tol:G3})");
            }
            compared++;
        }
        Assert.True(compared >= Math.Min(2, reference.Names.Count - 1), $"{deck}: only {compared} common signals");
    }

    internal static void CompareTransient(WaveformTable ours, WaveformTable reference, string deck, string[] jumpSignals)
    {
        Assert.Equal(reference.Axis[^1], ours.Axis[^1], 9);
        int compared = 0;
        foreach (var name in reference.Names)
        {
            if (name == "time" || !ours.Contains(name)) continue;
            var r = reference[name];
            double pkpk = r.Max() - r.Min();
            if (pkpk < 1e-12) pkpk = Math.Max(1e-12, Math.Abs(r[0]));
            double worst = 0, at = 0;
            // Jump instants (> 10 % of p-p between samples) may differ by up to 0.5 % of the simulated time.
            var jumpTimes = new List<double>();
            if (jumpSignals.Contains(name))
                for (int k = 1; k < r.Length; k++)
                    if (Math.Abs(r[k] - r[k - 1]) > 0.1 * pkpk) jumpTimes.Add(reference.Axis[k]);
            double window = 0.005 * reference.Axis[^1];
            for (int k = 0; k < r.Length; k++)
            {
                double tk = reference.Axis[k];
                if (jumpTimes.Any(tj => Math.Abs(tk - tj) <= window)) continue;
                double e = Math.Abs(ours.Interpolate(name, reference.Axis[k]) - r[k]);
                if (e > worst) { worst = e; at = reference.Axis[k]; }
            }
            Assert.True(worst <= 0.01 * pkpk, $"{deck}: {name} differs by {worst:G4} ({100 * worst / pkpk:F2} % of p-p {pkpk:G4}) at t = {at:G6} s");
            compared++;
        }
        Assert.True(compared >= 2, $"{deck}: only {compared} common signals");
    }
}
