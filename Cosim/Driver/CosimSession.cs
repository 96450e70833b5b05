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
/// the calibration images, the controller with every tile programmed on the backend, and the settings that
/// identify the run (hash for shards).
/// </summary>
public sealed class CosimSession
{
    /// <summary>Folds the model, calibrates the converters, programs every tile and records the run settings.</summary>
    /// <param name="model">Trained network.</param>
    /// <param name="weightsSha256">SHA-256 of the weights file, for the run hash.</param>
    /// <param name="settings">Non-idealities of the run.</param>
    /// <param name="backend">Backend that programs and reads the tiles.</param>
    /// <param name="mode">Analysis mode for the report ("dc" or "tran").</param>
    /// <param name="calibration">Images for the converter ranges and the column correction.</param>
    /// <param name="evaluated">Data set the run is scored on.</param>
    /// <param name="images">Images taken from <paramref name="evaluated"/>, 1..Count.</param>
    /// <param name="tran">Transient read settings in tran mode, else null.</param>
    public CosimSession(Model model, string weightsSha256, NonIdealities settings, ICrossbarBackend backend, string mode,
        Dataset calibration, Dataset evaluated, int images, TranOptions? tran = null)
    {
        settings.Validate();
        if (images < 1 || images > evaluated.Count)
            throw new ArgumentOutOfRangeException(nameof(images), images, $"Images must be in 1..{evaluated.Count}.");
        var sw = System.Diagnostics.Stopwatch.StartNew();
        Network = CrossbarNetwork.FromModel(model, settings.BiasRow);
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

    /// <summary>Folded network mapped onto crossbars.</summary>
    public CrossbarNetwork Network { get; }
    /// <summary>Calibrated converter ranges of every analog stage.</summary>
    public IReadOnlyList<StageRanges> Ranges { get; }
    /// <summary>Controller with every tile programmed.</summary>
    public DigitalController Controller { get; }
    /// <summary>Images of the run.</summary>
    public Dataset Data { get; }
    /// <summary>Settings that identify the run (their hash must match across shards).</summary>
    public RunSettings Settings { get; }
    /// <summary>Folding, calibration and programming (factoring) of all tiles, seconds.</summary>
    public double SetupSeconds { get; }

    /// <summary>Runs one shard and returns its report.</summary>
    /// <param name="shard">Slice of the images to run.</param>
    /// <param name="threads">Images evaluated in parallel.</param>
    /// <param name="progress">Called with (done, total) images; may be null.</param>
    /// <param name="cancel">Stops between images.</param>
    public CosimReport Run(Shard shard, int threads, Action<int, int>? progress = null, CancellationToken cancel = default)
    {
        var outcome = new CosimRunner(Controller) { Threads = threads }.Run(Data, shard, progress, cancel);
        return new CosimReport(outcome, Settings.ToJson(), Settings.Hash, ControllerSteps.Describe(Controller),
            shard, shard.Range(Data.Count).Start, Data.Count, 1);
    }
}
