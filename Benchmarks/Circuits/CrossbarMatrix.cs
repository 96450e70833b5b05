namespace MemristorSpice.Benchmarks.Circuits;

/// <summary>
/// The nodal conductance matrix of <see cref="CrossbarCase"/> (OP) in compressed sparse column form, for solver
/// micro-benchmarks: unknowns are the row nodes r{i}_{1..N} and the column nodes c{j}_{1..N+1}; the driven nodes
/// r{i}_0 are eliminated (their wire conductance lands on the diagonal and the right-hand side).
/// </summary>
public sealed class CrossbarMatrix
{
    public int Order { get; }
    public int[] ColPtr { get; }
    public int[] RowIdx { get; }
    public double[] Values { get; }
    public double[] Rhs { get; }

    public CrossbarMatrix(int n)
    {
        int Row(int i, int j) => (i - 1) * n + (j - 1);               // r{i}_{j}, j = 1..N
        int Col(int j, int i) => n * n + (j - 1) * (n + 1) + (i - 1);  // c{j}_{i}, i = 1..N+1
        Order = n * n + n * (n + 1);
        var entries = new Dictionary<(int, int), double>();
        Rhs = new double[Order];
        void Stamp(int a, int b, double g)
        {
            Add(a, a, g);
            if (b < 0) return;
            Add(b, b, g); Add(a, b, -g); Add(b, a, -g);
        }
        void Add(int r, int c, double v) => entries[(r, c)] = entries.GetValueOrDefault((r, c)) + v;
        for (int i = 1; i <= n; i++)
        {
            Stamp(Row(i, 1), -1, 1.0);
            Rhs[Row(i, 1)] += CrossbarCase.RowVolts(i);
            for (int j = 2; j <= n; j++) Stamp(Row(i, j - 1), Row(i, j), 1.0);
        }
        for (int j = 1; j <= n; j++)
        {
            for (int i = 1; i <= n; i++) Stamp(Col(j, i), Col(j, i + 1), 1.0);
            Stamp(Col(j, n + 1), -1, 0.1);
        }
        for (int i = 1; i <= n; i++)
            for (int j = 1; j <= n; j++) Stamp(Row(i, j), Col(j, i), 1.0 / CrossbarCase.CellOhms(i, j));

        var byColumn = entries.OrderBy(e => e.Key.Item2).ThenBy(e => e.Key.Item1).ToList();
        ColPtr = new int[Order + 1];
        RowIdx = new int[byColumn.Count];
        Values = new double[byColumn.Count];
        for (int k = 0; k < byColumn.Count; k++)
        {
            var ((r, c), v) = byColumn[k];
            ColPtr[c + 1]++;
            RowIdx[k] = r;
            Values[k] = v;
        }
        for (int c = 0; c < Order; c++) ColPtr[c + 1] += ColPtr[c];
    }
}
