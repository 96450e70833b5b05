using BenchmarkDotNet.Attributes;
using MemristorSpice.Network.Core;
using MemristorSpice.Network.Layers;
using MemristorSpice.Network.Models;
using MemristorSpice.Network.Training;

namespace MemristorSpice.Benchmarks.Suites;

/// <summary>One training step (forward, loss, backward, Adam update) on a batch of 128 synthetic 28×28 images.</summary>
[MemoryDiagnoser]
public class TrainingStepBenchmarks
{
    private const int Batch = 128;
    private Model _model = null!;
    private Tensor _images = null!;
    private byte[] _labels = null!;
    private IOptimizer _optimizer = null!;
    private List<Parameter> _parameters = null!;

    [Params("msccnn", "lenet")]
    public string Model { get; set; } = "msccnn";

    [GlobalSetup]
    public void Setup()
    {
        _model = ModelZoo.Create(Model, seed: 1);
        var rng = new Random(1);
        _images = new Tensor(Batch, 1, 28, 28);
        for (int k = 0; k < _images.Length; k++) _images.Data[k] = (float)rng.NextDouble();
        _labels = Enumerable.Range(0, Batch).Select(_ => (byte)rng.Next(10)).ToArray();
        _optimizer = new TrainingOptions().CreateOptimizer();
        _parameters = _model.TrainableParameters.ToList();
    }

    [Benchmark(Description = "train step, batch 128")]
    public double Step()
    {
        _model.ZeroGrad();
        var logits = _model.Forward(_images, training: true);
        var loss = SoftmaxCrossEntropy.Compute(logits, _labels);
        _model.Backward(loss.Gradient);
        _optimizer.Step(_parameters, 1e-3f);
        return loss.Loss;
    }
}
