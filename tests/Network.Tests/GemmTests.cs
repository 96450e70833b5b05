using MemristorSpice.Network.Core;

namespace MemristorSpice.Network.Tests;

public class GemmTests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(7, 5, 13)]
    [InlineData(32, 9, 784)]
    [InlineData(13, 17, 49)]
    public void MatchesNaiveProductIncludingTransposedA(int m, int k, int n)
    {
        // Same products summed in a different order: float32 re-association error ≤ k·eps·Σ|a·b| ≈ 1e-5 here.
        var rng = new Random(m * 100 + n);
        var a = Enumerable.Range(0, m * k).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        var b = Enumerable.Range(0, k * n).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        var c = new float[m * n];
        Gemm.Multiply(a, k, 1, b, c, m, k, n, accumulate: false);
        var at = new float[k * m];
        Gemm.Transpose(a, at, m, k);
        var c2 = Enumerable.Repeat(1f, m * n).ToArray();
        Gemm.Multiply(at, 1, m, b, c2, m, k, n, accumulate: true);   // A read through strides, plus accumulate
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int p = 0; p < k; p++) s += (double)a[i * k + p] * b[p * n + j];
                Assert.True(Math.Abs(c[i * n + j] - s) < 1e-5, $"C[{i},{j}]");
                Assert.True(Math.Abs(c2[i * n + j] - 1 - s) < 1e-5, $"C2[{i},{j}]");
            }
    }
}
