using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MemristorSpice.Cosim;

/// <summary>
/// SIMD loops of the controller's fast read path. Every output element gets exactly the scalar sequence of IEEE
/// operations of the straightforward loop (products added one row at a time in row order, no fused multiply-add,
/// divisions kept as divisions), so results are bit-identical to the scalar code and do not depend on the vector
/// width of the machine.
/// </summary>
internal static class ReadKernels
{
    /// <summary>
    /// acc[j] += Σ_i coef[i]·matrix[rows[i]·acc.Length + j], the terms added in order of i. <paramref name="matrix"/> is
    /// row-major with acc.Length columns. Four vectors of acc stay in registers while the selected rows stream by.
    /// </summary>
    public static void AccumulateRows<T>(Span<T> acc, ReadOnlySpan<T> matrix, ReadOnlySpan<int> rows, ReadOnlySpan<T> coef)
        where T : unmanaged, INumber<T>
    {
        int n = acc.Length, count = rows.Length, vw = Vector<T>.Count;
        if (count == 0) return;
        ref T ra = ref MemoryMarshal.GetReference(acc);
        ref T rm = ref MemoryMarshal.GetReference(matrix);
        ref int rr = ref MemoryMarshal.GetReference(rows);
        ref T rc = ref MemoryMarshal.GetReference(coef);
        int j = 0;
        for (; j + 4 * vw <= n; j += 4 * vw)
        {
            var a0 = Vector.LoadUnsafe(ref ra, (nuint)j);
            var a1 = Vector.LoadUnsafe(ref ra, (nuint)(j + vw));
            var a2 = Vector.LoadUnsafe(ref ra, (nuint)(j + 2 * vw));
            var a3 = Vector.LoadUnsafe(ref ra, (nuint)(j + 3 * vw));
            for (int i = 0; i < count; i++)
            {
                var c = new Vector<T>(Unsafe.Add(ref rc, i));
                nuint o = (nuint)(Unsafe.Add(ref rr, i) * n + j);
                a0 += c * Vector.LoadUnsafe(ref rm, o);
                a1 += c * Vector.LoadUnsafe(ref rm, o + (nuint)vw);
                a2 += c * Vector.LoadUnsafe(ref rm, o + (nuint)(2 * vw));
                a3 += c * Vector.LoadUnsafe(ref rm, o + (nuint)(3 * vw));
            }
            a0.StoreUnsafe(ref ra, (nuint)j);
            a1.StoreUnsafe(ref ra, (nuint)(j + vw));
            a2.StoreUnsafe(ref ra, (nuint)(j + 2 * vw));
            a3.StoreUnsafe(ref ra, (nuint)(j + 3 * vw));
        }
        for (; j + vw <= n; j += vw)
        {
            var a0 = Vector.LoadUnsafe(ref ra, (nuint)j);
            for (int i = 0; i < count; i++)
                a0 += new Vector<T>(Unsafe.Add(ref rc, i)) * Vector.LoadUnsafe(ref rm, (nuint)(Unsafe.Add(ref rr, i) * n + j));
            a0.StoreUnsafe(ref ra, (nuint)j);
        }
        for (; j < n; j++)
        {
            T s = Unsafe.Add(ref ra, j);
            for (int i = 0; i < count; i++) s += Unsafe.Add(ref rc, i) * Unsafe.Add(ref rm, Unsafe.Add(ref rr, i) * n + j);
            Unsafe.Add(ref ra, j) = s;
        }
    }

    /// <summary>
    /// The ADC and the digital correction of one tile read, added to the tile partial sums:
    /// sum[j] += (adc(read[j]) − offset[j]) / gain[j] (see <see cref="Adc"/> and <see cref="ColumnCorrection"/>).
    /// Returns how many reads exceeded the ADC full scale (0 for an ideal ADC).
    /// </summary>
    public static long ConvertAndCorrect(ReadOnlySpan<double> read, Adc adc, ReadOnlySpan<double> gain, ReadOnlySpan<double> offset, Span<double> sum)
    {
        int n = read.Length, j = 0, vw = Vector<double>.Count;
        long clipped = 0;
        bool ideal = adc.Bits == 0;
        double lsb = adc.Lsb, maxCode = adc.MaxCode, fullScale = adc.FullScale;
        if (Vector.IsHardwareAccelerated)
        {
            var vLsb = new Vector<double>(lsb);
            var vMax = new Vector<double>(maxCode);
            var vFull = new Vector<double>(fullScale);
            var half = new Vector<double>(HalfBelow);
            for (; j + vw <= n; j += vw)
            {
                var v = new Vector<double>(read[j..]);
                if (!ideal)
                {
                    clipped -= Vector.Sum(Vector.GreaterThan(Vector.Abs(v), vFull));   // true lanes are −1
                    var k = Vector.Truncate(v / vLsb + Vector.CopySign(half, v));
                    v = Vector.Min(Vector.Max(k, -vMax), vMax) * vLsb;
                }
                var s = new Vector<double>(sum[j..]) + (v - new Vector<double>(offset[j..])) / new Vector<double>(gain[j..]);
                s.CopyTo(sum[j..]);
            }
        }
        for (; j < n; j++)
        {
            double v = read[j];
            if (!ideal)
            {
                if (Math.Abs(v) > fullScale) clipped++;
                v = Math.Clamp(Math.Truncate(v / lsb + Math.CopySign(HalfBelow, v)), -maxCode, maxCode) * lsb;
            }
            sum[j] += (v - offset[j]) / gain[j];
        }
        return clipped;
    }

    /// <summary>
    /// The largest double below 0.5: trunc(q + copysign(HalfBelow, q)) is round-half-away-from-zero of q, exactly
    /// (q + 0.5 would round 0.49999999999999994 up).
    /// </summary>
    private const double HalfBelow = 0.49999999999999994;
}
