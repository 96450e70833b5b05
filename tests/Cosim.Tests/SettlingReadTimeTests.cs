using Xunit.Abstractions;
using MemristorSpice.Cosim.Backends;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Controller;
using MemristorSpice.Cosim.Driver;
using MemristorSpice.Cosim.Ppa;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Network.Data;
using MemristorSpice.Network.Layers;
using MemristorSpice.Network.Models;

namespace MemristorSpice.Cosim.Tests;

/// <summary>
/// The design point's "settling" read time (<see cref="SettlingReadTime"/>): each layer's read slot from its measured
/// settling, against the single-pole closed form, and a tran run at those slots against the settled DC reads.
/// </summary>
public class SettlingReadTimeTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1.8e-6, 1.8e-6)]      // already on the grid: the division's rounding noise must not add a step
    [InlineData(1.8001e-6, 1.81e-6)]  // just above: the next grid point
    [InlineData(3.845e-7, 3.9e-7)]
    [InlineData(0, 1e-8)]             // nothing dynamic: still one grid step
    [InlineData(1e-12, 1e-8)]
    public void Measured_settling_rounds_up_to_the_10_ns_grid(double seconds, double expected) =>
        // Exact to the last bit of the decimal grid value (k / 1e8 is the double nearest to k·10 ns).
        Assert.Equal(expected, SettlingReadTime.RoundUp(seconds));

    [Fact]
    public void The_design_default_takes_the_read_time_from_settling_and_a_number_fixes_it()
    {
        // The default design point and "settling" in a file give the settling policy; a number gives one read time.
        Assert.Null(DesignPoint.Default.ReadTimeSeconds);
        Assert.True(DesignPoint.Default.Timing().NeedsSettling);
        var parsed = NonIdealitiesJson.ParseDesign("""{"read": {"timeSeconds": "settling"}}""");
        Assert.Null(parsed.ReadTimeSeconds);
        var fixedTime = NonIdealitiesJson.ParseDesign("""{"read": {"timeSeconds": 2e-6}}""");
        Assert.Equal(2e-6, fixedTime.ReadTimeSeconds);
        Assert.False(fixedTime.Timing().FromSettling);
        Assert.Equal(2e-6, fixedTime.Timing().ReadTimeFor("any"));
        var bad = Assert.Throws<NonIdealitiesException>(() => NonIdealitiesJson.ParseDesign("""{"read": {"timeSeconds": "fast"}}"""));
        Assert.Contains("read.timeSeconds", bad.Message);
        Assert.Contains("settling", bad.Message);
        // The written default names the policy and reads back equal.
        var text = NonIdealitiesJson.WriteDesign(DesignPoint.Default);
        Assert.Contains("\"timeSeconds\": \"settling\"", text);
        Assert.Equal(DesignPoint.Default, NonIdealitiesJson.ParseDesign(text));
        // The tran backend refuses a settling policy that was not measured (it would silently read at a made-up slot).
        Assert.Throws<ArgumentException>(() => new TranBackend(DesignPoint.Default.Circuit, DesignPoint.Default.Timing()));
    }

    [Fact]
    public void Settling_read_time_of_a_single_pole_tia_layer_matches_the_closed_form()
    {
        // One 3×3 convolution, one output channel, every weight +1, no bias (digital bias: no bias row), ideal wires,
        // A0 1e5, GBW 10 MHz, 8-bit converters. Its tile's positive column holds 9 cells at Gmax (negative: 9 at Gmin),
        // so every row has the same step response: the error of any patch transition is (Σ_r ΔV_r)·e(t), and the positive
        // TIA is a single-pole loop with τ = τa/(1 + A0·β), τa = A0/(2π·GBW), β = 1/(1 + Rf·ΣG). The largest transition
        // of the images, D = max |Σ_r ΔV_r| (weight·volts, from the image pixels through the layer's DAC, computed here
        // from the 3×3 windows directly), is within 0.5 LSB after t = τ·ln(D/(0.5 LSB)).
        // Tolerance (as ColumnSettlingTests): the unity difference stage in series (τd = 2/(2π·GBW)·(1 + 2/A0)), the
        // negative column (1 % of the swing, ≈ 0.02·τ), the measurement grid (2·h, h = 1/50 of the closed-form estimate)
        // and the rounding up to the 10 ns grid.
        double a0 = 1e5, gbw = 1e7;
        var settings = new NonIdealities { OpAmpGain = a0, OpAmpGbwHz = gbw, DacBits = 8, AdcBits = 8, BiasRow = BiasPlacement.Digital,
            CalibrationImages = 6, ColumnCalibrationImages = 0 };
        var conv = new Conv2d("conv", 1, 1, 3);
        Array.Fill(conv.Weight.Value, 1f);
        Array.Fill(conv.Bias.Value, 0f);
        var model = new Model("ones", new Shape3(1, 28, 28), [conv]);
        var images = TestModels.MnistTrainHead(6);

        var (tran, settling) = SettlingReadTime.Resolve(model, settings, new TranOptions { FromSettling = true }, images, threads: 2);
        var layer = Assert.Single(settling!);

        // The same circuit as Resolve built: its tile layout (ΣG, Rf) and ADC LSB, and the DAC volts of the images.
        var network = CrossbarNetwork.FromModel(model, settings.BiasRow);
        var ranges = ConverterCalibration.Calibrate(network, images.Take(settings.CalibrationImages), settings);
        var dcBackend = new CircuitDcBackend(settings);
        var plan = new DigitalController(network, ranges, settings, dcBackend).Plans.Single();
        var tile = plan.Readers[0][0].Tile;
        Assert.Equal(9, tile.Rows);
        var layout = dcBackend.Layout(tile);
        double gs = CircuitInventory.LargestColumnConductance(layout);
        double rf = layout.FeedbackOhms, beta = 1 / (1 + rf * gs), tau = a0 / (2 * Math.PI * gbw) / (1 + a0 * beta);
        double tauD = 2 / (2 * Math.PI * gbw) * (1 + 2 / a0);
        double lsb = plan.Adcs[0].Lsb;
        double largest = 0;
        for (int i = 0; i < Math.Min(SettlingReadTime.Images, images.Count); i++)
        {
            var (x, _) = images.Batch(i, 1);
            double previous = 0;
            for (int y = 0; y < 26; y++)
                for (int xx = 0; xx < 26; xx++)
                {
                    double sum = 0;
                    for (int ky = 0; ky < 3; ky++)
                        for (int kx = 0; kx < 3; kx++)
                            sum += plan.Dac.Convert(x.Data[(y + ky) * 28 + xx + kx]) * plan.VoltsPerActivation;
                    largest = Math.Max(largest, Math.Abs(sum - previous));
                    previous = sum;
                }
        }
        double closedForm = tau * Math.Log(largest / (0.5 * lsb));
        double h = ReadSettling.Seconds(gs, rf, gbw, 8) / ColumnSettling.SamplesPerEstimate;
        double tolerance = tauD + 0.02 * tau + 2 * h + SettlingReadTime.GridSeconds;
        double readTime = tran.ReadTimeFor("conv");
        output.WriteLine($"measured {layer.Seconds * 1e9:F1} ns, read time {readTime * 1e9:F1} ns, closed form {closedForm * 1e9:F1} ns " +
                         $"(τ {tau * 1e9:F1} ns, D/LSB {largest / lsb:F1}), tolerance {tolerance * 1e9:F1} ns");
        Assert.Equal(SettlingReadTime.RoundUp(layer.Seconds), readTime);
        Assert.True(Math.Abs(readTime - closedForm) <= tolerance,
            $"read time {readTime * 1e9:F1} ns vs closed form {closedForm * 1e9:F1} ns, tolerance {tolerance * 1e9:F1} ns");
        // The transition is large enough for the log to matter (several τ), so the check is not trivially met.
        Assert.True(closedForm > 4 * tau, $"closed form {closedForm * 1e9:F1} ns is only {closedForm / tau:F1} τ");
    }

    [Fact]
    public void A_tran_run_at_the_settling_read_times_reads_every_layer_within_half_an_lsb_of_the_dc_read()
    {
        // Two convolution layers (seeded random weights, ReLU between), A0 1e5, GBW 10 MHz, 1 Ω wires, 8-bit converters.
        // The read times come from the measured settling on 4 training images; the run reads the same 4 images (so every
        // patch transition of the run was examined) with the full solver (every patch integrated step by step on the
        // run's own grid, T/40, not the measurement's), and every read is compared with the DC solve of the same tile
        // (TranTileReader: |tran − dc|, the settled truth). Bound: 0.5 LSB of each tile's ADC, the definition of the
        // settling time; the rounding up to the 10 ns grid and the different step grids are the only slack.
        var settings = new NonIdealities { OpAmpGain = 1e5, OpAmpGbwHz = 1e7, WireRowOhms = 1, WireColumnOhms = 1, DacBits = 8, AdcBits = 8,
            CalibrationImages = 4, ColumnCalibrationImages = 0 };
        var rng = new Random(7);
        var conv1 = new Conv2d("c1", 1, 4, 3);
        var conv2 = new Conv2d("c2", 4, 2, 3, stride: 2);
        foreach (var c in new[] { conv1, conv2 })
        {
            for (int i = 0; i < c.Weight.Value.Length; i++) c.Weight.Value[i] = (float)(rng.NextDouble() - 0.4);
            for (int i = 0; i < c.Bias.Value.Length; i++) c.Bias.Value[i] = (float)(0.2 * (rng.NextDouble() - 0.5));
        }
        var model = new Model("two-conv", new Shape3(1, 28, 28), [conv1, new ReLU("r1"), conv2]);
        var images = TestModels.MnistTrainHead(4);
        var (tran, settling) = SettlingReadTime.Resolve(model, settings, new TranOptions { FromSettling = true, Solver = TranSolver.Full }, images, threads: 2);
        Assert.NotNull(settling);
        Assert.Equal(["c1", "c2"], settling.Select(s => s.Layer).ToArray());
        Assert.All(settling, s => Assert.True(s.Seconds > 50e-9, $"{s.Layer}: settling {s.Seconds:R} s (nothing to check)"));

        var backend = new TranBackend(settings, tran) { Threads = 2 };
        var session = new CosimSession(model, "w", settings, backend, "tran", images, images, images.Count, tran);
        session.Run(Shard.Whole, threads: 2);
        foreach (var plan in session.Controller.Plans)
        {
            double worst = 0;
            foreach (var reader in backend.Readers.Where(r => r.Tile.Layer == plan.Stage.Name))
            {
                Assert.Equal(tran.ReadTimeFor(plan.Stage.Name), reader.Model.Options.ReadTimeSeconds);
                Assert.True(reader.Reads > 0);
                worst = Math.Max(worst, reader.MaxSettlingError / plan.Adcs[reader.Tile.Tile].Lsb);
            }
            output.WriteLine($"{plan.Stage.Name}: read time {tran.ReadTimeFor(plan.Stage.Name) * 1e9:F0} ns, max |tran − dc| {worst:F3} LSB");
            Assert.True(worst <= 0.5, $"{plan.Stage.Name}: max settling error {worst:F3} LSB at the settling read time");
            // Not trivially settled: the worst read still carries a measurable settling error (the read time is not far
            // longer than the circuit needs).
            Assert.True(worst > 0.01, $"{plan.Stage.Name}: {worst:F4} LSB, the read time is far longer than needed");
        }
    }
}

/// <summary>The port-reduced step responses (Kron reduction onto the capacitor ports) against the whole-circuit solve.</summary>
public class PortReducedStepTests(ITestOutputHelper output)
{
    [Fact]
    public void Port_reduced_step_responses_equal_the_whole_circuit_solve()
    {
        // 48 rows × 12 outputs with 1 Ω wire segments (about 2,500 unknowns) and op-amps with A0 1e5, GBW 10 MHz: the
        // only capacitors are the 36 op-amp poles, so the reduction applies. It is the same linear map evaluated in
        // another order, so both must agree to rounding: 1e-9 of the largest response value (the whole-circuit solve
        // itself is accurate to about 1e-12 relative here).
        var settings = new NonIdealities { OpAmpGain = 1e5, OpAmpGbwHz = 1e7, WireRowOhms = 1, WireColumnOhms = 1 };
        var rng = new Random(11);
        const int rows = 48, outs = 12;
        var weights = Enumerable.Range(0, rows * outs).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        var matrix = new CrossbarMatrix(rows, outs, weights, null);
        var layout = new MemristorSpice.Crossbar.Generation.CrossbarGenerator(CrossbarOptionsFactory.For(settings, 1.0))
            .Generate(matrix, MemristorSpice.Crossbar.Generation.CrossbarContext.ForMatrix("kron")).Tiles[0];
        var timing = new TranOptions { ReadTimeSeconds = 2e-7, StepsPerSlot = 20 };
        var reduced = new TranTileModel(layout, settings, timing, 1.0);
        var full = new TranTileModel(layout, settings, timing, 1.0) { UsePortReduction = false };
        Assert.True(reduced.PortReduced, $"{reduced.Capacitors.Count} capacitors, {reduced.FactorNonZeros} factor entries: not reduced");
        Assert.False(full.PortReduced);
        var a = reduced.StepResponseErrors(60, threads: 2)!;
        var b = full.StepResponseErrors(60, threads: 2)!;
        double scale = b.Max(k => k.Max(Math.Abs)), diff = 0;
        for (int k = 0; k < a.Length; k++)
            for (int i = 0; i < a[k].Length; i++) diff = Math.Max(diff, Math.Abs(a[k][i] - b[k][i]));
        output.WriteLine($"{reduced.Unknowns} unknowns, {reduced.Capacitors.Count} capacitors; max |reduced − full| {diff:E2} of max |S| {scale:E2}");
        Assert.True(scale > 0);
        Assert.True(diff <= 1e-9 * scale, $"max difference {diff:E3} vs max response {scale:E3}");
        // The settling taps (the superposition reads) agree as well, tap count included.
        var ta = reduced.SettlingTaps(2)!;
        var tb = full.SettlingTaps(2)!;
        Assert.Equal(tb.Count, ta.Count);
        for (int m = 0; m < ta.Count; m++)
            for (int i = 0; i < ta[m].Length; i++) Assert.True(Math.Abs(ta[m][i] - tb[m][i]) <= 1e-9 * scale);
    }
}
