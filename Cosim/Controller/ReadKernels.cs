using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MemristorSpice.Cosim.Converters;
using MemristorSpice.Network.Core;

namespace MemristorSpice.Cosim.Controller;

/// <summary>
/// SIMD loops of the controller's fast read path. Every output element gets exactly the scalar sequence of IEEE
/// operations of the straightforward loop (products added one row at a time in row order; circuit reads in double with
/// fused multiply-adds like <see cref="MemristorSpice.Cosim.Backends.MatrixTileReader.Read"/>, ideal float layers without, like the network's layers;
/// divisions kept as divisions), so results are bit-identical to the scalar code and do not depend on the vector
/// width of the machine.
/// </summary>
internal static class ReadKernels
{
    /// <summary>
    /// acc[o·n + p] += Σ_r t[r·outs + o]·v[r·n + p] for r = 0..rows−1 in order: the reads of all n patches of one tile
    /// at once (t = transfer matrix [rows × outs], v = row volts as columns [rows × n], acc = outputs [outs × n]).
    /// Blocks of 4 outputs × 2 vectors of patches stay in registers while the rows stream by.
    /// </summary>
    public static void MultiplyTransposed(Span<double> acc, ReadOnlySpan<double> t, int outs, ReadOnlySpan<double> v, int rows, int n)
    {
        if (rows == 0) return;
        if (acc.Length < outs * n || t.Length < rows * outs || v.Length < rows * n)
            throw new ArgumentException("MultiplyTransposed: buffer too small.");
        int vw = Vector<double>.Count;
        ref double ra = ref MemoryMarshal.GetReference(acc);
        ref double rt = ref MemoryMarshal.GetReference(t);
        ref double rv = ref MemoryMarshal.GetReference(v);
        int o = 0;
        for (; o + 4 <= outs; o += 4)
        {
            int j = 0;
            for (; j + 2 * vw <= n; j += 2 * vw)
            {
                nuint c0 = (nuint)(o * n + j), c1 = c0 + (nuint)n, c2 = c1 + (nuint)n, c3 = c2 + (nuint)n, w = (nuint)vw;
                var a00 = Vector.LoadUnsafe(ref ra, c0); var a01 = Vector.LoadUnsafe(ref ra, c0 + w);
                var a10 = Vector.LoadUnsafe(ref ra, c1); var a11 = Vector.LoadUnsafe(ref ra, c1 + w);
                var a20 = Vector.LoadUnsafe(ref ra, c2); var a21 = Vector.LoadUnsafe(ref ra, c2 + w);
                var a30 = Vector.LoadUnsafe(ref ra, c3); var a31 = Vector.LoadUnsafe(ref ra, c3 + w);
                for (int r = 0; r < rows; r++)
                {
                    nuint vo = (nuint)(r * n + j);
                    var v0 = Vector.LoadUnsafe(ref rv, vo);
                    var v1 = Vector.LoadUnsafe(ref rv, vo + w);
                    ref double tr = ref Unsafe.Add(ref rt, r * outs + o);
                    var t0 = new Vector<double>(tr);
                    var t1 = new Vector<double>(Unsafe.Add(ref tr, 1));
                    var t2 = new Vector<double>(Unsafe.Add(ref tr, 2));
                    var t3 = new Vector<double>(Unsafe.Add(ref tr, 3));
                    a00 = Vector.FusedMultiplyAdd(t0, v0, a00); a01 = Vector.FusedMultiplyAdd(t0, v1, a01);
                    a10 = Vector.FusedMultiplyAdd(t1, v0, a10); a11 = Vector.FusedMultiplyAdd(t1, v1, a11);
                    a20 = Vector.FusedMultiplyAdd(t2, v0, a20); a21 = Vector.FusedMultiplyAdd(t2, v1, a21);
                    a30 = Vector.FusedMultiplyAdd(t3, v0, a30); a31 = Vector.FusedMultiplyAdd(t3, v1, a31);
                }
                a00.StoreUnsafe(ref ra, c0); a01.StoreUnsafe(ref ra, c0 + w);
                a10.StoreUnsafe(ref ra, c1); a11.StoreUnsafe(ref ra, c1 + w);
                a20.StoreUnsafe(ref ra, c2); a21.StoreUnsafe(ref ra, c2 + w);
                a30.StoreUnsafe(ref ra, c3); a31.StoreUnsafe(ref ra, c3 + w);
            }
            for (; j + vw <= n; j += vw)
                for (int i = 0; i < 4; i++) OneVector(ref ra, ref rt, ref rv, outs, rows, n, o + i, j);
            for (; j < n; j++)
                for (int i = 0; i < 4; i++) OneValue(ref ra, ref rt, ref rv, outs, rows, n, o + i, j);
        }
        for (; o < outs; o++)
        {
            int j = 0;
            for (; j + vw <= n; j += vw) OneVector(ref ra, ref rt, ref rv, outs, rows, n, o, j);
            for (; j < n; j++) OneValue(ref ra, ref rt, ref rv, outs, rows, n, o, j);
        }
    }

    private static void OneVector(ref double ra, ref double rt, ref double rv, int outs, int rows, int n, int o, int j)
    {
        nuint c = (nuint)(o * n + j);
        var a = Vector.LoadUnsafe(ref ra, c);
        for (int r = 0; r < rows; r++) a = Vector.FusedMultiplyAdd(new Vector<double>(Unsafe.Add(ref rt, r * outs + o)), Vector.LoadUnsafe(ref rv, (nuint)(r * n + j)), a);
        a.StoreUnsafe(ref ra, c);
    }

    private static void OneValue(ref double ra, ref double rt, ref double rv, int outs, int rows, int n, int o, int j)
    {
        ref double a = ref Unsafe.Add(ref ra, o * n + j);
        double s = a;
        for (int r = 0; r < rows; r++) s = Math.FusedMultiplyAdd(Unsafe.Add(ref rt, r * outs + o), Unsafe.Add(ref rv, r * n + j), s);
        a = s;
    }

    /// <summary>dst[i] = (float)(src[i]·scale): tile sums back to activation units (round to nearest, as the scalar cast).</summary>
    public static void ScaleToSingle(ReadOnlySpan<double> src, double scale, Span<float> dst)
    {
        int n = dst.Length, i = 0, vw = Vector<double>.Count;
        if (Vector.IsHardwareAccelerated)
        {
            var s = new Vector<double>(scale);
            for (; i + 2 * vw <= n; i += 2 * vw)
                Vector.Narrow(new Vector<double>(src[i..]) * s, new Vector<double>(src[(i + vw)..]) * s).CopyTo(dst[i..]);
        }
        for (; i < n; i++) dst[i] = (float)(src[i] * scale);
    }

    /// <summary>
    /// The bias row, ADC (one converter per output, <paramref name="adcs"/>) and digital correction of a whole tile read, reads as rows of positions
    /// (read[o·n + p], o &lt; outputs): per output o with its bias term b[o] (the bias row's product Vread·T, or none
    /// when <paramref name="biasTerms"/> is empty), sum[o·n + p] += (adc(read + b[o]) − offset[o])·inverseGain[o].
    /// One call per tile (per-output calls cost more than the work on late layers with few positions); the clip
    /// count is kept per lane and added once. Returns how many reads exceeded the ADC full scale.
    /// </summary>
    public static long ConvertAndCorrectOutputs(ReadOnlySpan<double> read, int n, ReadOnlySpan<double> biasTerms, IReadOnlyList<Adc> adcs,
        ReadOnlySpan<double> inverseGain, ReadOnlySpan<double> offset, Span<double> sum)
    {
        int outputs = inverseGain.Length, vw = Vector<double>.Count;
        if (read.Length < outputs * n || sum.Length < outputs * n || offset.Length < outputs || (!biasTerms.IsEmpty && biasTerms.Length < outputs))
            throw new ArgumentException("ConvertAndCorrectOutputs: buffer too small.");
        if (adcs.Count < outputs) throw new ArgumentException("ConvertAndCorrectOutputs: one ADC per output is needed.");
        var half = new Vector<double>(HalfBelow);
        var clippedLanes = Vector<long>.Zero;
        long clipped = 0;
        ref double rr = ref MemoryMarshal.GetReference(read);
        ref double rs = ref MemoryMarshal.GetReference(sum);
        for (int o = 0; o < outputs; o++)
        {
            var adc = adcs[o];
            bool quantize = adc.Bits > 0;
            var lsb = new Vector<double>(adc.Lsb);
            var max = new Vector<double>(adc.MaxCode);
            var fullScale = new Vector<double>(adc.FullScale);
            double b = biasTerms.IsEmpty ? 0 : biasTerms[o], off = offset[o], gain = inverseGain[o];
            bool hasBias = !biasTerms.IsEmpty;
            var vb = new Vector<double>(b);
            var vOff = new Vector<double>(off);
            var vGain = new Vector<double>(gain);
            int row = o * n, j = 0;
            if (Vector.IsHardwareAccelerated)
                for (; j + vw <= n; j += vw)
                {
                    var v = Vector.LoadUnsafe(ref rr, (nuint)(row + j));
                    if (hasBias) v += vb;
                    if (quantize)
                    {
                        clippedLanes += Vector.GreaterThan(Vector.Abs(v), fullScale);   // true lanes are −1
                        var k = Vector.Truncate(v / lsb + Vector.CopySign(half, v));
                        v = Vector.Min(Vector.Max(k, -max), max) * lsb;
                    }
                    (Vector.LoadUnsafe(ref rs, (nuint)(row + j)) + (v - vOff) * vGain).StoreUnsafe(ref rs, (nuint)(row + j));
                }
            for (; j < n; j++)
            {
                double v = Unsafe.Add(ref rr, row + j);
                if (hasBias) v += b;
                Unsafe.Add(ref rs, row + j) += (AdcScalar(v, adc, ref clipped) - off) * gain;
            }
        }
        return clipped - Vector.Sum(clippedLanes);
    }

    private static double AdcScalar(double v, Adc adc, ref long clipped)
    {
        if (adc.Bits == 0) return v;
        if (Math.Abs(v) > adc.FullScale) clipped++;
        return Math.Clamp(Math.Truncate(v / adc.Lsb + Math.CopySign(HalfBelow, v)), -adc.MaxCode, adc.MaxCode) * adc.Lsb;
    }

    /// <summary>
    /// DAC of every value of a stage input, to row volts: volts[i] = dac.Convert(x[i])·toVolts (x[i]·toVolts for an
    /// ideal DAC). Returns the clipped patch entries: Σ multiplicity[i mod period] over the values outside the DAC's range
    /// ([0, full scale] unipolar, [−full scale, full scale] bipolar).
    /// </summary>
    public static long Quantize(ReadOnlySpan<float> x, Dac dac, double toVolts, Span<double> volts, int[] multiplicity, int period)
    {
        int n = x.Length, i = 0, fw = Vector<float>.Count;
        long clipped = 0;
        bool quantize = dac.Bits > 0;
        if (Vector.IsHardwareAccelerated)
        {
            var full = new Vector<float>((float)Math.Min(dac.FullScale, float.MaxValue));
            var low = dac.Bipolar ? -full : Vector<float>.Zero;
            for (; i + fw <= n; i += fw)
            {
                var a = new Vector<float>(x[i..]);
                // Fast reject in float, exact check per value only when a lane may be outside the range.
                if (quantize && (Vector.LessThanOrEqualAny(a, low) || Vector.GreaterThanOrEqualAny(a, full)))
                    for (int l = i; l < i + fw; l++)
                        if (IsClipped(x[l], dac)) clipped += multiplicity[l % period];
                Vector.Widen(a, out var lo, out var hi);
                DacVector(lo, dac, toVolts).CopyTo(volts[i..]);
                DacVector(hi, dac, toVolts).CopyTo(volts[(i + fw / 2)..]);
            }
        }
        for (; i < n; i++)
        {
            if (quantize && IsClipped(x[i], dac)) clipped += multiplicity[i % period];
            volts[i] = dac.Convert(x[i]) * toVolts;
        }
        return clipped;
    }

    private static bool IsClipped(double a, Dac dac) => dac.Clips(a);

    private static Vector<double> DacVector(Vector<double> a, Dac dac, double toVolts)
    {
        if (dac.Bits == 0) return a * new Vector<double>(toVolts);
        var lsb = new Vector<double>(dac.Lsb);
        var k = Vector.Truncate(a / lsb + Vector.CopySign(new Vector<double>(HalfBelow), a));
        k = Vector.Min(Vector.Max(k, new Vector<double>(dac.MinCode)), new Vector<double>(dac.MaxCode));
        return k * lsb * new Vector<double>(toVolts);
    }

    /// <summary>
    /// acc + a·b. For double (circuit reads through transfer matrices) one fused multiply-add, as
    /// <see cref="MemristorSpice.Cosim.Backends.MatrixTileReader.Read"/> does: half the floating-point operations and one rounding instead of two.
    /// For float (the ideal layers) a product and then a sum, as the network's own layers compute.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<T> MultiplyAdd<T>(Vector<T> a, Vector<T> b, Vector<T> acc) where T : unmanaged, INumber<T>
    {
        if (typeof(T) == typeof(double))
        {
            var fused = Vector.FusedMultiplyAdd(Unsafe.As<Vector<T>, Vector<double>>(ref a), Unsafe.As<Vector<T>, Vector<double>>(ref b),
                Unsafe.As<Vector<T>, Vector<double>>(ref acc));
            return Unsafe.As<Vector<double>, Vector<T>>(ref fused);
        }
        return acc + a * b;
    }

    /// <summary>Scalar <see cref="MultiplyAdd{T}(Vector{T}, Vector{T}, Vector{T})"/>: fused for double, product then sum for float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T MultiplyAdd<T>(T a, T b, T acc) where T : unmanaged, INumber<T>
    {
        if (typeof(T) == typeof(double))
        {
            double fused = Math.FusedMultiplyAdd(Unsafe.As<T, double>(ref a), Unsafe.As<T, double>(ref b), Unsafe.As<T, double>(ref acc));
            return Unsafe.As<double, T>(ref fused);
        }
        return acc + a * b;
    }

    /// <summary>acc[i] += w·src[i] (a product, then a sum: no fused multiply-add, like the scalar loop).</summary>
    public static void AccumulateScaled<T>(Span<T> acc, ReadOnlySpan<T> src, T w) where T : unmanaged, INumber<T>
    {
        if (src.Length < acc.Length) throw new ArgumentException("AccumulateScaled: source shorter than the accumulator.");
        int n = acc.Length, j = 0, step = Vector<T>.Count;
        ref T ra = ref MemoryMarshal.GetReference(acc);
        ref T rs = ref MemoryMarshal.GetReference(src);
        var vw = new Vector<T>(w);
        for (; j + step <= n; j += step)
            MultiplyAdd(vw, Vector.LoadUnsafe(ref rs, (nuint)j), Vector.LoadUnsafe(ref ra, (nuint)j)).StoreUnsafe(ref ra, (nuint)j);
        for (; j < n; j++) Unsafe.Add(ref ra, j) = MultiplyAdd(w, Unsafe.Add(ref rs, j), Unsafe.Add(ref ra, j));
    }

    /// <summary>
    /// One row (ky, kx) of a k×k convolution over a whole output plane: acc[oy·OutW + ox] += w·input[iy·InW + ix]
    /// with iy = oy·s + ky − p, ix = ox·s + kx − p, skipping padding. Row by row this is the order of the per-patch
    /// sum, vectorised over ox for stride 1.
    /// </summary>
    public static void AccumulateShifted<T>(Span<T> acc, ReadOnlySpan<T> input, T w, ConvGeometry g, int ky, int kx)
        where T : unmanaged, INumber<T>
    {
        int lo = 0, hi = g.OutW;
        while (lo < hi && lo * g.Stride + kx - g.Padding < 0) lo++;
        while (hi > lo && (hi - 1) * g.Stride + kx - g.Padding >= g.InW) hi--;
        if (hi <= lo) return;
        var vw = new Vector<T>(w);
        int len = hi - lo, step = Vector<T>.Count;
        for (int oy = 0; oy < g.OutH; oy++)
        {
            int iy = oy * g.Stride + ky - g.Padding;
            if (iy < 0 || iy >= g.InH) continue;
            var d = acc.Slice(oy * g.OutW + lo, len);
            int ix0 = iy * g.InW + lo * g.Stride + kx - g.Padding;
            if (g.Stride == 1)
            {
                var src = input.Slice(ix0, len);
                int j = 0;
                for (; j + step <= len; j += step) MultiplyAdd(vw, new Vector<T>(src[j..]), new Vector<T>(d[j..])).CopyTo(d[j..]);
                for (; j < len; j++) d[j] = MultiplyAdd(w, src[j], d[j]);
            }
            else
                for (int j = 0; j < len; j++) d[j] = MultiplyAdd(w, input[ix0 + j * g.Stride], d[j]);
        }
    }

    /// <summary>
    /// The largest double below 0.5: trunc(q + copysign(HalfBelow, q)) is round-half-away-from-zero of q, exactly
    /// (q + 0.5 would round 0.49999999999999994 up).
    /// </summary>
    private const double HalfBelow = 0.49999999999999994;
}
