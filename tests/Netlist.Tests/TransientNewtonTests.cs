using MemristorSpice.Netlist.Ngspice;
using MemristorSpice.Netlist.Simulation;
using MemristorSpice.Tests.Shared;

namespace MemristorSpice.Netlist.Tests;

/// <summary>
/// A BJT stage switching hard: the retry of a time point whose Newton failed (step cut by 8, as ngspice) needs more than
/// ITL4 = 10 limited iterations. With ITL4 at every retry the step was cut again and again and the fuzz pedal deck of the
/// public corpus stopped with "timestep too small" at 0.225 s of 5 s; each retry now gets ITL1 iterations.
/// </summary>
public class TransientNewtonTests
{
    [Fact]
    public void Bjt_fuzz_pedal_runs_to_its_stop_time_and_matches_ngspice()
    {
        string ngspice = Dependencies.RequireNgspice();
        string deck = Path.Combine(Dependencies.RepoRoot, "tests", "Netlist.Tests", "PublicDecks", "ngspice-examples", "wave_jimi_fuzz.cir");
        // About 250,000 time points in both engines (5 s at a 20.8 µs maximum step), so the engine's default point limit.
        var runner = new SimulationRunner { Ngspice = new NgspiceRunner(ngspice, TimeSpan.FromSeconds(120)) };
        var ours = runner.RunFile(deck, Backend.Native);
        var reference = runner.RunFile(deck, Backend.Ngspice, ours);
        // Compare's defaults (1 % of each waveform's peak-to-peak, edges of the reference skipped; 1e-3 relative at the
        // operating point, the deck's reltol): the corpus test's criterion for "agree".
        var report = BackendComparison.Compare(ours, reference, ComparisonTolerance.ForDeck(ours.Options.RelTol));
        var failing = report.Signals.Where(s => !s.Pass).Select(s => $"{s.Analysis} {s.Signal}: max {s.MaxDifference:G3} > tol {s.Tolerance:G3}");
        Assert.True(report.Pass, string.Join("; ", report.Problems.Concat(failing)));
        Assert.Contains(report.Signals, s => s.Analysis.Contains(".tran", StringComparison.Ordinal));
    }
}
