using MemristorSpice.Cosim.Backends;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Controller;
using MemristorSpice.Cosim.Ppa;
using MemristorSpice.Crossbar.Generation;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Network.Core;
using MemristorSpice.Network.IO;
using MemristorSpice.Tests.Shared;

namespace MemristorSpice.Cosim.Tests;

/// <summary>
/// Bias placement: a bias that would sit alone in a tile (msccnn's classifier: 128 inputs + bias = 129 rows) is added
/// by the digital controller after the ADC instead. Truths: the mapping rules' closed form (3 op-amps per output per
/// tile), the float network (the fold is exact in ideal math), and whole-network runs of the same settings.
/// </summary>
public class BiasPlacementTests
{
    private static string Shipped => Path.Combine(Dependencies.RepoRoot, "weights", "msccnn.msw");

    [Fact]
    public void Msccnn_classifier_has_no_bias_only_tile_and_counts_drop_by_that_tile()
    {
        var model = WeightsFile.Load(Shipped);
        var analog = CrossbarNetwork.FromModel(model, BiasPlacement.Analog).AnalogStages.Single(s => s.Name == "classifier").Crossbars[0];
        var auto = CrossbarNetwork.FromModel(model).AnalogStages.Single(s => s.Name == "classifier").Crossbars[0];
        Assert.Equal((129, 2), (analog.AnalogRows, CrossbarMappingRules.Tiles(analog.AnalogRows)));
        Assert.Equal((128, 1), (auto.AnalogRows, CrossbarMappingRules.Tiles(auto.AnalogRows)));
        // Layers whose last tile has a spare row keep the bias on the crossbar under auto.
        Assert.All(CrossbarNetwork.FromModel(model).AnalogStages.Where(s => s.Name != "classifier"), s => Assert.True(s.Crossbars[0].BiasOnCrossbar));

        // Rule counts: one tile of 10 outputs fewer = 3·10 op-amps and 2·10 memristors (the bias row's cell pairs).
        var before = ModelCounter.Count(model, BiasPlacement.Analog);
        var after = ModelCounter.Count(model);
        Assert.Equal(before.OpAmps - 30, after.OpAmps);
        Assert.Equal(before.Memristors - 20, after.Memristors);
        Assert.Equal(before.Crossbars - 1, after.Crossbars);

        // The generated netlists (what the PPA report counts) drop the same: one crossbar, 30 op-amps, 10 ADCs.
        var options = CrossbarOptionsFactory.For(new NonIdealities(), 1.0);
        HardwareCounts Sum(BiasPlacement p) => CircuitInventory.Count(CrossbarNetwork.FromModel(model, p), "msccnn", options)
            .Aggregate(default(HardwareCounts), (s, l) => s + l.Counts);
        var (netBefore, netAfter) = (Sum(BiasPlacement.Analog), Sum(BiasPlacement.Auto));
        Assert.Equal(netBefore with { Crossbars = netBefore.Crossbars - 1, OpAmps = netBefore.OpAmps - 30, Adcs = netBefore.Adcs - 10, Memristors = netBefore.Memristors - 20 },
            netAfter);
    }

    [Theory]
    [InlineData(BiasPlacement.Auto)]
    [InlineData(BiasPlacement.Digital)]
    public void Folded_bias_is_exact_in_ideal_math_and_both_read_paths_agree(BiasPlacement placement)
    {
        var model = TestModels.Msccnn(seed: 5);
        var network = CrossbarNetwork.FromModel(model, placement);
        var data = TestModels.Mnist(0, 6);
        var settings = NonIdealities.Ideal with { BiasRow = placement };
        var ranges = ConverterCalibration.Calibrate(network, TestModels.Mnist(300, 10), settings);
        var fast = new DigitalController(network, ranges, settings, new IdealBackend());
        var general = new DigitalController(network, ranges, settings, new IdealBackend()) { UseGeneralPath = true };
        var (x, _) = data.Batch(0, data.Count);
        var ideal = network.Forward(x);
        var a = fast.Forward(x);
        var b = general.Forward(x);
        // The two controller paths run the same IEEE operations in the same order: bit-identical.
        Assert.Equal(b.Data, a.Data);
        // Against the float network: the analog path sums in double, the network in float (≤ 288 terms of
        // eps 6e-8 per layer, compounded over 6 layers): 1e-4 of the largest logit is ample and far below any bias.
        double scale = 1 + ideal.Data.Max(Math.Abs);
        for (int i = 0; i < ideal.Length; i++) Assert.True(Math.Abs(a.Data[i] - ideal.Data[i]) <= 1e-4 * scale, $"logit {i}: {a.Data[i]} vs {ideal.Data[i]}");
    }

    [Fact]
    public void Circuit_accuracy_with_the_folded_bias_equals_the_float_network_on_200_images()
    {
        // Native dc circuits, 1 ohm wires, A0 1e5, 8-bit converters (the report's design point) on the shipped msccnn.
        var model = WeightsFile.Load(Shipped);
        var settings = new NonIdealities { WireRowOhms = 1, WireColumnOhms = 1, OpAmpGain = 1e5 };
        var session = new Driver.CosimSession(model, "test", settings, new CircuitDcBackend(settings), "dc",
            TestModels.MnistTrainHead(200), TestModels.Mnist(0, 200), 200);
        var report = session.Run(Driver.Shard.Whole, 2);
        // Tolerance 1 point (2 of 200 images): 8-bit converters change a few borderline predictions; the float network
        // on the same images is the truth.
        Assert.InRange(report.Outcome.Ideal.Accuracy - report.Outcome.Analog.Accuracy, -0.01, 0.01);
        Assert.Single(session.Ranges.Single(r => r.Layer == "classifier").TileOutputFullScale);
    }

    [Fact]
    public void Adc_full_scale_of_a_lone_bias_tile_is_floored_at_one_full_scale_cell()
    {
        // Legacy placement keeps the 129th row alone in a tile: calibration alone would set its ADC to max |b|·Vread/amax.
        var model = WeightsFile.Load(Shipped);
        var settings = new NonIdealities { BiasRow = BiasPlacement.Analog };
        var network = CrossbarNetwork.FromModel(model, BiasPlacement.Analog);
        var stage = network.AnalogStages.Single(s => s.Name == "classifier");
        var ranges = ConverterCalibration.Calibrate(network, TestModels.MnistTrainHead(50), settings).Single(r => r.Layer == "classifier");
        double amax = ranges.InputFullScale;
        var xb = stage.Crossbars[0];
        double wmax = 0, bmax = 0;
        for (int r = 0; r < xb.Rows; r++)
            for (int o = 0; o < xb.Outputs; o++)
            {
                double stored = r == xb.BiasRow ? xb[r, o] / amax : xb[r, o];
                wmax = Math.Max(wmax, Math.Abs(stored));
                if (r == xb.BiasRow) bmax = Math.Max(bmax, Math.Abs(xb[r, o]));
            }
        // Closed form: one cell at wmax read at amax, in weight·volt units wmax·amax·Vread/amax = wmax·Vread.
        Assert.Equal(wmax * settings.VreadVolts, ranges.TileOutputFullScale[1], 1e-9);
        Assert.True(ranges.TileOutputFullScale[1] > 10 * bmax * settings.VreadVolts / amax, "the floor lifts the lone bias tile well above its calibrated signal");
    }

    [Fact]
    public void Layer_scoped_settings_change_only_that_layers_tiles()
    {
        // Truth: whole-network backends at the base and at the perturbed design point. The scoped backend must program
        // pw1's tiles exactly as the perturbed one and every other tile exactly as the base one (same seeds).
        var network = CrossbarNetwork.FromModel(TestModels.Msccnn(seed: 7));
        var baseline = new NonIdealities { VariationSeed = 4, FaultSeed = 4 };
        var perturbed = baseline with { VariationSigma = 0.3, StuckAtGmaxRate = 0.01 };
        var ranges = ConverterCalibration.Calibrate(network, TestModels.Mnist(300, 4), baseline);
        IReadOnlyList<AnalogLayerPlan> Plans(CircuitDcBackend b) => new DigitalController(network, ranges, baseline, b).Plans;
        var a = Plans(new CircuitDcBackend(baseline));
        var p = Plans(new CircuitDcBackend(perturbed));
        var s = Plans(new CircuitDcBackend(baseline) { LayerSettings = l => l == "pw1" ? perturbed : baseline });
        for (int i = 0; i < s.Count; i++)
            for (int c = 0; c < s[i].Readers.Count; c++)
                for (int t = 0; t < s[i].TileCount; t++)
                {
                    var truth = (MatrixTileReader)(s[i].Stage.Name == "pw1" ? p : a)[i].Readers[c][t];
                    Assert.Equal(truth.Transfer.ToArray(), ((MatrixTileReader)s[i].Readers[c][t]).Transfer.ToArray());
                }
        // And the perturbation is real: pw1 differs between base and perturbed.
        int pw1 = a.ToList().FindIndex(x => x.Stage.Name == "pw1");
        Assert.NotEqual(((MatrixTileReader)a[pw1].Readers[0][0]).Transfer.ToArray(), ((MatrixTileReader)p[pw1].Readers[0][0]).Transfer.ToArray());
    }
}
