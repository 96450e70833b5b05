using MemristorSpice.Cosim.Backends;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Controller;
using MemristorSpice.Cosim.Driver;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Network.Core;
using MemristorSpice.Network.Layers;
using MemristorSpice.Network.Models;

namespace MemristorSpice.Cosim.Tests;

/// <summary>
/// The controller's affine fast path (DAC once per activation, whole-image tile reads, plane-wise depthwise, SIMD
/// ADC) against the general path (patch matrices through <see cref="ITileReader.Read"/>, scalar <see cref="Dac"/>,
/// <see cref="Adc"/> and <see cref="ColumnCorrection.Apply"/> per value) and against the network's own float layers.
/// </summary>
public class FastPathTests
{
    private static (DigitalController Fast, DigitalController General) Controllers(NonIdealities settings, ICrossbarBackend backend, int seed, Model? model = null)
    {
        var network = CrossbarNetwork.FromModel(model ?? TestModels.Msccnn(seed));
        var calibration = TestModels.Mnist(500, 12);
        var ranges = ConverterCalibration.Calibrate(network, calibration, settings);
        var fast = new DigitalController(network, ranges, settings, backend, calibration);
        // Same network, ranges, programmed tiles and corrections, forced through ITileReader.Read.
        var general = new DigitalController(network, ranges, settings, backend, calibration) { UseGeneralPath = true };
        return (fast, general);
    }

    public static TheoryData<string> Configurations => ["circuit", "circuit-clipping", "ideal-converters", "lenet"];

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Fast_path_equals_the_general_path_bit_for_bit(string configuration)
    {
        var settings = configuration switch
        {
            // The benchmark configuration plus variation, so every tile has its own transfer matrix and offset.
            "circuit" => new NonIdealities { WireRowOhms = 1, WireColumnOhms = 1, OpAmpGain = 1e5, VariationSigma = 0.05, VariationSeed = 4, CalibrationImages = 12, ColumnCalibrationImages = 6 },
            // Ranges at 40 % of the calibrated maxima: many DAC and ADC codes clip, so the clip counts are exercised.
            "circuit-clipping" => new NonIdealities { WireRowOhms = 1, WireColumnOhms = 1, DacRangeScale = 0.4, AdcRangeScale = 0.4, CalibrationImages = 12, ColumnCalibrationImages = 6 },
            // LeNet: 5x5 convolutions and fully connected layers read once per image, split into several tiles.
            "lenet" => new NonIdealities { WireRowOhms = 1, WireColumnOhms = 1, VariationSigma = 0.05, VariationSeed = 2, CalibrationImages = 12, ColumnCalibrationImages = 6 },
            _ => new NonIdealities { DacBits = 0, AdcBits = 0, CalibrationImages = 12, ColumnCalibrationImages = 0 },
        };
        ICrossbarBackend backend = configuration == "ideal-converters" ? new IdealBackend() : new CircuitDcBackend(settings);
        var (fast, general) = Controllers(settings, backend, seed: 21, configuration == "lenet" ? ModelZoo.Create("lenet", 21) : null);
        Assert.All(fast.Plans, p => Assert.NotNull(p.AffineReader));
        var data = TestModels.Mnist(40, 3);
        long clips = 0;
        for (int n = 0; n < data.Count; n++)
        {
            var (image, _) = data.Batch(n, 1);
            var a = fast.Run(image);
            var b = general.Run(image);
            for (int s = 0; s < a.Count; s++)
            {
                string where = $"image {n}, stage {s} ({fast.Network.Stages[s].Name})";
                // Same IEEE operations in the same order: exact equality, not a tolerance.
                Assert.True(a[s].Output.Data.AsSpan().SequenceEqual(b[s].Output.Data), $"{where}: analog outputs differ");
                Assert.Equal(b[s].AdcClipped, a[s].AdcClipped);
                Assert.Equal(b[s].DacClipped, a[s].DacClipped);
                clips += a[s].AdcClipped + a[s].DacClipped;
                if (b[s].IdealSameInput is not { } reference) continue;
                // The fast path's ideal layer vs the network layer's own forward pass on the same input: the float GEMM
                // may split the positions differently (SIMD tails), so sums of ≤ 129 float products may differ by a few
                // float roundings: 1e-5 of the largest |value| + 1e-6.
                var ideal = a[s].IdealSameInput!.Data;
                float scale = reference.Data.Max(Math.Abs);
                for (int i = 0; i < ideal.Length; i++)
                    Assert.True(Math.Abs(ideal[i] - reference.Data[i]) <= 1e-5 * scale + 1e-6, $"{where}: ideal value {i} {ideal[i]} vs layer {reference.Data[i]}");
            }
        }
        if (configuration == "circuit-clipping") Assert.True(clips > 0, "the clipping configuration clipped nothing");
    }

    [Fact]
    public void Reused_first_stage_gives_exactly_the_ideal_network()
    {
        var settings = new NonIdealities { CalibrationImages = 8 };
        var (fast, _) = Controllers(settings, new IdealBackend(), seed: 6);
        var (image, _) = TestModels.Mnist(7, 1).Batch(0, 1);
        var reference = fast.Network.ForwardAll(image);
        var reused = CosimRunner.IdealNetwork(fast.Network, image, fast.Run(image));
        for (int s = 0; s < reference.Count; s++)
            Assert.True(reference[s].Data.AsSpan().SequenceEqual(reused[s].Data), $"stage {s} differs from CrossbarNetwork.ForwardAll");
    }

    [Fact]
    public void Patch_gather_equals_the_stage_patches_for_every_model()
    {
        var rng = new Random(5);
        foreach (var name in ModelZoo.Names)
        {
            var network = CrossbarNetwork.FromModel(ModelZoo.Create(name, 1));
            foreach (var stage in network.AnalogStages)
            {
                var shape = stage.InputShape;
                var x = new Tensor(1, shape.C, shape.H, shape.W);
                for (int i = 0; i < x.Length; i++) x.Data[i] = rng.Next(3) == 0 ? 0 : (float)rng.NextDouble();
                var gather = new PatchGather(stage);
                var cols = new float[gather.RowsPerPatch * gather.Positions];
                foreach (int c in new[] { 0, stage.Crossbars.Count - 1 })
                {
                    var patches = stage.Patches(x, 0, c);
                    gather.Columns<float>(x.Data, gather.PlaneOffset(stage.Crossbars[c]), cols);
                    int rows = stage.Crossbars[c].Rows;
                    for (int p = 0; p < gather.Positions; p++)
                        for (int r = 0; r < gather.RowsPerPatch; r++)
                            Assert.Equal(patches[p * rows + r], cols[r * gather.Positions + p]);
                    // Multiplicity: how often each value appears in the patches of this crossbar.
                    var counts = new int[gather.Multiplicity.Length];
                    for (int p = 0; p < gather.Positions; p++)
                        foreach (int src in gather.Sources(p))
                            if (src >= 0) counts[src]++;
                    Assert.Equal(counts, gather.Multiplicity);
                }
            }
        }
    }

    [Theory]
    [InlineData(3, 9, 8)]
    [InlineData(2, 26, 26)]
    [InlineData(2, 13, 13)]
    public void Controller_pooling_and_relu_equal_the_network_layers_bit_for_bit(int channels, int height, int width)
    {
        var rng = new Random(9 + width);
        var x = new Tensor(1, channels, height, width);
        // Ties, +0 and −0 (which compare equal: the first one of a window must win), negative values, and odd sizes
        // (the remainder row and column are dropped).
        for (int i = 0; i < x.Length; i++)
            x.Data[i] = rng.Next(5) switch { 0 => 0f, 1 => -0f, 2 => 0.5f, _ => (float)(rng.NextDouble() - 0.3) };
        foreach (int size in new[] { 2, 3 })
        {
            var layer = new MaxPool("pool", size);
            Assert.Equal(Bits(layer.Forward(x, training: false)), Bits(ControllerDigitalStages.MaxPool(layer, x)));
        }
        Assert.Equal(Bits(new ReLU("relu").Forward(x, training: false)), Bits(ControllerDigitalStages.Relu(x)));
    }

    private static int[] Bits(Tensor t) => t.Data.Select(BitConverter.SingleToInt32Bits).ToArray();
}
