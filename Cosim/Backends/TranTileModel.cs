using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Crossbar.Generation;
using MemristorSpice.Crossbar.Layout;
using MemristorSpice.Crossbar.Manifest;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Devices.Native;
using MemristorSpice.Engine.Analyses;
using MemristorSpice.Engine.Components;
using MemristorSpice.Engine.Core;

namespace MemristorSpice.Cosim.Backends;

/// <summary>A capacitor of a tile's transient circuit (op-amp pole or wire segment), farads.</summary>
public sealed record TranCapacitor(string Name, string Plus, string Minus, double Farads);

/// <summary>
/// The transient circuit of one tile, prepared for fixed-step integration with factor reuse.
/// <para>
/// Dynamic elements: (1) every op-amp with a gain-bandwidth product is rewritten as its exact linear single-pole
/// equivalent, a = A0·(vd + Vos) through a 1 Ω load with a capacitor τ/1 Ω (τ = 1/(2π·fp), fp = GBW/A0, the native
/// op-amp's equation τ·da/dt + a = A0·vd) and out = a (unity VCVS); (2) optional wire capacitance per segment, from
/// the far node of each wire segment to ground; (3) the memristors' state equations dx/dt = f(x, v) of their model.
/// </para>
/// <para>
/// Integration: second-order BDF (Gear-2) with a fixed step h. Each capacitor becomes its companion model
/// i = (C/h)·(1.5·v(n+1) − 2·v(n) + 0.5·v(n−1)), i.e. a conductance 1.5·C/h in parallel with a current source
/// (C/h)·(2·v(n) − 0.5·v(n−1)) (Gear 1971; SPICE's "gear" order 2). The matrix is then constant: it is factored
/// once by <see cref="LinearCircuitSolver"/> and every step is one forward/backward substitution with the row
/// voltages and the companion currents as the excitation. BDF2 is stable for the stiff wire poles (τ ≪ h), where
/// the trapezoidal rule would ring. Cells are resistors R(x); their states are advanced explicitly from the cell
/// voltages after each step, and when any resistance has drifted by more than
/// <see cref="TranOptions.StateRefactorTolerance"/> the chunk refactors with the new states.
/// </para>
/// </summary>
public sealed class TranTileModel
{
    private readonly CrossbarTileLayout _layout;
    private readonly NonIdealities _settings;
    private readonly StepSolver _initial;
    private readonly LinearCircuitSolver _dc;
    private readonly int[] _dcCapPlus, _dcCapMinus;
    private readonly bool _dynamicCells;

    /// <summary>Prepares the transient circuit of one tile and its DC solver.</summary>
    /// <param name="layout">Generated layout of the tile.</param>
    /// <param name="settings">Non-idealities (op-amp, wires, device).</param>
    /// <param name="options">Transient read settings.</param>
    /// <param name="weightVoltsPerVolt">Factor from output volts to weight·volt units.</param>
    public TranTileModel(CrossbarTileLayout layout, NonIdealities settings, TranOptions options, double weightVoltsPerVolt)
    {
        _layout = layout;
        _settings = settings.Validate();
        Options = options.Validate();
        WeightVoltsPerVolt = weightVoltsPerVolt;
        StepSeconds = options.StepSeconds;
        var programmed = layout.Cells.Select(c => layout.Device.Model.Resistance(c.State)).ToArray();
        var caps = new List<TranCapacitor>();
        var dcCircuit = BuildCircuit(programmed, caps, companions: false);
        Capacitors = caps;
        _dc = new LinearCircuitSolver(dcCircuit, layout.RowSourceNames);
        _dcCapPlus = caps.Select(c => NodeIndex(_dc, c.Plus)).ToArray();
        _dcCapMinus = caps.Select(c => NodeIndex(_dc, c.Minus)).ToArray();
        _initial = new StepSolver(this, programmed);
        // A cell whose model does not move at all at 0 V and at ±Vread (thresholded VTEAM read) still gets its state
        // integrated: the check below only decides whether the per-step state update can be skipped entirely.
        _dynamicCells = layout.Cells.Count > 0 && ProbeDynamics();
    }

    /// <summary>Validated transient read settings.</summary>
    public TranOptions Options { get; }
    /// <summary>Fixed integration step, seconds (read time / steps per slot).</summary>
    public double StepSeconds { get; }
    /// <summary>Factor from output volts to weight·volt units.</summary>
    public double WeightVoltsPerVolt { get; }
    /// <summary>Capacitors of the circuit (op-amp poles, wire segments).</summary>
    public IReadOnlyList<TranCapacitor> Capacitors { get; }
    /// <summary>Non-zeros of the LU factors of the companion (transient step) matrix.</summary>
    public long FactorNonZeros => _initial.Solver.FactorNonZeros;
    /// <summary>Unknowns of the transient circuit.</summary>
    public int Unknowns => _initial.Solver.SolutionLength;
    /// <summary>Rows (inputs) of the tile.</summary>
    public int Rows => _layout.Rows.Count;
    /// <summary>Outputs of the tile.</summary>
    public int Outputs => _layout.Outputs;
    /// <summary>Generated layout the circuit was built from.</summary>
    public CrossbarTileLayout Layout => _layout;

    /// <summary>Refactorizations caused by memristor state drift over all simulations so far.</summary>
    public int StateRefactors => _refactors;
    private int _refactors;

    /// <summary>Largest |Δx| of any cell state seen in a simulation (normalized state units).</summary>
    public double MaxStateDrift { get { lock (_driftGate) return _maxDrift; } }
    private double _maxDrift;
    private readonly Lock _driftGate = new();

    /// <summary>
    /// Called after every time step: patch index within the run, step within the slot (0-based), outputs in
    /// weight·volts, and the full solution vector (index it with <see cref="SignalIndex"/>).
    /// </summary>
    public delegate void StepObserver(int patch, int step, ReadOnlySpan<double> outputs, ReadOnlySpan<double> solution);

    /// <summary>Solution-vector index of a signal of the transient circuit ("v(node)"); the same after a refactor (same topology).</summary>
    public int SignalIndex(string signal) => _initial.Solver.SignalIndex(signal);

    /// <summary>
    /// Runs one pulse train. The tile starts at the DC operating point of <paramref name="previous"/> (row volts of
    /// the slot before the first one, fully settled); patch p (row volts <paramref name="patches"/>[p·Rows ..]) is
    /// applied in slot p for <paramref name="stepsPerSlot"/> steps of <see cref="StepSeconds"/>; the outputs at the
    /// end of each slot go to <paramref name="samples"/> [count × Outputs] in weight·volts.
    /// </summary>
    public void Simulate(ReadOnlySpan<double> previous, ReadOnlySpan<double> patches, int count, Span<double> samples,
        int stepsPerSlot, StepObserver? observer = null)
    {
        int rows = Rows, outs = Outputs, caps = Capacitors.Count;
        if (previous.Length != rows || patches.Length < count * rows || samples.Length < count * outs)
            throw new ArgumentException($"{_layout.Title}: buffers do not match {rows} rows, {outs} outputs, {count} patches.");
        double h = StepSeconds;
        var xdc = new double[_dc.SolutionLength];
        var work = new double[Math.Max(_dc.SolutionLength, _initial.Solver.SolutionLength)];
        _dc.Solve(previous, xdc, work.AsSpan(0, _dc.SolutionLength));
        var vNow = new double[caps];
        var vOld = new double[caps];
        for (int k = 0; k < caps; k++) vNow[k] = vOld[k] = xdc[_dcCapPlus[k]] - xdc[_dcCapMinus[k]];

        var solver = _initial;
        var states = _dynamicCells ? _layout.Cells.Select(c => c.State).ToArray() : null;
        var factored = states is null ? null : _layout.Cells.Select(c => _layout.Device.Model.Resistance(c.State)).ToArray();
        var excitation = new double[rows + caps];
        var x = new double[solver.Solver.SolutionLength];
        var outputs = new double[outs];
        double maxDrift = 0;
        for (int p = 0; p < count; p++)
        {
            patches.Slice(p * rows, rows).CopyTo(excitation);
            for (int s = 0; s < stepsPerSlot; s++)
            {
                for (int k = 0; k < caps; k++) excitation[rows + k] = Capacitors[k].Farads / h * (2 * vNow[k] - 0.5 * vOld[k]);
                solver.Solver.Solve(excitation, x, work.AsSpan(0, solver.Solver.SolutionLength));
                for (int k = 0; k < caps; k++)
                {
                    vOld[k] = vNow[k];
                    vNow[k] = x[solver.CapPlus[k]] - x[solver.CapMinus[k]];
                }
                if (states is not null && AdvanceStates(solver, x, states, factored!, h, ref maxDrift))
                {
                    solver = new StepSolver(this, factored!);
                    Interlocked.Increment(ref _refactors);
                }
                if (observer is not null || s == stepsPerSlot - 1)
                {
                    for (int j = 0; j < outs; j++) outputs[j] = x[solver.Outputs[j]] * WeightVoltsPerVolt;
                    observer?.Invoke(p, s, outputs, x);
                }
            }
            outputs.CopyTo(samples.Slice(p * outs, outs));
        }
        if (maxDrift > 0) lock (_driftGate) _maxDrift = Math.Max(_maxDrift, maxDrift);
    }

    /// <summary>True when the cells' model has a non-zero state rate at read voltages: the read is not time-invariant.</summary>
    public bool CellsDriftDuringReads => _dynamicCells;

    /// <summary>
    /// The settling taps D_1..D_M of the read: D_m [Rows × Outputs] (weight·volt per volt) is the step response of
    /// each row, sampled m read slots after the step, minus its settled (DC) value, on the same fixed-step BDF2 grid
    /// as <see cref="Simulate"/>. The discretized read circuit is linear and time-invariant and every slot starts
    /// with a DAC step, so by superposition the read of patch p of a pulse train that starts from the settled
    /// idle state (V_q = 0 for q &lt; 0) is out_p = dc(V_p) + Σ_m D_mᵀ·(V_{p−m+1} − V_{p−m}), with the same
    /// samples as the step-by-step integration up to rounding. Each row is followed until the residue estimated with
    /// its geometric tail, a_m/(1 − a_m/a_{m−1}) with a_m = max_j |D_m[r, j]|, is below
    /// <see cref="TranOptions.ResponseTolerance"/>·(max_j Σ_r |T_rj|·Vmax)/(Rows·Vmax); that tap and the tail after it
    /// are dropped (a tile that settles within one slot has no taps: its reads are the DC reads). Null when a row has not
    /// decayed within <see cref="TranOptions.MaxResponseSlots"/> slots (or the cells drift: not time-invariant).
    /// </summary>
    /// <param name="threads">Blocks of rows simulated in parallel.</param>
    public IReadOnlyList<double[]>? SettlingTaps(int threads)
    {
        if (_dynamicCells) return null;
        int rows = Rows, outs = Outputs, steps = Options.StepsPerSlot, maxSlots = Options.MaxResponseSlots;
        // Settled response to 1 V on each row alone, relative to the settled response with every row at 0 V.
        var (settled, x0, dcOut, zeroCaps) = UnitSettled();
        double vmax = Math.Max(_settings.VreadVolts, _layout.Rows.Max(r => Math.Abs(r.Volts)));
        double bound = 0;
        for (int j = 0; j < outs; j++)
        {
            double sum = 0;
            for (int r = 0; r < rows; r++) sum += Math.Abs(settled[r * outs + j]);
            bound = Math.Max(bound, sum * vmax);
        }
        // A tile of zero weights (a bias row of zeros) has no output bound: its residues are held to 1e-12 W·V/V.
        double rowTolerance = Math.Max(Options.ResponseTolerance * bound / (rows * vmax), 1e-12);

        // Rows are simulated as blocks of right-hand sides of one factored companion matrix (one pass over the
        // factors per time step for the whole block), blocks in parallel.
        var responses = new List<double>[rows];
        bool settledAll = true;
        ForEachRowBlock(rows, threads, (first, k) =>
        {
            var block = new RowBlock(this, first, k, zeroCaps);
            var taps = new List<double>[k];
            var previous = new double[k];
            var done = new bool[k];
            int open = k;
            for (int e = 0; e < k; e++) { taps[e] = []; previous[e] = double.PositiveInfinity; }
            for (int m = 1; m <= maxSlots && open > 0; m++)
            {
                for (int s = 0; s < steps; s++) block.Step();
                for (int e = 0; e < k; e++)
                {
                    if (done[e]) continue;
                    int r = first + e;
                    double a = 0;
                    int start = taps[e].Count;
                    for (int j = 0; j < outs; j++)
                    {
                        double d = block.Error(e, j, x0, dcOut, settled);
                        taps[e].Add(d);
                        a = Math.Max(a, Math.Abs(d));
                    }
                    double ratio = a / previous[e];
                    previous[e] = a;
                    if (a == 0 || (ratio < 1 && a / (1 - ratio) <= rowTolerance))
                    {
                        // This tap and the geometric tail after it are within the tolerance: keep the taps before it.
                        taps[e].RemoveRange(start, outs);
                        done[e] = true; open--; responses[r] = taps[e];
                    }
                }
            }
            if (open > 0) Volatile.Write(ref settledAll, false);
        });
        if (!settledAll) return null;
        int slots = responses.Length == 0 ? 0 : responses.Max(t => t.Count / outs);
        var result = new double[slots][];
        for (int m = 0; m < slots; m++)
        {
            var d = result[m] = new double[rows * outs];
            for (int r = 0; r < rows; r++)
                if ((m + 1) * outs <= responses[r].Count)
                    for (int j = 0; j < outs; j++) d[r * outs + j] = responses[r][m * outs + j];
        }
        return result;
    }

    /// <summary>
    /// Every row's unit step response minus its settled (DC) value at every time step of the fixed-step BDF2 grid:
    /// element [k][r·Outputs + j] is output j at time (k + 1)·<see cref="StepSeconds"/> after row r steps from 0 V to
    /// 1 V (the DAC ramp over the first step, as in <see cref="Simulate"/>), all other rows at 0 V, from the settled idle
    /// state, minus that output's settled value; weight·volts per volt. By superposition the settling error of any read
    /// that starts from a settled previous patch is Σ_r S[k][r, j]·(V_r − V_r,previous). Used to measure the read time
    /// (<see cref="ColumnSettling"/>). Null when the cells drift at read voltages (the read is not time-invariant).
    /// </summary>
    /// <param name="steps">Time steps to record (the horizon is steps·h).</param>
    /// <param name="threads">Blocks of rows simulated in parallel.</param>
    public double[][]? StepResponseErrors(int steps, int threads)
    {
        if (_dynamicCells) return null;
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        int rows = Rows, outs = Outputs;
        var (settled, x0, dcOut, zeroCaps) = UnitSettled();
        var result = new double[steps][];
        for (int k = 0; k < steps; k++) result[k] = new double[rows * outs];
        ForEachRowBlock(rows, threads, (first, k) =>
        {
            var block = new RowBlock(this, first, k, zeroCaps);
            for (int s = 0; s < steps; s++)
            {
                block.Step();
                var d = result[s];
                for (int e = 0; e < k; e++)
                {
                    int r = first + e;
                    for (int j = 0; j < outs; j++) d[r * outs + j] = block.Error(e, j, x0, dcOut, settled);
                }
            }
        });
        return result;
    }

    /// <summary>Splits the rows into blocks of at most 32 (evenly sized) and runs <paramref name="block"/>(first row, rows) for each, in parallel.</summary>
    private static void ForEachRowBlock(int rows, int threads, Action<int, int> block)
    {
        const int MaxBlockRows = 32;
        int blocks = (rows + MaxBlockRows - 1) / MaxBlockRows, blockRows = blocks == 0 ? 0 : (rows + blocks - 1) / blocks;
        Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) }, b =>
        {
            int first = b * blockRows;
            block(first, Math.Min(blockRows, rows - first));
        });
    }

    /// <summary>
    /// Rows first..first+k−1, each alone at 1 V from the settled all-zero state, simulated together as k right-hand
    /// sides of the factored companion matrix: <see cref="Step"/> is one fixed BDF2 step (capacitor history
    /// 2·v_n − v_{n−1}/2 times C/h as excitation, as in <see cref="Simulate"/>).
    /// </summary>
    private sealed class RowBlock
    {
        private readonly TranTileModel _tile;
        private readonly int _first, _k, _rows, _caps;
        private readonly double _h;
        private readonly double[] _vNow, _vOld, _excitation, _x, _rhs, _work;
        private readonly ReducedStep? _reduced;
        private readonly double[]? _current, _vNew, _y;

        public RowBlock(TranTileModel tile, int first, int k, double[] zeroCaps)
        {
            _tile = tile; _first = first; _k = k; _rows = tile.Rows; _caps = tile.Capacitors.Count; _h = tile.StepSeconds;
            _vNow = new double[_caps * k];
            _vOld = new double[_caps * k];
            for (int c = 0; c < _caps; c++) { _vNow.AsSpan(c * k, k).Fill(zeroCaps[c]); _vOld.AsSpan(c * k, k).Fill(zeroCaps[c]); }
            _reduced = tile.Reduced;
            if (_reduced is not null)
            {
                // Reduced to the capacitor ports: no full-circuit vectors, only the capacitor currents and the outputs.
                _excitation = _x = _rhs = _work = [];
                _current = new double[_caps * k];
                _vNew = new double[_caps * k];
                _y = new double[tile.Outputs * k];
                return;
            }
            int size = tile._initial.Solver.SolutionLength;
            _excitation = new double[(_rows + _caps) * k];
            for (int e = 0; e < k; e++) _excitation[(first + e) * k + e] = 1;
            _x = new double[size * k];
            _rhs = new double[size * k];
            _work = new double[size * k];
        }

        public void Step()
        {
            if (_reduced is not null) { StepReduced(_reduced); return; }
            var solver = _tile._initial;
            int k = _k;
            for (int c = 0; c < _caps; c++)
            {
                double g = _tile.Capacitors[c].Farads / _h;
                for (int e = 0; e < k; e++) _excitation[(_rows + c) * k + e] = g * (2 * _vNow[c * k + e] - 0.5 * _vOld[c * k + e]);
            }
            solver.Solver.SolveBlock(_excitation, k, _x, _rhs, _work);
            for (int c = 0; c < _caps; c++)
            {
                int plus = solver.CapPlus[c] * k, minus = solver.CapMinus[c] * k;
                for (int e = 0; e < k; e++)
                {
                    _vOld[c * k + e] = _vNow[c * k + e];
                    _vNow[c * k + e] = _x[plus + e] - _x[minus + e];
                }
            }
        }

        /// <summary>
        /// One BDF2 step on the port-reduced circuit: the capacitor history currents i_c = (C/h)·(2·v_n − v_{n−1}/2), then
        /// v_{n+1} = Vu·e_r + Vc·i and y = Yu·e_r + Yc·i (the same linear map the full solve applies, precomputed).
        /// </summary>
        private void StepReduced(ReducedStep m)
        {
            int k = _k, caps = _caps, outs = _tile.Outputs;
            var cur = _current!;
            for (int c = 0; c < caps; c++)
            {
                double g = _tile.Capacitors[c].Farads / _h;
                for (int e = 0; e < k; e++) cur[c * k + e] = g * (2 * _vNow[c * k + e] - 0.5 * _vOld[c * k + e]);
            }
            m.Apply(m.Vu, m.Vc, caps, _first, k, cur, _vNew!);
            m.Apply(m.Yu, m.Yc, outs, _first, k, cur, _y!);
            Array.Copy(_vNow, _vOld, _vNow.Length);
            Array.Copy(_vNew!, _vNow, _vNow.Length);
        }

        /// <summary>Output j with only row first+e at 1 V, minus the all-zero output (the offset), minus its settled value.</summary>
        public double Error(int e, int j, double[] x0, int[] dcOut, double[] settled) =>
            ((_reduced is null ? _x[_tile._initial.Outputs[j] * _k + e] : _y![j * _k + e]) - x0[dcOut[j]]) * _tile.WeightVoltsPerVolt
            - settled[(_first + e) * _tile.Outputs + j];
    }

    /// <summary>
    /// The companion circuit reduced to its inputs and capacitor ports (Kron reduction): the step solve is linear in the
    /// row voltages u and the capacitor history currents i, so the capacitor voltages are v = Vu·u + Vc·i and the outputs
    /// y = Yu·u + Yc·i, with the columns of Vu, Vc, Yu, Yc the solutions for unit inputs (Rows + Caps solves of the factored
    /// matrix, once). A step of a row's step response then costs Caps·(Caps + Outputs) multiply-adds instead of a solve of
    /// the whole circuit (a 128 × 120 tile with 1 Ω wires: 63,000 unknowns and 3.6 M factor entries, against 360 op-amp
    /// poles). Exact: the same linear map, evaluated in another order (differences are rounding).
    /// </summary>
    private sealed class ReducedStep
    {
        /// <summary>[Caps × Rows], [Caps × Caps], [Outputs × Rows], [Outputs × Caps], row-major.</summary>
        public double[] Vu { get; }
        public double[] Vc { get; }
        public double[] Yu { get; }
        public double[] Yc { get; }
        private readonly int _rows, _caps;

        public ReducedStep(TranTileModel tile, int threads)
        {
            var solver = tile._initial;
            int rows = tile.Rows, caps = tile.Capacitors.Count, outs = tile.Outputs, inputs = rows + caps, size = solver.Solver.SolutionLength;
            _rows = rows; _caps = caps;
            Vu = new double[caps * rows]; Vc = new double[caps * caps]; Yu = new double[outs * rows]; Yc = new double[outs * caps];
            var vu = Vu; var vc = Vc; var yu = Yu; var yc = Yc;
            ForEachRowBlock(inputs, threads, (first, k) =>
            {
                var excitation = new double[inputs * k];
                for (int e = 0; e < k; e++) excitation[(first + e) * k + e] = 1;
                var x = new double[size * k];
                solver.Solver.SolveBlock(excitation, k, x, new double[size * k], new double[size * k]);
                for (int e = 0; e < k; e++)
                {
                    int input = first + e;
                    for (int c = 0; c < caps; c++)
                    {
                        double v = x[solver.CapPlus[c] * k + e] - x[solver.CapMinus[c] * k + e];
                        if (input < rows) vu[c * rows + input] = v; else vc[c * caps + input - rows] = v;
                    }
                    for (int j = 0; j < outs; j++)
                    {
                        double y = x[solver.Outputs[j] * k + e];
                        if (input < rows) yu[j * rows + input] = y; else yc[j * caps + input - rows] = y;
                    }
                }
            });
        }

        /// <summary>
        /// out[n·k + e] = U[n, first + e] + Σ_c C[n, c]·i[c·k + e] for n &lt; count: the response to unit row first + e and the
        /// history currents <paramref name="current"/> [Caps × k].
        /// </summary>
        public void Apply(double[] u, double[] c, int count, int first, int k, double[] current, double[] result)
        {
            for (int n = 0; n < count; n++)
            {
                var o = result.AsSpan(n * k, k);
                for (int e = 0; e < k; e++) o[e] = u[n * _rows + first + e];
                var row = c.AsSpan(n * _caps, _caps);
                for (int q = 0; q < _caps; q++)
                {
                    double a = row[q];
                    if (a == 0) continue;
                    var i = current.AsSpan(q * k, k);
                    for (int e = 0; e < k; e++) o[e] += a * i[e];
                }
            }
        }
    }

    /// <summary>
    /// The port-reduced step (<see cref="ReducedStep"/>) when it is cheaper than solving the circuit: its per-step work
    /// Caps·(Caps + Outputs) below the factor's entries and its setup (Rows + Caps solves) paying back within the
    /// response; null otherwise (small tiles, or many wire capacitors, whose ports are the whole circuit).
    /// </summary>
    private ReducedStep? Reduced
    {
        get
        {
            if (!UsePortReduction) return null;
            if (_reducedDone) return _reduced;
            lock (_reducedGate)
            {
                if (!_reducedDone)
                {
                    long caps = Capacitors.Count, perStep = caps * (caps + Outputs);
                    if (caps > 0 && 4 * perStep < FactorNonZeros && caps <= 4 * Rows)
                        _reduced = new ReducedStep(this, Environment.ProcessorCount);
                    _reducedDone = true;
                }
                return _reduced;
            }
        }
    }
    private ReducedStep? _reduced;
    private volatile bool _reducedDone;

    /// <summary>False forces the step responses to solve the whole circuit every step (tests compare both).</summary>
    internal bool UsePortReduction { get; init; } = true;

    /// <summary>True when the step responses run on the port-reduced circuit (<see cref="ReducedStep"/>).</summary>
    internal bool PortReduced => Reduced is not null;
    private readonly Lock _reducedGate = new();

    /// <summary>
    /// Settled response to 1 V on each row alone relative to the all-zero read [Rows × Outputs] (weight·volt per volt),
    /// the all-zero DC solution, the DC indices of the outputs and the capacitor voltages of the all-zero state.
    /// </summary>
    private (double[] Settled, double[] X0, int[] DcOut, double[] ZeroCaps) UnitSettled()
    {
        int rows = Rows, outs = Outputs, caps = Capacitors.Count;
        var settled = new double[rows * outs];
        var x0 = new double[_dc.SolutionLength];
        var work0 = new double[_dc.SolutionLength];
        var unit = new double[rows];
        _dc.Solve(unit, x0, work0);
        var zeroCaps = new double[caps];
        for (int k = 0; k < caps; k++) zeroCaps[k] = x0[_dcCapPlus[k]] - x0[_dcCapMinus[k]];
        var dcOut = _layout.OutputSignals.Select(s => _dc.SignalIndex(s)).ToArray();
        var xr = new double[_dc.SolutionLength];
        for (int r = 0; r < rows; r++)
        {
            unit[r] = 1;
            _dc.Solve(unit, xr, work0);
            unit[r] = 0;
            for (int j = 0; j < outs; j++) settled[r * outs + j] = (xr[dcOut[j]] - x0[dcOut[j]]) * WeightVoltsPerVolt;
        }
        return (settled, x0, dcOut, zeroCaps);
    }

    /// <summary>
    /// Explicit (forward Euler) state step x += h·f(x, v) for every cell; true (and <paramref name="factored"/>
    /// updated) when a resistance moved by more than the refactor tolerance since the last factorization.
    /// </summary>
    private bool AdvanceStates(StepSolver solver, double[] x, double[] states, double[] factored, double h, ref double maxDrift)
    {
        var model = _layout.Device.Model;
        var cells = _layout.Cells;
        bool refactor = false;
        for (int i = 0; i < states.Length; i++)
        {
            double v = x[solver.CellRow[i]] - x[solver.CellColumn[i]];
            double rate = model.Rate(states[i], v).Rate;
            if (rate == 0) continue;
            states[i] = Math.Clamp(states[i] + h * rate, 0, 1);
            maxDrift = Math.Max(maxDrift, Math.Abs(states[i] - cells[i].State));
            if (Math.Abs(model.Resistance(states[i]) / factored[i] - 1) > Options.StateRefactorTolerance) refactor = true;
        }
        if (refactor)
            for (int i = 0; i < states.Length; i++) factored[i] = model.Resistance(states[i]);
        return refactor;
    }

    /// <summary>True when the device model has a non-zero state rate somewhere in [−Vread, Vread] at the programmed states.</summary>
    private bool ProbeDynamics()
    {
        var model = _layout.Device.Model;
        double vmax = Math.Max(_settings.VreadVolts, _layout.Rows.Max(r => Math.Abs(r.Volts)));
        foreach (var cell in _layout.Cells)
            for (int k = -4; k <= 4; k++)
                if (model.Rate(cell.State, vmax * k / 4.0).Rate != 0) return true;
        return false;
    }

    /// <summary>
    /// The tile's engine circuit with cells as resistors <paramref name="cellOhms"/>, op-amp poles as explicit
    /// capacitors and (with <paramref name="companions"/>) every capacitor replaced by its BDF2 companion.
    /// </summary>
    private Circuit BuildCircuit(double[] cellOhms, List<TranCapacitor>? capsOut, bool companions)
    {
        var circuit = CrossbarCircuitBuilder.Build(_layout, CellElementKind.ReadResistor);
        var cells = _layout.Cells;
        for (int i = 0; i < cells.Count; i++)
            circuit.Replace(new Resistor(cells[i].Name, cells[i].RowNode, cells[i].ColumnNode, cellOhms[i]));
        var caps = new List<TranCapacitor>();
        foreach (var oa in circuit.Entities.OfType<OpAmp>().ToList())
        {
            var p = oa.Parameters;
            if (p.PoleHertz is not { } fp) continue;
            if (p.HasSwingLimit)
                throw new NonIdealitiesException("opAmp.swingVolts", "makes the read nonlinear; tran mode integrates linear op-amps (leave swingVolts null)");
            double tau = 1 / (2 * Math.PI * fp);
            string a = $"{oa.Name}#a";
            circuit.Remove(oa.Name);
            // Current A0·(vd + Vos) into node a, 1 Ω to ground: a = A0·(vd + Vos) in DC, τ·da/dt + a = A0·(vd + Vos) with C = τ/1 Ω.
            circuit.Add(new VoltageControlledCurrentSource($"{oa.Name}.g", "0", a, oa.NonInverting, oa.Inverting, p.OpenLoopGain));
            if (p.InputOffsetVolts != 0) circuit.Add(new CurrentSource($"{oa.Name}.gos", "0", a, p.OpenLoopGain * p.InputOffsetVolts));
            circuit.Add(new Resistor($"{oa.Name}.r", a, "0", 1.0));
            circuit.Add(new VoltageControlledVoltageSource($"{oa.Name}.e", oa.Output, "0", a, "0", 1.0));
            caps.Add(new TranCapacitor($"{oa.Name}.c", a, "0", tau));
        }
        if (_settings.WireCapacitanceFarads > 0)
            foreach (var w in _layout.Wires) caps.Add(new TranCapacitor($"{w.Name}.c", w.NodeB, "0", _settings.WireCapacitanceFarads));
        if (companions)
            foreach (var c in caps)
            {
                circuit.Add(new Resistor($"{c.Name}.geq", c.Plus, c.Minus, StepSeconds / (1.5 * c.Farads)));
                // Source from Minus to Plus: its current enters the Plus node.
                circuit.Add(new CurrentSource($"{c.Name}.ieq", c.Minus, c.Plus, 0.0));
            }
        capsOut?.AddRange(caps);
        return circuit;
    }

    private static int NodeIndex(LinearCircuitSolver solver, string node) =>
        Circuit.IsGround(node) ? 0 : solver.SignalIndex($"v({Circuit.NormalizeNode(node)})");

    /// <summary>A factored companion circuit and the solution indices the integration needs.</summary>
    private sealed class StepSolver
    {
        public StepSolver(TranTileModel m, double[] cellOhms)
        {
            var circuit = m.BuildCircuit(cellOhms, null, companions: true);
            Solver = new LinearCircuitSolver(circuit, m._layout.RowSourceNames.Concat(m.Capacitors.Select(c => $"{c.Name}.ieq")).ToList());
            CapPlus = m.Capacitors.Select(c => NodeIndex(Solver, c.Plus)).ToArray();
            CapMinus = m.Capacitors.Select(c => NodeIndex(Solver, c.Minus)).ToArray();
            CellRow = m._layout.Cells.Select(c => NodeIndex(Solver, c.RowNode)).ToArray();
            CellColumn = m._layout.Cells.Select(c => NodeIndex(Solver, c.ColumnNode)).ToArray();
            Outputs = m._layout.OutputSignals.Select(Solver.SignalIndex).ToArray();
        }

        public LinearCircuitSolver Solver { get; }
        public int[] CapPlus { get; }
        public int[] CapMinus { get; }
        public int[] CellRow { get; }
        public int[] CellColumn { get; }
        public int[] Outputs { get; }
    }
}
