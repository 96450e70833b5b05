using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Reports;
using MemristorSpice.Devices.Memristors;

namespace MemristorSpice.Cli.Commands.Lifetime;

/// <summary>Everything <c>memspice lifetime</c> was asked, bound and checked.</summary>
/// <param name="WeightsPath">Weights file (.msw or .onnx).</param>
/// <param name="Design">Design point (circuit, converters, read time) with the device override applied.</param>
/// <param name="Dataset">Data set: training images calibrate, test images are scored.</param>
/// <param name="Images">Test images scored at every time or checkpoint.</param>
/// <param name="Times">Times since programming, seconds (empty: no retention analysis).</param>
/// <param name="TimeLabels">The times as written on the command line.</param>
/// <param name="RefreshSeconds">Re-programming period, seconds; null = never.</param>
/// <param name="Drift">Retention model (with the activation energy override).</param>
/// <param name="Kelvin">Operating temperature, Kelvin.</param>
/// <param name="Seed">Seed of the per-cell drift draws.</param>
/// <param name="CompensationImages">Calibration images of the drift-compensation read.</param>
/// <param name="Checkpoints">Inference counts of the read-disturb analysis, ascending (empty: none).</param>
/// <param name="Tolerance">Local error bound of the multi-rate integration, state units.</param>
/// <param name="DisturbImages">Calibration images the disturb per inference is averaged over.</param>
/// <param name="Threads">Images evaluated in parallel.</param>
/// <param name="OutDir">Output folder.</param>
/// <param name="Target">Output rules.</param>
internal sealed record LifetimeSettings(
    string WeightsPath, DesignPoint Design, DataSetChoice Dataset, int Images,
    IReadOnlyList<double> Times, IReadOnlyList<string> TimeLabels, double? RefreshSeconds, RetentionDrift Drift, double Kelvin, int Seed, int CompensationImages,
    IReadOnlyList<double> Checkpoints, double Tolerance, int DisturbImages, int Threads, string OutDir, OutputTarget Target);
