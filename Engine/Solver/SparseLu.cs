namespace MemristorSpice.Engine.Solver;

/// <summary>
/// Sparse LU factorization P·A·Q = L·U of a square matrix in compressed sparse column form.
/// Left-looking Gilbert–Peierls algorithm (J. Gilbert, T. Peierls, "Sparse partial pivoting in time proportional
/// to arithmetic operations", SIAM J. Sci. Stat. Comput. 9(5), 1988): each column is a sparse triangular solve
/// whose pattern comes from a depth-first search. The column order Q is an approximate minimum degree order of
/// A + Aᵀ, computed once. Pivoting prefers the diagonal (keeps the fill-reducing order) when it is within
/// <see cref="PivotThreshold"/> of the column maximum, else the largest entry (threshold partial pivoting, as KLU).
/// <see cref="Refactor"/> reuses pivots and patterns (no search) and reports a pivot that became too small so the
/// caller can do a full <see cref="Factor"/> again. Rows are equilibrated first (each scaled by the power of two
/// nearest the inverse of its largest entry, so exactly), so that the pivot test compares entries of rows with very
/// different units fairly: a 1 F state capacitor at a 0.1 ps step (10¹³ S) in one row does not win the pivot of a
/// column whose own row holds 10⁻⁴ S conductances.
/// </summary>
public sealed class SparseLu
{
    private readonly int _n;
    private readonly int[] _colPtr, _rowIdx;
    private int[]? _q;                 // column order (step → original column)
    private readonly int[] _pinv;      // original row → step, −1 if not pivoted yet
    private readonly int[] _prow;      // step → original row
    private readonly int[] _lp, _up;           // column pointers (n+1)
    private int[] _li, _ui;            // L rows (original row numbers), U rows (step numbers; diagonal last)
    private double[] _lx, _ux;
    private int _lnz, _unz;
    private readonly double[] _x;      // dense work column, kept zero between columns
    private readonly double[] _rowScale; // power-of-two equilibration factor of each original row
    private readonly int[] _xi, _stack, _pstack;
    private readonly int[] _visited;
    private int _visitStamp;

    /// <summary>Relative pivot threshold: a pivot smaller than this times the column maximum is rejected.</summary>
    public double PivotThreshold { get; init; } = 1e-3;

    /// <summary>True once a factorization exists (pivot order known).</summary>
    public bool IsFactored { get; private set; }

    /// <summary>Number of entries in L + U (fill measure).</summary>
    public long FactorNonZeros => _lnz + _unz;

    /// <summary>Count of full (pivoting) factorizations; refactorizations are not counted.</summary>
    public int FullFactorizations { get; private set; }

    /// <summary>Original column whose pivot was zero in the last failed factorization, else −1.</summary>
    public int SingularColumn { get; private set; } = -1;

    /// <summary>Order of the matrix (number of rows and columns).</summary>
    public int Size => _n;

    /// <param name="n">Matrix order.</param>
    /// <param name="colPtr">CSC column pointers (n + 1).</param>
    /// <param name="rowIdx">CSC row indices; entries of a column may be in any order, no duplicates.</param>
    public SparseLu(int n, int[] colPtr, int[] rowIdx)
    {
        _n = n; _colPtr = colPtr; _rowIdx = rowIdx;
        _pinv = new int[n]; _prow = new int[n];
        _lp = new int[n + 1]; _up = new int[n + 1];
        int guess = Math.Max(16, 2 * rowIdx.Length + n);
        _li = new int[guess]; _lx = new double[guess]; _ui = new int[guess]; _ux = new double[guess];
        _x = new double[n]; _xi = new int[n]; _stack = new int[n]; _pstack = new int[n];
        _visited = new int[n];
        _rowScale = new double[n];
    }

    /// <summary>Row equilibration: 2^−ilogb(max |a_ij|) per row (1 for an empty row), exact in floating point.</summary>
    private void ScaleRows(double[] values)
    {
        var scale = _rowScale;
        Array.Clear(scale);
        for (int p = 0; p < _rowIdx.Length; p++)
        {
            double a = Math.Abs(values[p]);
            int r = _rowIdx[p];
            if (a > scale[r]) scale[r] = a;
        }
        for (int i = 0; i < scale.Length; i++)
        {
            double m = scale[i];
            scale[i] = m > 0 && double.IsFinite(m) ? Math.ScaleB(1.0, -Math.ILogB(m)) : 1.0;
        }
    }

    /// <summary>Refactor with the previous pivots if possible, else factor with pivot search.</summary>
    /// <returns>False if the matrix is singular (see <see cref="SingularColumn"/>).</returns>
    public bool FactorOrRefactor(double[] values)
    {
        if (IsFactored && Refactor(values)) return true;
        return Factor(values);
    }

    /// <summary>Full factorization with threshold partial pivoting. Values are in CSC order.</summary>
    public bool Factor(double[] values)
    {
        _q ??= AmdOrdering.Compute(_n, _colPtr, _rowIdx);
        FullFactorizations++;
        ScaleRows(values);
        IsFactored = false;
        SingularColumn = -1;
        Array.Fill(_pinv, -1);
        _lnz = 0; _unz = 0;
        var x = _x;
        for (int k = 0; k < _n; k++)
        {
            int col = _q[k];
            _lp[k] = _lnz; _up[k] = _unz;
            int top = Reach(col);
            for (int p = _colPtr[col]; p < _colPtr[col + 1]; p++) { int r = _rowIdx[p]; x[r] = values[p] * _rowScale[r]; }
            // Sparse triangular solve in topological order.
            for (int px = top; px < _n; px++)
            {
                int i = _xi[px];
                int j = _pinv[i];
                if (j < 0) continue;
                double xi = x[i];
                if (xi == 0) continue;
                for (int p = _lp[j]; p < _lp[j + 1]; p++) x[_li[p]] -= _lx[p] * xi;
            }
            // Pivot choice among not yet pivoted rows.
            int ipiv = -1; double amax = -1;
            for (int px = top; px < _n; px++)
            {
                int i = _xi[px];
                if (_pinv[i] >= 0) continue;
                double a = Math.Abs(x[i]);
                if (a > amax) { amax = a; ipiv = i; }
            }
            if (_pinv[col] < 0 && Math.Abs(x[col]) >= PivotThreshold * amax && IsInPattern(col, top)) ipiv = col;
            if (ipiv < 0 || amax <= 0 || !double.IsFinite(amax))
            {
                for (int px = top; px < _n; px++) x[_xi[px]] = 0;
                SingularColumn = col;
                return false;
            }
            double pivot = x[ipiv];
            EnsureCapacity(_n - top + 1);
            for (int px = top; px < _n; px++)
            {
                int i = _xi[px];
                int j = _pinv[i];
                if (j >= 0) { _ui[_unz] = j; _ux[_unz++] = x[i]; }
                else if (i != ipiv) { _li[_lnz] = i; _lx[_lnz++] = x[i] / pivot; }
                x[i] = 0;
            }
            _ui[_unz] = k; _ux[_unz++] = pivot;
            _pinv[ipiv] = k; _prow[k] = ipiv;
        }
        _lp[_n] = _lnz; _up[_n] = _unz;
        IsFactored = true;
        return true;
    }

    private bool IsInPattern(int row, int top)
    {
        // The candidate diagonal row is in this column's pattern iff the DFS visited it.
        return _visited[row] == _visitStamp;
    }

    /// <summary>Numeric refactorization with the stored pivots and patterns.</summary>
    /// <returns>False if a pivot became zero or smaller than the threshold (caller re-pivots).</returns>
    public bool Refactor(double[] values)
    {
        if (!IsFactored) return false;
        ScaleRows(values);
        var q = _q!;
        var x = _x;
        for (int k = 0; k < _n; k++)
        {
            int col = q[k];
            for (int p = _colPtr[col]; p < _colPtr[col + 1]; p++) { int r = _rowIdx[p]; x[r] = values[p] * _rowScale[r]; }
            int uend = _up[k + 1] - 1; // diagonal stored last
            for (int p = _up[k]; p < uend; p++)
            {
                int j = _ui[p];
                int i = _prow[j];
                double u = x[i];
                _ux[p] = u;
                x[i] = 0;
                if (u == 0) continue;
                for (int t = _lp[j]; t < _lp[j + 1]; t++) x[_li[t]] -= _lx[t] * u;
            }
            int prow = _prow[k];
            double pivot = x[prow];
            x[prow] = 0;
            double amax = Math.Abs(pivot);
            for (int t = _lp[k]; t < _lp[k + 1]; t++) amax = Math.Max(amax, Math.Abs(x[_li[t]]));
            bool ok = pivot != 0 && double.IsFinite(pivot) && Math.Abs(pivot) >= PivotThreshold * amax;
            if (!ok)
            {
                for (int t = _lp[k]; t < _lp[k + 1]; t++) x[_li[t]] = 0;
                for (int kk = k + 1; kk < _n; kk++) ClearColumnOf(q[kk]);
                IsFactored = false;
                return false;
            }
            _ux[uend] = pivot;
            double inv = 1.0 / pivot;
            for (int t = _lp[k]; t < _lp[k + 1]; t++) { int i = _li[t]; _lx[t] = x[i] * inv; x[i] = 0; }
        }
        return true;
    }

    private void ClearColumnOf(int col) { for (int p = _colPtr[col]; p < _colPtr[col + 1]; p++) _x[_rowIdx[p]] = 0; }

    /// <summary>Solves A·x = b in place (b in original row order, result in original column order).</summary>
    public void Solve(Span<double> b, Span<double> work)
    {
        int n = _n;
        var scale = _rowScale;
        for (int i = 0; i < n; i++) b[i] *= scale[i];
        // Forward: L·y = P·b, L stored with original row numbers.
        for (int k = 0; k < n; k++)
        {
            double yk = b[_prow[k]];
            work[k] = yk;
            if (yk == 0) continue;
            for (int p = _lp[k]; p < _lp[k + 1]; p++) b[_li[p]] -= _lx[p] * yk;
        }
        // Backward: U·z = y, U stored by steps with the diagonal last in each column.
        for (int k = n - 1; k >= 0; k--)
        {
            int uend = _up[k + 1] - 1;
            double zk = work[k] / _ux[uend];
            work[k] = zk;
            if (zk == 0) continue;
            for (int p = _up[k]; p < uend; p++) work[_ui[p]] -= _ux[p] * zk;
        }
        var q = _q!;
        for (int k = 0; k < n; k++) b[q[k]] = work[k];
    }

    /// <summary>
    /// Solves A·X = B for <paramref name="k"/> right-hand sides at once, in place: <paramref name="b"/> is n×k with the
    /// k values of unknown i contiguous at b[i·k ..], <paramref name="work"/> has n·k entries. Each factor entry is
    /// read once for all k columns (SIMD across them), which is what makes many right-hand sides cheaper than k
    /// separate <see cref="Solve(Span{double}, Span{double})"/> calls; each column gets the same operations as a
    /// single solve.
    /// </summary>
    public void SolveBlock(Span<double> b, Span<double> work, int k)
    {
        int n = _n;
        if (b.Length < n * k || work.Length < n * k) throw new ArgumentException($"Block solve needs {n}×{k} values.");
        // The factors are of D·A (rows equilibrated): D·A·x = D·b, as in Solve.
        for (int i = 0; i < n; i++)
        {
            double s = _rowScale[i];
            if (s != 1.0) foreach (ref double v in b.Slice(i * k, k)) v *= s;
        }
        for (int c = 0; c < n; c++)
        {
            var y = work.Slice(c * k, k);
            b.Slice(_prow[c] * k, k).CopyTo(y);
            if (y.IndexOfAnyExcept(0.0) < 0) continue;
            for (int p = _lp[c]; p < _lp[c + 1]; p++) SubtractScaled(b.Slice(_li[p] * k, k), y, _lx[p]);
        }
        for (int c = n - 1; c >= 0; c--)
        {
            int uend = _up[c + 1] - 1;
            var z = work.Slice(c * k, k);
            double diag = _ux[uend];
            for (int j = 0; j < k; j++) z[j] /= diag;
            if (z.IndexOfAnyExcept(0.0) < 0) continue;
            for (int p = _up[c]; p < uend; p++) SubtractScaled(work.Slice(_ui[p] * k, k), z, _ux[p]);
        }
        var q = _q!;
        for (int c = 0; c < n; c++) work.Slice(c * k, k).CopyTo(b.Slice(q[c] * k, k));
    }

    /// <summary>dst −= a·src, SIMD (the same per-element operation as the scalar solve: d − a·s, not fused).</summary>
    private static void SubtractScaled(Span<double> dst, ReadOnlySpan<double> src, double a)
    {
        int i = 0;
        if (System.Numerics.Vector.IsHardwareAccelerated && dst.Length >= System.Numerics.Vector<double>.Count)
        {
            var va = new System.Numerics.Vector<double>(a);
            int w = System.Numerics.Vector<double>.Count;
            for (; i <= dst.Length - w; i += w)
            {
                var d = new System.Numerics.Vector<double>(dst.Slice(i, w));
                (d - va * new System.Numerics.Vector<double>(src.Slice(i, w))).CopyTo(dst.Slice(i, w));
            }
        }
        for (; i < dst.Length; i++) dst[i] -= a * src[i];
    }

    /// <summary>
    /// Solves Aᵀ·x = b in place with the factors of A (b by original column, result by original row): the adjoint
    /// system of a noise or sensitivity analysis. From P·A·Q = L·U: Aᵀ = Q·Uᵀ·Lᵀ·P, so Uᵀ (lower) is solved forward,
    /// then Lᵀ (unit upper) backward.
    /// </summary>
    public void SolveTransposed(Span<double> b, Span<double> work)
    {
        int n = _n;
        var q = _q!;
        // Uᵀ·v = Qᵀ·b: column k of U is row k of Uᵀ, its off-diagonal rows are earlier steps.
        for (int k = 0; k < n; k++)
        {
            int uend = _up[k + 1] - 1;
            double sum = b[q[k]];
            for (int p = _up[k]; p < uend; p++) sum -= _ux[p] * work[_ui[p]];
            work[k] = sum / _ux[uend];
        }
        // Lᵀ·t = v: column k of L holds later steps (by original row), unit diagonal.
        for (int k = n - 1; k >= 0; k--)
        {
            double sum = work[k];
            for (int p = _lp[k]; p < _lp[k + 1]; p++) sum -= _lx[p] * work[_pinv[_li[p]]];
            work[k] = sum;
        }
        for (int k = 0; k < n; k++) b[_prow[k]] = work[k];
        // The factors are of D·A: (D·A)ᵀ·y = b gives y = D⁻¹·x for Aᵀ·x = b, so x = D·y (by original row).
        for (int i = 0; i < n; i++) b[i] *= _rowScale[i];
    }

    /// <summary>Solves in place with an internal work vector (not thread safe; use the overload with work).</summary>
    public void Solve(Span<double> b) => Solve(b, _solveWork ??= new double[_n]);
    private double[]? _solveWork;

    /// <summary>Depth-first search from the pattern of A(:,col) over the graph of L; xi[top..n) in topological order.</summary>
    private int Reach(int col)
    {
        int top = _n;
        _visitStamp++;
        if (_visitStamp == int.MaxValue) { Array.Clear(_visited); _visitStamp = 1; }
        for (int p = _colPtr[col]; p < _colPtr[col + 1]; p++)
        {
            int start = _rowIdx[p];
            if (_visited[start] == _visitStamp) continue;
            top = Dfs(start, top);
        }
        return top;
    }

    private int Dfs(int start, int top)
    {
        int head = 0;
        _stack[0] = start;
        while (head >= 0)
        {
            int i = _stack[head];
            int j = _pinv[i];
            if (_visited[i] != _visitStamp)
            {
                _visited[i] = _visitStamp;
                _pstack[head] = j < 0 ? 0 : _lp[j];
            }
            bool done = true;
            if (j >= 0)
            {
                int end = _lp[j + 1];
                for (int p = _pstack[head]; p < end; p++)
                {
                    int r = _li[p];
                    if (_visited[r] == _visitStamp) continue;
                    _pstack[head] = p + 1;
                    _stack[++head] = r;
                    done = false;
                    break;
                }
            }
            if (done) { head--; _xi[--top] = i; }
        }
        return top;
    }

    private void EnsureCapacity(int extra)
    {
        if (_lnz + extra > _li.Length)
        {
            int size = Math.Max(_li.Length * 2, _lnz + extra);
            Array.Resize(ref _li, size); Array.Resize(ref _lx, size);
        }
        if (_unz + extra > _ui.Length)
        {
            int size = Math.Max(_ui.Length * 2, _unz + extra);
            Array.Resize(ref _ui, size); Array.Resize(ref _ux, size);
        }
    }
}
