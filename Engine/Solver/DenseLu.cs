namespace MemristorSpice.Engine.Solver;

/// <summary>Dense LU with partial pivoting (Doolittle). Reference implementation for tests only.</summary>
internal static class DenseLu
{
    /// <summary>Solves a·x = b; a is overwritten. Throws on a singular matrix.</summary>
    public static double[] Solve(double[,] a, double[] b)
    {
        int n = b.Length;
        var x = (double[])b.Clone();
        var perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        for (int k = 0; k < n; k++)
        {
            int piv = k; double max = Math.Abs(a[k, k]);
            for (int i = k + 1; i < n; i++) if (Math.Abs(a[i, k]) > max) { max = Math.Abs(a[i, k]); piv = i; }
            if (max == 0) throw new InvalidOperationException($"Singular matrix at column {k}.");
            if (piv != k)
            {
                for (int j = 0; j < n; j++) (a[k, j], a[piv, j]) = (a[piv, j], a[k, j]);
                (x[k], x[piv]) = (x[piv], x[k]);
            }
            for (int i = k + 1; i < n; i++)
            {
                double f = a[i, k] / a[k, k];
                if (f == 0) continue;
                for (int j = k; j < n; j++) a[i, j] -= f * a[k, j];
                x[i] -= f * x[k];
            }
        }
        for (int k = n - 1; k >= 0; k--)
        {
            double s = x[k];
            for (int j = k + 1; j < n; j++) s -= a[k, j] * x[j];
            x[k] = s / a[k, k];
        }
        return x;
    }
}
