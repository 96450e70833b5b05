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
/// hardware counted from the generated netlists (with the calibrated DAC ranges, as programmed), and the
/// <see cref="PpaEstimator"/> result.
/// </summary>
public static class PpaRun
{
    /// <summary>Estimate, co-simulation report and counted hardware of one model.</summary>
    /// <param name="Ppa">Area, power, energy and latency estimate.</param>
    /// <param name="Cosim">Co-simulation report of the run.</param>
    /// <param name="Hardware">Hardware counted per analog layer.</param>
    /// <param name="SetupSeconds">Folding, calibration and tile programming time, seconds.</param>
    public sealed record Result(ModelPpa Ppa, CosimReport Cosim, IReadOnlyList<LayerHardware> Hardware, double SetupSeconds);

    /// <summary>Co-simulates one model with the array power meter, counts its hardware and estimates its PPA.</summary>
    /// <param name="label">Model name in the tables.</param>
    /// <param name="model">Trained network.</param>
    /// <param name="weightsSha256">SHA-256 of the weights file, for the run hash.</param>
    /// <param name="settings">Non-idealities of the run.</param>
    /// <param name="tech">Technology constants.</param>
    /// <param name="calibration">Images for the converter ranges.</param>
    /// <param name="test">Images the accuracy is measured on.</param>
    /// <param name="images">Images taken from <paramref name="test"/>.</param>
    /// <param name="threads">Images evaluated in parallel.</param>
    /// <param name="progress">Called with (done, total) images; may be null.</param>
    /// <param name="cancel">Stops between images.</param>
    public static Result Run(string label, Model model, string weightsSha256, NonIdealities settings, Technology tech, Dataset calibration, Dataset test,
        int images, int threads, Action<int, int>? progress = null, CancellationToken cancel = default)
    {
        var meter = new ArrayPowerMeter();
        var session = new CosimSession(model, weightsSha256, settings, meter.CreateBackend(settings), "dc", calibration, test, images);
        meter.Enabled = true;
        var report = session.Run(Shard.Whole, threads, progress, cancel);
        var amax = session.Ranges.ToDictionary(r => r.Layer, r => r.InputFullScale);
        var hardware = CircuitInventory.Count(session.Network, label, CrossbarOptionsFactory.For(settings, 1.0), amax);
        var counts = ModelCounter.Count(model, settings.BiasRow);
        double slowestColumn = hardware.Max(h => h.SlowestColumnSiemens);
        int bits = settings.AdcBits > 0 ? settings.AdcBits : tech.AdcBits;
        double settling = ReadSettling.Seconds(slowestColumn, settings.FeedbackOhms, tech.OpAmpGbwHz, bits);
        var ppa = PpaEstimator.Estimate(label, counts.Weights, hardware, meter.Tallies, report.Outcome.Predictions.Count, tech,
            settings.DacBits, settings.AdcBits, report.Outcome.Ideal.Accuracy, report.Outcome.Analog.Accuracy, settling,
            DigitalOperations.Count(session.Network, tech));
        return new Result(ppa, report, hardware, session.SetupSeconds);
    }
}
