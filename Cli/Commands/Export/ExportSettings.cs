namespace MemristorSpice.Cli.Commands.Export;

/// <summary>Everything <c>memspice export onnx</c> was asked.</summary>
/// <param name="WeightsPath">The network to export (.msw or .onnx).</param>
/// <param name="OutPath">The ONNX file to write.</param>
/// <param name="Force">Replace an existing output file.</param>
internal sealed record ExportSettings(string WeightsPath, string OutPath, bool Force);
