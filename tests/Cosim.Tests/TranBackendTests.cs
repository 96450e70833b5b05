using MemristorSpice.Cosim.Backends;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Controller;
using MemristorSpice.Cosim.Driver;
using MemristorSpice.Cosim.Reports;
using MemristorSpice.Netlist.Ngspice;
using MemristorSpice.Network.Models;
using MemristorSpice.Tests.Shared;

namespace MemristorSpice.Cosim.Tests;

public class TranBackendTests
{
    private static DigitalController Controller(NonIdealities settings, ICrossbarBackend backend, int seed = 3) =>
        TestModels.Controller(settings, backend, seed);

    private static double[] RandomVolts(int patches, CrossbarTile t, double vread, Random rng)
    {
        var v = new double[patches * t.Rows];
        for (int p = 0; p < patches; p++)
            for (int r = 0; r < t.Rows; r++)
                v[p * t.Rows + r] = t.HoldsBiasRow && r == t.Rows - 1 ? vread : rng.NextDouble() * vread;
        return v;
    }

    [Theory]
    [InlineData(null)]      // ideal op-amps (nullors): only the wire capacitance is dynamic
    [InlineData(1e7)]       // A0 = 1e5, GBW 10 MHz
    public void Long_read_time_tran_reads_equal_the_dc_reads(double? gbw)
    {
        // The slowest closed-loop pole of any tile: noise gain ≤ 1 + Rf·rows·Gmax = 1 + 1e4·129·1e-4 = 130, so
        // τ ≤ 130/(2π·10 MHz) = 2.1 µs; the wire poles (1 Ω·1e-14 F) are 1e-14 s. A 100 µs slot leaves e^-48 of
        // any step, and BDF2's fixed point is the DC solution exactly, so tran = dc up to LU rounding: 1e-9 relative
        // to the largest output.
        var settings = new NonIdealities
        {
            WireRowOhms = 1, WireColumnOhms = 1, WireCapacitanceFarads = 1e-14, VariationSigma = 0.1,
            OpAmpGain = gbw is null ? null : 1e5, OpAmpGbwHz = gbw, CalibrationImages = 10,
        };
        var backend = new TranBackend(settings, new TranOptions { ReadTimeSeconds = 100e-6, StepsPerSlot = 100, ChunkPatches = 2 });
        var controller = Controller(settings, backend);
        var rng = new Random(5);
        foreach (var (layer, crossbar, tile) in new[] { ("conv1", 0, 0), ("dw2", 7, 0), ("classifier", 0, 0), ("classifier", 0, 1) })
        {
            var reader = (TranTileReader)controller.Plans.Single(p => p.Stage.Name == layer).Readers[crossbar][tile];
            var t = reader.Tile;
            Assert.True(reader.Model.Capacitors.Count > 0, $"{t.Id}: no dynamic element to test");
            var volts = RandomVolts(5, t, settings.VreadVolts, rng);
            var tran = new double[5 * t.Outputs];
            var dc = new double[5 * t.Outputs];
            reader.Read(volts, 5, tran);
            reader.StaticReader.Read(volts, 5, dc);
            double scale = dc.Max(Math.Abs);
            for (int i = 0; i < dc.Length; i++)
                Assert.True(Math.Abs(tran[i] - dc[i]) <= 1e-9 * scale, $"{t.Id} value {i}: tran {tran[i]:R}, dc {dc[i]:R}");
        }
    }

    [Fact]
    public void Single_pole_tia_settles_as_the_closed_form_exponential()
    {
        // TIA with a single-pole op-amp A(s) = A0/(1 + s·τa), τa = A0/(2π·GBW), column source conductance Gs = Σ G:
        // a first-order loop, τ_cl = τa/(1 + A0·β), β = 1/(1 + Rf·Gs), final value a∞ = −Rf·I·A0β/(1 + A0β),
        // I = Σ G_r·V_r. Driven by a DAC ramp over the first step h from 0 V, the normalized error is, for t ≥ h,
        // g(t) = (a(t) − a∞)/(0 − a∞) = (τ/h)·(e^(h/τ) − 1)·e^(−t/τ).
        // BDF2 with q = h/τ: its start from the ramp is off by about q/6 relative and its decay rate by q³/3 per step,
        // so |g_sim/g − 1| ≤ q/4 + (t/τ)·q²/3 (≈ 0.0063 at q = 0.02, t ≤ 10τ); a 1 % error in τ would give 10 % at 10τ.
        double a0 = 1e5, gbw = 1e7;
        var settings = new NonIdealities { OpAmpGain = a0, OpAmpGbwHz = gbw, CalibrationImages = 10 };
        var dcBackend = new CircuitDcBackend(settings);
        var controller = Controller(settings, dcBackend);
        var plan = controller.Plans.Single(p => p.Stage.Name == "dw1");
        var tile = plan.Readers[0][0].Tile;
        var layout = dcBackend.Layout(tile);
        var tia = layout.Tias[0];
        var cells = layout.Cells.Where(c => string.Equals(c.ColumnNode, tia.InputNode, StringComparison.OrdinalIgnoreCase)).ToList();
        var volts = RandomVolts(1, tile, settings.VreadVolts, new Random(8));
        double gs = 0, current = 0;
        foreach (var c in cells)
        {
            double g = 1 / layout.Device.Model.Resistance(c.State);
            gs += g;
            current += g * volts[layout.Rows.Select((r, i) => (r, i)).Single(x => x.r.RowNode == c.RowNode).i];
        }
        double rf = layout.FeedbackOhms, beta = 1 / (1 + rf * gs), tauA = a0 / (2 * Math.PI * gbw);
        double tau = tauA / (1 + a0 * beta), final = -rf * current * a0 * beta / (1 + a0 * beta);
        const int stepsPerTau = 50;
        double q = 1.0 / stepsPerTau;
        var options = new TranOptions { ReadTimeSeconds = 10 * tau, StepsPerSlot = 10 * stepsPerTau };
        var model = new TranTileModel(layout, settings, options, 1.0);
        int index = model.SignalIndex($"v({tia.OutputNode.ToLowerInvariant()})");
        var samples = new double[tile.Outputs];
        double worst = 0;
        model.Simulate(new double[tile.Rows], volts, 1, samples, options.StepsPerSlot, (_, s, _, x) =>
        {
            double t = (s + 1) * options.StepSeconds;
            double exact = tau / options.StepSeconds * (Math.Exp(options.StepSeconds / tau) - 1) * Math.Exp(-t / tau);
            double sim = (x[index] - final) / (0 - final);
            double allowed = q / 4 + t / tau * q * q / 3;
            worst = Math.Max(worst, Math.Abs(sim / exact - 1) / allowed);
            Assert.True(Math.Abs(sim / exact - 1) <= allowed, $"t = {t / tau:F3} τ: simulated {sim:R}, closed form {exact:R}");
        });
        Assert.True(worst > 0.05, $"the check never came close to its tolerance (worst {worst:F3} of it): tolerance too loose?");
    }

    [Fact]
    public void Tran_pulse_train_of_a_small_tile_equals_ngspice_tran_of_the_same_netlist()
    {
        // dw2 tile: 10 rows × 2 outputs (20 VTEAM memristor subcircuits in ngspice, B-sources with their state equation),
        // GBW 10 MHz: difference stage τ = 2/(2π·GBW) = 32 ns, TIAs 20..170 ns. Read slot 0.15 µs: samples are
        // visibly unsettled (checked below), 300 steps per slot: q = h/τ ≤ 0.5 ns/32 ns = 0.016, so our BDF2 is within
        // q/4 ≈ 0.4 % of each step's amplitude right after it and much less at the sample, where at most e^(-T/τ) of
        // it is left; ngspice (trapezoid, tmax = h, reltol 1e-7) is closer still. Checked: |native − ngspice| ≤
        // 2e-3·max|Δ settled output between consecutive patches|, with the settling error itself at least 5x that.
        var exe = Dependencies.RequireNgspice();
        var settings = new NonIdealities { OpAmpGain = 1e5, OpAmpGbwHz = 1e7, CalibrationImages = 10 };
        var options = new TranOptions { ReadTimeSeconds = 0.15e-6, StepsPerSlot = 300 };
        var backend = new TranBackend(settings, options);
        var controller = Controller(settings, backend);
        var reader = (TranTileReader)controller.Plans.Single(p => p.Stage.Name == "dw2").Readers[3][0];
        var t = reader.Tile;
        var layout = backend.Dc.Layout(t);
        var rng = new Random(21);
        const int patches = 4;
        var previous = RandomVolts(1, t, settings.VreadVolts, rng);
        var train = RandomVolts(patches, t, settings.VreadVolts, rng);
        var native = new double[patches * t.Outputs];
        reader.Model.Simulate(previous, train, patches, native, options.StepsPerSlot);
        var settled = new double[(patches + 1) * t.Outputs];
        reader.StaticReader.Read(previous.Concat(train).ToArray(), patches + 1, settled);
        var deck = NgspiceTileDeck.Transient(layout, previous, train, patches, options.ReadTimeSeconds, options.StepSeconds, 0,
            Path.Combine(Dependencies.RepoRoot, "netlists", "lib", "devices.lib"), NgspiceCellModel.Memristor);
        var table = new NgspiceRunner(exe, TimeSpan.FromSeconds(120)).Run(deck).Transient.Table;
        double step = 0, settling = 0, diff = 0;
        for (int p = 0; p < patches; p++)
            for (int j = 0; j < t.Outputs; j++)
            {
                double spice = table.Interpolate($"v({layout.OutputNodes[j].ToLowerInvariant()})", (p + 1) * options.ReadTimeSeconds) * reader.Model.WeightVoltsPerVolt;
                diff = Math.Max(diff, Math.Abs(native[p * t.Outputs + j] - spice));
                step = Math.Max(step, Math.Abs(settled[(p + 1) * t.Outputs + j] - settled[p * t.Outputs + j]));
                settling = Math.Max(settling, Math.Abs(native[p * t.Outputs + j] - settled[(p + 1) * t.Outputs + j]));
            }
        Assert.True(settling > 5 * 2e-3 * step, $"samples are settled (error {settling:G3} of steps {step:G3}): the comparison would not test dynamics");
        Assert.True(diff <= 2e-3 * step, $"native vs ngspice {diff:G3} W·V, steps {step:G3} W·V, settling error {settling:G3} W·V");
    }

    [Fact]
    public void Bad_tran_values_name_the_option_or_field()
    {
        Assert.Equal("--read-time", new TranOptions { ReadTimeSeconds = 0 }.FirstProblem()?.Option);
        Assert.Equal("--read-time", new TranOptions { ReadTimeSeconds = -1e-6 }.FirstProblem()?.Option);
        Assert.Equal("--read-time", new TranOptions { ReadTimeSeconds = double.NaN }.FirstProblem()?.Option);
        Assert.Equal("--steps-per-slot", new TranOptions { StepsPerSlot = 2 }.FirstProblem()?.Option);
        Assert.Equal("--chunk-patches", new TranOptions { ChunkPatches = 0 }.FirstProblem()?.Option);
        Assert.Null(new TranOptions().FirstProblem());
        var ex = Assert.Throws<ArgumentException>(() => new TranOptions { ReadTimeSeconds = 0 }.Validate());
        Assert.StartsWith("--read-time must be", ex.Message);

        var neg = Assert.Throws<NonIdealitiesException>(() => NonIdealitiesJson.Parse("""{ "wire": { "rowOhms": 1, "capacitanceFarads": -1e-15 } }"""));
        Assert.Equal("wire.capacitanceFarads", neg.Field);
        var noWires = Assert.Throws<NonIdealitiesException>(() => NonIdealitiesJson.Parse("""{ "wire": { "rowOhms": 0, "columnOhms": 0, "capacitanceFarads": 1e-15 } }"""));
        Assert.Equal("wire.capacitanceFarads", noWires.Field);
        Assert.Contains("wire.rowOhms", noWires.Message);
        var gbw = Assert.Throws<NonIdealitiesException>(() => NonIdealitiesJson.Parse("""{ "opAmp": { "gbwHz": 0 } }"""));
        Assert.Equal("opAmp.gbwHz", gbw.Field);
        var ok = NonIdealitiesJson.Parse("""{ "wire": { "rowOhms": 1, "capacitanceFarads": 2e-15 } }""");
        Assert.Equal(2e-15, ok.WireCapacitanceFarads);
        Assert.Equal(ok, NonIdealitiesJson.Parse(NonIdealitiesJson.Write(ok)));

        // The swing limit makes the read nonlinear: tran mode refuses it by field name, like dc mode.
        var swing = new NonIdealities { OpAmpGain = 1e5, OpAmpGbwHz = 1e7, OpAmpSwingVolts = 1.5, CalibrationImages = 10 };
        var err = Assert.Throws<NonIdealitiesException>(() => Controller(swing, new TranBackend(swing, new TranOptions())));
        Assert.Equal("opAmp.swingVolts", err.Field);
    }

    [Fact]
    public void Sharded_tran_run_merges_identical_to_the_unsharded_run()
    {
        // GBW 10 MHz with a 0.3 µs slot: reads are far from settled, so chunking and history matter; 4 steps per slot
        // keeps the test quick (accuracy of the integration is not what is checked here: determinism is).
        var settings = new NonIdealities { OpAmpGain = 1e5, OpAmpGbwHz = 1e7, CalibrationImages = 20, ColumnCalibrationImages = 5 };
        var tran = new TranOptions { ReadTimeSeconds = 0.3e-6, StepsPerSlot = 4, ChunkPatches = 8 };
        var session = new CosimSession(TestModels.Msccnn(seed: 5), "test-weights", settings, new TranBackend(settings, tran) { Threads = 2 }, "tran",
            TestModels.Mnist(1000, 20), TestModels.Mnist(0, 4), 4, tran);
        var root = Path.Combine(Path.GetTempPath(), "cosim-tests", Guid.NewGuid().ToString("N"));
        var whole = Path.Combine(root, "whole");
        AtomicDirectory.Write(whole, OutputSafetyTests.Target, d => ReportFiles.Write(d, session.Run(Shard.Whole, threads: 2)));
        var shardDirs = new List<string>();
        foreach (int k in new[] { 2, 1 })
        {
            var dir = Path.Combine(root, $"shard{k}");
            AtomicDirectory.Write(dir, OutputSafetyTests.Target, d => ReportFiles.Write(d, session.Run(new Shard(k, 2), threads: 1)));
            shardDirs.Add(dir);
        }
        var merged = Path.Combine(root, "merged");
        AtomicDirectory.Write(merged, OutputSafetyTests.Target, d => ReportFiles.Write(d, ShardMerger.Merge(shardDirs)));
        foreach (var file in new[] { ReportFiles.LayersCsv, ReportFiles.PredictionsCsv, ReportFiles.ScatterCsv })
            Assert.Equal(File.ReadAllText(Path.Combine(whole, file)), File.ReadAllText(Path.Combine(merged, file)));
        // The tran reads really differ from dc here (otherwise this would only re-test the dc path).
        var dcSession = new CosimSession(TestModels.Msccnn(seed: 5), "test-weights", settings, new CircuitDcBackend(settings), "dc",
            TestModels.Mnist(1000, 20), TestModels.Mnist(0, 4), 4);
        var dcDir = Path.Combine(root, "dc");
        AtomicDirectory.Write(dcDir, OutputSafetyTests.Target, d => ReportFiles.Write(d, dcSession.Run(Shard.Whole, threads: 2)));
        Assert.NotEqual(File.ReadAllText(Path.Combine(dcDir, ReportFiles.LayersCsv)), File.ReadAllText(Path.Combine(whole, ReportFiles.LayersCsv)));
        Assert.Contains("\"tran\"", File.ReadAllText(Path.Combine(whole, ReportFiles.SummaryJson)));
    }
}
