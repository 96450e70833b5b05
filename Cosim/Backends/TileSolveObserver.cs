using MemristorSpice.Crossbar.Generation;
using MemristorSpice.Crossbar.Layout;
using MemristorSpice.Crossbar.Manifest;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Engine.Analyses;

namespace MemristorSpice.Cosim.Backends;

/// <summary>Sees the superposition solves of <see cref="CircuitDcBackend.Program"/> for each tile.</summary>
public interface ITileSolveObserver
{
    /// <summary>Called once per tile before its solves; returns the recorder for this tile (or null to skip it).</summary>
    ITileSolveRecorder? Begin(CrossbarTile tile, CrossbarTileLayout layout, LinearCircuitSolver solver);
}

/// <summary>Receives the full solution vector of each solve of one tile: row −1 = all rows at 0 V, row r = row r at 1 V.</summary>
public interface ITileSolveRecorder
{
    /// <summary>One solve is done.</summary>
    /// <param name="excitedRow">Row at 1 V, or −1 for the all-zero solve.</param>
    /// <param name="solution">Full solution vector of the circuit (node voltages, then branch currents).</param>
    void Solved(int excitedRow, ReadOnlySpan<double> solution);
    /// <summary>All solves of the tile are done.</summary>
    void Completed();
}
