using MemristorSpice.Devices.Memristors;

namespace MemristorSpice.Crossbar.Programming;

/// <summary>
/// Operating point of a 0T1R array (<see cref="ProgrammingArray"/>'s circuit: row and column wire segments, drivers at
/// the row starts and column ends, every cell a memristor at its present resistance) without the general engine. The
/// circuit is linear, so its nodal equations A·x = b (A the conductance matrix of the 2·R·C line nodes, b the drivers'
/// Norton currents) give the same node voltages as a SPICE operating point, to rounding.
/// <list type="bullet">
/// <item>A is factored once (band Cholesky, nodes numbered along the shorter dimension so the half bandwidth is
/// 2·min(R, C)) at reference cell conductances g⁰.</item>
/// <item>Cells whose conductance has moved away from g⁰ are a low-rank update A = A⁰ + U·D·Uᵀ (U's columns
/// e_row − e_column of those cells, D = diag(g − g⁰)), solved exactly by the Sherman-Morrison-Woodbury identity
/// x = y − Z·(I + D·UᵀZ)⁻¹·D·Uᵀy with y = A⁰⁻¹b and Z = A⁰⁻¹U (W. W. Hager, "Updating the inverse of a matrix",
/// SIAM Review 31(2), 1989). Z's columns are solved once, when a cell joins the set; more than
/// <see cref="MaxRank"/> changed cells trigger a new factorization at the present conductances.</item>
/// <item>b is linear in the driver voltages and a write or read bias has one selected row, one selected column and
/// common values on the others, so y is a combination of four cached solutions (selected row, all rows, selected
/// column, all columns), and a solve costs O(nodes · (changed cells + 4)) instead of a factorization.</item>
/// <item>A cell's conductance in the network is refreshed only when it differs from its present value by more than the
/// fraction <see cref="RelativeTolerance"/>: cells drifting in the softplus tail of the thresholds stay out of the
/// update set. The current error of such a cell is below that fraction of its own current.</item>
/// </list>
/// Zero-Ohm wires on both sides make every cell voltage the driver difference (no solve).
/// </summary>
internal sealed class PassiveArraySolver
{
    private readonly IMemristorModel _model;
    private readonly int _rows, _columns, _nodes, _band;
    private readonly bool _columnMajor, _ideal;
    private readonly double _gRow, _gColumn;
    private readonly double[] _gReference, _gNetwork, _stateSeen, _scratch;
    private readonly int[] _slot;
    private readonly List<int> _changed = [];
    private readonly List<double[]> _z = [];
    private readonly Dictionary<int, double[]> _rowBasis = [], _columnBasis = [];
    private double[]? _allRows, _allColumns;
    private BandedCholesky? _factor;

    /// <summary>Solver for a rows × columns array with the given wire segment resistances (both &gt; 0, or both 0), Ohms.</summary>
    public PassiveArraySolver(IMemristorModel model, int rows, int columns, double rowOhms, double columnOhms)
    {
        if ((rowOhms > 0) != (columnOhms > 0)) throw new ArgumentException("the reduced 0T1R solver needs both wire resistances > 0 or both 0.");
        _model = model;
        _rows = rows;
        _columns = columns;
        _ideal = rowOhms == 0;
        _gRow = _ideal ? 0 : 1 / rowOhms;
        _gColumn = _ideal ? 0 : 1 / columnOhms;
        _columnMajor = rows <= columns;
        _nodes = 2 * rows * columns;
        _band = 2 * Math.Min(rows, columns);
        _gReference = new double[rows * columns];
        _gNetwork = new double[rows * columns];
        _slot = new int[rows * columns];
        Array.Fill(_slot, -1);
        _stateSeen = new double[rows * columns];
        Array.Fill(_stateSeen, double.NaN);
        _scratch = new double[_nodes];
    }

    /// <summary>Changed cells handled by the low-rank update before the matrix is factored again.</summary>
    public int MaxRank { get; init; } = 24;
    /// <summary>Relative conductance change of a cell below which the network keeps its previous conductance.</summary>
    public double RelativeTolerance { get; init; } = 1e-6;
    /// <summary>Band Cholesky factorizations done.</summary>
    public long Factorizations { get; private set; }
    /// <summary>Triangular solve pairs done (factorizations' basis vectors and update columns).</summary>
    public long BandSolves { get; private set; }

    private int Cell(int r, int c) => r * _columns + c;
    private int RowNode(int r, int c) => 2 * (_columnMajor ? c * _rows + r : r * _columns + c);
    private int ColumnNode(int r, int c) => RowNode(r, c) + 1;

    /// <summary>Operating point under <paramref name="bias"/> with the cells at <paramref name="states"/>.</summary>
    public ArraySolution Solve(ArrayBias bias, double[,] states)
    {
        int rows = _rows, columns = _columns;
        var volts = new double[rows, columns];
        if (_ideal) return SolveIdeal(bias, states, volts);
        bool first = _factor is null;
        int pending = 0;
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
            {
                int i = Cell(r, c);
                // A state seen at the last solve has the same conductance: skip the model call (most cells do not move).
                double state = states[r, c];
                if (!first && state == _stateSeen[i]) { if (_slot[i] < 0 && _gNetwork[i] != _gReference[i]) pending++; continue; }
                _stateSeen[i] = state;
                double g = 1 / _model.Resistance(state);
                if (first || Math.Abs(g - _gNetwork[i]) > RelativeTolerance * _gNetwork[i]) _gNetwork[i] = g;
                if (!first && _slot[i] < 0 && _gNetwork[i] != _gReference[i]) pending++;
            }
        if (first || _changed.Count + pending > MaxRank) Factor();
        else if (pending > 0)
            for (int i = 0; i < _gNetwork.Length; i++)
                if (_slot[i] < 0 && _gNetwork[i] != _gReference[i]) Join(i);

        var x = Rhs(bias);
        Update(x);
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
                volts[r, c] = x[RowNode(r, c)] - x[ColumnNode(r, c)];
        // Drivers: row r feeds the row line's first node, column c the column line's last node, each through one segment.
        double watts = 0, selected = 0;
        for (int r = 0; r < rows; r++)
            watts += bias.RowVolts[r] * _gRow * (bias.RowVolts[r] - x[RowNode(r, 0)]);
        for (int c = 0; c < columns; c++)
        {
            double into = _gColumn * (bias.ColumnVolts[c] - x[ColumnNode(rows - 1, c)]);
            watts += bias.ColumnVolts[c] * into;
            if (c == bias.Column) selected = -into;
        }
        return new ArraySolution(volts, selected, watts);
    }

    private ArraySolution SolveIdeal(ArrayBias bias, double[,] states, double[,] volts)
    {
        double watts = 0, selected = 0;
        for (int r = 0; r < _rows; r++)
            for (int c = 0; c < _columns; c++)
            {
                double v = bias.RowVolts[r] - bias.ColumnVolts[c], g = 1 / _model.Resistance(states[r, c]);
                volts[r, c] = v;
                watts += g * v * v;
                if (c == bias.Column) selected += g * v;
            }
        return new ArraySolution(volts, selected, watts);
    }

    /// <summary>Factors A⁰ at the present network conductances and empties the update set and the cached solutions.</summary>
    private void Factor()
    {
        Array.Copy(_gNetwork, _gReference, _gNetwork.Length);
        foreach (var i in _changed) _slot[i] = -1;
        _changed.Clear();
        _z.Clear();
        _rowBasis.Clear();
        _columnBasis.Clear();
        _allRows = _allColumns = null;
        int band = _band;
        var a = new double[_nodes * (band + 1)];
        void Stamp(int p, int q, double g)
        {
            a[BandedCholesky.Index(band, p, p)] += g;
            a[BandedCholesky.Index(band, q, q)] += g;
            a[BandedCholesky.Index(band, Math.Max(p, q), Math.Min(p, q))] -= g;
        }
        for (int r = 0; r < _rows; r++)
        {
            a[BandedCholesky.Index(band, RowNode(r, 0), RowNode(r, 0))] += _gRow;
            for (int c = 0; c + 1 < _columns; c++) Stamp(RowNode(r, c), RowNode(r, c + 1), _gRow);
        }
        for (int c = 0; c < _columns; c++)
        {
            a[BandedCholesky.Index(band, ColumnNode(_rows - 1, c), ColumnNode(_rows - 1, c))] += _gColumn;
            for (int r = 0; r + 1 < _rows; r++) Stamp(ColumnNode(r, c), ColumnNode(r + 1, c), _gColumn);
        }
        for (int r = 0; r < _rows; r++)
            for (int c = 0; c < _columns; c++) Stamp(RowNode(r, c), ColumnNode(r, c), _gReference[Cell(r, c)]);
        _factor = new BandedCholesky(_nodes, band, a);
        Factorizations++;
    }

    private double[] SolveReference(double[] b)
    {
        _factor!.Solve(b);
        BandSolves++;
        return b;
    }

    /// <summary>Adds cell i to the update set with its column Z_i = A⁰⁻¹(e_row − e_column).</summary>
    private void Join(int i)
    {
        int r = i / _columns, c = i % _columns;
        var u = new double[_nodes];
        u[RowNode(r, c)] = 1;
        u[ColumnNode(r, c)] = -1;
        _slot[i] = _changed.Count;
        _changed.Add(i);
        _z.Add(SolveReference(u));
    }

    private double[] RowBasis(int r)
    {
        if (_rowBasis.TryGetValue(r, out var y)) return y;
        var b = new double[_nodes];
        b[RowNode(r, 0)] = _gRow;
        return _rowBasis[r] = SolveReference(b);
    }

    private double[] ColumnBasis(int c)
    {
        if (_columnBasis.TryGetValue(c, out var y)) return y;
        var b = new double[_nodes];
        b[ColumnNode(_rows - 1, c)] = _gColumn;
        return _columnBasis[c] = SolveReference(b);
    }

    /// <summary>y = A⁰⁻¹b for the bias's driver voltages.</summary>
    private double[] Rhs(ArrayBias bias)
    {
        int row = bias.Row, column = bias.Column;
        double otherRow = _rows > 1 ? bias.RowVolts[row == 0 ? 1 : 0] : 0, otherColumn = _columns > 1 ? bias.ColumnVolts[column == 0 ? 1 : 0] : 0;
        bool patterned = true;
        for (int r = 0; r < _rows && patterned; r++) patterned = r == row || bias.RowVolts[r] == otherRow;
        for (int c = 0; c < _columns && patterned; c++) patterned = c == column || bias.ColumnVolts[c] == otherColumn;
        // The solve's working vector (consumed by Solve before the next one): no large allocation per solve.
        var y = _scratch;
        Array.Clear(y);
        if (!patterned)
        {
            for (int r = 0; r < _rows; r++) y[RowNode(r, 0)] += _gRow * bias.RowVolts[r];
            for (int c = 0; c < _columns; c++) y[ColumnNode(_rows - 1, c)] += _gColumn * bias.ColumnVolts[c];
            return SolveReference(y);
        }
        if (_allRows is null)
        {
            var b = new double[_nodes];
            for (int r = 0; r < _rows; r++) b[RowNode(r, 0)] = _gRow;
            _allRows = SolveReference(b);
            b = new double[_nodes];
            for (int c = 0; c < _columns; c++) b[ColumnNode(_rows - 1, c)] = _gColumn;
            _allColumns = SolveReference(b);
        }
        // y = V_sel·Y_row + V_other·(Y_all − Y_row), the same for columns.
        double sr = bias.RowVolts[row] - otherRow, sc = bias.ColumnVolts[column] - otherColumn;
        var yr = RowBasis(row);
        var yc = ColumnBasis(column);
        var ar = _allRows;
        var ac = _allColumns!;
        Axpy(otherRow, ar, y);
        Axpy(sr, yr, y);
        Axpy(otherColumn, ac, y);
        Axpy(sc, yc, y);
        return y;
    }

    /// <summary>x = y − Z·(I + D·UᵀZ)⁻¹·D·Uᵀy in place.</summary>
    private void Update(double[] y)
    {
        int k = _changed.Count;
        if (k == 0) return;
        var m = new double[k, k];
        var w = new double[k];
        for (int i = 0; i < k; i++)
        {
            int cell = _changed[i], r = cell / _columns, c = cell % _columns, p = RowNode(r, c), q = ColumnNode(r, c);
            double d = _gNetwork[cell] - _gReference[cell];
            for (int j = 0; j < k; j++) m[i, j] = (i == j ? 1 : 0) + d * (_z[j][p] - _z[j][q]);
            w[i] = d * (y[p] - y[q]);
        }
        SolveDense(m, w);
        for (int j = 0; j < k; j++)
        {
            double wj = w[j];
            if (wj == 0) continue;
            Axpy(-wj, _z[j], y);
        }
    }

    /// <summary>y += a·x (SIMD).</summary>
    private static void Axpy(double a, ReadOnlySpan<double> x, Span<double> y)
    {
        if (a == 0) return;
        int i = 0;
        if (System.Numerics.Vector.IsHardwareAccelerated)
        {
            var va = new System.Numerics.Vector<double>(a);
            int width = System.Numerics.Vector<double>.Count;
            for (; i <= x.Length - width; i += width)
                (new System.Numerics.Vector<double>(y[i..]) + va * new System.Numerics.Vector<double>(x[i..])).CopyTo(y[i..]);
        }
        for (; i < x.Length; i++) y[i] += a * x[i];
    }

    /// <summary>Gaussian elimination with partial pivoting, k × k (k ≤ <see cref="MaxRank"/>).</summary>
    private static void SolveDense(double[,] m, double[] b)
    {
        int k = b.Length;
        for (int col = 0; col < k; col++)
        {
            int pivot = col;
            for (int r = col + 1; r < k; r++) if (Math.Abs(m[r, col]) > Math.Abs(m[pivot, col])) pivot = r;
            if (m[pivot, col] == 0) throw new InvalidOperationException("low-rank update: singular capacitance matrix.");
            if (pivot != col)
            {
                for (int j = 0; j < k; j++) (m[col, j], m[pivot, j]) = (m[pivot, j], m[col, j]);
                (b[col], b[pivot]) = (b[pivot], b[col]);
            }
            for (int r = col + 1; r < k; r++)
            {
                double f = m[r, col] / m[col, col];
                if (f == 0) continue;
                for (int j = col; j < k; j++) m[r, j] -= f * m[col, j];
                b[r] -= f * b[col];
            }
        }
        for (int r = k - 1; r >= 0; r--)
        {
            double s = b[r];
            for (int j = r + 1; j < k; j++) s -= m[r, j] * b[j];
            b[r] = s / m[r, r];
        }
    }
}
