using MemristorSpice.Cosim.Backends;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Controller;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Network.Core;
using MemristorSpice.Network.Onnx;
using MemristorSpice.Tests.Shared;

namespace MemristorSpice.Cosim.Tests;

/// <summary>
/// Layers whose input goes negative (the grouped fixture: LeakyRelu, HardSwish and Tanh before analog layers) get a
/// bipolar DAC: every analog stage computes exactly its float layer applied to the DAC-quantized signed input.
/// </summary>
public sealed class BipolarDacTests
{
    private static (CrossbarNetwork Network, IReadOnlyList<StageRanges> Ranges, DigitalController Controller) Build(DacPolarity polarity)
    {
        var path = Path.Combine(Dependencies.RepoRoot, "tests", "Fixtures", "onnx", "grouped.onnx");
        var network = CrossbarNetwork.FromModel(OnnxImporter.Import(path).Model);
        // Ideal ADC and backend: the only conversion left is the DAC, so the truth is the float layer on DAC(x).
        var settings = new NonIdealities { DacBits = 8, AdcBits = 0, ColumnCalibrationImages = 0, DacPolarity = polarity };
        var ranges = ConverterCalibration.Calibrate(network, TestModels.MnistTrainHead(20), settings);
        return (network, ranges, new DigitalController(network, ranges, settings, new IdealBackend()));
    }

    [Fact]
    public void Layers_with_negative_inputs_get_a_bipolar_dac_that_matches_ideal_math()
    {
        var (network, ranges, controller) = Build(DacPolarity.Auto);
        // MNIST pixels are ≥ 0: the first layer stays unipolar; the layers after LeakyRelu/HardSwish/Tanh do not.
        Assert.False(ranges[0].BipolarInput);
        Assert.True(ranges.Count(r => r.BipolarInput) >= 2, string.Join(", ", ranges.Select(r => $"{r.Layer}: {r.BipolarInput}")));
        var (x, _) = TestModels.Mnist(0, 1).Batch(0, 1);
        var traces = controller.Run(x);
        var outputs = traces.Select(t => t.Output).ToList();
        int checkedStages = 0;
        foreach (var plan in controller.Plans.Where(p => p.Dac.Bipolar))
        {
            var input = network.StageInput(plan.StageIndex, x, outputs);
            Assert.Contains(input.Data, v => v < -plan.Dac.Lsb);   // negative values actually reach this layer
            var quantized = new Tensor(input.N, input.C, input.H, input.W, input.Data.Select(v => (float)plan.Dac.Convert(v)).ToArray());
            var expected = plan.Stage.Forward(quantized);
            var actual = traces[plan.StageIndex].Output;
            // Tolerance 1e-4 of the largest |output|: the float layer rounds activations to single precision, the
            // controller converts in double (the row volts differ from the float input in the last bits).
            double scale = expected.Data.Max(v => Math.Abs(v));
            for (int i = 0; i < expected.Length; i++)
                Assert.True(Math.Abs(expected.Data[i] - actual.Data[i]) <= 1e-4 * scale, $"{plan.Stage.Name} value {i}: {actual.Data[i]} vs {expected.Data[i]}");
            checkedStages++;
        }
        Assert.True(checkedStages >= 2);
    }

    [Fact]
    public void A_unipolar_dac_clips_the_negative_inputs_that_the_bipolar_one_keeps()
    {
        var (_, _, bipolar) = Build(DacPolarity.Auto);
        var (_, _, unipolar) = Build(DacPolarity.Unipolar);
        var (x, _) = TestModels.Mnist(1, 1).Batch(0, 1);
        var b = bipolar.Run(x);
        var u = unipolar.Run(x);
        // Truth: the ideal network. The unipolar path counts every negative patch entry as clipped and ends farther
        // from the ideal logits than the bipolar path.
        var ideal = bipolar.Network.Forward(x).Data;
        double Error(IReadOnlyList<StageTrace> t) => t[^1].Output.Data.Select((v, i) => Math.Abs(v - ideal[i])).Max();
        Assert.True(b.Sum(t => t.DacClipped) < u.Sum(t => t.DacClipped), $"clipped: bipolar {b.Sum(t => t.DacClipped)}, unipolar {u.Sum(t => t.DacClipped)}");
        Assert.True(Error(b) < Error(u), $"bipolar {Error(b)}, unipolar {Error(u)}");
    }
}
