using MemristorSpice.Devices.Memristors;
using MemristorSpice.Engine.Components;
using MemristorSpice.Engine.Core;

namespace MemristorSpice.Crossbar.Programming;

/// <summary>
/// Operating point of a 1T1R array (<see cref="ProgrammingArray"/>'s circuit) reduced to the selected row. Every other
/// row's word line is at 0 V while all lines are at or above 0 V, so those access transistors are cut off
/// (V_GS ≤ 0 &lt; VTO): their rows carry no current, their memristors see no voltage, and each column line carries only
/// the selected row's cell current, down (R − r) segments to its driver. What remains is the selected row line (a chain of
/// segments from its driver) with, at every column, the transistor and the memristor in series to the column driver:
/// <list type="bullet">
/// <item>Per cell, for a row-line voltage V_s: the drain voltage V_d solves (V_k − V_d)/(R(x) + R_col) = I_ds(V_d; V_s)
/// (one monotone equation, Newton safeguarded by bisection on [min(V_s, V_k), max(V_s, V_k)]), with I_ds the level-1
/// channel current of the engine (<see cref="MosfetEquations.Channel"/>, drain and source swapped for V_d &lt; V_s, body
/// effect from the grounded bulk); dI/dV_s follows by implicit differentiation.</item>
/// <item>The row line's nodal equations are tridiagonal: Newton with the Thomas algorithm, to 1e-12 V.</item>
/// </list>
/// Left out against the full engine circuit: the bulk junctions' leakage (saturation current plus gmin·V, ≈ 1e-12 A against
/// microamperes through the cells) and, through the same gmin, the few microvolts an off cell's floating drain puts on its
/// memristor (far below the thresholds). Falls back to nothing: the caller uses the engine when the bias does not cut the
/// other rows off.
/// </summary>
internal sealed class SelectedRowSolver
{
    private readonly IMemristorModel _model;
    private readonly int _rows, _columns;
    private readonly double _rowOhms, _columnOhms, _beta, _vbi, _gamma, _phi, _lambda;
    // Warm starts: the last solution of each recent bias (a write-verify alternates a few write biases and the read).
    private readonly Dictionary<(int Row, double Gate, double RowVolts, int Column, double Selected, double Other), (double[] Line, double[] Drain)> _warm = [];

    /// <summary>Solver for the array's geometry and wires (Ohms) with the access transistor of <see cref="ProgrammingOptions"/>.</summary>
    public SelectedRowSolver(IMemristorModel model, int rows, int columns, double rowOhms, double columnOhms)
    {
        _model = model;
        _rows = rows;
        _columns = columns;
        _rowOhms = rowOhms;
        _columnOhms = columnOhms;
        var m = ProgrammingOptions.AccessTransistor;
        var g = ProgrammingOptions.AccessGeometry;
        // As the engine's MOSFET at the default temperature (27 °C = TNOM): β = KP·M·W/(L − 2·LD), vbi = VTO − γ√φ (MOS1tVbi).
        var t = MosfetTemperature.Of(m, new SimulationOptions().Temperature);
        _beta = t.Kp * g.M * g.W / (g.L - 2 * m.Ld);
        _vbi = t.Vbi;
        _gamma = m.Gamma;
        _phi = t.Phi;
        _lambda = m.Lambda;
    }

    /// <summary>Row-line Newton iterations done.</summary>
    public long Iterations { get; private set; }

    /// <summary>True when <paramref name="bias"/> cuts every unselected row off (gates at 0 V, no line below 0 V, VTO &gt; 0).</summary>
    public bool Applies(ArrayBias bias)
    {
        if (!(ProgrammingOptions.AccessTransistor.Vto > 0)) return false;
        for (int r = 0; r < _rows; r++)
            if ((r != bias.Row && bias.GateVolts[r] != 0) || bias.RowVolts[r] < 0) return false;
        foreach (var v in bias.ColumnVolts) if (v < 0) return false;
        return true;
    }

    /// <summary>Operating point under <paramref name="bias"/> (check <see cref="Applies"/> first).</summary>
    public ArraySolution Solve(ArrayBias bias, double[,] states)
    {
        int row = bias.Row, n = _columns;
        double vg = bias.GateVolts[row], vr = bias.RowVolts[row], rc = (_rows - row) * _columnOhms;
        var total = new double[n];
        for (int c = 0; c < n; c++) total[c] = _model.Resistance(states[row, c]) + rc;
        var key = (row, vg, vr, bias.Column, bias.ColumnVolts[bias.Column], n > 1 ? bias.ColumnVolts[bias.Column == 0 ? 1 : 0] : 0.0);
        if (!_warm.TryGetValue(key, out var warm))
        {
            if (_warm.Count >= 16) _warm.Clear();
            warm = (new double[n], new double[n]);
            Array.Fill(warm.Line, vr);
            Array.Fill(warm.Drain, double.NaN);
            _warm[key] = warm;
        }
        // Newton converges to 1e-12 V from any start; the last solution of the same bias is only a closer one.
        var vs = warm.Line;
        var drain = warm.Drain;
        var current = new double[n];
        if (_rowOhms == 0)
        {
            // The row line is its driver: every cell is independent.
            for (int c = 0; c < n; c++) { vs[c] = vr; (drain[c], current[c], _) = Branch(vr, vg, bias.ColumnVolts[c], total[c], drain[c]); }
        }
        else
        {
            double g = 1 / _rowOhms;
            var f = new double[n];
            var diag = new double[n];
            var step = new double[n];
            for (int iteration = 0; ; iteration++)
            {
                Iterations++;
                // KCL at row node c (currents into the node): g(V_{c−1} − V_c) + g(V_{c+1} − V_c) + I_c(V_c) = 0, V_{−1} = driver.
                for (int c = 0; c < n; c++)
                {
                    (drain[c], current[c], double di) = Branch(vs[c], vg, bias.ColumnVolts[c], total[c], drain[c]);
                    double left = c == 0 ? vr : vs[c - 1];
                    f[c] = g * (left - vs[c]) + current[c] + (c + 1 < n ? g * (vs[c + 1] - vs[c]) : 0);
                    diag[c] = -g - (c + 1 < n ? g : 0) + di;
                }
                // Thomas algorithm on J·Δ = −f with off-diagonals g (J is diagonally dominant: di ≤ 0).
                var cPrime = new double[n];
                for (int c = 0; c < n; c++)
                {
                    double denominator = diag[c] - (c > 0 ? g * cPrime[c - 1] : 0);
                    cPrime[c] = g / denominator;
                    step[c] = (-f[c] - (c > 0 ? g * step[c - 1] : 0)) / denominator;
                }
                for (int c = n - 2; c >= 0; c--) step[c] -= cPrime[c] * step[c + 1];
                double largest = 0;
                for (int c = 0; c < n; c++)
                {
                    double d = Math.Clamp(step[c], -0.5, 0.5); // a damped step far from the solution
                    vs[c] += d;
                    largest = Math.Max(largest, Math.Abs(d));
                }
                if (largest < 1e-12) break;
                if (iteration > 200) throw new InvalidOperationException($"1T1R row solve did not converge (last step {largest} V).");
            }
            for (int c = 0; c < n; c++) (drain[c], current[c], _) = Branch(vs[c], vg, bias.ColumnVolts[c], total[c], drain[c]);
        }
        var volts = new double[n];
        double watts = 0, selected = 0;
        for (int c = 0; c < n; c++)
        {
            double vk = bias.ColumnVolts[c], r = total[c] - rc;
            volts[c] = (drain[c] - vk) * r / total[c]; // memristor share of drain-to-driver drop
            watts += vk * current[c]; // the column driver delivers current[c] into its line
            if (c == bias.Column) selected = -current[c];
        }
        double feed = _rowOhms == 0 ? -current.Sum() : (vr - vs[0]) / _rowOhms;
        watts += vr * feed;
        // Every other row is cut off: its cells see 0 V, so only the selected row's voltages are stored.
        return new ArraySolution(_rows, row, volts, selected, watts) { RowLineVolts = (double[])vs.Clone() };
    }

    /// <summary>
    /// One cell between row-line voltage <paramref name="vs"/> and column driver <paramref name="vk"/> through
    /// <paramref name="ohms"/> (memristor plus column wire): drain voltage, the current from the column into the row line
    /// (A), and its derivative with respect to <paramref name="vs"/> (S). <paramref name="guess"/>: a starting drain voltage
    /// (used when inside the bracket; NaN = the bracket's middle).
    /// </summary>
    public (double Drain, double Amperes, double DAmperesDvs) Branch(double vs, double vg, double vk, double ohms, double guess = double.NaN)
    {
        double lo = Math.Min(vs, vk), hi = Math.Max(vs, vk);
        double vd = guess > lo && guess < hi ? guess : 0.5 * (lo + hi), dIdVd = 0, dIdVs = 0;
        for (int iteration = 0; iteration < 200; iteration++)
        {
            (double ids, dIdVd, dIdVs) = Channel(vd, vs, vg);
            double f = (vk - vd) / ohms - ids, df = -1 / ohms - dIdVd;
            if (f > 0) lo = vd; else hi = vd; // f decreases with vd
            double next = vd - f / df;
            if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
            bool done = Math.Abs(next - vd) < 1e-15 + 1e-13 * Math.Abs(vd);
            vd = next;
            if (done || hi - lo < 1e-15) break;
        }
        (_, dIdVd, dIdVs) = Channel(vd, vs, vg);
        double dVd = -dIdVs / (1 / ohms + dIdVd);
        return (vd, (vk - vd) / ohms, -dVd / ohms);
    }

    /// <summary>
    /// Memristor voltage of a cell whose row-line node is held at <paramref name="vs"/>, as a function of its resistance
    /// <paramref name="ohms"/> (column wire <paramref name="columnOhms"/> to the driver at <paramref name="vk"/>), and dv/dR
    /// (1/Amperes) by implicit differentiation of the branch equation: dV_d/dR_t = ((V_d − V_k)/R_t²)/(1/R_t + ∂I_ds/∂V_d).
    /// </summary>
    public (double Volts, double DVoltsDOhms) MemristorVolts(double vs, double vg, double vk, double columnOhms, double ohms)
    {
        double total = ohms + columnOhms;
        var (vd, _, _) = Branch(vs, vg, vk, total);
        var (_, dIdVd, _) = Channel(vd, vs, vg);
        double dVd = (vd - vk) / (total * total) / (1 / total + dIdVd);
        return ((vd - vk) * ohms / total, dVd * ohms / total + (vd - vk) * columnOhms / (total * total));
    }

    /// <summary>Channel current drain→source with its partials by V_d and V_s; the lower terminal acts as the source.</summary>
    private (double Ids, double DIdVd, double DIdVs) Channel(double vd, double vs, double vg)
    {
        if (vd >= vs)
        {
            var k = MosfetEquations.Channel(vg - vs, vd - vs, -vs, _beta, _vbi, _gamma, _phi, _lambda);
            return (k.Id, k.Gds, -k.Gm - k.Gds - k.Gmbs);
        }
        var rev = MosfetEquations.Channel(vg - vd, vs - vd, -vd, _beta, _vbi, _gamma, _phi, _lambda);
        return (-rev.Id, rev.Gm + rev.Gds + rev.Gmbs, -rev.Gds);
    }
}
