namespace MemristorSpice.Cosim.Controller;

/// <summary>
/// Histogram of the magnitudes one converter sees on calibration images, from which the full scale with the least
/// expected conversion error is chosen: the sum over all values of the clipping error (|v| − FS)² above FS, the
/// rounding error LSB²/12 of a value inside the range, and v² for a value below LSB/2 (it reads as 0) — the
/// mean-squared-error range calibration of R. Krishnamoorthi, "Quantizing deep convolutional networks for efficient
/// inference: a whitepaper" (2018), section 3.5. A full scale set by the single largest calibration value spends
/// codes on a tail that few values reach. Bins are log2-spaced (<see cref="BinsPerOctave"/> per octave, ≈ 2.2 %
/// wide) over the <see cref="Octaves"/> octaves below the largest value seen, so memory is bounded (4 KiB per
/// converter); smaller values are kept only as a count and a sum of squares (they round to 0 at any full scale a
/// converter of up to 16 bits would choose).
/// </summary>
internal sealed class RangeHistogram
{
    /// <summary>Bins per factor of two.</summary>
    public const int BinsPerOctave = 32;
    /// <summary>Octaves below the largest value that are binned.</summary>
    public const int Octaves = 16;
    private const int Size = BinsPerOctave * Octaves;
    private readonly long[] _counts = new long[Size];
    /// <summary>Absolute grid index of bin 0 (grid index g covers [2^(g/B), 2^((g+1)/B))).</summary>
    private long _base = long.MinValue;
    private double _underflowSquares;

    /// <summary>Largest magnitude added.</summary>
    public double Max { get; private set; }

    /// <summary>Values added with magnitude &gt; 0.</summary>
    public long Count { get; private set; }

    /// <summary>Adds |<paramref name="value"/>| (zeros carry no conversion error and are not counted).</summary>
    public void Add(double value)
    {
        double m = Math.Abs(value);
        if (!(m > 0) || !double.IsFinite(m)) return;
        Count++;
        long g = Grid(m);
        if (m > Max)
        {
            Max = m;
            long top = g - (Size - 1);
            if (top > _base) Shift(top);
        }
        if (g < _base) { _underflowSquares += m * m; return; }
        _counts[g - _base]++;
    }

    private static long Grid(double m) => (long)Math.Floor(Math.Log2(m) * BinsPerOctave);

    /// <summary>Moves the window up so that bin 0 is grid index <paramref name="newBase"/>; dropped bins go to the underflow.</summary>
    private void Shift(long newBase)
    {
        if (_base == long.MinValue) { _base = newBase; return; }
        long delta = newBase - _base;
        for (int i = 0; i < Math.Min(delta, Size); i++)
            if (_counts[i] > 0) { double c = Centre(_base + i); _underflowSquares += _counts[i] * c * c; }
        if (delta < Size)
        {
            Array.Copy(_counts, (int)delta, _counts, 0, Size - (int)delta);
            Array.Clear(_counts, Size - (int)delta, (int)delta);
        }
        else Array.Clear(_counts);
        _base = newBase;
    }

    /// <summary>Geometric centre of grid bin <paramref name="g"/>.</summary>
    private static double Centre(long g) => Math.Pow(2, (g + 0.5) / BinsPerOctave);

    /// <summary>
    /// The full scale in (0, <see cref="Max"/>] with the least total squared conversion error for a converter with
    /// <paramref name="maxCode"/> steps between 0 and full scale (2^bits − 1 for a unipolar DAC, 2^(bits−1) − 1 for
    /// each sign of a bipolar converter). Candidates are <see cref="Max"/> and the bin edges below it; a binned value
    /// is represented by its bin's centre. Returns <see cref="Max"/> when nothing was added.
    /// </summary>
    public double OptimalFullScale(long maxCode)
    {
        if (Count == 0 || maxCode <= 0) return Max;
        // Prefix sums over the bins (ascending): count, Σ c, Σ c².
        var s0 = new double[Size + 1];
        var s1 = new double[Size + 1];
        var s2 = new double[Size + 1];
        for (int i = 0; i < Size; i++)
        {
            double c = Centre(_base + i), k = _counts[i];
            s0[i + 1] = s0[i] + k;
            s1[i + 1] = s1[i] + k * c;
            s2[i + 1] = s2[i] + k * c * c;
        }
        double best = Max, bestError = Error(Max);
        for (int i = Size - 1; i > 0; i--)
        {
            double fs = Math.Pow(2, (double)(_base + i) / BinsPerOctave);
            if (fs >= Max) continue;
            double e = Error(fs);
            if (e < bestError) { bestError = e; best = fs; }
        }
        return best;

        // Number of bins whose centre is below v.
        int Below(double v)
        {
            long g = Grid(v);
            return (int)Math.Clamp(g - _base + (Centre(g) < v ? 1 : 0), 0, Size);
        }

        double Error(double fs)
        {
            double lsb = fs / maxCode;
            int zero = Below(lsb / 2), inside = Math.Max(Below(fs), zero);
            double rounded = _underflowSquares + s2[zero];
            double quantized = (s0[inside] - s0[zero]) * lsb * lsb / 12;
            double up0 = s0[Size] - s0[inside], up1 = s1[Size] - s1[inside], up2 = s2[Size] - s2[inside];
            return rounded + quantized + Math.Max(up2 - 2 * fs * up1 + fs * fs * up0, 0);
        }
    }
}
