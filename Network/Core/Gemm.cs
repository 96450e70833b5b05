using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MemristorSpice.Network.Core;

/// <summary>
/// Single-threaded blocked matrix multiply C[m×n] (+)= A[m×k]·B[k×n]. B and C are row-major and contiguous;
/// A is addressed through strides so that Aᵀ (needed by conv backward) costs no copy. Four rows of C are kept
/// in SIMD registers while B streams once per row block. Callers parallelise over samples instead.
/// </summary>
public static class Gemm
{
    /// <summary>Computes C = A·B, or C += A·B when <paramref name="accumulate"/> is true.</summary>
    /// <param name="a">Left matrix A (m×k), read through the two strides.</param>
    /// <param name="aRowStride">Distance in elements between consecutive rows of A.</param>
    /// <param name="aColStride">Distance in elements between consecutive columns of A (1 for row-major, m for Aᵀ stored row-major).</param>
    /// <param name="b">Right matrix B (k×n), row-major and contiguous.</param>
    /// <param name="c">Result C (m×n), row-major and contiguous.</param>
    /// <param name="m">Rows of A and C.</param>
    /// <param name="k">Inner dimension: columns of A, rows of B.</param>
    /// <param name="n">Columns of B and C.</param>
    /// <param name="accumulate">Add to the existing contents of C instead of overwriting them.</param>
    public static void Multiply(ReadOnlySpan<float> a, int aRowStride, int aColStride,
        ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate)
    {
        if (!accumulate) c[..(m * n)].Clear();
        int vw = Vector<float>.Count;
        ref float rb = ref MemoryMarshal.GetReference(b);
        ref float rc = ref MemoryMarshal.GetReference(c);
        ref float ra = ref MemoryMarshal.GetReference(a);
        int i = 0;
        for (; i + 4 <= m; i += 4)
        {
            int j = 0;
            for (; j + vw <= n; j += vw)
            {
                var c0 = Vector.LoadUnsafe(ref rc, (nuint)(i * n + j));
                var c1 = Vector.LoadUnsafe(ref rc, (nuint)((i + 1) * n + j));
                var c2 = Vector.LoadUnsafe(ref rc, (nuint)((i + 2) * n + j));
                var c3 = Vector.LoadUnsafe(ref rc, (nuint)((i + 3) * n + j));
                for (int p = 0; p < k; p++)
                {
                    var bv = Vector.LoadUnsafe(ref rb, (nuint)(p * n + j));
                    int ai = i * aRowStride + p * aColStride;
                    c0 += new Vector<float>(Unsafe.Add(ref ra, ai)) * bv;
                    c1 += new Vector<float>(Unsafe.Add(ref ra, ai + aRowStride)) * bv;
                    c2 += new Vector<float>(Unsafe.Add(ref ra, ai + 2 * aRowStride)) * bv;
                    c3 += new Vector<float>(Unsafe.Add(ref ra, ai + 3 * aRowStride)) * bv;
                }
                c0.StoreUnsafe(ref rc, (nuint)(i * n + j));
                c1.StoreUnsafe(ref rc, (nuint)((i + 1) * n + j));
                c2.StoreUnsafe(ref rc, (nuint)((i + 2) * n + j));
                c3.StoreUnsafe(ref rc, (nuint)((i + 3) * n + j));
            }
            for (; j < n; j++)
                for (int r = 0; r < 4; r++)
                    c[(i + r) * n + j] += Dot(a, (i + r) * aRowStride, aColStride, b, j, n, k);
        }
        for (; i < m; i++)
        {
            int j = 0;
            for (; j + vw <= n; j += vw)
            {
                var c0 = Vector.LoadUnsafe(ref rc, (nuint)(i * n + j));
                for (int p = 0; p < k; p++)
                    c0 += new Vector<float>(Unsafe.Add(ref ra, i * aRowStride + p * aColStride)) * Vector.LoadUnsafe(ref rb, (nuint)(p * n + j));
                c0.StoreUnsafe(ref rc, (nuint)(i * n + j));
            }
            for (; j < n; j++)
                c[i * n + j] += Dot(a, i * aRowStride, aColStride, b, j, n, k);
        }
    }

    private static float Dot(ReadOnlySpan<float> a, int aOff, int aStride, ReadOnlySpan<float> b, int bOff, int bStride, int k)
    {
        float s = 0;
        for (int p = 0; p < k; p++) s += a[aOff + p * aStride] * b[bOff + p * bStride];
        return s;
    }

    /// <summary>Writes the transpose of the row-major [rows×cols] matrix <paramref name="src"/> into <paramref name="dst"/>.</summary>
    public static void Transpose(ReadOnlySpan<float> src, Span<float> dst, int rows, int cols)
    {
        for (int r = 0; r < rows; r++)
            for (int col = 0; col < cols; col++)
                dst[col * rows + r] = src[r * cols + col];
    }
}
