using System.Diagnostics;
using MemristorSpice.Crossbar.Programming;
using MemristorSpice.Devices.Memristors;

namespace MemristorSpice.Benchmarks.Compare;

/// <summary>One timed programming run: cells written, wall and solve time, solves, and the array afterwards.</summary>
public sealed record ProgrammingRun(string Label, int Cells, double Seconds, double SolveSeconds, long Solves, double[,] States, long Factorizations = 0, long BandSolves = 0, double CpuSeconds = 0)
{
    /// <summary>Cells programmed per wall-clock second.</summary>
    public double CellsPerSecond => Cells / Seconds;
}

/// <summary>
/// `memspice program` speed on a pw1-sized tile (33 rows × 128 columns, VTEAM_XBAR, 1 Ω wires, seeded targets in
/// [Gmin, Gmax]): write-verify ISPP with the reduced solvers against the same run with the circuit engine solving every
/// bias (the full quasi-static path), on the first cells of the tile. The agreement check compares every cell's
/// conductance after the engine's cells with the reduced run's state after the same cells.
/// </summary>
public sealed class ProgrammingSection(ComparisonOptions options, TextWriter log)
{
    public const string Title = "Array programming (write-verify ISPP through the tile circuit)";

    /// <summary>Programs the first <paramref name="cells"/> cells of a rows × columns tile; <paramref name="checkpoint"/> cells in,
    /// the states are copied (to compare with a shorter run).</summary>
    public static (ProgrammingRun Run, double[,]? AtCheckpoint) Measure(string label, ProgrammingOptions o, int rows, int columns, int cells, int checkpoint = 0)
    {
        var model = new VteamModel(MemristorPresets.VteamCrossbar());
        double span = 1 / model.MinResistanceOhms - 1 / model.MaxResistanceOhms;
        var random = new Random(1);
        var targets = new double[rows, columns];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++) targets[r, c] = 1 / model.MaxResistanceOhms + span * random.NextDouble();
        var array = new ProgrammingArray(model, rows, columns, o);
        double[,]? copy = null;
        var sw = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        new ArrayProgrammer(array, o, span).ProgramAll(targets, cells, done => { if (done == checkpoint) copy = (double[,])array.States.Clone(); });
        double seconds = sw.Elapsed.TotalSeconds, cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        return (new ProgrammingRun(label, cells, seconds, array.SolveSeconds, array.Solves, (double[,])array.States.Clone(), array.Factorizations, array.BandSolves, cpuSeconds), copy);
    }

    public SectionResult Run()
    {
        int rows = options.IsQuick ? 8 : 33, columns = options.IsQuick ? 16 : 128;
        int fastCells = options.IsQuick ? 32 : 1024;
        var table = new ResultTable(Title,
            $"One {rows} × {columns} tile (the size of msccnn's pw1 tile), VTEAM_XBAR cells from Roff, 1 Ω wire segments, default ISPP " +
            "(1.1 V + 0.2 V steps to 2.4 V, 1 µs, 1 % verify window), seeded targets, cells written row-major. Reduced: 0T1R by one " +
            "band Cholesky factorization reused through Sherman-Morrison-Woodbury updates, 1T1R reduced to the selected row; engine: " +
            "the general circuit engine's operating point of the whole tile for every bias (the full quasi-static path). Both use the " +
            "same quasi-static controller and state integration, so the pulses and states agree (agreement row). The engine path " +
            "programs only the first cells (it takes seconds per cell on this tile); cells/s is wall time on this machine.",
            "cell, scheme", "solver", "cells", "wall (s)", "cells/s", "solves", "in solves (%)", "speed-up");
        var agreements = new List<AgreementCheck>();
        var targets = new List<TargetCheck>();
        var model = new VteamModel(MemristorPresets.VteamCrossbar());
        double span = 1 / model.MinResistanceOhms - 1 / model.MaxResistanceOhms;
        foreach (var (cell, scheme, name) in new[] { (CellKind.Passive, BiasScheme.ThirdVoltage, "0T1R, V/3"), (CellKind.OneTransistor, BiasScheme.ThirdVoltage, "1T1R, V/3") })
        {
            var o = new ProgrammingOptions { Cell = cell, Scheme = scheme };
            // The engine solves the whole tile netlist per bias (1T1R: 4,224 transistors by Newton), so it programs few cells.
            int engineCells = options.IsQuick ? 1 : cell == CellKind.Passive ? 4 : 1;
            var (fast, atCheckpoint) = Measure("reduced", o, rows, columns, fastCells, engineCells);
            var (engine, _) = Measure("engine", o with { Solver = ArraySolver.Engine }, rows, columns, engineCells);
            double speedUp = fast.CellsPerSecond / engine.CellsPerSecond;
            foreach (var run in new[] { engine, fast })
                table.Add(name, run.Label, $"{run.Cells}", Format.Seconds(run.Seconds), Format.Fixed(run.CellsPerSecond, run.CellsPerSecond < 10 ? 3 : 1),
                    $"{run.Solves}", Format.Fixed(100 * run.SolveSeconds / run.Seconds, 0), ReferenceEquals(run, fast) ? Format.Fixed(speedUp, 0) + "x" : "1");
            log.WriteLine($"PROGRAMMING {name}: reduced {fast.CellsPerSecond:F1} cells/s, engine {engine.CellsPerSecond:F4} cells/s, {speedUp:F0}x");
            double worst = 0;
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < columns; c++)
                    worst = Math.Max(worst, Math.Abs(1 / model.Resistance(atCheckpoint![r, c]) - 1 / model.Resistance(engine.States[r, c])) / span);
            // Tolerance 1e-4 of Gmax − Gmin: the solvers agree to rounding (0T1R) or the engine's Newton tolerance (1T1R).
            agreements.Add(new AgreementCheck($"programming {name}, {engineCells} cells: reduced vs engine, every cell's conductance (fraction of Gmax − Gmin)", worst, 1e-4, "× ΔG"));
            if (!options.IsQuick)
                targets.Add(new($"programming {name}: reduced solver at least 100x the engine path", speedUp >= 100,
                    $"{fast.CellsPerSecond:F1} vs {engine.CellsPerSecond:F4} cells/s: {speedUp:F0}x"));
        }
        return new SectionResult([table], [], targets, agreements);
    }
}
