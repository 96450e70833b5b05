namespace MemristorSpice.Crossbar.Programming;

/// <summary>
/// Cholesky factor A = L·Lᵀ of a symmetric positive definite band matrix (half bandwidth b: A[i, j] = 0 for |i − j| &gt; b),
/// stored row by row as the b + 1 entries L[i, i − b .. i]. Factoring costs n·b²/2 multiply-adds, a solve 2·n·b
/// (G. H. Golub, C. F. Van Loan, Matrix Computations, 4th ed., 2013, §4.3, band Cholesky).
/// </summary>
internal sealed class BandedCholesky
{
    private readonly double[] _l;
    private readonly int _width;

    /// <summary>Order n of the matrix.</summary>
    public int Size { get; }
    /// <summary>Half bandwidth b.</summary>
    public int Band { get; }

    /// <summary>
    /// Factors, in place, the matrix whose lower band is in <paramref name="lowerBand"/>: A[i, j] (i − b ≤ j ≤ i) at
    /// index i·(b + 1) + j − i + b (see <see cref="Index"/>); throws when the matrix is not positive definite.
    /// </summary>
    public BandedCholesky(int size, int band, double[] lowerBand)
    {
        Size = size;
        Band = band;
        _width = band + 1;
        if (lowerBand.Length != size * _width) throw new ArgumentException($"band storage holds {lowerBand.Length} values, expected {size * _width}.");
        _l = lowerBand;
        var l = _l.AsSpan();
        for (int i = 0; i < size; i++)
        {
            int first = Math.Max(0, i - band);
            var rowI = l.Slice(i * _width, _width); // rowI[j - i + band] = L[i, j]
            int oi = band - i;
            for (int j = first; j <= i; j++)
            {
                double s = rowI[j + oi];
                int kFirst = Math.Max(first, j - band);
                var rowJ = l.Slice(j * _width, _width);
                int oj = band - j;
                for (int k = kFirst; k < j; k++) s -= rowI[k + oi] * rowJ[k + oj];
                if (j == i)
                {
                    if (!(s > 0)) throw new InvalidOperationException($"band Cholesky: matrix not positive definite at row {i} (pivot {s}).");
                    rowI[band] = Math.Sqrt(s);
                }
                else rowI[j + oi] = s / rowJ[band];
            }
        }
    }

    /// <summary>Position of A[i, j] (j ≤ i, i − j ≤ b) in the band storage of half bandwidth <paramref name="band"/>.</summary>
    public static int Index(int band, int i, int j) => i * (band + 1) + j - i + band;

    /// <summary>Solves A·x = b in place (<paramref name="x"/> holds b on entry).</summary>
    public void Solve(Span<double> x)
    {
        int n = Size, band = Band, w = _width;
        var l = _l.AsSpan();
        for (int i = 0; i < n; i++)
        {
            int first = Math.Max(0, i - band), o = i * w + band - i;
            double s = x[i];
            for (int k = first; k < i; k++) s -= l[o + k] * x[k];
            x[i] = s / l[i * w + band];
        }
        for (int i = n - 1; i >= 0; i--)
        {
            double xi = x[i] / l[i * w + band];
            x[i] = xi;
            int first = Math.Max(0, i - band), o = i * w + band - i;
            for (int k = first; k < i; k++) x[k] -= l[o + k] * xi;
        }
    }
}
