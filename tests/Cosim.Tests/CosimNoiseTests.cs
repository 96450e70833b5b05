using System.Diagnostics;
using System.Globalization;
using MemristorSpice.Cosim.Backends;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Crossbar.Generation;
using MemristorSpice.Crossbar.Layout;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Engine.Analyses;
using MemristorSpice.Engine.Components;
using MemristorSpice.Engine.Core;
using MemristorSpice.Network.Layers;
using MemristorSpice.Tests.Shared;

namespace MemristorSpice.Cosim.Tests;

/// <summary>
/// Co-simulation read noise: the read bandwidth against closed forms (kT/C) and quadrature, a tile's noise against the
/// engine's and ngspice's .noise of the same tile circuit, and the per-read samples against their variance.
/// </summary>
public sealed class CosimNoiseTests
{
    private const double K = NoiseLoadContext.Boltzmann, T = 300.15;

    [Fact]
    public void Read_bandwidth_gives_kT_over_C_for_an_RC_and_matches_quadrature_of_the_averaged_single_pole()
    {
        // An RC (R = 10 kΩ, C = 1 pF) read much faster than its time constant sees its whole noise: S·B = kT/C.
        double r = 10e3, c = 1e-12, fc = 1 / (2 * Math.PI * r * c);
        double variance = 4 * K * T * r * NoiseSettings.NoiseBandwidthHz(1e-15, fc);
        Assert.Equal(1, variance / (K * T / c), 6); // series branch, error ~T/τ = 1e-7
        // Without a pole the T-average has the boxcar's noise bandwidth 1/(2T) exactly.
        Assert.Equal(5e5, NoiseSettings.NoiseBandwidthHz(1e-6, double.PositiveInfinity), 9);
        // Between the limits: ∫ sinc²(πfT)/(1 + (f/fc)²) df by quadrature (Simpson on 2e6 intervals to 2000/T, tail
        // ~1/(2π²·2000) of B below 1e-4): 1e-4 relative.
        foreach (double tOverTau in new[] { 0.3, 1.0, 5.0 })
        {
            double tau = 1 / (2 * Math.PI * fc), t = tOverTau * tau;
            double Integrand(double f)
            {
                double x = Math.PI * f * t, sinc = f == 0 ? 1 : Math.Sin(x) / x;
                return sinc * sinc / (1 + f / fc * (f / fc));
            }
            int n = 2_000_000; double top = 2000 / t, h = top / n, sum = Integrand(0) + Integrand(top);
            for (int i = 1; i < n; i++) sum += (i % 2 == 1 ? 4 : 2) * Integrand(i * h);
            Assert.Equal(1, NoiseSettings.NoiseBandwidthHz(t, fc) / (sum * h / 3), 4);
        }
    }

    [Fact]
    public void Tile_noise_equals_the_engine_and_ngspice_noise_of_the_same_tile_circuit()
    {
        var (backend, tile) = Tile();
        var reader = Assert.IsType<NoisyTileReader>(backend.Program(tile));
        var layout = backend.Layout(tile);
        string library = Path.Combine(Dependencies.RepoRoot, "netlists", "lib", "devices.lib");
        for (int j = 0; j < layout.Outputs; j++)
        {
            string output = layout.Differences[j].OutputNode;
            // Engine .noise of the tile circuit (cells as read resistors, the op-amp macro model with en and in), with
            // a separate 'ac 1' source only to name an input: the output spectrum does not depend on it.
            var circuit = CrossbarCircuitBuilder.Build(layout, CellElementKind.ReadResistor)
                .Add(new VoltageSource("VNZ", "nzin", "0", 0.0) { AcMagnitude = 1 });
            var engine = new NoiseSmallSignal(circuit, new AcSweep(AcSweepKind.Decade, 20, 1, 1e9), output, null, "vnz").Run();
            // 1 Hz is 1e-5 of the slowest closed-loop pole (the TIA's, ~100 kHz): the low-frequency PSD, 1e-6 relative.
            Assert.Equal(1, reader.Noise.OutputPsdVoltsSquaredPerHz[j] / (engine.OutputDensity[0] * engine.OutputDensity[0]), 6);

            // The variance is S(0)·B, B from the slower TIA's single pole; against the engine's spectrum (with both
            // op-amps' poles, the difference stage's and the TIAs') averaged over the read, ∫ S(f)·sinc²(πfT) df:
            // the difference stage's noise passes to GBW/2 instead of the TIA pole (measured 0.2 % and 1.0 % on the two
            // outputs): 5 %.
            double t = backend.Settings.Noise.ReadTimeSeconds, integral = 0;
            var f = engine.Frequencies;
            for (int k = 1; k < f.Length; k++)
            {
                double Weighted(int i) { double x = Math.PI * f[i] * t, s = Math.Sin(x) / x; return engine.OutputDensity[i] * engine.OutputDensity[i] * s * s; }
                integral += (Weighted(k) + Weighted(k - 1)) / 2 * (f[k] - f[k - 1]);
            }
            double cosimVolts2 = reader.Noise.OutputPsdVoltsSquaredPerHz[j] * reader.Noise.BandwidthHz[j];
            Assert.InRange(cosimVolts2 / integral, 0.95, 1.05);

            // ngspice .noise of the deck the ngspice backend writes for this tile (the op-amp subcircuit carries en/in).
            var deck = NgspiceTileDeck.OperatingPoint(layout, new double[tile.Rows], library, NgspiceCellModel.ReadResistor);
            deck = string.Join('\n', deck.Split('\n').Where(l => !l.TrimStart().StartsWith(".op", StringComparison.OrdinalIgnoreCase)
                                                               && !l.TrimStart().StartsWith(".save", StringComparison.OrdinalIgnoreCase)))
                .Replace("\n.end", $"\nvnz nzin 0 dc 0 ac 1\n.noise v({output}) vnz dec 1 1 10\n.control\nrun\nsetplot noise1\nprint onoise_spectrum\n.endc\n.end");
            double ngspice = NgspiceFirstDensity(deck);
            // Both engines' 1 Hz densities, 9-digit print: 1e-4 relative (the noise tests' tolerance).
            Assert.Equal(1, engine.OutputDensity[0] / ngspice, 4);
        }
    }

    [Fact]
    public void Noisy_reads_scatter_with_the_tile_variance_reproducibly_per_image()
    {
        var (backend, tile) = Tile();
        var reader = Assert.IsType<NoisyTileReader>(backend.Program(tile));
        double[] volts = [0.2, 0.1, 0.05, 0.2];
        var clean = new double[tile.Outputs];
        reader.Inner.Read(volts, 1, clean);
        // Outside an image (calibration) the read is noiseless.
        var outside = new double[tile.Outputs];
        reader.Read(volts, 1, outside);
        Assert.Equal(clean, outside);
        int n = 40_000;
        var sum = new double[tile.Outputs]; var sum2 = new double[tile.Outputs];
        var o = new double[tile.Outputs];
        for (int image = 0; image < n; image++)
        {
            using (ReadNoiseContext.For(image)) reader.Read(volts, 1, o);
            for (int j = 0; j < o.Length; j++) { double d = o[j] - clean[j]; sum[j] += d; sum2[j] += d * d; }
        }
        var q = reader.Noise.ReadCoefficients!;
        for (int j = 0; j < tile.Outputs; j++)
        {
            double expected = reader.Noise.ThermalVariance[j];
            for (int r = 0; r < tile.Rows; r++) expected += volts[r] * volts[r] * q[r * tile.Outputs + j];
            // Sample variance of 40,000 Gaussian draws: relative standard error √(2/n) = 0.7 %, so 4 %; the mean within
            // 5 standard errors of 0.
            Assert.InRange(sum2[j] / n / expected, 0.96, 1.04);
            Assert.InRange(Math.Abs(sum[j] / n), 0, 5 * Math.Sqrt(expected / n));
        }
        // The same image gives the same sample, another image or seed another one.
        var a = new double[tile.Outputs]; var b = new double[tile.Outputs];
        using (ReadNoiseContext.For(7)) reader.Read(volts, 1, a);
        using (ReadNoiseContext.For(7)) reader.Read(volts, 1, b);
        Assert.Equal(a, b);
        var (other, _) = Tile(seed: 2);
        using (ReadNoiseContext.For(7)) other.Program(tile).Read(volts, 1, b);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Controller_fast_and_general_paths_draw_the_same_noise_per_image()
    {
        var settings = new NonIdealities
        {
            WireRowOhms = 1, WireColumnOhms = 1, OpAmpGain = 1e5, OpAmpGbwHz = 1e7, CalibrationImages = 12, ColumnCalibrationImages = 6,
            Noise = new NoiseSettings { Enabled = true, Seed = 3 },
        };
        var network = CrossbarNetwork.FromModel(TestModels.Msccnn(21));
        var calibration = TestModels.Mnist(500, 12);
        var ranges = MemristorSpice.Cosim.Controller.ConverterCalibration.Calibrate(network, calibration, settings);
        var backend = new CircuitDcBackend(settings);
        var fast = new MemristorSpice.Cosim.Controller.DigitalController(network, ranges, settings, backend, calibration);
        var general = new MemristorSpice.Cosim.Controller.DigitalController(network, ranges, settings, backend, calibration) { UseGeneralPath = true };
        Assert.All(fast.Plans, p => Assert.NotNull(p.AffineReader));
        var (image, _) = TestModels.Mnist(40, 1).Batch(0, 1);
        var clean = fast.Run(image);
        IReadOnlyList<MemristorSpice.Cosim.Controller.StageTrace> a, b;
        using (ReadNoiseContext.For(0)) { a = fast.Run(image); b = general.Run(image); }
        var last = a.Count - 1;
        // Noise acts (the output moves) ...
        Assert.False(a[last].Output.Data.AsSpan().SequenceEqual(clean[last].Output.Data));
        // ... and both paths add the same samples: the variances are summed in another order (rounding 1e-16), which
        // can move an ADC code at a decision boundary, so values agree to 1e-9 relative except at most 0.1 %.
        for (int s = 0; s < a.Count; s++)
        {
            var x = a[s].Output.Data; var y = b[s].Output.Data;
            float scale = Math.Max(1e-20f, y.Max(Math.Abs));
            int off = Enumerable.Range(0, x.Length).Count(i => Math.Abs(x[i] - y[i]) > 1e-9 * scale + 1e-30);
            Assert.True(off <= x.Length / 1000, $"stage {s}: {off} of {x.Length} values differ between the paths");
        }
    }

    [Fact]
    public void Batched_samples_are_the_scalar_samples_and_have_the_requested_variance()
    {
        var (backend, tile) = Tile();
        var reader = Assert.IsType<NoisyTileReader>(backend.Program(tile));
        // 2 outputs × 1,003 patches (not a multiple of the vector width, so the scalar tail runs too), variances spread
        // over five decades.
        int outs = 2, patches = 1003;
        var variance = Enumerable.Range(0, outs * patches).Select(i => Math.Pow(10, -3 - 5.0 * i / (outs * patches))).ToArray();
        var acc = new double[outs * patches];
        var start = Enumerable.Range(0, acc.Length).Select(i => 0.25 * Math.Sin(i)).ToArray();
        start.CopyTo(acc, 0);
        using (ReadNoiseContext.For(11)) reader.AddSamples(acc, variance, outs, patches);
        // Closed form: (acc − start)/√variance are N(0,1) draws; 2,006 of them give a relative standard error of the
        // sample variance √(2/n) = 3.2 %, so 15 %, and a mean within 5 standard errors (5/√n) of 0.
        double sum = 0, sum2 = 0;
        for (int i = 0; i < acc.Length; i++)
        {
            double z = (acc[i] - start[i]) / Math.Sqrt(variance[i]);
            sum += z; sum2 += z * z;
        }
        Assert.InRange(sum2 / acc.Length, 0.85, 1.15);
        Assert.InRange(Math.Abs(sum / acc.Length), 0, 5 / Math.Sqrt(acc.Length));
        // The batched (vectorised) form draws exactly the general path's samples: Read at zero row volts adds
        // √thermal·N(0,1) per (patch, output); the same variances through AddSamples give the same doubles (exact).
        var thermal = reader.Noise.ThermalVariance;
        var zeros = new double[tile.Rows * patches];
        var clean = new double[outs * patches];
        reader.Inner.Read(zeros, patches, clean);
        var general = new double[outs * patches];
        using (ReadNoiseContext.For(11)) reader.Read(zeros, patches, general);
        var batched = new double[outs * patches];
        var thermalPerPatch = new double[outs * patches];
        for (int p = 0; p < patches; p++)
            for (int j = 0; j < outs; j++) { batched[j * patches + p] = clean[p * outs + j]; thermalPerPatch[j * patches + p] = thermal[j]; }
        using (ReadNoiseContext.For(11)) reader.AddSamples(batched, thermalPerPatch, outs, patches);
        for (int p = 0; p < patches; p++)
            for (int j = 0; j < outs; j++) Assert.Equal(general[p * outs + j], batched[j * patches + p]);
        Assert.NotEqual(clean, general);
        // Outside an image nothing is added.
        var outside = (double[])start.Clone();
        reader.AddSamples(outside, variance, outs, patches);
        Assert.Equal(start, outside);
    }

    [Fact]
    public void Noise_object_is_off_by_default_and_round_trips_through_the_design_file()
    {
        Assert.False(DesignPoint.Default.Circuit.Noise.Enabled);
        var design = NonIdealitiesJson.ParseDesign("""{ "noise": { "enabled": true, "seed": 5, "opAmpVoltage": 2e-8 }, "read": { "timeSeconds": 2e-6 } }""");
        Assert.True(design.Circuit.Noise.Enabled);
        Assert.Equal((5, 2e-8, 2e-6), (design.Circuit.Noise.Seed, design.Circuit.Noise.OpAmpNoiseVoltage, design.Circuit.Noise.ReadTimeSeconds));
        Assert.Equal(design, NonIdealitiesJson.ParseDesign(NonIdealitiesJson.WriteDesign(design)));
        var bad = Assert.Throws<NonIdealitiesException>(() => NonIdealitiesJson.ParseDesign("""{ "noise": { "enabled": 1 } }"""));
        Assert.Equal("noise.enabled", bad.Field);
    }

    /// <summary>A 4-row, 2-output tile (bias row last) with wires and the single-pole op-amp, noise on.</summary>
    private static (CircuitDcBackend Backend, CrossbarTile Tile) Tile(int seed = 1)
    {
        var w = new double[] { 0.5, -1, 2, 0.25, -0.75, 1, 0.3, -0.2 };
        var matrix = new CrossbarMatrix(4, 2, w.Select(v => (float)v).ToArray(), null);
        var tile = new CrossbarTile("noise", AnalogKind.Pointwise, 0, 0, 0, 0, 4, 2, w, true, 0.2, matrix, 1);
        var settings = new NonIdealities
        {
            WireRowOhms = 1, WireColumnOhms = 1, OpAmpGain = 1e5, OpAmpGbwHz = 1e7, DacBits = 0, AdcBits = 0,
            Noise = new NoiseSettings { Enabled = true, Seed = seed },
        };
        return (new CircuitDcBackend(settings), tile);
    }

    private static double NgspiceFirstDensity(string deck)
    {
        var exe = Dependencies.RequireNgspice();
        var dir = Directory.CreateTempSubdirectory("memspice-tilenoise-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "deck.cir"), deck);
            var start = new ProcessStartInfo(exe, ["-b", "deck.cir"]) { WorkingDirectory = dir.FullName, RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            Assert.True(process.WaitForExit(60_000), "ngspice did not finish in 60 s");
            var row = stdout.Split('\n').Select(l => l.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
                .FirstOrDefault(p => p.Length == 3 && p[0] == "0");
            Assert.True(row is not null, "no noise spectrum in ngspice's output:\n" + stdout + stderr.Result);
            return double.Parse(row![2], CultureInfo.InvariantCulture);
        }
        finally { dir.Delete(true); }
    }
}
