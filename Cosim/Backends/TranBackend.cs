using MemristorSpice.Cosim.Configuration;

namespace MemristorSpice.Cosim.Backends;

/// <summary>A tile reader whose circuit also has a static (DC) read; the digital column calibration fits on that one.</summary>
public interface IStaticReadSource
{
    /// <summary>DC read of the same tile circuit (all transients settled).</summary>
    ITileReader StaticReader { get; }
}

/// <summary>
/// Tran mode on our engine ("native-tran"): every tile is read as a pulse train of its patches (one read slot of
/// <see cref="TranOptions.ReadTimeSeconds"/> per patch) by <see cref="TranTileModel"/>, with op-amp GBW, optional
/// wire capacitance and the memristor state dynamics acting; outputs are sampled at the end of each slot. A tile
/// whose read is time-invariant is read by superposition of its step responses (computed once when it is
/// programmed); a tile whose cells move at read voltages is integrated patch by patch (full solver). The same
/// tile's DC read (<see cref="CircuitDcBackend"/>) is kept as the settling reference and for the column calibration.
/// With noise on (<see cref="NoiseSettings.Enabled"/>) each read gets the same per-read noise as in dc mode, computed
/// from the tile's DC circuit with the read bandwidth of the tile's tran read slot (its layer's read time, docs/cosim.md
/// "Noise"), added after the settling: the noise sampled at the ADC input is that of the settled read.
/// </summary>
public sealed class TranBackend(NonIdealities settings, TranOptions options) : ICrossbarBackend
{
    private readonly List<TranTileReader> _readers = [];
    private readonly Lock _gate = new();

    /// <inheritdoc/>
    public string Name => "native-tran";
    /// <summary>Validated non-idealities the tile circuits are generated with.</summary>
    public NonIdealities Settings { get; } = settings.Validate();
    /// <summary>Validated transient read settings (read time, or one per layer, steps per slot, chunking).</summary>
    public TranOptions Options { get; } = options.NeedsSettling
        ? throw new ArgumentException("The read time comes from the measured settling but was not measured: resolve the timing first (SettlingReadTime.Resolve).")
        : options.Validate();
    /// <summary>
    /// The DC backend of the same circuits (layouts, DC reads, and the noise of each tile with its layer's read slot as
    /// the noise read time).
    /// </summary>
    public CircuitDcBackend Dc { get; } = new(settings)
    {
        LayerSettings = settings.Noise.Enabled ? layer => settings with { Noise = settings.Noise with { ReadTimeSeconds = options.ReadTimeFor(layer) } } : null,
    };

    /// <summary>Patches processed in parallel chunks by each read (1 = sequential).</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Readers of all tiles programmed so far (a snapshot), for the settling report.</summary>
    public IReadOnlyList<TranTileReader> Readers { get { lock (_gate) return _readers.ToList(); } }

    /// <inheritdoc/>
    public ITileReader Program(CrossbarTile tile)
    {
        var (dc, noise) = Dc.Program(tile) switch
        {
            NoisyTileReader n => (n.Inner, n),
            var r => ((MatrixTileReader)r, (NoisyTileReader?)null),
        };
        var layout = Dc.Layout(tile);
        // Each layer's tiles read at that layer's slot (its measured settling, or the one read time).
        var model = new TranTileModel(layout, Settings, Options.ForLayer(tile.Layer), CircuitDcBackend.WeightVoltsPerVolt(tile, layout));
        IReadOnlyList<double[]>? taps = null;
        string? full = null;
        if (Options.Solver == TranSolver.Full) full = "--tran-solver full";
        else if (model.CellsDriftDuringReads)
            full = $"the {layout.Device.Model.GetType().Name} cells move at read voltages (state rate ≠ 0), so the read is not time-invariant";
        var watch = System.Diagnostics.Stopwatch.StartNew();
        if (full is null && (taps = model.SettlingTaps(Threads)) is null)
            full = $"a step response has not decayed within {Options.MaxResponseSlots} read slots";
        var reader = new TranTileReader(tile, model, dc, Threads, taps) { FullSolverReason = full, ResponseSeconds = watch.Elapsed.TotalSeconds, Noise = noise };
        lock (_gate) _readers.Add(reader);
        return reader;
    }
}

/// <summary>
/// Reads a tile in tran mode: the patches of one call are the pulse train (patch p in slot p), starting from the
/// settled idle state (0 V on every row). With settling taps (<see cref="TranTileModel.SettlingTaps"/>) every read
/// is the superposition out_p = dc(V_p) + Σ_m D_mᵀ·(V_{p−m+1} − V_{p−m}) over the whole train, exact for the
/// linear time-invariant read. Without (full solver), the patches are cut into
/// chunks of <see cref="TranOptions.ChunkPatches"/> that run in parallel, each starting from the DC operating point
/// of the patch before it (0 V on every row, the idle DAC, before patch 0). Keeps the largest settling error
/// |tran − dc| of the reads (weight·volts) for the report.
/// </summary>
public sealed class TranTileReader(CrossbarTile tile, TranTileModel model, MatrixTileReader dc, int threads, IReadOnlyList<double[]>? taps = null)
    : ITileReader, IStaticReadSource
{
    private readonly Lock _gate = new();
    private double _maxSettling;
    private long _reads;

    /// <inheritdoc/>
    public CrossbarTile Tile { get; } = tile;
    /// <summary>Transient circuit of the tile.</summary>
    public TranTileModel Model { get; } = model;
    /// <inheritdoc/>
    public ITileReader StaticReader => dc;
    /// <summary>The DC read of the same circuit (transfer matrix and offset).</summary>
    public MatrixTileReader Dc => dc;

    /// <summary>Settling taps D_1..D_M [Rows × Outputs] of the superposition read; null when the full solver reads this tile.</summary>
    public IReadOnlyList<double[]>? SettlingTaps => taps;

    /// <summary>Wall time spent computing the settling taps when the tile was programmed, seconds.</summary>
    public double ResponseSeconds { get; init; }

    /// <summary>Why the full solver reads this tile (null: superposition).</summary>
    public string? FullSolverReason { get; init; }

    /// <summary>The tile's per-read noise (the dc reader's, at the tran read slot's bandwidth); null without noise.</summary>
    public NoisyTileReader? Noise { get; init; }

    /// <summary>Records reads done outside <see cref="Read"/> (the controller's fast path) and their largest settling error, weight·volts.</summary>
    public void Record(double maxSettlingWeightVolts, long patches)
    {
        lock (_gate) { _maxSettling = Math.Max(_maxSettling, maxSettlingWeightVolts); _reads += patches; }
    }

    /// <summary>Largest |tran read − dc read| so far, weight·volts.</summary>
    public double MaxSettlingError { get { lock (_gate) return _maxSettling; } }
    /// <summary>Patches read so far.</summary>
    public long Reads { get { lock (_gate) return _reads; } }

    /// <inheritdoc/>
    public void Read(ReadOnlySpan<double> rowVolts, int patches, Span<double> outputs)
    {
        int rows = Tile.Rows, outs = Tile.Outputs, chunk = Model.Options.ChunkPatches;
        if (rowVolts.Length < patches * rows || outputs.Length < patches * outs)
            throw new ArgumentException($"{Tile.Id}: buffers too small for {patches} patches.");
        if (taps is not null)
        {
            ReadBySuperposition(rowVolts, patches, outputs);
            Noise?.AddNoise(rowVolts, patches, outputs);
            return;
        }
        var volts = rowVolts[..(patches * rows)].ToArray();
        var result = new double[patches * outs];
        int chunks = (patches + chunk - 1) / chunk;
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) }, c =>
        {
            int first = c * chunk, count = Math.Min(chunk, patches - first);
            var previous = first == 0 ? new double[rows] : volts.AsSpan((first - 1) * rows, rows).ToArray();
            Model.Simulate(previous, volts.AsSpan(first * rows, count * rows), count, result.AsSpan(first * outs, count * outs),
                Model.Options.StepsPerSlot);
        });
        result.CopyTo(outputs);
        var settled = new double[patches * outs];
        dc.Read(volts, patches, settled);
        double max = 0;
        for (int i = 0; i < settled.Length; i++) max = Math.Max(max, Math.Abs(result[i] - settled[i]));
        lock (_gate) { _maxSettling = Math.Max(_maxSettling, max); _reads += patches; }
        Noise?.AddNoise(rowVolts, patches, outputs);
    }

    private void ReadBySuperposition(ReadOnlySpan<double> rowVolts, int patches, Span<double> outputs)
    {
        int rows = Tile.Rows, outs = Tile.Outputs;
        dc.Read(rowVolts, patches, outputs);
        var delta = new double[rows];
        var settle = new double[outs];
        double max = 0;
        for (int p = 0; p < patches; p++)
        {
            Array.Clear(settle);
            // Slot p sees the DAC step made at the start of slot p − m + 1 through tap m (V before patch 0 is 0 V).
            for (int m = 1; m <= taps!.Count && p - m + 1 >= 0; m++)
            {
                var now = rowVolts.Slice((p - m + 1) * rows, rows);
                for (int r = 0; r < rows; r++) delta[r] = p - m >= 0 ? now[r] - rowVolts[(p - m) * rows + r] : now[r];
                var d = taps[m - 1];
                for (int r = 0; r < rows; r++)
                {
                    double dv = delta[r];
                    if (dv == 0) continue;
                    for (int j = 0; j < outs; j++) settle[j] += dv * d[r * outs + j];
                }
            }
            var o = outputs.Slice(p * outs, outs);
            for (int j = 0; j < outs; j++) { o[j] += settle[j]; max = Math.Max(max, Math.Abs(settle[j])); }
        }
        Record(max, patches);
    }
}
