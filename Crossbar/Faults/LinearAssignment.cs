namespace MemristorSpice.Crossbar.Faults;

/// <summary>
/// Minimum-cost assignment of n rows to distinct columns of an n × m cost matrix (n ≤ m): the Hungarian method
/// (Kuhn 1955, Munkres 1957) in its O(n²·m) shortest-augmenting-path form with row and column potentials (Jonker and
/// Volgenant 1987). Each row is added in turn and the assignment is augmented along the cheapest reduced-cost path.
/// </summary>
public static class LinearAssignment
{
    /// <summary>Column of each row in a minimum-cost assignment.</summary>
    /// <param name="cost">Finite costs [rows × columns], rows ≤ columns.</param>
    /// <exception cref="ArgumentException">More rows than columns, or a cost that is not finite.</exception>
    public static int[] Solve(double[,] cost)
    {
        int n = cost.GetLength(0), m = cost.GetLength(1);
        if (n > m) throw new ArgumentException($"assignment needs rows <= columns, got {n} x {m}.");
        foreach (var c in cost)
            if (!double.IsFinite(c)) throw new ArgumentException($"assignment costs must be finite, got {c}.");
        // 1-based potentials u (rows) and v (columns); owner[j] = row assigned to column j (0 = none); column 0 is the
        // virtual start of each augmenting path.
        var u = new double[n + 1];
        var v = new double[m + 1];
        var owner = new int[m + 1];
        var previous = new int[m + 1];
        var slack = new double[m + 1];
        var visited = new bool[m + 1];
        for (int i = 1; i <= n; i++)
        {
            owner[0] = i;
            int j0 = 0;
            Array.Fill(slack, double.PositiveInfinity);
            Array.Clear(visited);
            do
            {
                visited[j0] = true;
                int i0 = owner[j0], j1 = -1;
                double delta = double.PositiveInfinity;
                for (int j = 1; j <= m; j++)
                {
                    if (visited[j]) continue;
                    double reduced = cost[i0 - 1, j - 1] - u[i0] - v[j];
                    if (reduced < slack[j]) { slack[j] = reduced; previous[j] = j0; }
                    if (slack[j] < delta) { delta = slack[j]; j1 = j; }
                }
                for (int j = 0; j <= m; j++)
                {
                    if (visited[j]) { u[owner[j]] += delta; v[j] -= delta; }
                    else slack[j] -= delta;
                }
                j0 = j1;
            }
            while (owner[j0] != 0);
            // Flip the augmenting path back to the start.
            do
            {
                int j1 = previous[j0];
                owner[j0] = owner[j1];
                j0 = j1;
            }
            while (j0 != 0);
        }
        var result = new int[n];
        for (int j = 1; j <= m; j++)
            if (owner[j] != 0) result[owner[j] - 1] = j - 1;
        return result;
    }

    /// <summary>Total cost of an assignment (row i at column <paramref name="columnOf"/>[i]).</summary>
    public static double Cost(double[,] cost, IReadOnlyList<int> columnOf)
    {
        double sum = 0;
        for (int i = 0; i < columnOf.Count; i++) sum += cost[i, columnOf[i]];
        return sum;
    }
}
