using MemristorSpice.Cosim.Backends;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Controller;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Network.Data;
using MemristorSpice.Network.Layers;
using MemristorSpice.Network.Models;
using MemristorSpice.Tests.Shared;

namespace MemristorSpice.Cosim.Tests;

/// <summary>Small deterministic inputs for the tests: a seeded MSCCNN with non-trivial BatchNorm, and MNIST slices.</summary>
internal static class TestModels
{
    /// <summary>MSCCNN with He-initialised weights (seed) and random BatchNorm statistics, so folded biases are non-zero.</summary>
    public static Model Msccnn(int seed)
    {
        var model = ModelZoo.Create("msccnn", seed);
        var rng = new Random(seed + 1000);
        foreach (var bn in model.Layers.OfType<BatchNorm>())
            for (int c = 0; c < bn.Channels; c++)
            {
                bn.Gamma.Value[c] = (float)(0.5 + rng.NextDouble());
                bn.Beta.Value[c] = (float)(rng.NextDouble() - 0.5);
                bn.RunningMean.Value[c] = (float)(0.2 * (rng.NextDouble() - 0.5));
                bn.RunningVar.Value[c] = (float)(0.5 + rng.NextDouble());
            }
        return model;
    }

    /// <summary>The digital controller of a seeded MSCCNN on <paramref name="backend"/>, converter ranges calibrated on
    /// MNIST test images [calibrationStart, calibrationStart + 10) (kept apart from the images a test reads).</summary>
    public static DigitalController Controller(NonIdealities settings, ICrossbarBackend backend, int seed = 3, int calibrationStart = 200)
    {
        // Legacy placement: the classifier keeps its bias-only tile, the smallest tile the backend tests compare.
        var network = CrossbarNetwork.FromModel(Msccnn(seed), BiasPlacement.Analog);
        return new DigitalController(network, ConverterCalibration.Calibrate(network, Mnist(calibrationStart, 10), settings), settings, backend);
    }

    private static readonly Lazy<Dataset> Test = new(() => Datasets.MnistTest(Dependencies.RequireMnist()));
    private static readonly Lazy<Dataset> TrainHead = new(() => Datasets.MnistTrain(Dependencies.RequireMnist()).Take(200));

    /// <summary>The first <paramref name="count"/> (at most 200) MNIST training images: the CLI's calibration images.</summary>
    public static Dataset MnistTrainHead(int count) => TrainHead.Value.Take(count);

    /// <summary>Images [start, start + count) of the MNIST test set.</summary>
    public static Dataset Mnist(int start, int count)
    {
        var all = Test.Value;
        var (x, labels) = all.Batch(start, count);
        return new Dataset($"mnist-test[{start}:{start + count}]", all.Rows, all.Cols, x.Data, labels);
    }
}
