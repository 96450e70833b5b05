using System.Numerics;
using MemristorSpice.Engine.Core;

namespace MemristorSpice.Engine.Solver;

/// <summary>
/// Solves a complex MNA system (G + jB)·x = b with the real sparse LU through its equivalent real system of twice
/// the order, each complex entry a + jb becoming the 2×2 block [[a, −b], [b, a]] and each unknown the pair
/// (Re, Im) at rows 2k, 2k+1. Interleaving keeps the block structure of the MNA pattern, so the fill-reducing
/// order (computed once, on the first factorization) and the refactorization with the old pivots carry over
/// from one frequency to the next. Why not a complex LU: the real LU is the engine's tested solver (threshold
/// pivoting, AMD, refactor); the price is about twice the arithmetic of a complex factorization, measured in
/// docs/netlist.md (AC analysis).
/// </summary>
internal sealed class EquivalentRealSystem
{
    private readonly int _n;
    private readonly int[] _re0, _im0, _im1, _re1; // entry → CSC positions of a (col 2c), b (col 2c), −b (col 2c+1), a (col 2c+1)
    private readonly double[] _values, _b, _work;
    private readonly SparseLu _lu;

    /// <param name="system">A frozen MNA system; its entry handles index the real and imaginary arrays.</param>
    public EquivalentRealSystem(MnaSystem system)
    {
        if (!system.IsFrozen) throw new InvalidOperationException("The MNA system must be frozen.");
        _n = system.Size - 1;
        int entries = system.EntryCount, order = 2 * _n;
        var counts = new int[order + 1];
        for (int e = 1; e <= entries; e++)
        {
            int c = system.EntryPosition(e).Col - 1;
            counts[2 * c] += 2; counts[2 * c + 1] += 2;
        }
        var colPtr = new int[order + 1];
        for (int c = 0; c < order; c++) colPtr[c + 1] = colPtr[c] + counts[c];
        var next = (int[])colPtr.Clone();
        var rows = new int[colPtr[order]];
        _re0 = new int[entries + 1]; _im0 = new int[entries + 1]; _im1 = new int[entries + 1]; _re1 = new int[entries + 1];
        for (int e = 1; e <= entries; e++)
        {
            var (row, col) = system.EntryPosition(e);
            int r = 2 * (row - 1), c = 2 * (col - 1);
            rows[_re0[e] = next[c]++] = r;
            rows[_im0[e] = next[c]++] = r + 1;
            rows[_im1[e] = next[c + 1]++] = r;
            rows[_re1[e] = next[c + 1]++] = r + 1;
        }
        _values = new double[rows.Length];
        _b = new double[order];
        _work = new double[order];
        _lu = new SparseLu(order, colPtr, rows);
    }

    /// <summary>Order of the real system (twice the MNA order).</summary>
    public int Order => 2 * _n;

    /// <summary>Factorizations with pivot search (the first, and any frequency whose old pivots became too small).</summary>
    public int FullFactorizations => _lu.FullFactorizations;

    /// <summary>Non-zeros of L + U of the real system.</summary>
    public long FactorNonZeros => _lu.FactorNonZeros;

    /// <summary>Unknown index (1-based, as in the MNA system) of the column without a pivot after a failed factorization.</summary>
    public int SingularUnknown => _lu.SingularColumn < 0 ? -1 : _lu.SingularColumn / 2 + 1;

    /// <summary>Factors G + jB given per entry handle (index 0, the ground sink, is ignored).</summary>
    /// <returns>False if the matrix is singular.</returns>
    public bool Factor(double[] real, double[] imaginary)
    {
        var v = _values;
        for (int e = 1; e < _re0.Length; e++)
        {
            double a = real[e], b = imaginary[e];
            v[_re0[e]] = a; v[_re1[e]] = a; v[_im0[e]] = b; v[_im1[e]] = -b;
        }
        return _lu.FactorOrRefactor(v);
    }

    /// <summary>Solves with the current factors: solution[1..] from rhs[1..] (by unknown); solution[0] = 0.</summary>
    public void Solve(Complex[] rhs, Complex[] solution)
    {
        var b = _b;
        for (int k = 0; k < _n; k++) { b[2 * k] = rhs[k + 1].Real; b[2 * k + 1] = rhs[k + 1].Imaginary; }
        _lu.Solve(b, _work);
        solution[0] = Complex.Zero;
        for (int k = 0; k < _n; k++) solution[k + 1] = new Complex(b[2 * k], b[2 * k + 1]);
    }

    /// <summary>
    /// Solves the adjoint system with the current factors. The real form of G + jB transposed is the real form of
    /// (G + jB)ᴴ, so this returns y with (G + jB)ᴴ·y = rhs; conj(y) solves (G + jB)ᵀ·x = conj(rhs).
    /// </summary>
    public void SolveHermitian(Complex[] rhs, Complex[] solution)
    {
        var b = _b;
        for (int k = 0; k < _n; k++) { b[2 * k] = rhs[k + 1].Real; b[2 * k + 1] = rhs[k + 1].Imaginary; }
        _lu.SolveTransposed(b, _work);
        solution[0] = Complex.Zero;
        for (int k = 0; k < _n; k++) solution[k + 1] = new Complex(b[2 * k], b[2 * k + 1]);
    }
}
