using CsCheck;
using MemristorSpice.Engine.Solver;

namespace MemristorSpice.Engine.Tests;

public sealed class SparseLuTests
{
    /// <summary>Random sparse matrix plus a scaled random permutation (zero diagonals occur: pivoting needed).</summary>
    private static (int[] ColPtr, int[] RowIdx, double[] Values, double[,] Dense) RandomMatrix(int n, Random rng, double density)
    {
        var dense = new double[n, n];
        var perm = Enumerable.Range(0, n).OrderBy(_ => rng.Next()).ToArray();
        for (int i = 0; i < n; i++) dense[perm[i], i] = 2 + rng.NextDouble();
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                if (rng.NextDouble() < density) dense[i, j] += rng.NextDouble() * 2 - 1;
        var colPtr = new int[n + 1]; var rows = new List<int>(); var vals = new List<double>();
        for (int j = 0; j < n; j++)
        {
            for (int i = 0; i < n; i++) if (dense[i, j] != 0) { rows.Add(i); vals.Add(dense[i, j]); }
            colPtr[j + 1] = rows.Count;
        }
        return (colPtr, rows.ToArray(), vals.ToArray(), dense);
    }

    /// <summary>Solves with a random right-hand side and compares with dense LU; false when the draw is singular (nothing compared).</summary>
    private static bool AssertSolves(SparseLu lu, double[,] dense, Random rng)
    {
        int n = dense.GetLength(0);
        var b = Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        double[] expected;
        try { expected = DenseLu.Solve((double[,])dense.Clone(), b); }
        catch (InvalidOperationException) { return false; } // singular draw: nothing to compare
        var x = (double[])b.Clone();
        lu.Solve(x);
        double scale = expected.Max(Math.Abs) + 1;
        // Both are backward stable; on these well-scaled matrices agreement to 1e-8·|x| is ample.
        for (int i = 0; i < n; i++) Assert.True(Math.Abs(x[i] - expected[i]) <= 1e-8 * scale, $"x[{i}] {x[i]} vs {expected[i]}");
        return true;
    }

    /// <summary>
    /// 300 random draws, each factored, solved, changed in value and refactored, solved again. A draw the solver
    /// reports singular is skipped, so the test also counts the solves it compared and requires at least 500 of the
    /// 600: the permuted diagonal of 2..3 makes singular draws rare, and a solver that wrongly reported most matrices
    /// singular would otherwise pass by comparing nothing.
    /// </summary>
    [Fact]
    public void Sparse_lu_matches_dense_lu_on_random_sparse_matrices_and_after_refactorization()
    {
        int draws = 0, compared = 0;
        Gen.Select(Gen.Int[1, 60], Gen.Int[0, int.MaxValue], Gen.Double[0.02, 0.3]).Sample(t =>
        {
            var (n, seed, density) = t;
            var rng = new Random(seed);
            Interlocked.Increment(ref draws);
            var (colPtr, rowIdx, values, dense) = RandomMatrix(n, rng, density);
            var lu = new SparseLu(n, colPtr, rowIdx);
            if (!lu.Factor(values)) return; // structurally or numerically singular draw
            if (AssertSolves(lu, dense, rng)) Interlocked.Increment(ref compared);
            // Same pattern, new values: refactor (or re-pivot when a pivot got too small) must still be exact.
            for (int j = 0; j < n; j++)
                for (int p = colPtr[j]; p < colPtr[j + 1]; p++)
                {
                    values[p] *= 0.5 + rng.NextDouble();
                    dense[rowIdx[p], j] = values[p];
                }
            if (!lu.FactorOrRefactor(values)) return;
            if (AssertSolves(lu, dense, rng)) Interlocked.Increment(ref compared);
        }, iter: 300);
        Assert.True(draws >= 300, $"only {draws} draws ran");
        Assert.True(compared >= 500, $"only {compared} of {2 * draws} solves were compared (the rest were reported singular)");
    }

    [Fact]
    public void Refactor_keeps_pivots_while_stable_and_repivots_when_a_pivot_collapses()
    {
        // Dense 2x2 pattern [[a, 1], [1, d]].
        int[] colPtr = [0, 2, 4], rowIdx = [0, 1, 0, 1];
        var lu = new SparseLu(2, colPtr, rowIdx);
        Assert.True(lu.Factor([4.0, 1, 1, 3]));
        Assert.Equal(1, lu.FullFactorizations);
        Assert.True(lu.FactorOrRefactor([5.0, 1, 1, 2]));      // pivots still fine: numeric refactor only
        Assert.Equal(1, lu.FullFactorizations);
        Assert.True(lu.FactorOrRefactor([1e-9, 1, 1, 1e-9]));   // diagonal pivots collapse: re-pivot off-diagonal
        Assert.Equal(2, lu.FullFactorizations);
        var x = new double[] { 1, 1 };
        lu.Solve(x);
        var expected = DenseLu.Solve(new double[,] { { 1e-9, 1 }, { 1, 1e-9 } }, [1, 1]);
        Assert.Equal(expected[0], x[0], 12);
        Assert.Equal(expected[1], x[1], 12);
    }

    [Fact]
    public void Singular_matrix_reports_the_column()
    {
        // Column 1 is all zero.
        var lu = new SparseLu(3, [0, 1, 1, 2], [0, 2]);
        Assert.False(lu.Factor([1.0, 1.0]));
        Assert.Equal(1, lu.SingularColumn);
    }

    [Fact]
    public void Amd_order_is_a_permutation_and_keeps_grid_fill_low()
    {
        // 2-D 60x60 grid Laplacian: natural order would fill ~n·60 per factor; AMD must do far better.
        int m = 60, n = m * m;
        var cols = new List<int>[n];
        for (int i = 0; i < n; i++) cols[i] = new List<int> { i };
        for (int y = 0; y < m; y++)
            for (int x = 0; x < m; x++)
            {
                int i = y * m + x;
                if (x + 1 < m) { cols[i].Add(i + 1); cols[i + 1].Add(i); }
                if (y + 1 < m) { cols[i].Add(i + m); cols[i + m].Add(i); }
            }
        var colPtr = new int[n + 1]; var rows = new List<int>();
        for (int j = 0; j < n; j++) { rows.AddRange(cols[j]); colPtr[j + 1] = rows.Count; }
        var order = AmdOrdering.Compute(n, colPtr, rows.ToArray());
        Assert.Equal(Enumerable.Range(0, n), order.OrderBy(i => i));
        var values = rows.Select((r, k) => 0.0).ToArray();
        for (int j = 0; j < n; j++) for (int p = colPtr[j]; p < colPtr[j + 1]; p++) values[p] = rows[p] == j ? 4.1 : -1;
        var lu = new SparseLu(n, colPtr, rows.ToArray());
        Assert.True(lu.Factor(values));
        // Natural (banded) order needs ~2·60 = 120 entries of L + U per row; minimum degree orders of this grid
        // reach ~30 (measured 31.6 with ours); 40 leaves room without accepting a poor ordering.
        Assert.True(lu.FactorNonZeros < 40L * n, $"fill {lu.FactorNonZeros} for n = {n}");
    }
}
