using BenchmarkDotNet.Attributes;
using MemristorSpice.Benchmarks.Circuits;
using MemristorSpice.Engine.Analyses;
using MemristorSpice.Engine.Core;

namespace MemristorSpice.Benchmarks.Suites;

/// <summary>Operating point of an N×N crossbar with wire resistance: setup (topology check, numbering, pattern,
/// ordering) plus one factorization and solve.</summary>
[MemoryDiagnoser]
public class CrossbarOpBenchmarks
{
    private Circuit _circuit = null!;

    [Params(32, 64, 128)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup() => _circuit = new CrossbarCase(N, false).Circuit();

    [Benchmark]
    public int OperatingPoint() => new OperatingPoint(_circuit).Run().Values.Count;
}
