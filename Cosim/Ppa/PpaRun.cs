using MemristorSpice.Cosim.Backends;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Driver;
using MemristorSpice.Cosim.Reports;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Network.Data;
using MemristorSpice.Network.Layers;
using MemristorSpice.Network.Models;

namespace MemristorSpice.Cosim.Ppa;

/// <summary>
/// One model measured end to end for the report: co-simulation on the native dc backend with the array power meter,
/// hardware counted from the generated netlists (with the calibrated DAC ranges, as programmed), the read time of every
/// layer measured from the tiles' step responses (<see cref="ColumnSettling"/>) and the <see cref="PpaEstimator"/> result.
/// </summary>
public static class PpaRun
{
    /// <summary>Read-time source of the report: every layer's read time is its measured settling.</summary>
    public const string MeasuredSettling = "measured settling";

    /// <summary>Read-time source of the report when the design point fixes one read time for every layer.</summary>
    public const string DesignReadTime = "design point read.timeSeconds";

    /// <summary>Calibration images whose patch sequences the settling measurement examines (the first ones of the calibration set).</summary>
    public const int SettlingImages = SettlingReadTime.Images;

    /// <summary>Estimate, co-simulation report and counted hardware of one model.</summary>
    /// <param name="Ppa">Area, power, energy and latency estimate.</param>
    /// <param name="Cosim">Co-simulation report of the run.</param>
    /// <param name="Hardware">Hardware counted per analog layer.</param>
    /// <param name="SetupSeconds">Folding, calibration and tile programming time, seconds.</param>
    /// <param name="Settling">Measured settling per analog layer (the read time of each layer).</param>
    public sealed record Result(ModelPpa Ppa, CosimReport Cosim, IReadOnlyList<LayerHardware> Hardware, double SetupSeconds, IReadOnlyList<LayerSettling> Settling);

    /// <summary>A metered dc co-simulation with the hardware counted: everything the estimate needs except the technology and read times.</summary>
    internal sealed record Measurement(string Label, long Weights, IReadOnlyList<LayerHardware> Hardware, IReadOnlyCollection<TilePowerTally> Tallies,
        CosimReport Cosim, NonIdealities Settings, CrossbarNetwork Network);

    /// <summary>Co-simulates one model with the array power meter, counts its hardware, measures every layer's settling and estimates its PPA.</summary>
    /// <param name="label">Model name in the tables.</param>
    /// <param name="model">Trained network.</param>
    /// <param name="weightsSha256">SHA-256 of the weights file, for the run hash.</param>
    /// <param name="settings">Non-idealities of the run.</param>
    /// <param name="tech">Technology constants; its opAmp.gbwHz sets the op-amp poles of the settling measurement unless
    /// <paramref name="settings"/> has opAmp.gbwHz.</param>
    /// <param name="calibration">Images for the converter ranges and the settling measurement.</param>
    /// <param name="test">Images the accuracy is measured on.</param>
    /// <param name="images">Images taken from <paramref name="test"/>.</param>
    /// <param name="threads">Images evaluated in parallel.</param>
    /// <param name="progress">Called with (done, total) images; may be null.</param>
    /// <param name="cancel">Stops between images.</param>
    /// <param name="readTimeSeconds">One read time for every layer (the design point's number), seconds; null (the design
    /// point's "settling"): each layer's measured settling rounded up to <see cref="SettlingReadTime.GridSeconds"/>.</param>
    public static Result Run(string label, Model model, string weightsSha256, NonIdealities settings, Technology tech, Dataset calibration, Dataset test,
        int images, int threads, Action<int, int>? progress = null, CancellationToken cancel = default, double? readTimeSeconds = null)
    {
        var (m, session) = Measure(label, model, weightsSha256, settings, calibration, test, images, threads, progress, cancel);
        var settling = MeasureSettling(session, settings, tech, calibration, threads, cancel);
        var read = readTimeSeconds is { } fixedTime ? settling.ToDictionary(s => s.Layer, _ => fixedTime)
            : SettlingReadTime.PerLayer(settling).ToDictionary(p => p.Key, p => p.Value);
        return new Result(Estimate(m, tech, read, readTimeSeconds is null ? MeasuredSettling : DesignReadTime), m.Cosim, m.Hardware, session.SetupSeconds, settling);
    }

    /// <summary>
    /// The settling of every analog layer of a session's circuits with the op-amp poles of <paramref name="tech"/>
    /// (opAmp.gbwHz of <paramref name="settings"/> if set, else the technology's; A0 1e8 when the settings have none)
    /// on the first <see cref="SettlingImages"/> calibration images.
    /// </summary>
    internal static IReadOnlyList<LayerSettling> MeasureSettling(CosimSession session, NonIdealities settings, Technology tech, Dataset calibration,
        int threads, CancellationToken cancel = default)
    {
        var dynamic = settings with { OpAmpGbwHz = settings.OpAmpGbwHz ?? tech.OpAmpGbwHz, OpAmpGain = settings.OpAmpGain ?? CrossbarOptionsFactory.DefaultOpenLoopGain };
        return SettlingReadTime.Measure(session.Controller, dynamic, calibration, threads, cancel);
    }

    /// <summary>A metered dc co-simulation of one model with its hardware counted, and its session.</summary>
    internal static (Measurement Measurement, CosimSession Session) Measure(string label, Model model, string weightsSha256, NonIdealities settings, Dataset calibration, Dataset test,
        int images, int threads, Action<int, int>? progress = null, CancellationToken cancel = default)
    {
        var meter = new ArrayPowerMeter();
        var session = new CosimSession(model, weightsSha256, settings, meter.CreateBackend(settings), "dc", calibration, test, images);
        meter.Enabled = true;
        var report = session.Run(Shard.Whole, threads, progress, cancel);
        var amax = session.Ranges.ToDictionary(r => r.Layer, r => r.InputFullScale);
        // The generator writes one device per cell at the mean of the k parallel devices; the hardware has k of them.
        var hardware = CircuitInventory.Count(session.Network, label, CrossbarOptionsFactory.For(settings, 1.0), amax)
            .Select(h => h.WithDevicesPerCell(settings.ForLayer(h.Layer).VariationDevicesPerCell)).ToList();
        var counts = ModelCounter.Count(model, settings.BiasRow);
        return (new Measurement(label, counts.Weights, hardware, meter.Tallies, report, settings, session.Network), session);
    }

    /// <summary>The PPA of a measurement with a technology and read times (null: the technology's read.timeSeconds for every layer).</summary>
    internal static ModelPpa Estimate(Measurement m, Technology tech, IReadOnlyDictionary<string, double>? layerReadSeconds, string readTimeSource)
    {
        double slowestColumn = m.Hardware.Max(h => h.SlowestColumnSiemens);
        int bits = m.Settings.AdcBits > 0 ? m.Settings.AdcBits : tech.AdcBits;
        double settling = ReadSettling.Seconds(slowestColumn, m.Settings.FeedbackOhms, tech.OpAmpGbwHz, bits);
        var outcome = m.Cosim.Outcome;
        return PpaEstimator.Estimate(m.Label, m.Weights, m.Hardware, m.Tallies, outcome.Predictions.Count, tech,
            m.Settings.DacBits, m.Settings.AdcBits, outcome.Ideal.Accuracy, outcome.Analog.Accuracy, settling,
            DigitalOperations.Count(m.Network, tech), layerReadSeconds, readTimeSource);
    }
}
