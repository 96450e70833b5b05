using System.Globalization;
using MemristorSpice.Devices.Memristors;
using MemristorSpice.Engine.Analyses;
using MemristorSpice.Engine.Components;
using MemristorSpice.Engine.Core;

namespace MemristorSpice.Crossbar.Programming;

/// <summary>What the array's line drivers apply during one write or read.</summary>
/// <param name="Row">Selected row.</param>
/// <param name="Column">Selected column.</param>
/// <param name="RowVolts">Driver voltage of every row line, Volts.</param>
/// <param name="ColumnVolts">Driver voltage of every column line (0 = TIA virtual ground during reads), Volts.</param>
/// <param name="GateVolts">1T1R word-line voltage of every row (empty for 0T1R), Volts.</param>
public sealed record ArrayBias(int Row, int Column, double[] RowVolts, double[] ColumnVolts, double[] GateVolts);

/// <summary>Solved array: voltage across every cell and the power the drivers deliver.</summary>
public sealed class ArraySolution
{
    private double[,]? _cellVolts;
    private readonly double[]? _rowVolts;
    private readonly int _rows;

    /// <summary>A solution with every cell's voltage.</summary>
    /// <param name="cellVolts">Device voltage V(pos) − V(neg) of cell [row, column], Volts.</param>
    /// <param name="selectedColumnAmperes">Current into the selected column's driver (the TIA input current during a read), Amperes.</param>
    /// <param name="sourceWatts">Power delivered by all line drivers together, Watts.</param>
    public ArraySolution(double[,] cellVolts, double selectedColumnAmperes, double sourceWatts)
    {
        _cellVolts = cellVolts;
        _rows = cellVolts.GetLength(0);
        SelectedColumnAmperes = selectedColumnAmperes;
        SourceWatts = sourceWatts;
    }

    /// <summary>A solution where only row <paramref name="activeRow"/>'s cells carry a voltage (every other cell exactly 0 V):
    /// the 1T1R reduced solve. The full matrix is built only when <see cref="CellVolts"/> is asked for.</summary>
    internal ArraySolution(int rows, int activeRow, double[] rowVolts, double selectedColumnAmperes, double sourceWatts)
    {
        _rows = rows;
        ActiveRow = activeRow;
        _rowVolts = rowVolts;
        SelectedColumnAmperes = selectedColumnAmperes;
        SourceWatts = sourceWatts;
    }

    /// <summary>Device voltage V(pos) − V(neg) of cell [row, column], Volts.</summary>
    public double[,] CellVolts
    {
        get
        {
            if (_cellVolts is null)
            {
                var full = new double[_rows, _rowVolts!.Length];
                for (int c = 0; c < _rowVolts.Length; c++) full[ActiveRow, c] = _rowVolts[c];
                _cellVolts = full;
            }
            return _cellVolts;
        }
    }

    /// <summary>Current into the selected column's driver (the TIA input current during a read), Amperes.</summary>
    public double SelectedColumnAmperes { get; }
    /// <summary>Power delivered by all line drivers together, Watts.</summary>
    public double SourceWatts { get; }

    /// <summary>The only row whose cells carry a voltage, or −1 when any cell may.</summary>
    internal int ActiveRow { get; } = -1;

    /// <summary>Voltage of cell (<paramref name="row"/>, <paramref name="column"/>) without building the full matrix, Volts.</summary>
    internal double Volts(int row, int column) =>
        _rowVolts is not null ? (row == ActiveRow ? _rowVolts[column] : 0.0) : _cellVolts![row, column];

    /// <summary>1T1R reduced solve: voltage of the selected row line at every column, Volts (null otherwise).</summary>
    internal double[]? RowLineVolts { get; init; }
}

/// <summary>
/// A rows × columns memristor array with its row and column wires, row drivers at the left end of each row and column
/// drivers (or TIA virtual grounds) at the bottom end of each column, as the crossbar generator lays out a tile. Each
/// cell is a memristor of <see cref="Model"/> (0T1R) or a memristor in series with the level-1 access NMOS of
/// <see cref="ProgrammingOptions.AccessTransistor"/> (1T1R: drain at the memristor, source on the row line, gate on the
/// row's word line, bulk grounded). Solved with our circuit engine's DC operating point for the present states.
/// </summary>
public sealed class ProgrammingArray
{
    private readonly ProgrammingOptions _options;
    private readonly StateIntegrator _integrator;
    private readonly double _deadLow, _deadHigh;
    private readonly PassiveArraySolver? _passive;
    private readonly SelectedRowSolver? _selectedRow;

    /// <summary>An array with every cell at <paramref name="initialState"/> (the model's initial state when null).</summary>
    public ProgrammingArray(IMemristorModel model, int rows, int columns, ProgrammingOptions options, double? initialState = null)
    {
        if (rows < 1 || columns < 1) throw new ArgumentException($"an array needs at least one row and column, got {rows} x {columns}.");
        Model = model;
        Rows = rows;
        Columns = columns;
        _options = options.Validate();
        _integrator = new StateIntegrator(model);
        (_deadLow, _deadHigh) = DeadZone(model);
        States = new double[rows, columns];
        var x0 = initialState ?? model.InitialState;
        for (int r = 0; r < rows; r++) for (int c = 0; c < columns; c++) States[r, c] = x0;
        // The 1T1R branch equations also serve the engine path (a selected-row cell's voltage as its resistance moves).
        if (_options.Cell == CellKind.OneTransistor)
            _selectedRow = new SelectedRowSolver(model, rows, columns, _options.RowWireOhms, _options.ColumnWireOhms);
        else if (_options.Solver == ArraySolver.Reduced && (_options.RowWireOhms > 0) == (_options.ColumnWireOhms > 0))
            _passive = new PassiveArraySolver(model, rows, columns, _options.RowWireOhms, _options.ColumnWireOhms);
    }

    /// <summary>Device model of every cell.</summary>
    public IMemristorModel Model { get; }
    /// <summary>Rows (word lines).</summary>
    public int Rows { get; }
    /// <summary>Columns (bit lines).</summary>
    public int Columns { get; }
    /// <summary>Normalized state x of every cell [row, column].</summary>
    public double[,] States { get; }
    /// <summary>When set, every held bias and its duration is appended (the pulse sequence, to replay it in another simulator).</summary>
    public List<(ArrayBias Bias, double Seconds)>? Log { get; set; }
    /// <summary>Operating-point solves done so far.</summary>
    public long Solves { get; private set; }

    /// <summary>Device conductance 1/R(x) of a cell, Siemens.</summary>
    public double Conductance(int row, int column) => 1.0 / Model.Resistance(States[row, column]);

    /// <summary>The engine circuit of the array under <paramref name="bias"/> with every cell at its present state.</summary>
    public Circuit Build(ArrayBias bias)
    {
        var o = _options;
        var circuit = new Circuit("programming array");
        bool rowWires = o.RowWireOhms > 0, colWires = o.ColumnWireOhms > 0;
        for (int r = 0; r < Rows; r++)
        {
            circuit.Add(new VoltageSource($"vr{r}", $"ri{r}", "0", bias.RowVolts[r]));
            if (o.Cell == CellKind.OneTransistor) circuit.Add(new VoltageSource($"vw{r}", $"w{r}", "0", bias.GateVolts[r]));
            if (rowWires)
                for (int c = 0; c < Columns; c++)
                    circuit.Add(new Resistor($"rr{r}_{c}", c == 0 ? $"ri{r}" : RowNode(r, c - 1), RowNode(r, c), o.RowWireOhms));
        }
        for (int c = 0; c < Columns; c++)
        {
            circuit.Add(new VoltageSource($"vc{c}", $"ko{c}", "0", bias.ColumnVolts[c]));
            if (colWires)
                for (int r = 0; r < Rows; r++)
                    circuit.Add(new Resistor($"rk{c}_{r}", ColumnNode(c, r), r + 1 < Rows ? ColumnNode(c, r + 1) : $"ko{c}", o.ColumnWireOhms));
        }
        for (int r = 0; r < Rows; r++)
            for (int c = 0; c < Columns; c++)
            {
                var pos = PositiveNode(r, c);
                circuit.Add(new Resistor($"m{r}_{c}", pos, ColumnNode(c, r), Model.Resistance(States[r, c])));
                if (o.Cell == CellKind.OneTransistor)
                    circuit.Add(new Mosfet($"q{r}_{c}", pos, $"w{r}", RowNode(r, c), "0", ProgrammingOptions.AccessTransistor, ProgrammingOptions.AccessGeometry));
            }
        return circuit;
    }

    /// <summary>
    /// Device voltages strictly between which the state rate is exactly zero for every state: for VTEAM both threshold
    /// drives sp(v/v_th − 1) vanish to double precision once v/v_th − 1 &lt; −<see cref="Smooth.Cutoff"/>·s (the softplus
    /// cutoff), i.e. v_on·(1 − 50 s) &lt; v &lt; v_off·(1 − 50 s). Other models: an empty zone (every cell's rate is evaluated).
    /// </summary>
    internal static (double Low, double High) DeadZone(IMemristorModel model)
    {
        if (model is not VteamModel vteam) return (0, 0);
        var p = vteam.Parameters;
        double shrink = 1 - Smooth.Cutoff * p.SmoothingWidth;
        if (!(shrink > 0)) return (0, 0);
        // A hair inside, so rounding in v/v_th cannot put a voltage on the wrong side of the cutoff.
        return (p.VonVolts * shrink * (1 - 1e-9), p.VoffVolts * shrink * (1 - 1e-9));
    }

    /// <summary>Row-line node at cell column <paramref name="c"/> (the driver node itself without row wires).</summary>
    public string RowNode(int r, int c) => _options.RowWireOhms > 0 ? $"r{r}_{c}" : $"ri{r}";
    /// <summary>Column-line node at cell row <paramref name="r"/> (the driver node itself without column wires).</summary>
    public string ColumnNode(int c, int r) => _options.ColumnWireOhms > 0 ? $"k{c}_{r}" : $"ko{c}";
    /// <summary>The memristor's positive node: the row line (0T1R) or the transistor drain (1T1R).</summary>
    public string PositiveNode(int r, int c) => _options.Cell == CellKind.OneTransistor ? $"d{r}_{c}" : RowNode(r, c);

    /// <summary>Band factorizations of the reduced 0T1R solver so far.</summary>
    public long Factorizations => _passive?.Factorizations ?? 0;
    /// <summary>Triangular solve pairs of the reduced 0T1R solver so far.</summary>
    public long BandSolves => _passive?.BandSolves ?? 0;

    /// <summary>DC operating point of the array under <paramref name="bias"/> (memristors at their present resistances),
    /// by the reduced solver of <see cref="ProgrammingOptions.Solver"/> where it applies, else by the engine.</summary>
    public ArraySolution Solve(ArrayBias bias)
    {
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            if (_passive is not null) { Solves++; return _passive.Solve(bias, States); }
            if (_selectedRow is not null && _options.Solver == ArraySolver.Reduced && _selectedRow.Applies(bias)) { Solves++; return _selectedRow.Solve(bias, States); }
            return SolveWithEngine(bias);
        }
        finally { SolveSeconds += System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds; }
    }

    /// <summary>Wall time spent in <see cref="Solve"/> so far (the rest of a run is state integration and bookkeeping), Seconds.</summary>
    public double SolveSeconds { get; private set; }

    /// <summary>DC operating point of the whole array netlist by the circuit engine (the reference the reduced solvers must match).</summary>
    public ArraySolution SolveWithEngine(ArrayBias bias)
    {
        var op = new OperatingPoint(Build(bias)).Run();
        Solves++;
        var volts = new double[Rows, Columns];
        var nodes = new Dictionary<string, double>(StringComparer.Ordinal);
        double V(string node) => nodes.TryGetValue(node, out var v) ? v : nodes[node] = op.Voltage(node);
        for (int r = 0; r < Rows; r++)
            for (int c = 0; c < Columns; c++)
                volts[r, c] = V(PositiveNode(r, c)) - V(ColumnNode(c, r));
        // SPICE sign: i(v) flows from + through the source to −; a driver delivering power has V·i < 0.
        double watts = 0;
        for (int r = 0; r < Rows; r++)
        {
            watts -= bias.RowVolts[r] * op.Current($"vr{r}");
            if (_options.Cell == CellKind.OneTransistor) watts -= bias.GateVolts[r] * op.Current($"vw{r}");
        }
        for (int c = 0; c < Columns; c++) watts -= bias.ColumnVolts[c] * op.Current($"vc{c}");
        double[]? line = null;
        if (_selectedRow is not null && _selectedRow.Applies(bias))
        {
            line = new double[Columns];
            for (int c = 0; c < Columns; c++) line[c] = V(RowNode(bias.Row, c));
        }
        return new ArraySolution(volts, op.Current($"vc{bias.Column}"), watts) { RowLineVolts = line };
    }

    /// <summary>
    /// Holds <paramref name="bias"/> for <paramref name="seconds"/> and moves every cell's state (quasi-static operator
    /// splitting): solve the array at the present states, integrate each moving cell's state equation over a sub-step h,
    /// solve again at the new states. During the sub-step a cell sees either its solved voltage held (0T1R, and every cell
    /// outside the selected row) or, for the selected row of a 1T1R array solved by the reduced solver, the voltage of its
    /// own transistor-memristor branch as its resistance moves, with the row line held (the memristor and its transistor
    /// share the voltage, so this dependence is strong; the row line's is weak). A sub-step is redone at h/2 when any moving
    /// cell's voltage at the end of the sub-step, as the full solve gives it, differs from what the integration assumed by
    /// more than <see cref="ProgrammingOptions.MaxVoltageStep"/>, or any resistance changed by more than the fraction
    /// <see cref="ProgrammingOptions.MaxResistanceStep"/> (which bounds the error of the trapezoidal driver energy); h
    /// doubles after a sub-step whose voltages were off by less than a quarter of the limit. The splitting error is first
    /// order in that voltage difference and vanishes with it. Cells whose voltage lies in the device's dead zone (rate zero
    /// to double precision) are not integrated. Returns the energy the drivers delivered (trapezoidal in time), Joules, and
    /// the selected column's current at the start of the hold, Amperes.
    /// </summary>
    public (double Joules, double Amperes) Hold(ArrayBias bias, double seconds)
    {
        Log?.Add((bias, seconds));
        var s = Solve(bias);
        double t = 0, joules = 0, amperes = s.SelectedColumnAmperes, h = seconds, smallest = seconds / 65536;
        var moving = new List<(int Row, int Column, double Start, double Assumed)>();
        while (t < seconds * (1 - 1e-12))
        {
            h = Math.Min(h, seconds - t);
            moving.Clear();
            double worst = 0;
            // A solution that puts voltage on one row only (the other rows at exactly 0 V, inside the dead zone) is scanned there only.
            bool oneRow = s.ActiveRow >= 0 && _deadLow < 0 && _deadHigh > 0;
            int rowFrom = oneRow ? s.ActiveRow : 0, rowTo = oneRow ? s.ActiveRow + 1 : Rows;
            for (int r = rowFrom; r < rowTo; r++)
                for (int c = 0; c < Columns; c++)
                {
                    double x = States[r, c], v = s.Volts(r, c);
                    // In the dead zone the drive is zero to double precision (softplus tail): nothing to integrate.
                    if (v > _deadLow && v < _deadHigh) continue;
                    double rate = _integrator.Model.Rate(x, v).Rate;
                    if (rate == 0) continue;
                    double y, assumed;
                    if (s.RowLineVolts is { } line && r == bias.Row)
                    {
                        var branch = Branch(bias, line, c);
                        y = IntegrateBranch(x, branch, h);
                        assumed = branch(Model.Resistance(y)).Volts;
                    }
                    else
                    {
                        // A state change far below the disturbance threshold (a cell in the threshold's softplus tail) is
                        // integrated in one trapezoidal step: its window factors change by a negligible fraction across it.
                        y = _integrator.Hold(x, v, h, Math.Abs(rate * h) < 1e-7 ? 1 : 8);
                        assumed = v;
                    }
                    if (y == x) continue;
                    States[r, c] = y;
                    Touch(r, c, x);
                    moving.Add((r, c, x, assumed));
                    worst = Math.Max(worst, Math.Abs(Model.Resistance(y) / Model.Resistance(x) - 1));
                }
            if (moving.Count == 0)
            {
                // Nothing moves under this bias: the solution holds for the rest of it.
                joules += s.SourceWatts * (seconds - t);
                break;
            }
            if (worst > _options.MaxResistanceStep && h > smallest)
            {
                foreach (var m in moving) States[m.Row, m.Column] = m.Start;
                h /= 2;
                continue;
            }
            var next = Solve(bias);
            double dv = 0;
            foreach (var m in moving) dv = Math.Max(dv, Math.Abs(next.Volts(m.Row, m.Column) - m.Assumed));
            if (dv > _options.MaxVoltageStep && h > smallest)
            {
                foreach (var m in moving) States[m.Row, m.Column] = m.Start;
                h /= 2;
                continue;
            }
            joules += 0.5 * (s.SourceWatts + next.SourceWatts) * h;
            t += h;
            s = next;
            if (dv < _options.MaxVoltageStep / 4) h *= 2;
        }
        return (joules, amperes);
    }

    private readonly List<(int Row, int Column, double State)> _touched = [];
    private int[]? _touchedSlot;

    /// <summary>Starts recording which cells <see cref="Hold"/> moves, with each one's state at this moment (see <see cref="Touched"/>).</summary>
    public void MarkStates()
    {
        _touchedSlot ??= new int[Rows * Columns];
        foreach (var t in _touched) _touchedSlot[t.Row * Columns + t.Column] = 0;
        _touched.Clear();
    }

    /// <summary>Cells that <see cref="Hold"/> moved since <see cref="MarkStates"/> (a state that moved and came back counts),
    /// each with its state at the mark; every other cell still has its state of the mark.</summary>
    public IReadOnlyList<(int Row, int Column, double State)> Touched => _touched;

    private void Touch(int r, int c, double before)
    {
        if (_touchedSlot is null) return;
        int i = r * Columns + c;
        if (_touchedSlot[i] != 0) return;
        _touchedSlot[i] = 1;
        _touched.Add((r, c, before));
    }

    /// <summary>The memristor voltage of 1T1R cell (bias.Row, <paramref name="column"/>) and dv/dR as functions of its
    /// resistance, with its row-line node held at <paramref name="line"/>[column].</summary>
    private Func<double, (double Volts, double DVoltsDOhms)> Branch(ArrayBias bias, double[] line, int column)
    {
        double vs = line[column], vg = bias.GateVolts[bias.Row], vk = bias.ColumnVolts[column], rc = (Rows - bias.Row) * _options.ColumnWireOhms;
        return ohms => _selectedRow!.MemristorVolts(vs, vg, vk, rc, ohms);
    }

    /// <summary>Trapezoidal rule over <paramref name="seconds"/> (8 steps, Newton, halved when Newton fails) for a cell whose
    /// voltage follows its own resistance: x₊ = x + h/2·(r(x, v(R(x))) + r(x₊, v(R(x₊)))).</summary>
    private double IntegrateBranch(double x, Func<double, (double Volts, double DVoltsDOhms)> branch, double seconds)
    {
        double h = seconds / 8;
        for (int k = 0; k < 8; k++) x = BranchStep(x, branch, h, 0);
        return x;
    }

    private double BranchStep(double x, Func<double, (double Volts, double DVoltsDOhms)> branch, double h, int depth)
    {
        (double Rate, double Slope) RateAt(double state)
        {
            var (v, dvdr) = branch(Model.Resistance(state));
            var rate = Model.Rate(state, v);
            return (rate.Rate, rate.DRateDx + rate.DRateDv * dvdr * Model.ResistanceDerivative(state));
        }
        double r0 = RateAt(x).Rate, next = Smooth.ClampUnit(x + h * r0);
        for (int it = 0; it < 50; it++)
        {
            var (r, slope) = RateAt(next);
            double g = next - x - 0.5 * h * (r0 + r), dg = 1 - 0.5 * h * slope;
            if (!(dg > 1e-12)) break;
            double candidate = Smooth.ClampUnit(next - g / dg), change = Math.Abs(candidate - next);
            next = candidate;
            if (change <= 1e-12) return next;
        }
        if (depth > 30) throw new InvalidOperationException($"{Model.Name}: 1T1R cell state integration failed at x = {x}.");
        return BranchStep(BranchStep(x, branch, h / 2, depth + 1), branch, h / 2, depth + 1);
    }

    /// <summary>Bias of a write of signed device voltage <paramref name="volts"/> on (<paramref name="row"/>, <paramref name="column"/>).</summary>
    public ArrayBias WriteBias(int row, int column, double volts)
    {
        var (sr, sc, or, oc) = BiasVoltages.Lines(_options.Scheme, volts);
        var rv = new double[Rows];
        var cv = new double[Columns];
        for (int r = 0; r < Rows; r++) rv[r] = r == row ? sr : or;
        for (int c = 0; c < Columns; c++) cv[c] = c == column ? sc : oc;
        return new ArrayBias(row, column, rv, cv, Gates(row, volts * Model.SetPolarity > 0 ? _options.SetGateVolts : _options.ResetGateVolts));
    }

    /// <summary>Bias of a verify read: the selected row at Vread, every other row and every column at 0 V (TIA virtual grounds).</summary>
    public ArrayBias ReadBias(int row, int column)
    {
        var rv = new double[Rows];
        rv[row] = _options.ReadVolts;
        return new ArrayBias(row, column, rv, new double[Columns], Gates(row, _options.ResetGateVolts));
    }

    private double[] Gates(int row, double volts)
    {
        if (_options.Cell != CellKind.OneTransistor) return [];
        var g = new double[Rows];
        g[row] = volts;
        return g;
    }

    /// <summary>Read current of an isolated cell (no wires, no neighbours) whose device has conductance <paramref name="siemens"/>, Amperes:
    /// what the verify read would give for that conductance without array effects.</summary>
    public static double IsolatedReadAmperes(IMemristorModel model, ProgrammingOptions options, double siemens)
    {
        if (options.Cell == CellKind.Passive) return options.ReadVolts * siemens;
        if (options.Solver == ArraySolver.Reduced)
            return -new SelectedRowSolver(model, 1, 1, 0, 0).Branch(options.ReadVolts, options.ResetGateVolts, 0, 1.0 / siemens).Amperes;
        var circuit = new Circuit("isolated 1t1r read");
        circuit.Add(new VoltageSource("vr", "r", "0", options.ReadVolts));
        circuit.Add(new VoltageSource("vw", "w", "0", options.ResetGateVolts));
        circuit.Add(new VoltageSource("vc", "k", "0", 0.0));
        circuit.Add(new Resistor("m", "d", "k", 1.0 / siemens));
        circuit.Add(new Mosfet("q", "d", "w", "r", "0", ProgrammingOptions.AccessTransistor, ProgrammingOptions.AccessGeometry));
        return new OperatingPoint(circuit).Run().Current("vc");
    }

    /// <summary>Cell name used in reports and netlists: r{row}c{column}.</summary>
    public static string CellName(int row, int column) => string.Create(CultureInfo.InvariantCulture, $"r{row}c{column}");
}
