using MemristorSpice.Crossbar.Programming;
using MemristorSpice.Devices.Memristors;
using MemristorSpice.Devices.Programming;
using MemristorSpice.Tests.Shared;
using Xunit.Abstractions;

namespace MemristorSpice.Crossbar.Tests.Programming;

/// <summary>Programming an array through its circuit: closed-form bias voltages, the single-device limit, V/2 vs V/3
/// disturbance, and the same pulse sequence replayed in an ngspice transient.</summary>
public sealed class ArrayProgrammingTests(ITestOutputHelper output)
{
    private static IMemristorModel Xbar => new VteamModel(MemristorPresets.VteamCrossbar());
    private const double Span = 1 / 10e3 - 1 / 1e6;

    /// <summary>Targets in [Gmin, Gmax], seeded.</summary>
    private static double[,] Targets(int rows, int columns, int seed)
    {
        var random = new Random(seed);
        var t = new double[rows, columns];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++) t[r, c] = 1e-6 + Span * random.NextDouble();
        return t;
    }

    [Theory]
    [InlineData(BiasScheme.HalfVoltage, -2.0)]
    [InlineData(BiasScheme.HalfVoltage, 1.5)]
    [InlineData(BiasScheme.ThirdVoltage, -2.0)]
    [InlineData(BiasScheme.ThirdVoltage, 1.5)]
    public void IdealLinesGiveTheClosedFormHalfSelectVoltages(BiasScheme scheme, double volts)
    {
        // Without wire resistance every line is at its driver voltage whatever the sneak currents, so the solved cell
        // voltages must equal the closed form to solver precision (1e-9 V: the engine's Newton tolerances are ~1e-6 relative of
        // microvolts, and the circuit is linear).
        var options = new ProgrammingOptions { Scheme = scheme, RowWireOhms = 0, ColumnWireOhms = 0 };
        var array = new ProgrammingArray(Xbar, 4, 4, options, initialState: 0.3);
        var s = array.Solve(array.WriteBias(1, 2, volts));
        for (int r = 0; r < 4; r++)
            for (int c = 0; c < 4; c++)
            {
                double expected = r == 1 && c == 2 ? volts
                    : r == 1 || c == 2 ? BiasVoltages.HalfSelected(scheme, volts) : BiasVoltages.Unselected(scheme, volts);
                Assert.True(Math.Abs(s.CellVolts[r, c] - expected) < 1e-9, $"cell ({r},{c}): {s.CellVolts[r, c]} V, closed form {expected} V");
            }
    }

    [Fact]
    public void IsolatedCellFollowsTheSingleDeviceModel()
    {
        // One cell, no wires: the array solve gives exactly the pulse voltage across the device, so the state after every
        // pulse must equal the single-device path of `memspice device program` (ModelDevice: the same state equation under
        // an ideal source) fed with the same pulses. Tolerance 1e-4 of the conductance window: both integrate the same ODE
        // with the trapezoidal rule (different step counts), whose error on these smooth, constant-voltage pulses is far smaller.
        var options = new ProgrammingOptions { RowWireOhms = 0, ColumnWireOhms = 0 };
        var array = new ProgrammingArray(Xbar, 1, 1, options);
        var result = new ArrayProgrammer(array, options, Span).Program(0, 0, 40e-6);
        Assert.True(result.Converged, $"did not converge in {result.Pulses} pulses");
        Assert.True(result.Pulses > 3, "a target across the window needs several pulses");
        var device = new ModelDevice(Xbar, stepsPerPulse: 200);
        foreach (var step in result.Train.Skip(1))
        {
            device.ApplyPulse(step.DeviceVolts, step.Seconds);
            double g = 1 / Xbar.Resistance(device.State);
            Assert.True(Math.Abs(g - step.DeviceSiemens) < 1e-4 * Span, $"pulse {step.Index}: array {step.DeviceSiemens} S, single device {g} S");
            Assert.Equal(step.DeviceSiemens, step.ReadSiemens, 1e-12); // read = V/R exactly without wires
        }
        Assert.True(Math.Abs(result.VerifiedSiemens - 40e-6) <= options.Tolerance * Span);
        output.WriteLine($"isolated: {result.Pulses} pulses, {result.Seconds * 1e9:F0} ns, {result.Joules * 1e12:F3} pJ");
    }

    [Fact]
    public void ThirdVoltageDisturbsLessThanHalfVoltage()
    {
        // With the ISPP maximum 2.4 V, V/2 puts up to 1.2 V on half-selected cells (above the 1.0 V SET threshold of
        // VTEAM_XBAR), V/3 at most 0.8 V (at the 0.8 V RESET threshold and below the SET one): V/2 must disturb more cells and by more.
        var targets = Targets(4, 4, seed: 3);
        (int Count, double Shift, double Worst) Run(BiasScheme scheme)
        {
            var options = new ProgrammingOptions { Scheme = scheme };
            var array = new ProgrammingArray(Xbar, 4, 4, options);
            var cells = new ArrayProgrammer(array, options, Span).ProgramAll(targets);
            var s = array.Solve(array.WriteBias(0, 0, -options.MaxVolts));
            // With 1 Ohm wires the half-selected voltage is the closed form up to the wire drops: at most 4 cells of at least
            // Ron = 10 kOhm at 2.4 V on a line, through 4 row and 4 column segments: 4 * 2.4 V / 10 kOhm * 8 * 1 Ohm = 7.7 mV.
            double halfSelected = BiasVoltages.HalfSelected(scheme, -options.MaxVolts);
            Assert.True(Math.Abs(s.CellVolts[0, 3] - halfSelected) < 7.7e-3, $"{scheme}: half-selected {s.CellVolts[0, 3]} V, closed form {halfSelected} V");
            return (cells.Sum(c => c.DisturbedNeighbours), cells.Max(c => c.MaxNeighbourShift), cells.Max(c => Math.Abs(c.FinalSiemens - c.TargetSiemens) / Span));
        }
        var half = Run(BiasScheme.HalfVoltage);
        var third = Run(BiasScheme.ThirdVoltage);
        output.WriteLine($"V/2: {half}; V/3: {third}");
        Assert.True(half.Count > third.Count, $"V/2 disturbed {half.Count} neighbours, V/3 {third.Count}");
        Assert.True(half.Shift > third.Shift);
    }

    [Theory]
    [InlineData(CellKind.Passive, BiasScheme.HalfVoltage, 4, 8)]
    [InlineData(CellKind.OneTransistor, BiasScheme.ThirdVoltage, 4, 8)]
    public void SamePulsesInNgspiceGiveTheSameStates(CellKind cell, BiasScheme scheme, int size, int programmedCells)
    {
        // The whole pulse sequence (every write and verify-read bias of every programmed cell) replayed as PWL line drivers
        // in an ngspice transient of the same array with the library memristor subcircuit: every cell's final state must
        // agree. Tolerance 2 % of the conductance window: our quasi-static splitting lets the voltages lag the resistances by
        // at most 1 % per sub-step, ngspice adds 0.1 ns ramps between biases and its own time-step error (observed: 0.013 %
        // for 0T1R, 0.3 % for 1T1R, where the transistor makes the cell voltage depend strongly on the resistance).
        // Half of the cells (rows 0-1) are programmed to keep the test short; all 16 cells are in both circuits and the
        // unprogrammed ones are half-selected or unselected by every pulse.
        var worst = ReplayInNgspice(cell, scheme, size, Targets(size, size, seed: 5), programmedCells);
        Assert.True(worst < 0.02, $"worst final conductance difference {worst:P3} of the window");
    }

    [Theory]
    [InlineData(CellKind.Passive, BiasScheme.ThirdVoltage)]
    [InlineData(CellKind.OneTransistor, BiasScheme.HalfVoltage)]
    public void EightByEightArrayMatchesNgspice(CellKind cell, BiasScheme scheme)
    {
        // An 8x8 array (64 cells in both circuits, 20 Ohm segments) with two opposite corner cells programmed by the
        // reduced solvers (band Cholesky + Woodbury for 0T1R, selected row for 1T1R): the same pulse sequence replayed in
        // ngspice must leave every one of the 64 cells in the same state. Tolerance 2 % of the window, as on 4x4 (ngspice's
        // 0.1 ns ramps and time-step error; our splitting error is bounded by the 2 mV voltage-change control). The two
        // rows cover both schemes and both cells; two programmed cells keep the ngspice runs near 20 s each.
        var targets = new double[8, 8];
        for (int r = 0; r < 8; r++) for (int c = 0; c < 8; c++) targets[r, c] = double.NaN;
        var random = new Random(8);
        foreach (var (r, c) in new[] { (0, 0), (7, 7) }) targets[r, c] = 1e-6 + Span * random.NextDouble();
        var worst = ReplayInNgspice(cell, scheme, 8, targets, int.MaxValue);
        Assert.True(worst < 0.02, $"worst final conductance difference {worst:P3} of the window");
    }

    /// <summary>Programs the array, replays every logged bias in ngspice and returns the largest final |ΔG| of any cell
    /// as a fraction of the window.</summary>
    private double ReplayInNgspice(CellKind cell, BiasScheme scheme, int size, double[,] targets, int programmedCells)
    {
        var exe = Dependencies.RequireNgspice();
        var options = new ProgrammingOptions { Scheme = scheme, Cell = cell, RowWireOhms = 20, ColumnWireOhms = 20 };
        var array = new ProgrammingArray(Xbar, size, size, options) { Log = [] };
        var initial = (double[,])array.States.Clone();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var cells = new ArrayProgrammer(array, options, Span).ProgramAll(targets, programmedCells);
        output.WriteLine($"ours: {clock.Elapsed.TotalSeconds:F2} s, {array.Solves} solves");
        var folder = Directory.CreateTempSubdirectory("memspice-program-");
        try
        {
            var lib = Path.Combine(Dependencies.RepoRoot, "netlists", "lib", "devices.lib");
            var deck = ProgrammingDeck.Write(array, initial, options, array.Log, "MEM_VTEAM_XBAR", lib, edgeSeconds: 0.1e-9, maxStepSeconds: 10e-9);
            File.WriteAllText(Path.Combine(folder.FullName, "program.cir"), deck);
            clock.Restart();
            var measured = NgspiceBatch.RunMeasures(exe, folder.FullName, "program.cir");
            double worst = 0;
            for (int r = 0; r < size; r++)
                for (int c = 0; c < size; c++)
                {
                    double ours = 1 / Xbar.Resistance(array.States[r, c]), theirs = 1 / Xbar.Resistance(measured[$"x{r}_{c}"]);
                    worst = Math.Max(worst, Math.Abs(ours - theirs) / Span);
                }
            output.WriteLine($"{cell} {scheme} {size}x{size}: {array.Log.Count} biases, {cells.Sum(c => c.Pulses)} pulses, ngspice {clock.Elapsed.TotalSeconds:F1} s, " +
                             $"worst |dG| {worst:P3} of the window");
            return worst;
        }
        finally { folder.Delete(true); }
    }
}
