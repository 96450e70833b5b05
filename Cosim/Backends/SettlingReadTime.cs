using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Controller;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Network.Data;
using MemristorSpice.Network.Models;

namespace MemristorSpice.Cosim.Backends;

/// <summary>
/// The design point's default read-time policy, "settling" (docs/cosim.md "Choosing the clock"): every analog layer reads
/// at its measured settling time to 0.5 LSB on its worst column over the calibration images (<see cref="ColumnSettling"/>),
/// rounded up to <see cref="GridSeconds"/>. The measurement runs once per circuit, on the settled (DC) reads of the
/// tiles and their step responses, before the transient tiles are programmed with the per-layer slots.
/// </summary>
public static class SettlingReadTime
{
    /// <summary>Read-time source written to the run files and printed: "measured settling".</summary>
    public const string Source = "measured settling";

    /// <summary>Grid the measured settling times are rounded up to, seconds (10 ns: a clock divider step of a 100 MHz reference).</summary>
    public const double GridSeconds = 10e-9;

    /// <summary>Calibration images whose patch transitions the measurement examines (the first ones of the calibration set).</summary>
    public const int Images = 20;

    /// <summary>
    /// A measured settling time rounded up to the grid, seconds; at least one grid step (a layer with nothing dynamic
    /// in its read, settling 0, still needs a clock edge).
    /// </summary>
    public static double RoundUp(double seconds)
    {
        double steps = seconds / GridSeconds;
        // Rounding noise of the division (1.8e-6 / 1e-8 = 180.00000000000003) must not add a grid step.
        double whole = Math.Ceiling(steps - 1e-9 * Math.Max(1, steps));
        return Math.Max(1, whole) / (1 / GridSeconds);
    }

    /// <summary>Each layer's read time from its measured settling (rounded up to the grid), in the order of the layers.</summary>
    public static IReadOnlyList<KeyValuePair<string, double>> PerLayer(IReadOnlyList<LayerSettling> settling) =>
        settling.Select(s => new KeyValuePair<string, double>(s.Layer, RoundUp(s.Seconds))).ToList();

    /// <summary>
    /// <paramref name="tran"/> with the read time of every layer taken from <paramref name="settling"/>:
    /// <see cref="TranOptions.LayerReadTimeSeconds"/> rounded up to the grid and <see cref="TranOptions.ReadTimeSeconds"/>
    /// the slowest layer's (the one clock for all layers).
    /// </summary>
    public static TranOptions Apply(TranOptions tran, IReadOnlyList<LayerSettling> settling)
    {
        var perLayer = PerLayer(settling);
        return tran with
        {
            FromSettling = true, LayerReadTimeSeconds = perLayer,
            ReadTimeSeconds = perLayer.Count == 0 ? GridSeconds : perLayer.Max(p => p.Value),
        };
    }

    /// <summary>
    /// The settling of every analog layer of a programmed controller's circuits with the dynamic elements of
    /// <paramref name="settings"/> (op-amp GBW, wire capacitance), on the first <see cref="Images"/> calibration images.
    /// </summary>
    /// <param name="controller">Controller with its converter ranges and tiles (any backend: only the tiles and converters are used).</param>
    /// <param name="settings">Non-idealities of the circuit.</param>
    /// <param name="calibration">Calibration images.</param>
    /// <param name="threads">Tiles simulated in parallel.</param>
    /// <param name="cancel">Stops between layers.</param>
    public static IReadOnlyList<LayerSettling> Measure(DigitalController controller, NonIdealities settings, Dataset calibration, int threads,
        CancellationToken cancel = default) =>
        ColumnSettling.Measure(controller, new CircuitDcBackend(settings).Layout, settings, calibration.Take(Math.Min(Images, calibration.Count)), threads, cancel);

    /// <summary>
    /// Resolves <paramref name="tran"/> for a model: when it takes the read time from settling and the per-layer times
    /// are not known yet, folds the model, calibrates the converters as <see cref="Driver.CosimSession"/> does, programs the
    /// tiles on the DC backend and measures every layer's settling. Otherwise returns it unchanged (and no settling).
    /// </summary>
    /// <param name="model">Trained network.</param>
    /// <param name="settings">Non-idealities of the run.</param>
    /// <param name="tran">Read timing, possibly <see cref="TranOptions.FromSettling"/>.</param>
    /// <param name="calibration">Calibration images (converter ranges and the settling measurement).</param>
    /// <param name="threads">Tiles simulated in parallel.</param>
    /// <param name="cancel">Stops between layers.</param>
    public static (TranOptions Tran, IReadOnlyList<LayerSettling>? Settling) Resolve(Model model, NonIdealities settings, TranOptions tran, Dataset calibration,
        int threads, CancellationToken cancel = default)
    {
        if (!tran.NeedsSettling) return (tran, null);
        settings.Validate();
        var network = CrossbarNetwork.FromModel(model, settings.BiasRow);
        var calib = calibration.Take(settings.CalibrationImages);
        var ranges = ConverterCalibration.Calibrate(network, calib, settings);
        var controller = new DigitalController(network, ranges, settings, new CircuitDcBackend(settings), null);
        var settling = Measure(controller, settings, calibration, threads, cancel);
        return (Apply(tran, settling), settling);
    }
}
