using MemristorSpice.Cosim.Backends;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Driver;
using MemristorSpice.Cosim.Metrics;
using MemristorSpice.Network.Layers;

namespace MemristorSpice.Cosim.Tests;

/// <summary>The parallel runner (worker threads, recycled activation arrays) against a plain loop over the images.</summary>
public class RunnerTests
{
    [Fact]
    public void Parallel_runner_with_recycled_arrays_equals_a_plain_loop_exactly()
    {
        var settings = new NonIdealities { WireRowOhms = 1, WireColumnOhms = 1, CalibrationImages = 12, ColumnCalibrationImages = 6 };
        var controller = TestModels.Controller(settings, new CircuitDcBackend(settings), seed: 8);
        var data = TestModels.Mnist(60, 16);

        var outcome = new CosimRunner(controller) { Threads = 2 }.Run(data, Shard.Whole);

        // The plain loop: fresh arrays for every image (no pool), one thread, the same comparisons.
        var expected = controller.Plans.Select(p => (p.StageIndex, SameInput: new ErrorStatistics(), Ideal: new ErrorStatistics())).ToList();
        for (int n = 0; n < data.Count; n++)
        {
            var (x, labels) = data.Batch(n, 1);
            var traces = controller.Run(x);
            var ideal = controller.Network.ForwardAll(x);
            foreach (var (stage, sameInput, idealNetwork) in expected)
            {
                sameInput.Add(traces[stage].IdealSameInput!.Data, traces[stage].Output.Data);
                idealNetwork.Add(ideal[stage].Data, traces[stage].Output.Data);
            }
            var prediction = outcome.Predictions[n];
            Assert.Equal(labels[0], prediction.Label);
            Assert.Equal(SoftmaxCrossEntropy.ArgMax(traces[^1].Output.Data), prediction.Analog);
            Assert.Equal(SoftmaxCrossEntropy.ArgMax(ideal[^1].Data), prediction.Ideal);
        }
        // Exact sums: equal to the last bit whatever the thread count and order.
        foreach (var (stage, sameInput, idealNetwork) in expected)
        {
            var layer = outcome.Layers.Single(l => l.StageIndex == stage);
            Assert.Equal(data.Count, layer.Images);
            Same(sameInput, layer.VsSameInput, layer.Layer);
            Same(idealNetwork, layer.VsIdealNetwork, layer.Layer);
        }
    }

    private static void Same(ErrorStatistics expected, ErrorStatistics actual, string layer)
    {
        Assert.True(expected.Count == actual.Count, $"{layer}: count");
        Assert.True(expected.SumErrorSquared.Value == actual.SumErrorSquared.Value, $"{layer}: sum of squared errors");
        Assert.True(expected.SumXY.Value == actual.SumXY.Value, $"{layer}: sum of products");
        Assert.True(expected.SumY.Value == actual.SumY.Value && expected.SumX.Value == actual.SumX.Value, $"{layer}: sums");
        Assert.True(expected.MaxAbsError == actual.MaxAbsError, $"{layer}: max error");
    }
}
