using System.Collections.Concurrent;
using MemristorSpice.Cosim.Backends;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Metrics;
using MemristorSpice.Crossbar.Generation;
using MemristorSpice.Crossbar.Layout;
using MemristorSpice.Crossbar.Manifest;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Engine.Analyses;

namespace MemristorSpice.Cosim.Ppa;

/// <summary>
/// Exact DC power a tile draws from its row drivers for any vector of row source voltages V (volts):
/// P(V) = Σ_r V_r·I_r with I = I0 + M·V (I_r = current delivered by row source r, amperes). The tile is linear in
/// read mode, so M (input conductance matrix, siemens) and I0 are found by superposition from the same solves that
/// give the transfer matrix (row r at 1 V, the others at 0 V). By Tellegen's theorem P equals the power dissipated in
/// the cells, wires and driver resistors plus V·I at the TIA inputs (exactly 0 for ideal TIAs, about Vout/A0 otherwise).
/// Stored as the symmetric form P = Vᵀ·Q·V + q·V with Q = (M + Mᵀ)/2, q = I0.
/// </summary>
internal sealed class TileRowPower
{
    private readonly double[] _q;      // [rows × rows] symmetric, row-major
    private readonly double[] _linear; // [rows]

    public TileRowPower(int rows, double[] deliveredAtZero, double[] conductance)
    {
        if (deliveredAtZero.Length != rows || conductance.Length != rows * rows)
            throw new ArgumentException($"Row power: expected {rows} zero-input currents and a {rows}x{rows} matrix.");
        Rows = rows;
        _linear = deliveredAtZero;
        _q = new double[rows * rows];
        for (int r = 0; r < rows; r++)
            for (int k = 0; k < rows; k++) _q[r * rows + k] = 0.5 * (conductance[r * rows + k] + conductance[k * rows + r]);
    }

    public int Rows { get; }

    /// <summary>Input conductance entry Q[r, k] (siemens, symmetrized).</summary>
    public double this[int r, int k] => _q[r * Rows + k];

    /// <summary>Power drawn from the row drivers for row source voltages <paramref name="volts"/>, watts.</summary>
    public double Watts(ReadOnlySpan<double> volts)
    {
        int n = Rows;
        double p = 0;
        var q = _q.AsSpan();
        for (int r = 0; r < n; r++)
        {
            double vr = volts[r];
            if (vr == 0) continue;
            var row = q.Slice(r * n, n);
            double s = _linear[r] + row[r] * vr;
            double cross = 0;
            for (int k = r + 1; k < n; k++) cross += row[k] * volts[k];
            p += vr * (s + 2 * cross);
        }
        return p;
    }
}

/// <summary>Sum of the array power over the patches read by one tile (exact, order-independent).</summary>
internal sealed class TilePowerTally(CrossbarTile tile)
{
    private readonly Lock _gate = new();
    public CrossbarTile Tile { get; } = tile;
    public ExactSum WattsSum { get; private set; }
    public long Patches { get; private set; }

    public void Add(double watts, int patches)
    {
        var term = ExactSum.Of(watts);
        lock (_gate) { WattsSum += term; Patches += patches; }
    }
}

/// <summary>
/// Measures the crossbar array power of a co-simulation: observes the superposition solves of a
/// <see cref="CircuitDcBackend"/> to build each tile's <see cref="TileRowPower"/>, and wraps the backend so that every
/// read made while <see cref="Enabled"/> adds the power of each patch actually applied. Reads during set-up (column
/// calibration) are not counted: enable after the session is built.
/// </summary>
internal sealed class ArrayPowerMeter : ITileSolveObserver
{
    private readonly ConcurrentDictionary<string, TileRowPower> _models = new();
    private readonly ConcurrentDictionary<string, TilePowerTally> _tallies = new();

    /// <summary>Count reads only while true.</summary>
    public bool Enabled { get; set; }

    /// <summary>Power models by tile id (layer/xbarC/tileT).</summary>
    public IReadOnlyDictionary<string, TileRowPower> Models => _models;

    /// <summary>Per-tile sums of the metered reads.</summary>
    public IReadOnlyCollection<TilePowerTally> Tallies => _tallies.Values.ToList();

    /// <summary>A native dc backend whose tiles are metered by this meter.</summary>
    public ICrossbarBackend CreateBackend(NonIdealities settings) => new MeteredBackend(new CircuitDcBackend(settings) { SolveObserver = this }, this);

    public ITileSolveRecorder? Begin(CrossbarTile tile, CrossbarTileLayout layout, LinearCircuitSolver solver) => new Recorder(this, tile, layout, solver);

    private sealed class Recorder : ITileSolveRecorder
    {
        private readonly ArrayPowerMeter _meter;
        private readonly CrossbarTile _tile;
        private readonly int[] _currentIndex;
        private readonly double[] _zero;
        private readonly double[] _m;
        private bool _haveZero;

        public Recorder(ArrayPowerMeter meter, CrossbarTile tile, CrossbarTileLayout layout, LinearCircuitSolver solver)
        {
            _meter = meter;
            _tile = tile;
            _currentIndex = layout.RowSourceNames.Select(n => solver.SignalIndex($"i({n.ToLowerInvariant()})")).ToArray();
            _zero = new double[_currentIndex.Length];
            _m = new double[_currentIndex.Length * _currentIndex.Length];
        }

        public void Solved(int excitedRow, ReadOnlySpan<double> solution)
        {
            int n = _currentIndex.Length;
            // SPICE sign: i(vrow) flows into the source's + pin, so the current it delivers is −i(vrow).
            if (excitedRow < 0)
            {
                for (int r = 0; r < n; r++) _zero[r] = -solution[_currentIndex[r]];
                _haveZero = true;
                return;
            }
            if (!_haveZero) throw new InvalidOperationException($"{_tile.Id}: the zero-input solve must come first.");
            for (int r = 0; r < n; r++) _m[r * n + excitedRow] = -solution[_currentIndex[r]] - _zero[r];
        }

        public void Completed() => _meter._models[_tile.Id] = new TileRowPower(_currentIndex.Length, _zero, _m);
    }

    private sealed class MeteredBackend(CircuitDcBackend inner, ArrayPowerMeter meter) : ICrossbarBackend
    {
        public string Name => inner.Name;

        public ITileReader Program(CrossbarTile tile)
        {
            var reader = inner.Program(tile);
            if (!meter._models.TryGetValue(tile.Id, out var model))
                throw new InvalidOperationException($"{tile.Id}: no row-power model was recorded while programming.");
            var tally = meter._tallies.GetOrAdd(tile.Id, _ => new TilePowerTally(tile));
            return new MeteredReader(reader, model, tally, meter);
        }
    }

    private sealed class MeteredReader(ITileReader inner, TileRowPower model, TilePowerTally tally, ArrayPowerMeter meter) : ITileReader
    {
        public CrossbarTile Tile => inner.Tile;

        public void Read(ReadOnlySpan<double> rowVolts, int patches, Span<double> outputs)
        {
            inner.Read(rowVolts, patches, outputs);
            if (!meter.Enabled) return;
            int rows = Tile.Rows;
            double sum = 0;
            for (int p = 0; p < patches; p++) sum += model.Watts(rowVolts.Slice(p * rows, rows));
            tally.Add(sum, patches);
        }
    }
}
