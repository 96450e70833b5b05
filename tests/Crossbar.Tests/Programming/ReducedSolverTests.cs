using MemristorSpice.Crossbar.Programming;
using MemristorSpice.Devices.Memristors;
using Xunit.Abstractions;

namespace MemristorSpice.Crossbar.Tests.Programming;

/// <summary>The reduced array solvers (0T1R: band Cholesky with low-rank updates; 1T1R: the selected row) against the
/// circuit engine's operating point of the whole netlist, and whole programming runs with both.</summary>
public sealed class ReducedSolverTests(ITestOutputHelper output)
{
    private static IMemristorModel Xbar => new VteamModel(MemristorPresets.VteamCrossbar());
    private const double Span = 1 / 10e3 - 1 / 1e6;

    private static ProgrammingOptions Options(CellKind cell, BiasScheme scheme, ArraySolver solver) =>
        new() { Cell = cell, Scheme = scheme, Solver = solver, RowWireOhms = 20, ColumnWireOhms = 15 };

    [Theory]
    [InlineData(CellKind.Passive, BiasScheme.HalfVoltage)]
    [InlineData(CellKind.Passive, BiasScheme.ThirdVoltage)]
    [InlineData(CellKind.OneTransistor, BiasScheme.HalfVoltage)]
    [InlineData(CellKind.OneTransistor, BiasScheme.ThirdVoltage)]
    public void ReducedSolveEqualsTheEngineOperatingPoint(CellKind cell, BiasScheme scheme)
    {
        // Same circuit, two solvers: every cell voltage, the selected column current and the driver power must agree.
        // States change between solves (random cells moved, more than the low-rank limit of 24 in total) so the solves go
        // through the Woodbury update and through refactorizations. Tolerances: 0T1R is linear and both solve it exactly
        // (LU vs band Cholesky + Woodbury), so 1e-9 V (rounding of 2.4 V through ~1e3 operations is ~1e-13 V); 1T1R: the
        // engine stops Newton at its vntol 1e-6 V + reltol 1e-3 relative voltage change criteria (SPICE defaults), the
        // reduced solver at 1e-12 V, and the engine's bulk-junction gmin leakage (~1e-12 A) is left out: 1e-6 V and 1e-9 A;
        // in the other rows (transistors off) the engine's gmin = 1e-12 S from the floating drain to the bulk puts
        // V_column·R·gmin ≤ 2.4 V · 1 MOhm · 1e-12 S = 2.4e-6 V on the memristor, which the reduced solver takes as 0: 3e-6 V there.
        var options = Options(cell, scheme, ArraySolver.Reduced);
        var array = new ProgrammingArray(Xbar, 5, 7, options);
        var random = new Random(11);
        for (int r = 0; r < 5; r++) for (int c = 0; c < 7; c++) array.States[r, c] = random.NextDouble();
        double voltTolerance = cell == CellKind.Passive ? 1e-9 : 1e-6, ampTolerance = cell == CellKind.Passive ? 1e-13 : 1e-9;
        double worst = 0;
        for (int k = 0; k < 40; k++)
        {
            int row = random.Next(5), column = random.Next(7);
            var bias = (k % 3) switch
            {
                0 => array.ReadBias(row, column),
                1 => array.WriteBias(row, column, -(1.1 + 1.3 * random.NextDouble())),
                _ => array.WriteBias(row, column, 1.1 + 1.3 * random.NextDouble()),
            };
            var fast = array.Solve(bias);
            var engine = array.SolveWithEngine(bias);
            for (int r = 0; r < 5; r++)
                for (int c = 0; c < 7; c++)
                {
                    double d = Math.Abs(fast.CellVolts[r, c] - engine.CellVolts[r, c]);
                    bool offRow = cell == CellKind.OneTransistor && r != row;
                    if (!offRow) worst = Math.Max(worst, d);
                    Assert.True(d < (offRow ? 3e-6 : voltTolerance), $"solve {k}, cell ({r},{c}): reduced {fast.CellVolts[r, c]} V, engine {engine.CellVolts[r, c]} V");
                }
            Assert.True(Math.Abs(fast.SelectedColumnAmperes - engine.SelectedColumnAmperes) < ampTolerance,
                $"solve {k}: column current reduced {fast.SelectedColumnAmperes} A, engine {engine.SelectedColumnAmperes} A");
            Assert.True(Math.Abs(fast.SourceWatts - engine.SourceWatts) < ampTolerance * 2.4 * 12,
                $"solve {k}: driver power reduced {fast.SourceWatts} W, engine {engine.SourceWatts} W");
            // Move a few cells (a programmed cell, and drift elsewhere) before the next solve.
            for (int m = 0; m < 3; m++) array.States[random.Next(5), random.Next(7)] = random.NextDouble();
        }
        output.WriteLine($"{cell} {scheme}: worst cell-voltage difference {worst:E2} V, {array.Factorizations} factorizations");
    }

    [Theory]
    [InlineData(CellKind.Passive, BiasScheme.HalfVoltage)]
    [InlineData(CellKind.OneTransistor, BiasScheme.ThirdVoltage)]
    public void ReducedProgrammingEqualsEngineProgramming(CellKind cell, BiasScheme scheme)
    {
        // The same write-verify run (same quasi-static controller, same state integration) with the reduced solver and with
        // the engine solving every bias: pulses must be identical and the final states of all cells must agree to 1e-4 of
        // the conductance window (the solvers differ by rounding for 0T1R and by the engine's Newton tolerance, ≤ 1e-6 V, for
        // 1T1R; through VTEAM's rate, ∝ |v|/|v_th| − 1 ≥ 0.1 during writes, 1e-6 V is a relative state-change error below 1e-5).
        var targets = new double[4, 5];
        var random = new Random(7);
        for (int r = 0; r < 4; r++) for (int c = 0; c < 5; c++) targets[r, c] = 1e-6 + Span * random.NextDouble();
        (ProgrammingArray Array, IReadOnlyList<CellProgramming> Cells, double Seconds) Run(ArraySolver solver)
        {
            var options = Options(cell, scheme, solver);
            var array = new ProgrammingArray(Xbar, 4, 5, options);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var cells = new ArrayProgrammer(array, options, Span).ProgramAll(targets, 8);
            return (array, cells, clock.Elapsed.TotalSeconds);
        }
        var fast = Run(ArraySolver.Reduced);
        var engine = Run(ArraySolver.Engine);
        output.WriteLine($"{cell} {scheme}: reduced {fast.Seconds:F2} s ({fast.Array.Solves} solves), engine {engine.Seconds:F2} s ({engine.Array.Solves} solves)");
        Assert.Equal(engine.Cells.Select(c => c.Pulses), fast.Cells.Select(c => c.Pulses));
        double worst = 0;
        for (int r = 0; r < 4; r++)
            for (int c = 0; c < 5; c++)
                worst = Math.Max(worst, Math.Abs(fast.Array.Conductance(r, c) - engine.Array.Conductance(r, c)) / Span);
        output.WriteLine($"worst final |dG| {worst:E2} of the window");
        Assert.True(worst < 1e-4, $"final conductances differ by {worst:P4} of the window");
    }
}
