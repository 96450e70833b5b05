using System.Diagnostics;
using MemristorSpice.Cosim.Controller;
using MemristorSpice.Cosim.Converters;
using MemristorSpice.Crossbar.Generation;
using MemristorSpice.Crossbar.Layout;
using MemristorSpice.Crossbar.Manifest;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Netlist.Ngspice;
using MemristorSpice.Network.Core;
using MemristorSpice.Network.Layers;
using MemristorSpice.Network.Models;

namespace MemristorSpice.Cosim.Backends;

/// <summary>Our engine's reads of some patches of one tile against ngspice running the same tile netlist.</summary>
/// <param name="Mode">dc (.op per patch) or tran (one .tran of the pulse train).</param>
/// <param name="Cells">How the cells were written for ngspice ("memristor" subcircuits or "resistor" R(x0)).</param>
/// <param name="MaxAbsDiff">Largest |native − ngspice| over the patches and outputs, weight·volt units.</param>
/// <param name="MaxRelDiff">MaxAbsDiff divided by the largest |ngspice output|.</param>
/// <param name="MaxSettlingError">tran: largest |tran read − settled DC read| of our engine on these patches (how much dynamics was compared); dc: 0.</param>
/// <param name="Problem">Null when ngspice ran; otherwise why this tile has no comparison (time budget used up, ngspice error).</param>
/// <param name="Layer">Name of the analog layer.</param>
/// <param name="Crossbar">Index of the logical crossbar.</param>
/// <param name="Tile">Index of the tile within the crossbar.</param>
/// <param name="Patches">Number of patches compared.</param>
/// <param name="Outputs">Outputs of the tile.</param>
/// <param name="NgspiceSeconds">Wall time ngspice needed for this tile, seconds.</param>
/// <param name="WireSegments">Wire resistors of the tile's netlist (0 with ideal wires).</param>
/// <param name="NotRun">True when the tile was not given to ngspice because the time budget was used up before it.</param>
public sealed record NgspiceComparison(string Layer, int Crossbar, int Tile, string Mode, string Cells, int Patches, int Outputs,
    double MaxAbsDiff, double MaxRelDiff, double MaxSettlingError, double NgspiceSeconds, string? Problem = null, int WireSegments = 0, bool NotRun = false);

/// <summary>One ngspice run of the check: a file stem, the deck as run, ngspice's console output (the log) and its raw file.</summary>
/// <param name="Name">File stem: layer_xC_tT_mode (plus _pK for the K-th .op of a tile).</param>
/// <param name="Deck">The deck text as ngspice ran it.</param>
/// <param name="Output">ngspice's console output (or why it was killed).</param>
/// <param name="Raw">ngspice's ASCII raw file ("" when it wrote none).</param>
public sealed record NgspiceDeckRun(string Name, string Deck, string Output, string Raw = "");

/// <summary>What an ngspice check did: one row per tile (compared, failed or not run), the time it took and its budget.</summary>
/// <param name="Rows">One comparison per tile of every crossbar of every analog layer, in layer, crossbar, tile order.</param>
/// <param name="Seconds">Wall time of the whole check, seconds.</param>
/// <param name="BudgetSeconds">The time budget, seconds.</param>
public sealed record NgspiceCheckReport(IReadOnlyList<NgspiceComparison> Rows, double Seconds, double BudgetSeconds)
{
    /// <summary>Tiles ngspice ran and that were compared.</summary>
    public int Compared => Rows.Count(r => r.Problem is null);
    /// <summary>Tiles not given to ngspice because the budget was used up.</summary>
    public int NotRun => Rows.Count(r => r.NotRun);
    /// <summary>Tiles where ngspice failed or was killed (budget reached during its run).</summary>
    public int Failed => Rows.Count(r => r.Problem is not null && !r.NotRun);
}

/// <summary>
/// The ngspice backend check of the co-simulator (<c>--backend ngspice</c>, <c>--ngspice-check K</c>): every tile of
/// every crossbar of every analog layer, wires included, is run by ngspice for <c>K</c> patches of one image (the
/// tile's netlist from <see cref="NgspiceTileDeck"/>, built from the same layout as the engine circuit) and compared
/// with our engine's reads of the same patches: in dc mode one .op per patch (patches spread over the feature map),
/// in tran mode one .tran of K consecutive patches (from the middle of the feature map) as a pulse train, started like
/// our chunks from the operating point of the patch before. A wall-time budget bounds the check: tiles are visited
/// first-crossbar-of-every-layer first (so that every layer is covered early), smallest first, and the tiles left
/// when the budget is used up are reported as not run, never silently dropped. The run's accuracy still comes from
/// our engine; ngspice is the independent check.
/// </summary>
public sealed class NgspiceBackendCheck(DigitalController controller, CircuitDcBackend dc, TranBackend? tran, NgspiceRunner runner, string deviceLibraryPath)
{
    private readonly List<NgspiceDeckRun> _runs = [];
    private readonly Stopwatch _clock = new();

    /// <summary>Every deck ngspice ran (or was given before it failed), with its output and raw file, in run order: kept so the check can be repeated by hand.</summary>
    public IReadOnlyList<NgspiceDeckRun> Runs => _runs;

    /// <summary>Default wall-time budget of a check, seconds (the full MSCCNN with 1 Ω wires and 2 patches per tile needs less; docs/cosim.md).</summary>
    public const double DefaultBudgetSeconds = 600;

    /// <summary>Wall-time budget of the whole check, seconds; ngspice runs are capped at the time left (and at the runner's own cap).</summary>
    public double BudgetSeconds { get; init; } = DefaultBudgetSeconds;

    /// <summary>Tiles with more cells than this are written with read-mode resistors (ngspice's B-source memristors are slow on big tiles).</summary>
    public int MaxMemristorCells { get; init; } = 1000;

    /// <summary>Only these layers are checked (null: every analog layer); the others appear in no row.</summary>
    public IReadOnlySet<string>? Layers { get; init; }

    /// <summary>Crossbars checked per layer, the first ones (null: all of them); a sample for quick checks of depthwise layers.</summary>
    public int? CrossbarsPerLayer { get; init; }

    private double Left => BudgetSeconds - _clock.Elapsed.TotalSeconds;

    private NgspiceResult RunKept(string name, string deck)
    {
        // Each run is capped by the time the budget has left (and the runner's own cap, if smaller).
        var cap = TimeSpan.FromSeconds(Math.Max(0.001, Math.Min(Left, runner.Timeout.TotalSeconds)));
        var capped = new NgspiceRunner(runner.Executable, cap);
        try
        {
            var result = capped.Run(deck);
            _runs.Add(new NgspiceDeckRun(name, deck, result.Output, result.RawText));
            return result;
        }
        catch (NgspiceException ex) { _runs.Add(new NgspiceDeckRun(name, deck, ex.Output)); throw; }
        catch (NgspiceTimeoutException ex)
        {
            _runs.Add(new NgspiceDeckRun(name, deck, ex.Message));
            if (Left <= 0.001) throw new BudgetUsedUpException($"killed after {cap.TotalSeconds:F1} s: time budget of {BudgetSeconds:G4} s used up");
            throw;
        }
    }

    private sealed class BudgetUsedUpException(string message) : Exception(message);

    /// <summary>
    /// Compares every tile of every crossbar of every analog layer (or of <see cref="Layers"/>) with ngspice on
    /// <paramref name="patchesPerTile"/> patches of <paramref name="image"/>, within <see cref="BudgetSeconds"/>.
    /// </summary>
    /// <param name="image">Input image of the network.</param>
    /// <param name="patchesPerTile">Patches run through ngspice per tile, at least 1.</param>
    /// <param name="cancel">Stops between ngspice runs.</param>
    /// <returns>One row per tile, with the reason when a tile was not compared, the time used and the budget.</returns>
    public NgspiceCheckReport Run(Tensor image, int patchesPerTile, CancellationToken cancel = default)
    {
        if (patchesPerTile < 1) throw new ArgumentOutOfRangeException(nameof(patchesPerTile), "At least one patch per tile.");
        if (!(BudgetSeconds > 0)) throw new ArgumentOutOfRangeException(nameof(BudgetSeconds), "The time budget must be positive.");
        _clock.Restart();
        var ideal = controller.Network.ForwardAll(image);
        var traces = tran is null ? controller.Run(image) : null;
        string mode = tran is null ? "dc" : "tran";
        var work = new List<(AnalogLayerPlan Plan, int Order, int Crossbar, int Tile, CrossbarTileLayout Layout, float[] Patches)>();
        var plans = controller.Plans.Where(p => Layers is null || Layers.Contains(p.Stage.Name)).ToList();
        foreach (var plan in plans)
        {
            // dc: the analog path's own stage input; tran: the ideal one (running the analog path first would cost a whole tran image).
            var input = controller.Network.StageInput(plan.StageIndex, image, traces is null ? ideal : traces.Select(t => t.Output).ToList());
            int crossbars = Math.Min(plan.Stage.Crossbars.Count, CrossbarsPerLayer ?? int.MaxValue);
            for (int c = 0; c < crossbars; c++)
            {
                var patches = plan.Stage.Patches(input, 0, c);
                for (int t = 0; t < plan.TileCount; t++)
                    work.Add((plan, plans.IndexOf(plan), c, t, dc.Layout(plan.Readers[c][t].Tile), patches));
            }
        }
        var rows = new List<NgspiceComparison>();
        // Visiting order: crossbar 0 of every layer before the other crossbars, smaller netlists first.
        foreach (var w in work.OrderBy(w => w.Crossbar == 0 ? 0 : 1).ThenBy(w => w.Layout.Cells.Count + w.Layout.Wires.Count).ThenBy(w => w.Order).ThenBy(w => w.Crossbar))
        {
            cancel.ThrowIfCancellationRequested();
            var (plan, _, c, t, layout, patches) = w;
            var stage = plan.Stage;
            var xb = stage.Crossbars[c];
            var tile = plan.Readers[c][t].Tile;
            var cells = layout.Cells.Count > MaxMemristorCells ? NgspiceCellModel.ReadResistor : NgspiceCellModel.Memristor;
            string cellName = cells == NgspiceCellModel.Memristor ? "memristor" : "resistor";
            if (Left <= 0)
            {
                rows.Add(new NgspiceComparison(stage.Name, c, t, mode, cellName, 0, tile.Outputs, double.NaN, double.NaN, double.NaN, 0,
                    $"not run: time budget of {BudgetSeconds:G4} s used up", layout.Wires.Count, NotRun: true));
                continue;
            }
            double[] Volts(int p)
            {
                var v = new double[tile.Rows];
                if (p < 0) return v;
                for (int r = 0; r < tile.Rows; r++)
                {
                    int row = tile.FirstRow + r;
                    v[r] = row == xb.BiasRow ? plan.VreadVolts : plan.Dac.Convert(patches[p * xb.Rows + row]) * plan.VoltsPerActivation;
                }
                return v;
            }
            var sw = Stopwatch.StartNew();
            try
            {
                rows.Add((tran is null
                    ? CompareDc(stage.Name, c, t, plan.Readers[c][t], layout, stage.Positions, Math.Min(patchesPerTile, stage.Positions), Volts, cells, cellName)
                    : CompareTran(stage, c, t, tran.Readers.First(r => r.Tile.Id == tile.Id), layout, patchesPerTile, Volts, cells, cellName))
                    with { WireSegments = layout.Wires.Count });
            }
            catch (Exception ex) when (ex is NgspiceTimeoutException or NgspiceException or InvalidOperationException or KeyNotFoundException or BudgetUsedUpException)
            {
                rows.Add(new NgspiceComparison(stage.Name, c, t, mode, cellName, 0, tile.Outputs, double.NaN, double.NaN, double.NaN,
                    sw.Elapsed.TotalSeconds, ex.Message.Split('\n')[0], layout.Wires.Count));
            }
        }
        var order = plans.Select(p => p.Stage.Name).ToList();
        var sorted = rows.OrderBy(r => order.IndexOf(r.Layer)).ThenBy(r => r.Crossbar).ThenBy(r => r.Tile).ToList();
        return new NgspiceCheckReport(sorted, _clock.Elapsed.TotalSeconds, BudgetSeconds);
    }

    private NgspiceComparison CompareDc(string layer, int c, int t, ITileReader reader, CrossbarTileLayout layout, int positions, int count,
        Func<int, double[]> volts, NgspiceCellModel cells, string cellName)
    {
        var tile = reader.Tile;
        double scale = CircuitDcBackend.WeightVoltsPerVolt(tile, layout);
        double maxAbs = 0, maxRef = 0, seconds = 0;
        for (int k = 0; k < count; k++)
        {
            int p = (int)((long)k * positions / count + positions / (2 * count));
            var v = volts(p);
            var native = new double[tile.Outputs];
            reader.Read(v, 1, native);
            var op = RunKept($"{layer}_x{c}_t{t}_dc_p{p}", NgspiceTileDeck.OperatingPoint(layout, v, deviceLibraryPath, cells));
            seconds += op.Elapsed.TotalSeconds;
            var table = op.OperatingPoint.Table;
            for (int j = 0; j < tile.Outputs; j++)
            {
                double spice = table[Signal(table, layout.OutputNodes[j])][0] * scale;
                maxAbs = Math.Max(maxAbs, Math.Abs(native[j] - spice));
                maxRef = Math.Max(maxRef, Math.Abs(spice));
            }
        }
        return new NgspiceComparison(layer, c, t, "dc", cellName, count, tile.Outputs, maxAbs, maxRef > 0 ? maxAbs / maxRef : maxAbs, 0, seconds);
    }

    private NgspiceComparison CompareTran(AnalogStage stage, int c, int t, TranTileReader reader, CrossbarTileLayout layout, int requested,
        Func<int, double[]> volts, NgspiceCellModel cells, string cellName)
    {
        var tile = reader.Tile;
        var model = reader.Model;
        var options = model.Options;
        var (first, count) = TranSettling.CentralRun(stage, requested);
        int rows = tile.Rows, outs = tile.Outputs;
        var previous = volts(first - 1);
        var train = new double[count * rows];
        for (int k = 0; k < count; k++) volts(first + k).CopyTo(train, k * rows);
        var native = new double[count * outs];
        model.Simulate(previous, train, count, native, options.StepsPerSlot);
        var settled = new double[count * outs];
        reader.StaticReader.Read(train, count, settled);
        var deck = NgspiceTileDeck.Transient(layout, previous, train, count, options.ReadTimeSeconds, options.StepSeconds,
            tran!.Settings.WireCapacitanceFarads, deviceLibraryPath, cells);
        var run = RunKept($"{stage.Name}_x{c}_t{t}_tran", deck);
        var table = run.Transient.Table;
        double scale = model.WeightVoltsPerVolt;
        double maxAbs = 0, maxRef = 0, maxSettling = 0;
        for (int j = 0; j < outs; j++)
        {
            var name = Signal(table, layout.OutputNodes[j]);
            for (int k = 0; k < count; k++)
            {
                double spice = table.Interpolate(name, (k + 1) * options.ReadTimeSeconds) * scale;
                maxAbs = Math.Max(maxAbs, Math.Abs(native[k * outs + j] - spice));
                maxRef = Math.Max(maxRef, Math.Abs(spice));
                maxSettling = Math.Max(maxSettling, Math.Abs(native[k * outs + j] - settled[k * outs + j]));
            }
        }
        return new NgspiceComparison(stage.Name, c, t, "tran", cellName, count, outs, maxAbs, maxRef > 0 ? maxAbs / maxRef : maxAbs, maxSettling,
            run.Elapsed.TotalSeconds);
    }

    private static string Signal(MemristorSpice.Engine.Results.WaveformTable table, string node)
    {
        var n = node.ToLowerInvariant();
        return table.Contains($"v({n})") ? $"v({n})" : n;
    }
}
