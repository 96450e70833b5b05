using MemristorSpice.Netlist.Simulation;
using MemristorSpice.Tests.Shared;
using static MemristorSpice.Netlist.Tests.TestNetlists;

namespace MemristorSpice.Netlist.Tests;

/// <summary>
/// .ic without uic on a node that an inductor (a branch current) shares with resistors and capacitors. ngspice replaces
/// the node's equation in the operating point before the transient by g·v = g·ic plus the branch currents entering the
/// node: the inductor that holds the node at ic carries no current at t = 0, and the current the rest of the circuit
/// drives into the node goes nowhere. A plain g = 1e10 S forcing conductance instead keeps the node's current balance
/// and starts the inductor at the full DC current (5 V / 100 Ω here), a different transient altogether.
/// </summary>
public class TransientInitialConditionTests
{
    // A 100 Ω source into a 10 mH || 1 µF tank held at 0 V by .ic; f0 = 1/(2π·sqrt(LC)) ≈ 1.6 kHz, 2 ms = 3 periods.
    private const string Tank =
        "ic tank\nV1 in 0 DC 5\nR1 in a 100\nL1 a 0 10m\nC1 a 0 1u\nRp a 0 10k\n.ic v(a)=0\n.tran 1u 2m\n.end\n";

    [Fact]
    public void Inductor_at_an_ic_node_starts_without_current_and_the_transient_matches_ngspice()
    {
        Dependencies.RequireNgspice();
        var circuit = Read(Tank, "ic_tank.cir");
        var runner = new SimulationRunner();
        var ours = runner.Run(circuit, Backend.Native);
        var reference = runner.Run(circuit, Backend.Ngspice);
        var table = ours.Analyses[0].Table;
        // Closed form at t = 0 (ngspice's rule above): v(a) = ic = 0 V and i(L1) = g·(ic − v) = 0 A, to the 1e-10 of
        // the forcing; the source current is 5 V / 100 Ω, which the dropped node balance lets flow without a return.
        Assert.Equal(0, table["i(l1)"][0], 1e-9);
        Assert.Equal(0, table["v(a)"][0], 1e-9);
        Assert.Equal(-0.05, table["i(v1)"][0], 1e-9);
        // The waveforms against ngspice with compare's defaults (1 % of each waveform's peak-to-peak): both integrate the
        // same RLC from rest with the trapezoidal rule.
        var report = BackendComparison.Compare(ours, reference);
        var failing = report.Signals.Where(s => !s.Pass).Select(s => $"{s.Signal}: max {s.MaxDifference:G3} > tol {s.Tolerance:G3}");
        Assert.True(report.Pass, string.Join("; ", report.Problems.Concat(failing)));
        Assert.Contains(report.Signals, s => s.Signal == "i(l1)");
    }
}
