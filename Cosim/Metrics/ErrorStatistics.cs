using System.Runtime.Intrinsics;

namespace MemristorSpice.Cosim.Metrics;

/// <summary>
/// Streaming comparison of measured values y (analog path) with reference values x, kept as exact sums so two
/// statistics merge to exactly the statistics of the combined data: count, Σx, Σy, Σx², Σy², Σxy, Σ(y−x)² and
/// max |y−x|. All derived metrics (RMS error, SNR, correlation) are computed from these at the end.
/// </summary>
public sealed class ErrorStatistics
{
    /// <summary>Number of compared pairs.</summary>
    public long Count { get; private set; }
    /// <summary>Σx of the reference values.</summary>
    public ExactSum SumX { get; private set; }
    /// <summary>Σy of the measured values.</summary>
    public ExactSum SumY { get; private set; }
    /// <summary>Σx² of the reference values.</summary>
    public ExactSum SumXX { get; private set; }
    /// <summary>Σy² of the measured values.</summary>
    public ExactSum SumYY { get; private set; }
    /// <summary>Σxy over the pairs.</summary>
    public ExactSum SumXY { get; private set; }
    /// <summary>Σ(y−x)² over the pairs.</summary>
    public ExactSum SumErrorSquared { get; private set; }
    /// <summary>Largest |y−x| over the pairs.</summary>
    public double MaxAbsError { get; private set; }

    /// <summary>Rebuilds statistics from stored sums (shard files): count, Σx, Σy, Σx², Σy², Σxy, Σ(y−x)² and max |y−x|.</summary>
    public static ErrorStatistics FromParts(long count, ExactSum sx, ExactSum sy, ExactSum sxx, ExactSum syy, ExactSum sxy, ExactSum see, double maxAbs) =>
        new() { Count = count, SumX = sx, SumY = sy, SumXX = sxx, SumYY = syy, SumXY = sxy, SumErrorSquared = see, MaxAbsError = maxAbs };

    /// <summary>Adds pairs (reference x[i], measured y[i]).</summary>
    public void Add(ReadOnlySpan<float> reference, ReadOnlySpan<float> measured)
    {
        if (reference.Length != measured.Length)
            throw new ArgumentException($"Reference has {reference.Length} values, measured {measured.Length}.");
        // Per-call double sums are rounded into the exact accumulators once per call; a call covers one layer of
        // one image, so the totals are independent of image order and sharding. The per-call sums use four fixed
        // lanes (Vector256, software-emulated where the CPU lacks it) added in a fixed order, so they are the same
        // on every machine.
        var sums = new Sums();
        int n = reference.Length, i = 0;
        for (; i + 8 <= n; i += 8)
        {
            var x = Vector256.Create(reference.Slice(i, 8));
            var y = Vector256.Create(measured.Slice(i, 8));
            sums.Add(Vector256.WidenLower(x), Vector256.WidenLower(y));
            sums.Add(Vector256.WidenUpper(x), Vector256.WidenUpper(y));
        }
        Commit(sums, reference[i..], measured[i..]);
    }

    /// <summary>
    /// <paramref name="a"/>.Add(referenceA, measured) and <paramref name="b"/>.Add(referenceB, measured) in one pass
    /// over the data (the measured values are loaded and converted once, and Σy, Σy² are shared); each statistic ends
    /// up exactly as with two separate calls.
    /// </summary>
    public static void AddPair(ErrorStatistics a, ReadOnlySpan<float> referenceA, ErrorStatistics b, ReadOnlySpan<float> referenceB, ReadOnlySpan<float> measured)
    {
        if (referenceA.Length != measured.Length || referenceB.Length != measured.Length)
            throw new ArgumentException($"References have {referenceA.Length} and {referenceB.Length} values, measured {measured.Length}.");
        // The lane sums live in locals (a struct of eight fields would stay in memory: a load and a store per sum).
        Vector256<double> y1 = default, yy = default;
        Vector256<double> xa = default, xxa = default, xya = default, eea = default, maxA = default;
        Vector256<double> xb = default, xxb = default, xyb = default, eeb = default, maxB = default;
        int n = measured.Length, i = 0;
        for (; i + 8 <= n; i += 8)
        {
            var y = Vector256.Create(measured.Slice(i, 8));
            var ra = Vector256.Create(referenceA.Slice(i, 8));
            var rb = Vector256.Create(referenceB.Slice(i, 8));
            // Lower then upper four values, per lane the operations of Sums.Add (reference A) and Sums.AddReference
            // (reference B) in their order; written out because a helper capturing the sums would put them in memory.
            for (int half = 0; half < 2; half++)
            {
                var v = half == 0 ? Vector256.WidenLower(y) : Vector256.WidenUpper(y);
                var x = half == 0 ? Vector256.WidenLower(ra) : Vector256.WidenUpper(ra);
                var z = half == 0 ? Vector256.WidenLower(rb) : Vector256.WidenUpper(rb);
                y1 += v; yy += v * v;
                var e = v - x;
                xa += x; xxa += x * x; xya += x * v; eea += e * e;
                maxA = Vector256.Max(maxA, Vector256.Abs(e));
                var f = v - z;
                xb += z; xxb += z * z; xyb += z * v; eeb += f * f;
                maxB = Vector256.Max(maxB, Vector256.Abs(f));
            }
        }
        var sa = new Sums { X = xa, Y = y1, XX = xxa, YY = yy, XY = xya, EE = eea, Max = maxA, Count = i };
        var sb = new Sums { X = xb, Y = y1, XX = xxb, YY = yy, XY = xyb, EE = eeb, Max = maxB, Count = i };
        a.Commit(sa, referenceA[i..], measured[i..]);
        b.Commit(sb, referenceB[i..], measured[i..]);

    }

    /// <summary>Lane totals of <paramref name="sums"/>, then the scalar tail, rounded into the exact accumulators.</summary>
    private void Commit(in Sums sums, ReadOnlySpan<float> referenceTail, ReadOnlySpan<float> measuredTail)
    {
        double sx = Total(sums.X), sy = Total(sums.Y), sxx = Total(sums.XX), syy = Total(sums.YY), sxy = Total(sums.XY), see = Total(sums.EE);
        double max = Math.Max(MaxAbsError, Math.Max(Math.Max(sums.Max[0], sums.Max[1]), Math.Max(sums.Max[2], sums.Max[3])));
        for (int i = 0; i < referenceTail.Length; i++)
        {
            double x = referenceTail[i], y = measuredTail[i], e = y - x;
            sx += x; sy += y; sxx += x * x; syy += y * y; sxy += x * y; see += e * e;
            double a = Math.Abs(e);
            if (a > max) max = a;
        }
        Count += sums.Count + referenceTail.Length;
        SumX = SumX.Add(sx); SumY = SumY.Add(sy); SumXX = SumXX.Add(sxx); SumYY = SumYY.Add(syy); SumXY = SumXY.Add(sxy);
        SumErrorSquared = SumErrorSquared.Add(see);
        MaxAbsError = max;
    }

    /// <summary>Lane total in a fixed order (not Vector256.Sum, whose order may depend on the hardware).</summary>
    private static double Total(Vector256<double> v) => (v[0] + v[1]) + (v[2] + v[3]);

    /// <summary>Four-lane partial sums of one <see cref="Add"/> call.</summary>
    private struct Sums
    {
        public Vector256<double> X, Y, XX, YY, XY, EE, Max;
        /// <summary>Values taken by the vector loop.</summary>
        public long Count;

        public void Add(Vector256<double> x, Vector256<double> y)
        {
            Y += y; YY += y * y;
            AddReference(x, y);
        }

        /// <summary>Everything but Σy and Σy² (shared by <see cref="AddPair"/>).</summary>
        public void AddReference(Vector256<double> x, Vector256<double> y)
        {
            var e = y - x;
            X += x; XX += x * x; XY += x * y; EE += e * e;
            Max = Vector256.Max(Max, Vector256.Abs(e));
            Count += 4;
        }
    }

    /// <summary>Adds another statistic (exact: the result equals one pass over both data sets).</summary>
    public void Merge(ErrorStatistics other)
    {
        Count += other.Count;
        SumX += other.SumX; SumY += other.SumY; SumXX += other.SumXX; SumYY += other.SumYY; SumXY += other.SumXY;
        SumErrorSquared += other.SumErrorSquared;
        MaxAbsError = Math.Max(MaxAbsError, other.MaxAbsError);
    }

    /// <summary>Root mean square of y − x.</summary>
    public double RmsError => Count == 0 ? 0 : Math.Sqrt(SumErrorSquared.Value / Count);

    /// <summary>10·log10(Σx² / Σ(y−x)²) in dB; +∞ when the values agree exactly.</summary>
    public double SnrDb
    {
        get
        {
            double noise = SumErrorSquared.Value, signal = SumXX.Value;
            if (noise == 0) return double.PositiveInfinity;
            return 10 * Math.Log10(signal / noise);
        }
    }

    /// <summary>Pearson correlation of x and y (NaN when either is constant).</summary>
    public double Correlation
    {
        get
        {
            if (Count < 2) return double.NaN;
            double n = Count, sx = SumX.Value, sy = SumY.Value;
            double cxy = SumXY.Value - sx * sy / n, cxx = SumXX.Value - sx * sx / n, cyy = SumYY.Value - sy * sy / n;
            if (cxx <= 0 || cyy <= 0) return double.NaN;
            return Math.Clamp(cxy / Math.Sqrt(cxx * cyy), -1, 1);
        }
    }
}
