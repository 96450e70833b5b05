using System.Diagnostics;
using MemristorSpice.Netlist.Generation;
using MemristorSpice.Netlist.Ngspice;
using MemristorSpice.Network;

namespace MemristorSpice.Cosim;

/// <summary>Our engine's read of some patches of one tile against ngspice's operating point of the same netlist.</summary>
/// <param name="MaxAbsDiff">Largest |native − ngspice| over the patches and outputs, weight·volt units.</param>
/// <param name="MaxRelDiff">MaxAbsDiff divided by the largest |ngspice output|.</param>
/// <param name="Problem">Null when ngspice ran; otherwise why this tile has no comparison (too big, timeout, ngspice error).</param>
public sealed record NgspiceComparison(string Layer, int Crossbar, int Tile, int Patches, int Outputs, double MaxAbsDiff, double MaxRelDiff,
    double NgspiceSeconds, string? Problem = null);

/// <summary>
/// The ngspice reference for a subset of patches: for the first crossbar of every analog layer, each tile's netlist
/// (written by <see cref="CrossbarNetlistWriter"/> from the same layout the engine circuit is built from, memristor
/// subcircuits of devices.lib) is run by ngspice (.op) with the DAC voltages of chosen patches of one image, and its
/// outputs are compared with the native backend's reads of the same patches.
/// </summary>
public sealed class NgspiceCrossCheck(DigitalController controller, CircuitDcBackend backend, NgspiceRunner runner, string deviceLibraryPath)
{
    /// <summary>Tiles with more memristors than this are skipped (ngspice's B-source memristor subcircuits are slow on big tiles).</summary>
    public int MaxCells { get; init; } = 1000;

    public IReadOnlyList<NgspiceComparison> Run(Tensor image, int patchesPerTile, CancellationToken cancel = default)
    {
        if (patchesPerTile < 1) throw new ArgumentOutOfRangeException(nameof(patchesPerTile), "At least one patch per tile.");
        var traces = controller.Run(image);
        var result = new List<NgspiceComparison>();
        foreach (var plan in controller.Plans)
        {
            var stage = plan.Stage;
            var input = plan.StageIndex == 0 ? image : traces[plan.StageIndex - 1].Output;
            var xb = stage.Crossbars[0];
            var patches = stage.Patches(input, 0, 0);
            int positions = stage.Positions, count = Math.Min(patchesPerTile, positions);
            for (int t = 0; t < plan.TileCount; t++)
            {
                cancel.ThrowIfCancellationRequested();
                var reader = plan.Readers[0][t];
                var tile = reader.Tile;
                var layout = backend.Layout(tile);
                double scale = CircuitDcBackend.WeightVoltsPerVolt(tile, layout);
                double maxAbs = 0, maxRef = 0, seconds = 0;
                if (layout.Cells.Count > MaxCells)
                {
                    result.Add(new NgspiceComparison(stage.Name, 0, t, 0, tile.Outputs, double.NaN, double.NaN, 0,
                        $"skipped: {layout.Cells.Count} memristors > {MaxCells}"));
                    continue;
                }
                string? problem = null;
                for (int k = 0; k < count && problem is null; k++)
                {
                    int p = (int)((long)k * positions / count + positions / (2 * count));
                    var volts = new double[tile.Rows];
                    for (int r = 0; r < tile.Rows; r++)
                    {
                        int row = tile.FirstRow + r;
                        volts[r] = row == xb.BiasRow ? plan.VreadVolts : plan.Dac.Convert(patches[p * xb.Rows + row]) * plan.VoltsPerActivation;
                    }
                    var native = new double[tile.Outputs];
                    reader.Read(volts, 1, native);
                    var deck = CrossbarNetlistWriter.Write(CircuitDcBackend.WithRowVolts(layout, volts, deviceLibraryPath));
                    var sw = Stopwatch.StartNew();
                    WaveformTableView op;
                    try { op = new WaveformTableView(runner.Run(deck).OperatingPoint.Table); }
                    catch (Exception ex) when (ex is NgspiceTimeoutException or NgspiceException or InvalidOperationException)
                    {
                        problem = ex.Message.Split('\n')[0];
                        break;
                    }
                    finally { seconds += sw.Elapsed.TotalSeconds; }
                    for (int j = 0; j < tile.Outputs; j++)
                    {
                        var node = layout.OutputNodes[j].ToLowerInvariant();
                        var name = op.Contains($"v({node})") ? $"v({node})" : node;
                        double spice = op[name][0] * scale;
                        maxAbs = Math.Max(maxAbs, Math.Abs(native[j] - spice));
                        maxRef = Math.Max(maxRef, Math.Abs(spice));
                    }
                }
                result.Add(problem is null
                    ? new NgspiceComparison(stage.Name, 0, t, count, tile.Outputs, maxAbs, maxRef > 0 ? maxAbs / maxRef : maxAbs, seconds)
                    : new NgspiceComparison(stage.Name, 0, t, 0, tile.Outputs, double.NaN, double.NaN, seconds, problem));
            }
        }
        return result;
    }
}

/// <summary>Reads an operating-point table by signal name.</summary>
internal readonly struct WaveformTableView(MemristorSpice.Engine.WaveformTable table)
{
    public bool Contains(string name) => table.Contains(name);
    public double[] this[string name] => table[name];
}
