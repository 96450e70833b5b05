using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Reports;

namespace MemristorSpice.Cli.Commands.Stability;

/// <summary>Everything <c>memspice stability</c> was asked, bound and checked.</summary>
/// <param name="WeightsPath">Weights file (.msw or .onnx).</param>
/// <param name="Circuit">Circuit settings (JSON file plus overrides); the op-amp has a gain-bandwidth product.</param>
/// <param name="PhaseMarginDegrees">Target phase margin of the recommended feedback capacitor, degrees.</param>
/// <param name="Dataset">Data set whose training images calibrate the DAC full scales, as cosim does.</param>
/// <param name="OutDir">Output folder.</param>
/// <param name="Target">Output rules.</param>
internal sealed record StabilitySettings(string WeightsPath, NonIdealities Circuit, double PhaseMarginDegrees, DataSetChoice Dataset, string OutDir, OutputTarget Target);
