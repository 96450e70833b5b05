using BenchmarkDotNet.Attributes;
using MemristorSpice.Benchmarks.Compare;
using MemristorSpice.Benchmarks.Cosim;
using MemristorSpice.Cosim.Backends;
using MemristorSpice.Cosim.Controller;
using MemristorSpice.Cosim.Driver;
using MemristorSpice.Network.Core;
using MemristorSpice.Network.Data;
using MemristorSpice.Network.IO;

namespace MemristorSpice.Benchmarks.Suites;

/// <summary>
/// One co-simulated MNIST image with the benchmark settings (shipped MSCCNN, native dc backend, 1 Ω wires, A0 = 1e5,
/// 8-bit DAC/ADC), single thread: the analog path alone (controller: DAC, tile reads, ADC, correction, digital
/// stages, ideal layers fed the same input), the whole per-image work of a run (plus the ideal network and the
/// comparison statistics), and the float network's forward pass of the same image as the baseline.
/// </summary>
[MemoryDiagnoser]
public class CosimImageBenchmarks
{
    private DigitalController _controller = null!;
    private Tensor _image = null!;
    private Dataset _one = null!;

    [GlobalSetup]
    public void Setup()
    {
        var root = RepositoryRoot.Find();
        var mnist = Path.Combine(root, "data", "mnist");
        var settings = CosimBenchmark.IssueSettings;
        var session = new CosimSession(WeightsFile.Load(Path.Combine(root, "weights", "msccnn.msw")), "bdn", settings,
            new CircuitDcBackend(settings), "dc", Datasets.MnistTrain(mnist), Datasets.MnistTest(mnist), 1);
        _controller = session.Controller;
        _one = session.Data;
        _image = _one.Batch(0, 1).Images;
    }

    [Benchmark(Description = "analog path, one image")]
    public int AnalogPath() => _controller.Run(_image).Count;

    [Benchmark(Description = "co-simulated image (analog path + ideal network + statistics)")]
    public int CosimulatedImage() => new CosimRunner(_controller) { Threads = 1 }.Run(_one, Shard.Whole).Predictions.Count;

    [Benchmark(Baseline = true, Description = "float network, one image")]
    public int FloatNetwork() => _controller.Network.Forward(_image).Length;
}
