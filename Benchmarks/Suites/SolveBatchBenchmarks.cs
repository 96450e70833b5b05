using BenchmarkDotNet.Attributes;
using MemristorSpice.Benchmarks.Circuits;
using MemristorSpice.Engine.Analyses;
using MemristorSpice.Engine.Core;

namespace MemristorSpice.Benchmarks.Suites;

/// <summary>Factor once, solve many: <see cref="LinearCircuitSolver.SolveBatch"/> of 256 row-voltage vectors on an N×N
/// crossbar, probing the N column outputs (what the co-simulation does per tile).</summary>
[MemoryDiagnoser]
public class SolveBatchBenchmarks
{
    private LinearCircuitSolver _solver = null!;
    private double[][] _inputs = null!;
    private string[] _probes = null!;

    [Params(32, 64, 128)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var bench = new CrossbarCase(N, false);
        _solver = new LinearCircuitSolver(bench.Circuit(), Enumerable.Range(1, N).Select(i => $"VR{i}").ToArray());
        var rng = new Random(1);
        _inputs = Enumerable.Range(0, 256).Select(_ => Enumerable.Range(0, N).Select(_ => rng.NextDouble() * 0.2).ToArray()).ToArray();
        _probes = Enumerable.Range(1, N).Select(j => $"v({bench.OutputNode(j)})").ToArray();
    }

    [Benchmark(Description = "SolveBatch 256 vectors")]
    public double SolveBatch() => _solver.SolveBatch(_inputs, _probes)[^1][0];
}
