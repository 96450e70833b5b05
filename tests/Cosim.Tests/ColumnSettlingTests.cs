using Xunit.Abstractions;
using MemristorSpice.Cosim.Backends;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Ppa;
using MemristorSpice.Crossbar.Generation;
using MemristorSpice.Crossbar.Layout;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Engine.Analyses;

namespace MemristorSpice.Cosim.Tests;

/// <summary>The measured read settling (<see cref="ColumnSettling"/>) against closed forms, and the report's read time from it.</summary>
public class ColumnSettlingTests(ITestOutputHelper output)
{
    [Fact]
    public void Measured_settling_of_a_single_pole_tia_column_matches_the_closed_form()
    {
        // One output, 64 rows (the last is the bias row) all at weight +1: the positive column holds 64 cells at Gmax,
        // the negative one 64 at Gmin; ideal wires, A0 1e5, GBW 10 MHz. The positive TIA is a first-order loop with
        // τ = τa/(1 + A0·β), τa = A0/(2π·GBW), β = 1/(1 + Rf·ΣG) (TranBackendTests checks its waveform against that
        // exponential). Stepping every row from 0 V to Vread, its error decays as FS·e^(−t/τ), so it is within 0.5 LSB of
        // an 8-bit ADC whose LSB is FS/2^8 after t = τ·ln(FS/(0.5 LSB)) = τ·ln(2^9).
        // The measured time differs by: the difference stage in series (τd = 2/(2π·GBW)·(1 + 2/A0), which delays the
        // tail by at most τd), the negative column (its TIA settles with τ− < 2·τd and carries 1 % of FS, which moves the
        // threshold crossing by ln(1.01)·τ ≈ 0.01·τ) and the grid (the DAC ramp over the first step h and the first
        // sample after the crossing: at most 2·h). Tolerance: τd + 0.02·τ + 2·h, about 1 % of t.
        const int rows = 64;
        double a0 = 1e5, gbw = 1e7;
        var settings = new NonIdealities { OpAmpGain = a0, OpAmpGbwHz = gbw };
        var matrix = new CrossbarMatrix(rows, 1, Enumerable.Repeat(1f, rows).ToArray(), null);
        var layout = new CrossbarGenerator(CrossbarOptionsFactory.For(settings, 1.0)).Generate(matrix, CrossbarContext.ForMatrix("settle")).Tiles[0];
        Assert.Equal(rows, layout.Rows.Count);
        double gs = CircuitInventory.LargestColumnConductance(layout);
        double rf = layout.FeedbackOhms, beta = 1 / (1 + rf * gs), tau = a0 / (2 * Math.PI * gbw) / (1 + a0 * beta);
        double tauD = 2 / (2 * Math.PI * gbw) * (1 + 2 / a0);
        double h = tau / 100;
        var model = new TranTileModel(layout, settings, new TranOptions { ReadTimeSeconds = 40 * h, StepsPerSlot = 40 }, 1.0);
        var errors = model.StepResponseErrors(1500, threads: 2)!;

        var step = Enumerable.Repeat(settings.VreadVolts, rows).ToArray();
        var solver = new LinearCircuitSolver(CrossbarCircuitBuilder.Build(layout, CellElementKind.ReadResistor), layout.RowSourceNames);
        var x = new double[solver.SolutionLength];
        solver.Solve(step, x, new double[solver.SolutionLength]);
        double fullScale = Math.Abs(x[solver.SignalIndex(layout.OutputSignals[0])]);
        var scan = new ColumnSettling.Scan(errors, rows, 1, 0.5 * fullScale / 256);
        scan.Add(step);
        double measured = (scan.LastAbove + 2) * h;
        double closedForm = tau * Math.Log(fullScale / (0.5 * fullScale / 256));
        double tolerance = tauD + 0.02 * tau + 2 * h;
        output.WriteLine($"measured {measured * 1e9:F1} ns, closed form {closedForm * 1e9:F1} ns, τ {tau * 1e9:F1} ns, tolerance {tolerance * 1e9:F1} ns");
        Assert.True(Math.Abs(measured - closedForm) <= tolerance,
            $"measured {measured * 1e9:F1} ns, closed form {closedForm * 1e9:F1} ns (τ {tau * 1e9:F1} ns), tolerance {tolerance * 1e9:F1} ns");
        // The step response itself: half way through it must still be far from settled, so the scan had something to find.
        Assert.True(scan.LastAbove > 300, $"last sample above 0.5 LSB: {scan.LastAbove}");
    }

    [Fact]
    public void Scan_finds_the_last_sample_above_the_threshold_over_all_transitions()
    {
        // Two rows, one output, a synthetic error sequence S[k] = (2^−k, −(−0.5)^k·3): the error of a transition ΔV is
        // 2^−k·ΔV0 − 3·(−0.5)^k·ΔV1 (alternating, so the bound pruning must not skip a later sign flip). Brute force over
        // every sample gives the truth.
        const int steps = 40;
        var errors = Enumerable.Range(0, steps).Select(k => new[] { Math.Pow(2, -k), -3 * Math.Pow(-0.5, k) }).ToArray();
        double[][] transitions = [[0.1, 0], [0, 0.01], [1, -0.3], [0.02, 0.02], [-1, 1]];
        const double threshold = 1e-3;
        var scan = new ColumnSettling.Scan(errors, 2, 1, threshold);
        int truth = -1;
        foreach (var d in transitions)
        {
            scan.Add(d);
            for (int k = 0; k < steps; k++)
                if (Math.Abs(errors[k][0] * d[0] + errors[k][1] * d[1]) > threshold) truth = Math.Max(truth, k);
            Assert.Equal(truth, scan.LastAbove);
        }
        Assert.True(truth > 5);
    }

    [Fact]
    public void Report_read_times_are_the_measured_settling_and_scale_inversely_with_gbw()
    {
        // With ideal wires the only dynamic elements are the op-amp poles, every time constant is ∝ 1/GBW, and the
        // measurement's step is 1/50 of the closed-form estimate, also ∝ 1/GBW: the discrete step responses are then
        // identical and every layer's settling time halves exactly when GBW doubles (to rounding, 1e-9 relative). The
        // technology's read.timeSeconds (set to 7 µs) must not be used.
        var settings = new NonIdealities { OpAmpGain = 1e5, CalibrationImages = 4, ColumnCalibrationImages = 0 };
        var model = TestModels.Msccnn(seed: 5);
        var calibration = TestModels.MnistTrainHead(4);
        var test = TestModels.Mnist(0, 1);
        var tech = TechnologyFile.Default() with { ReadSeconds = 7e-6 };
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var slow = PpaRun.Run("m", model, "w", settings, tech with { OpAmpGbwHz = 1e7 }, calibration, test, 1, 2);
        output.WriteLine($"one report run: {watch.Elapsed.TotalSeconds:F1} s; settling (µs): " + string.Join(", ", slow.Settling.Select(l => $"{l.Layer} {l.Seconds * 1e6:F3}")));
        var fast = PpaRun.Run("m", model, "w", settings, tech with { OpAmpGbwHz = 2e7 }, calibration, test, 1, 2);
        Assert.Equal(PpaRun.MeasuredSettling, slow.Ppa.ReadTimeSource);
        foreach (var (s, f) in slow.Settling.Zip(fast.Settling))
        {
            Assert.True(s.Seconds > 0, $"{s.Layer}: no settling measured");
            Assert.True(Math.Abs(s.Seconds / f.Seconds - 2) < 1e-9, $"{s.Layer}: {s.Seconds:R} s at 10 MHz vs {f.Seconds:R} s at 20 MHz");
            // The read time is the settling rounded up to the 10 ns grid (the design point's default policy).
            var layer = slow.Ppa.Layers.Single(l => l.Layer == s.Layer);
            Assert.Equal(SettlingReadTime.RoundUp(s.Seconds), layer.ReadSeconds);
            Assert.Equal(layer.ReadsPerImage * layer.ReadSeconds, layer.LatencySeconds, 12);
        }
        // Latency halves too, up to the rounding: each layer's read time is at most one 10 ns grid step above its settling.
        double slack = slow.Ppa.Layers.Sum(l => l.ReadsPerImage * SettlingReadTime.GridSeconds);
        Assert.True(Math.Abs(slow.Ppa.LatencySeconds - 2 * fast.Ppa.LatencySeconds) <= 2 * slack,
            $"latency {slow.Ppa.LatencySeconds:R} s at 10 MHz vs {fast.Ppa.LatencySeconds:R} s at 20 MHz, slack {slack:R} s");
        Assert.DoesNotContain(slow.Ppa.Layers, l => l.ReadSeconds == tech.ReadSeconds);
    }
}
