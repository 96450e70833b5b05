using MemristorSpice.Cosim.Backends;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Controller;
using MemristorSpice.Cosim.Reports;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Network.Data;
using MemristorSpice.Network.Models;

namespace MemristorSpice.Cosim.Driver;

/// <summary>
/// One co-simulation set up end to end: the folded network, converter ranges calibrated on
/// <paramref name="calibration"/>, the controller with every tile programmed on the backend, and the settings that
/// identify the run (hash for shards).
/// </summary>
public sealed class CosimSession
{
    public CosimSession(Model model, string weightsSha256, NonIdealities settings, ICrossbarBackend backend, string mode,
        Dataset calibration, Dataset evaluated, int images, TranOptions? tran = null)
    {
        settings.Validate();
        if (images < 1 || images > evaluated.Count)
            throw new ArgumentOutOfRangeException(nameof(images), images, $"Images must be in 1..{evaluated.Count}.");
        var sw = System.Diagnostics.Stopwatch.StartNew();
        Network = CrossbarNetwork.FromModel(model);
        var calib = calibration.Take(settings.CalibrationImages);
        Ranges = ConverterCalibration.Calibrate(Network, calib, settings);
        Controller = new DigitalController(Network, Ranges, settings, backend, calib);
        Data = evaluated.Take(images);
        Settings = new RunSettings(model.Name, weightsSha256, evaluated.Name, Data.Count, mode, backend.Name, settings,
            $"converter ranges: max |activation| and max |tile output| of the ideal network on {calib.Name} ({calib.Count} images), times dac/adc rangeScale; " +
            $"per-output gain/offset correction after the ADC fitted on the first {Controller.ColumnCalibrationImages} of them" +
            (tran is null ? "" : " (on the settled DC reads of the tile circuits)"), Ranges, tran);
        SetupSeconds = sw.Elapsed.TotalSeconds;
    }

    public CrossbarNetwork Network { get; }
    public IReadOnlyList<StageRanges> Ranges { get; }
    public DigitalController Controller { get; }
    public Dataset Data { get; }
    public RunSettings Settings { get; }
    /// <summary>Folding, calibration and programming (factoring) of all tiles, seconds.</summary>
    public double SetupSeconds { get; }

    public CosimReport Run(Shard shard, int threads, Action<int, int>? progress = null, CancellationToken cancel = default)
    {
        var outcome = new CosimRunner(Controller) { Threads = threads }.Run(Data, shard, progress, cancel);
        return new CosimReport(outcome, Settings.ToJson(), Settings.Hash, ControllerSteps.Describe(Controller),
            shard, shard.Range(Data.Count).Start, Data.Count, 1);
    }
}
