using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Crossbar.Generation;
using MemristorSpice.Crossbar.Layout;
using MemristorSpice.Crossbar.Manifest;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Engine.Analyses;
using MemristorSpice.Engine.Core;
using MemristorSpice.Network.Layers;

namespace MemristorSpice.Cosim.Backends;

/// <summary>
/// DC read of every tile on our circuit engine ("native" backend). Each logical crossbar is generated once
/// (conductances with levels, variation and faults; wire and driver resistance; TIAs and difference stages with the
/// configured op-amp), each tile's circuit is built with its cells as read resistors (what a memristor is in DC: R(x0)),
/// factored once by <see cref="LinearCircuitSolver"/>, and its exact transfer matrix is extracted by superposition:
/// one solve with all rows at 0 V (offset) and one per row at 1 V. A read is then out = V·T + offset, which equals a
/// full solve of the circuit for that patch up to rounding (read mode is linear). Outputs are converted from volts to
/// weight·volt units by wmax / (Rf·(Gmax − Gmin)).
/// </summary>
public sealed class CircuitDcBackend(NonIdealities settings) : ICrossbarBackend
{
    private readonly Dictionary<(int Stage, int Crossbar), GeneratedCrossbar> _generated = [];
    private readonly Lock _gate = new();

    /// <inheritdoc/>
    public string Name => "native-dc";
    /// <summary>Validated non-idealities the tile circuits are generated with.</summary>
    public NonIdealities Settings { get; } = settings.Validate();

    /// <summary>
    /// Optional observer of the superposition solves in <see cref="Program"/> (Cosim/Ppa uses it to extract the row
    /// currents for the array power without extra solves). Null = none.
    /// </summary>
    public ITileSolveObserver? SolveObserver { get; init; }

    /// <summary>
    /// Optional per-layer circuit settings (layer name → settings the layer's tiles are generated with); null = every
    /// layer uses <see cref="Settings"/>. <c>memspice sweep --per-layer</c> perturbs one layer this way.
    /// </summary>
    public Func<string, NonIdealities>? LayerSettings { get; init; }

    /// <summary>
    /// Optional conductance of each cell at read time, Siemens (tile, cell → G), replacing the programmed 1/R(x0):
    /// the lifetime analysis reads an aged array (retention drift, read disturb) this way. Null = as programmed.
    /// </summary>
    public Func<CrossbarTile, CrossbarCell, double>? CellSiemens { get; init; }

    /// <summary>
    /// Optional programmed states (<c>memspice program</c>): cells found there use the conductance the programming run
    /// reached instead of the mapped one; null = the mapping as computed.
    /// </summary>
    public Programming.ProgrammedStates? Programmed { get; init; }

    private NonIdealities SettingsFor(CrossbarTile tile) => (LayerSettings?.Invoke(tile.Layer) ?? Settings).ForLayer(tile.Layer);

    /// <summary>Tiles programmed so far and the total non-zeros of their LU factors (setup statistics).</summary>
    public int TilesProgrammed { get; private set; }
    /// <summary>Total non-zeros of the LU factors of all tiles programmed so far.</summary>
    public long FactorNonZeros { get; private set; }

    /// <inheritdoc/>
    public ITileReader Program(CrossbarTile tile)
    {
        if (SettingsFor(tile).OpAmpSwingVolts is not null)
            throw new NonIdealitiesException("opAmp.swingVolts",
                "makes the read nonlinear; the dc fast path needs linear op-amps (leave swingVolts null)");
        var layout = Layout(tile);
        var circuit = CrossbarCircuitBuilder.Build(layout, CellElementKind.ReadResistor, CellSiemens is { } g ? cell => g(tile, cell) : null);
        var solver = new LinearCircuitSolver(circuit, layout.RowSourceNames);
        var outputs = layout.OutputSignals.Select(solver.SignalIndex).ToArray();
        int rows = tile.Rows, outs = tile.Outputs;
        double toWeightVolts = tile.VreadVolts / tile.InputFullScale / layout.OutputVoltsPerUnit;
        var excitation = new double[rows];
        var x = new double[solver.SolutionLength];
        var work = new double[solver.SolutionLength];
        var recorder = SolveObserver?.Begin(tile, layout, solver);
        solver.Solve(excitation, x, work);
        recorder?.Solved(-1, x);
        var offset = outputs.Select(i => x[i] * toWeightVolts).ToArray();
        var transfer = new double[rows * outs];
        var settings = SettingsFor(tile);
        var noise = settings.Noise.Enabled ? NoiseCells(layout, solver) : null;
        var cellVolts = noise is null ? null : new double[layout.Cells.Count];
        for (int r = 0; r < rows; r++)
        {
            excitation[r] = 1;
            solver.Solve(excitation, x, work);
            excitation[r] = 0;
            recorder?.Solved(r, x);
            for (int j = 0; j < outs; j++) transfer[r * outs + j] = x[outputs[j]] * toWeightVolts - offset[j];
            // Each cell's voltage per volt on its own row, for the read noise (TileNoise).
            if (noise is not null) foreach (int c in noise.Value.ByRow[r]) cellVolts![c] = x[noise.Value.Nodes[c].P] - x[noise.Value.Nodes[c].N];
        }
        recorder?.Completed();
        lock (_gate) { TilesProgrammed++; FactorNonZeros += solver.FactorNonZeros; }
        var reader = new MatrixTileReader(tile, transfer, offset.Any(v => v != 0) ? offset : null);
        if (noise is null) return reader;
        var tileNoise = TileNoise.Compute(solver, layout, outputs, toWeightVolts, cellVolts!, settings.Noise, settings.OpAmpGbwHz);
        return new NoisyTileReader(reader, tileNoise, settings.Noise.Seed);
    }

    /// <summary>The cells' row and column unknowns and the cells of each tile row (for the per-row cell voltages).</summary>
    private static ((int P, int N)[] Nodes, List<int>[] ByRow)? NoiseCells(CrossbarTileLayout layout, LinearCircuitSolver solver)
    {
        if (layout.OpAmp is null)
            throw new NonIdealitiesException("noise.enabled",
                "needs the op-amp macro model (set opAmp.a0): an ideal TIA is a nullor with no Rf resistor, so it has no Rf or op-amp noise");
        var nodes = layout.Cells.Select(c => (solver.SignalIndex($"v({c.RowNode})"), solver.SignalIndex($"v({c.ColumnNode})"))).ToArray();
        var byRow = Enumerable.Range(0, layout.Rows.Count).Select(_ => new List<int>()).ToArray();
        for (int c = 0; c < layout.Cells.Count; c++) byRow[layout.Cells[c].Row].Add(c);
        return (nodes, byRow);
    }

    /// <summary>The generated layout of a tile (the logical crossbar is generated once and cached).</summary>
    public CrossbarTileLayout Layout(CrossbarTile tile)
    {
        var generated = Generated(tile);
        var layout = generated.Tiles[tile.Tile];
        if (layout.Tile.FirstRow != tile.FirstRow || layout.Tile.Rows != tile.Rows)
            throw new InvalidOperationException($"{tile.Id}: generator tile rows {layout.Tile.FirstRow}+{layout.Tile.Rows} differ from the controller's {tile.FirstRow}+{tile.Rows}.");
        return layout;
    }

    /// <summary>The logical crossbar a tile belongs to, as generated for this run (cells, mapping, every tile's layout).</summary>
    public GeneratedCrossbar Generated(CrossbarTile tile)
    {
        GeneratedCrossbar generated;
        lock (_gate)
        {
            if (!_generated.TryGetValue((tile.StageIndex, tile.Crossbar), out generated!))
            {
                var generator = new CrossbarGenerator(CrossbarOptionsFactory.For(SettingsFor(tile), tile.InputFullScale));
                generated = generator.Generate(tile.Matrix, Context(tile),
                    programmed: Programmed is { } states ? (r, c, cell) => states.Apply(tile.Layer, tile.Crossbar, r, c, cell) : null);
                _generated[(tile.StageIndex, tile.Crossbar)] = generated;
            }
        }
        return generated;
    }

    /// <summary>Full Newton operating point of a tile with memristor cells for one patch of row volts (reference for tests).</summary>
    public double[] SolveWithNewton(CrossbarTile tile, double[] rowVolts, SimulationOptions? options = null)
    {
        var layout = Layout(tile);
        var patched = WithRowVolts(layout, rowVolts);
        var op = new OperatingPoint(CrossbarCircuitBuilder.Build(patched, CellElementKind.Memristor), options).Run();
        double toWeightVolts = tile.VreadVolts / tile.InputFullScale / layout.OutputVoltsPerUnit;
        return layout.OutputSignals.Select(s => op[s] * toWeightVolts).ToArray();
    }

    /// <summary>The same tile with its row sources set to <paramref name="rowVolts"/> (and optionally another device-library path).</summary>
    public static CrossbarTileLayout WithRowVolts(CrossbarTileLayout layout, double[] rowVolts, string? deviceLibraryInclude = null) => new()
    {
        Title = layout.Title, Header = layout.Header, Tile = layout.Tile, TileCount = layout.TileCount, Outputs = layout.Outputs,
        Device = layout.Device, OpAmp = layout.OpAmp, FeedbackOhms = layout.FeedbackOhms, DifferenceOhms = layout.DifferenceOhms,
        OutputVoltsPerUnit = layout.OutputVoltsPerUnit, DeviceLibraryInclude = deviceLibraryInclude ?? layout.DeviceLibraryInclude,
        Rows = layout.Rows.Select((r, k) => r with { Volts = rowVolts[k] }).ToList(),
        Cells = layout.Cells, Wires = layout.Wires, Tias = layout.Tias, Differences = layout.Differences,
    };

    /// <summary>Converts tile output volts to weight·volt units (the inverse of the circuit's gain).</summary>
    public static double WeightVoltsPerVolt(CrossbarTile tile, CrossbarTileLayout layout) => tile.VreadVolts / tile.InputFullScale / layout.OutputVoltsPerUnit;

    internal static CrossbarContext Context(CrossbarTile tile) => new(tile.Layer, tile.Kind.ToString(), tile.Crossbar,
        tile.Kind == AnalogKind.Depthwise ? tile.Matrix.Channel : null, RowMeaning(tile.Kind));

    private static string RowMeaning(AnalogKind kind) => kind switch
    {
        AnalogKind.StandardConv => "im2col patch (c, ky, kx), then bias",
        AnalogKind.Depthwise => "3x3 window of one channel (ky, kx), then bias",
        AnalogKind.Pointwise => "input channel vector of one pixel, then bias",
        _ => "input features, then bias",
    };
}

