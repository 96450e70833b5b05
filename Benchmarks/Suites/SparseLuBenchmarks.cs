using BenchmarkDotNet.Attributes;
using MemristorSpice.Benchmarks.Circuits;
using MemristorSpice.Engine.Solver;

namespace MemristorSpice.Benchmarks.Suites;

/// <summary>Sparse LU on the nodal matrix of an N×N crossbar with wire resistance: first factorization (ordering and
/// pivot search), refactorization with the same pivots, and one forward/backward solve.</summary>
[MemoryDiagnoser]
public class SparseLuBenchmarks
{
    private CrossbarMatrix _m = null!;
    private SparseLu _factored = null!;
    private double[] _b = null!, _work = null!;

    [Params(32, 64, 128)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _m = new CrossbarMatrix(N);
        _factored = new SparseLu(_m.Order, _m.ColPtr, _m.RowIdx);
        if (!_factored.Factor(_m.Values)) throw new InvalidOperationException("crossbar matrix is singular");
        _b = new double[_m.Order];
        _work = new double[_m.Order];
    }

    [Benchmark(Description = "Factor (ordering + pivoting)")]
    public long Factor()
    {
        var lu = new SparseLu(_m.Order, _m.ColPtr, _m.RowIdx);
        lu.Factor(_m.Values);
        return lu.FactorNonZeros;
    }

    [Benchmark(Description = "Refactor (same pivots)")]
    public bool Refactor() => _factored.Refactor(_m.Values);

    [Benchmark(Description = "Solve")]
    public double Solve()
    {
        _m.Rhs.CopyTo(_b, 0);
        _factored.Solve(_b, _work);
        return _b[0];
    }
}
