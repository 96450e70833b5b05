using MemristorSpice.Engine.Solver;

namespace MemristorSpice.Engine.Core;

/// <summary>Handle of one matrix entry, obtained once at setup; stamping through it costs one array add.</summary>
public readonly record struct MatrixElement(int Index)
{
    /// <summary>The handle for a row or column at ground: stamps land in a discarded slot.</summary>
    public static readonly MatrixElement Ground = new(0);
}

/// <summary>
/// The modified-nodal-analysis system G·x = b. Unknown 0 is ground: its row, column and solution entry are
/// discarded, so devices can stamp without testing for ground. Entries are created during setup
/// (<see cref="GetElement"/>), then the pattern is frozen and handed to the sparse LU.
/// </summary>
internal sealed class MnaSystem
{
    private readonly Dictionary<long, int> _map = new(MixedKey.Instance);
    private readonly List<int> _rows = new() { 0 }, _cols = new() { 0 };
    private int[]? _cscPos;     // entry → position in CSC values
    private double[]? _csc;
    private SparseLu? _lu;
    private double[]? _work;

    /// <summary>Entry values by handle index (index 0 = ground sink).</summary>
    public double[] Values { get; private set; } = new double[1];

    /// <summary>Right-hand side by unknown index (index 0 = ground sink).</summary>
    public double[] Rhs { get; private set; } = new double[1];

    /// <summary>Number of unknowns including ground (so the MNA order is Size − 1).</summary>
    public int Size { get; private set; } = 1;

    public bool IsFrozen => _cscPos is not null;

    public SparseLu Lu => _lu ?? throw new InvalidOperationException("System not frozen.");

    internal void SetSize(int size) => Size = size;

    /// <summary>Handle of entry (row, col); ground rows/columns give the sink. Setup time only.</summary>
    public MatrixElement GetElement(int row, int col)
    {
        if (row <= 0 || col <= 0) return MatrixElement.Ground;
        if (IsFrozen) throw new InvalidOperationException("Matrix elements must be requested during setup.");
        long key = ((long)row << 32) | (uint)col;
        if (_map.TryGetValue(key, out int idx)) return new MatrixElement(idx);
        idx = _rows.Count;
        _rows.Add(row); _cols.Add(col);
        _map[key] = idx;
        return new MatrixElement(idx);
    }

    /// <summary>Freezes the pattern: every diagonal entry exists (gmin can be added anywhere).</summary>
    internal void Freeze()
    {
        for (int i = 1; i < Size; i++) GetElement(i, i);
        int n = Size - 1;
        int nnz = _rows.Count - 1;
        var colPtr = new int[n + 1];
        for (int e = 1; e <= nnz; e++) colPtr[_cols[e]]++; // column c (1-based) counted at colPtr[c]
        // prefix: colPtr[c-1] start of column c (0-based c-1)
        int sum = 0;
        for (int c = 0; c < n; c++) { int cnt = colPtr[c + 1]; colPtr[c] = sum; sum += cnt; }
        colPtr[n] = sum;
        var next = (int[])colPtr.Clone();
        var rowIdx = new int[nnz];
        _cscPos = new int[nnz + 1];
        for (int e = 1; e <= nnz; e++)
        {
            int c = _cols[e] - 1;
            int pos = next[c]++;
            rowIdx[pos] = _rows[e] - 1;
            _cscPos[e] = pos;
        }
        _csc = new double[nnz];
        _lu = new SparseLu(n, colPtr, rowIdx);
        Values = new double[nnz + 1];
        Rhs = new double[Size];
        _work = new double[n];
        _map.Clear();
        _map.TrimExcess();
    }

    /// <summary>Number of stored entries (without the ground sink).</summary>
    public int EntryCount => _rows.Count - 1;

    /// <summary>Row and column (unknown indices) of an entry.</summary>
    public (int Row, int Col) EntryPosition(int index) => (_rows[index], _cols[index]);

    /// <summary>Clears matrix and right-hand side before a load.</summary>
    public void Clear()
    {
        Array.Clear(Values);
        Array.Clear(Rhs);
    }

    /// <summary>Factors the current values (refactor with the old pivots when they stay acceptable).</summary>
    /// <returns>False if singular; <see cref="SingularUnknown"/> names the unknown.</returns>
    /// <remarks>
    /// When the values equal those of the last successful factorization (a linear circuit between time steps of the
    /// same size) the factors are kept as they are: identical matrix, identical factors. On a 128x128 crossbar
    /// transient this skips most of the refactorizations, which were 90 % of the run (docs/profiling.md).
    /// </remarks>
    public bool Factor()
    {
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        var csc = _csc!; var pos = _cscPos!; var v = Values;
        for (int e = 1; e < v.Length; e++) csc[pos[e]] = v[e];
        if (_factoredValid && csc.AsSpan().SequenceEqual(_factored))
        {
            SkippedFactorizations++;
            _factorTicks += System.Diagnostics.Stopwatch.GetTimestamp() - start;
            return true;
        }
        bool ok = _lu!.FactorOrRefactor(csc);
        SingularUnknown = ok ? -1 : _lu.SingularColumn + 1;
        _factored ??= new double[csc.Length];
        csc.CopyTo(_factored, 0);
        _factoredValid = ok;
        Factorizations++;
        _factorTicks += System.Diagnostics.Stopwatch.GetTimestamp() - start;
        return ok;
    }

    private long _factorTicks, _solveTicks;

    /// <summary>Wall time spent in <see cref="Factor"/> (including the unchanged-matrix check), for profiling.</summary>
    public TimeSpan FactorTime => System.Diagnostics.Stopwatch.GetElapsedTime(0, _factorTicks);

    /// <summary>Wall time spent in the simulation's own solves (<see cref="Solve(double[], double[])"/>), for profiling.</summary>
    public TimeSpan SolveTime => System.Diagnostics.Stopwatch.GetElapsedTime(0, _solveTicks);

    private double[]? _factored;
    private bool _factoredValid;

    /// <summary>Factorizations and refactorizations done by <see cref="Factor"/>.</summary>
    public int Factorizations { get; private set; }

    /// <summary>Calls of <see cref="Factor"/> that found the matrix unchanged since the last factorization and kept it.</summary>
    public int SkippedFactorizations { get; private set; }

    /// <summary>Unknown index whose column had no usable pivot in the last failed factorization.</summary>
    public int SingularUnknown { get; private set; } = -1;

    /// <summary>Solves with the current factors: solution[1..] from rhs[1..]; solution[0] = 0.</summary>
    public void Solve(double[] rhs, double[] solution)
    {
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        Solve(rhs, solution, _work!);
        _solveTicks += System.Diagnostics.Stopwatch.GetTimestamp() - start;
    }

    /// <summary>Thread-safe solve given a caller-owned work vector of length Size − 1.</summary>
    public void Solve(ReadOnlySpan<double> rhs, Span<double> solution, Span<double> work)
    {
        var b = solution[1..];
        rhs[1..].CopyTo(b);
        _lu!.Solve(b, work);
        solution[0] = 0;
    }

    /// <summary>
    /// Thread-safe solve of k right-hand sides at once (<see cref="SparseLu.SolveBlock"/>): <paramref name="rhs"/> and
    /// <paramref name="solution"/> are Size×k with the k values of unknown i at [i·k ..] (row 0, ground, ignored and
    /// set to 0), <paramref name="work"/> has (Size − 1)·k entries.
    /// </summary>
    public void SolveBlock(ReadOnlySpan<double> rhs, Span<double> solution, Span<double> work, int k)
    {
        var b = solution[k..];
        rhs[k..].CopyTo(b);
        _lu!.SolveBlock(b, work, k);
        solution[..k].Clear();
    }

    /// <summary>Residual max |G·x − b| over rows and the row where it occurs, with the current Values/Rhs.</summary>
    public (double Max, int Row) Residual(double[] x)
    {
        var r = (double[])Rhs.Clone();
        for (int e = 1; e < Values.Length; e++) r[_rows[e]] -= Values[e] * x[_cols[e]];
        double max = 0; int row = -1;
        for (int i = 1; i < r.Length; i++) if (Math.Abs(r[i]) > max) { max = Math.Abs(r[i]); row = i; }
        return (max, row);
    }

}

/// <summary>
/// Hash for (row, col) packed in a long. The default long hash XORs the halves, so (r, c) and (c, r) and
/// many small index pairs collide; a multiplicative mix (Fibonacci hashing) spreads them.
/// </summary>
internal sealed class MixedKey : IEqualityComparer<long>
{
    public static readonly MixedKey Instance = new();
    public bool Equals(long x, long y) => x == y;
    public int GetHashCode(long key) => (int)((ulong)(key * unchecked((long)0x9E3779B97F4A7C15UL)) >> 32);
}
