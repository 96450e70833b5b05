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
/// <param name="Problem">Null when ngspice ran; otherwise why this tile has no comparison (too big, timeout, ngspice error).</param>
/// <param name="Layer">Name of the analog layer.</param>
/// <param name="Crossbar">Index of the logical crossbar.</param>
/// <param name="Tile">Index of the tile within the crossbar.</param>
/// <param name="Patches">Number of patches compared.</param>
/// <param name="Outputs">Outputs of the tile.</param>
/// <param name="NgspiceSeconds">Wall time ngspice needed for this tile, seconds.</param>
public sealed record NgspiceComparison(string Layer, int Crossbar, int Tile, string Mode, string Cells, int Patches, int Outputs,
    double MaxAbsDiff, double MaxRelDiff, double MaxSettlingError, double NgspiceSeconds, string? Problem = null);

/// <summary>One ngspice run of the check: a file stem, the deck as run and ngspice's console output (empty after a timeout).</summary>
/// <param name="Name">File stem: layer_x0_tT_mode (plus _pK for the K-th .op of a tile).</param>
/// <param name="Deck">The deck text as ngspice ran it.</param>
/// <param name="Output">ngspice's console output.</param>
public sealed record NgspiceDeckRun(string Name, string Deck, string Output);

/// <summary>
/// The ngspice backend of the co-simulator (<c>--backend ngspice</c>): for the first crossbar of every analog layer,
/// each tile's netlist (<see cref="NgspiceTileDeck"/>, from the same layout as the engine circuit) is run by ngspice
/// for <c>K</c> patches of one image, and compared with our engine's reads of the same patches: in dc mode one .op
/// per patch (patches spread over the feature map), in tran mode one .tran of K consecutive patches (from the middle
/// of the feature map) as a pulse train, started like our chunks from the operating point of the patch before.
/// The run's accuracy still comes from our engine; ngspice is the independent check.
/// </summary>
public sealed class NgspiceBackendCheck(DigitalController controller, CircuitDcBackend dc, TranBackend? tran, NgspiceRunner runner, string deviceLibraryPath)
{
    private readonly List<NgspiceDeckRun> _runs = [];

    /// <summary>Every deck ngspice ran (or was given before it failed), with its output, in run order: kept so the check can be repeated by hand.</summary>
    public IReadOnlyList<NgspiceDeckRun> Runs => _runs;

    private NgspiceResult RunKept(string name, string deck)
    {
        try
        {
            var result = runner.Run(deck);
            _runs.Add(new NgspiceDeckRun(name, deck, result.Output));
            return result;
        }
        catch (NgspiceException ex) { _runs.Add(new NgspiceDeckRun(name, deck, ex.Output)); throw; }
        catch (NgspiceTimeoutException ex) { _runs.Add(new NgspiceDeckRun(name, deck, ex.Message)); throw; }
    }

    /// <summary>Tiles with more cells than this are written with read-mode resistors (ngspice's B-source memristors are slow on big tiles).</summary>
    public int MaxMemristorCells { get; init; } = 1000;

    /// <summary>Tiles with more wire segments than this are skipped (Sparse 1.3 needs minutes; docs/ngspice.md, "Solver speed": 96x96 with wires 32 s per .op).</summary>
    public int MaxWireSegments { get; init; } = 6000;

    /// <summary>Tiles with more cells than this are skipped (keeps a quick check quick; default: none skipped for size).</summary>
    public int MaxCells { get; init; } = int.MaxValue;

    /// <summary>Compares each tile of the first crossbar of every analog layer with ngspice on <paramref name="patchesPerTile"/> patches of <paramref name="image"/>.</summary>
    /// <param name="image">Input image of the network.</param>
    /// <param name="patchesPerTile">Patches run through ngspice per tile, at least 1.</param>
    /// <param name="cancel">Stops between tiles.</param>
    /// <returns>One comparison per tile, with the reason when a tile was skipped.</returns>
    public IReadOnlyList<NgspiceComparison> Run(Tensor image, int patchesPerTile, CancellationToken cancel = default)
    {
        if (patchesPerTile < 1) throw new ArgumentOutOfRangeException(nameof(patchesPerTile), "At least one patch per tile.");
        var ideal = controller.Network.ForwardAll(image);
        var traces = tran is null ? controller.Run(image) : null;
        var result = new List<NgspiceComparison>();
        foreach (var plan in controller.Plans)
        {
            var stage = plan.Stage;
            // dc: the analog path's own stage input; tran: the ideal one (running the analog path first would cost a whole tran image).
            var input = controller.Network.StageInput(plan.StageIndex, image, traces is null ? ideal : traces.Select(t => t.Output).ToList());
            var xb = stage.Crossbars[0];
            var patches = stage.Patches(input, 0, 0);
            int positions = stage.Positions;
            for (int t = 0; t < plan.TileCount; t++)
            {
                cancel.ThrowIfCancellationRequested();
                var tile = plan.Readers[0][t].Tile;
                var layout = dc.Layout(tile);
                var cells = layout.Cells.Count > MaxMemristorCells ? NgspiceCellModel.ReadResistor : NgspiceCellModel.Memristor;
                string cellName = cells == NgspiceCellModel.Memristor ? "memristor" : "resistor";
                string mode = tran is null ? "dc" : "tran";
                string? skip = layout.Wires.Count > MaxWireSegments ? $"skipped: {layout.Wires.Count} wire segments > {MaxWireSegments}"
                    : layout.Cells.Count > MaxCells ? $"skipped: {layout.Cells.Count} cells > {MaxCells}" : null;
                if (skip is not null)
                {
                    result.Add(new NgspiceComparison(stage.Name, 0, t, mode, cellName, 0, tile.Outputs, double.NaN, double.NaN, double.NaN, 0, skip));
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
                    result.Add(tran is null
                        ? CompareDc(stage.Name, t, plan.Readers[0][t], layout, positions, Math.Min(patchesPerTile, positions), Volts, cells, cellName)
                        : CompareTran(stage, t, tran.Readers.First(r => r.Tile.Id == tile.Id), layout, patchesPerTile, Volts, cells, cellName));
                }
                catch (Exception ex) when (ex is NgspiceTimeoutException or NgspiceException or InvalidOperationException or KeyNotFoundException)
                {
                    result.Add(new NgspiceComparison(stage.Name, 0, t, mode, cellName, 0, tile.Outputs, double.NaN, double.NaN, double.NaN,
                        sw.Elapsed.TotalSeconds, ex.Message.Split('\n')[0]));
                }
            }
        }
        return result;
    }

    private NgspiceComparison CompareDc(string layer, int t, ITileReader reader, CrossbarTileLayout layout, int positions, int count,
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
            var op = RunKept($"{layer}_x0_t{t}_dc_p{p}", NgspiceTileDeck.OperatingPoint(layout, v, deviceLibraryPath, cells));
            seconds += op.Elapsed.TotalSeconds;
            var table = op.OperatingPoint.Table;
            for (int j = 0; j < tile.Outputs; j++)
            {
                double spice = table[Signal(table, layout.OutputNodes[j])][0] * scale;
                maxAbs = Math.Max(maxAbs, Math.Abs(native[j] - spice));
                maxRef = Math.Max(maxRef, Math.Abs(spice));
            }
        }
        return new NgspiceComparison(layer, 0, t, "dc", cellName, count, tile.Outputs, maxAbs, maxRef > 0 ? maxAbs / maxRef : maxAbs, 0, seconds);
    }

    private NgspiceComparison CompareTran(AnalogStage stage, int t, TranTileReader reader, CrossbarTileLayout layout, int requested,
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
        var run = RunKept($"{stage.Name}_x0_t{t}_tran", deck);
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
        return new NgspiceComparison(stage.Name, 0, t, "tran", cellName, count, outs, maxAbs, maxRef > 0 ? maxAbs / maxRef : maxAbs, maxSettling,
            run.Elapsed.TotalSeconds);
    }

    private static string Signal(MemristorSpice.Engine.Results.WaveformTable table, string node)
    {
        var n = node.ToLowerInvariant();
        return table.Contains($"v({n})") ? $"v({n})" : n;
    }
}
