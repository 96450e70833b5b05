using MemristorSpice.Cosim.Backends;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Network.Layers;

namespace MemristorSpice.Cosim.Tests;

/// <summary>
/// Read noise in tran mode: a tran read carries the same per-read noise as the dc read of the same tile (same seed,
/// image and read → the same sample), with the read bandwidth of the tran read slot, against the sample statistics'
/// closed form (variance = thermal + Σ_r V_r²·Q[r]) and the bandwidth's closed form B = (1/(2T))·[1 − (τ/T)(1 − e^(−T/τ))].
/// </summary>
public sealed class CosimTranNoiseTests
{
    private static NonIdealities Settings(double readSeconds, int seed = 1) => new()
    {
        WireRowOhms = 1, WireColumnOhms = 1, OpAmpGain = 1e5, OpAmpGbwHz = 1e7, DacBits = 0, AdcBits = 0,
        Noise = new NoiseSettings { Enabled = true, Seed = seed, ReadTimeSeconds = readSeconds },
    };

    /// <summary>A 4-row, 2-output tile (bias row last).</summary>
    private static CrossbarTile Tile()
    {
        var w = new double[] { 0.5, -1, 2, 0.25, -0.75, 1, 0.3, -0.2 };
        var matrix = new CrossbarMatrix(4, 2, w.Select(v => (float)v).ToArray(), null);
        return new CrossbarTile("trannoise", AnalogKind.Pointwise, 0, 0, 0, 0, 4, 2, w, true, 0.2, matrix, 1);
    }

    [Fact]
    public void Tran_reads_scatter_as_dc_reads_with_the_same_seed_and_the_closed_form_variance()
    {
        const double slot = 2e-6;
        var tile = Tile();
        var dc = Assert.IsType<NoisyTileReader>(new CircuitDcBackend(Settings(slot)).Program(tile));
        var tran = Assert.IsType<TranTileReader>(new TranBackend(Settings(slot), new TranOptions { ReadTimeSeconds = slot, StepsPerSlot = 40 }) { Threads = 1 }.Program(tile));
        Assert.NotNull(tran.Noise);
        Assert.NotNull(tran.SettlingTaps);
        // A train of four different reads (bias row at 0.2 V); each image reads the whole train.
        double[] volts = [0.2, 0.1, 0.05, 0.2, -0.1, 0.15, 0.0, 0.2, 0.05, -0.05, 0.2, 0.2, 0.15, 0.0, -0.2, 0.2];
        const int patches = 4, n = 10_000;
        int outs = tile.Outputs;
        var cleanDc = new double[patches * outs];
        var cleanTran = new double[patches * outs];
        // Outside an image the reads are noiseless (the calibration's reads).
        dc.Read(volts, patches, cleanDc);
        tran.Read(volts, patches, cleanTran);
        var sumDc = new double[patches * outs]; var sumTran = new double[patches * outs];
        var a = new double[patches * outs]; var b = new double[patches * outs];
        double worstSample = 0;
        for (int image = 0; image < n; image++)
        {
            using (ReadNoiseContext.For(image))
            {
                dc.Read(volts, patches, a);
                tran.Read(volts, patches, b);
            }
            for (int i = 0; i < a.Length; i++)
            {
                double da = a[i] - cleanDc[i], db = b[i] - cleanTran[i];
                sumDc[i] += da * da; sumTran[i] += db * db;
                worstSample = Math.Max(worstSample, Math.Abs(da - db));
            }
        }
        // Same seed, image and read → the same sample in both modes (to rounding of the sum clean + sample: 1e-12 of
        // an output of order 1 weight·volt).
        Assert.True(worstSample < 1e-12, $"tran and dc samples differ by {worstSample:G3}");
        var q = dc.Noise.ReadCoefficients!;
        for (int p = 0; p < patches; p++)
        {
            for (int j = 0; j < outs; j++)
            {
                double expected = dc.Noise.ThermalVariance[j];
                for (int r = 0; r < tile.Rows; r++) expected += volts[p * tile.Rows + r] * volts[p * tile.Rows + r] * q[r * outs + j];
                int i = p * outs + j;
                // Sample variance of 10,000 draws: relative standard error √(2/n) = 1.4 %, so 6 % (4 standard errors);
                // tran and dc sigma agree to 1e-9 (the same samples).
                Assert.InRange(sumDc[i] / n / expected, 0.94, 1.06);
                Assert.Equal(1, Math.Sqrt(sumTran[i] / sumDc[i]), 9);
            }
        }
    }

    [Fact]
    public void Tran_noise_bandwidth_is_that_of_the_tran_read_slot()
    {
        var tile = Tile();
        // The design's noise read time says 1 us; the tran slot of 5 us sets the tran read's bandwidth.
        var tran = Assert.IsType<TranTileReader>(new TranBackend(Settings(1e-6), new TranOptions { ReadTimeSeconds = 5e-6, StepsPerSlot = 40 }) { Threads = 1 }.Program(tile));
        var dcAtSlot = Assert.IsType<NoisyTileReader>(new CircuitDcBackend(Settings(5e-6)).Program(tile));
        var dcAtDesign = Assert.IsType<NoisyTileReader>(new CircuitDcBackend(Settings(1e-6)).Program(tile));
        var noise = tran.Noise!.Noise;
        Assert.Equal(dcAtSlot.Noise.BandwidthHz, noise.BandwidthHz);
        Assert.Equal(dcAtSlot.Noise.ThermalVariance, noise.ThermalVariance);
        foreach (var b in noise.BandwidthHz)
        {
            // Closed-loop pole GBW/(1 + Rf·ΣG) of a few MHz: τ ≈ 0.1 us ≪ T, so B = (1/(2T))·(1 − τ/T ...) lies within
            // 5 % below 1/(2T) = 100 kHz.
            Assert.InRange(b * 2 * 5e-6, 0.95, 1.0);
        }
        // Five times the slot: about a fifth of the bandwidth (the τ/T terms move it by under 5 %), and the thermal
        // variance S(0)·B follows the bandwidth exactly (1e-12: the same S(0)).
        for (int j = 0; j < tile.Outputs; j++)
        {
            double ratio = noise.BandwidthHz[j] / dcAtDesign.Noise.BandwidthHz[j];
            Assert.InRange(ratio * 5, 1.0, 1.05);
            Assert.Equal(1, noise.ThermalVariance[j] / dcAtDesign.Noise.ThermalVariance[j] / ratio, 12);
        }
    }

    [Fact]
    public void Controller_in_tran_mode_adds_noise_the_same_on_its_fast_and_general_paths()
    {
        var settings = Settings(1e-6, seed: 3) with { CalibrationImages = 12, ColumnCalibrationImages = 6, DacBits = 8, AdcBits = 8 };
        // A small network (one 3×3 convolution, a pointwise classifier) keeps the tran step responses cheap.
        var model = new MemristorSpice.Network.Models.Model("tiny", MemristorSpice.Network.Models.ModelZoo.MnistShape,
        [
            new Conv2d("conv1", 1, 2, 3, 1, 1), new ReLU("relu1"), new MaxPool("pool1", 4),
            new PointwiseConv("classifier", 2, 10), new GlobalAvgPool("gap"),
        ]);
        MemristorSpice.Network.Models.Initializer.HeInit(model, 21);
        var network = CrossbarNetwork.FromModel(model);
        var calibration = TestModels.Mnist(500, 12);
        var ranges = MemristorSpice.Cosim.Controller.ConverterCalibration.Calibrate(network, calibration, settings);
        var backend = new TranBackend(settings, new TranOptions { ReadTimeSeconds = 1e-6, StepsPerSlot = 20 }) { Threads = 1 };
        var fast = new MemristorSpice.Cosim.Controller.DigitalController(network, ranges, settings, backend, calibration);
        var general = new MemristorSpice.Cosim.Controller.DigitalController(network, ranges, settings, backend, calibration) { UseGeneralPath = true };
        Assert.All(fast.Plans, p => Assert.NotNull(p.AffineReader));
        var (image, _) = TestModels.Mnist(40, 1).Batch(0, 1);
        var clean = fast.Run(image);
        IReadOnlyList<MemristorSpice.Cosim.Controller.StageTrace> a, b;
        using (ReadNoiseContext.For(0)) { a = fast.Run(image); b = general.Run(image); }
        int last = a.Count - 1;
        Assert.False(a[last].Output.Data.AsSpan().SequenceEqual(clean[last].Output.Data), "noise must move the tran output");
        // Both paths add the same samples to the same settled reads; sums in another order (rounding 1e-16) can move an
        // ADC code at a decision boundary, so values agree to 1e-9 relative except at most 0.1 %.
        for (int s = 0; s < a.Count; s++)
        {
            var x = a[s].Output.Data; var y = b[s].Output.Data;
            float scale = Math.Max(1e-20f, y.Max(Math.Abs));
            int off = Enumerable.Range(0, x.Length).Count(i => Math.Abs(x[i] - y[i]) > 1e-9 * scale + 1e-30);
            Assert.True(off <= x.Length / 1000, $"stage {s}: {off} of {x.Length} values differ between the paths");
        }
    }
}
