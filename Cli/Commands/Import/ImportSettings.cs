namespace MemristorSpice.Cli.Commands.Import;

/// <summary>Everything <c>memspice import onnx</c> was asked.</summary>
/// <param name="ModelPath">The ONNX file.</param>
/// <param name="OutPath">The weights file to write.</param>
/// <param name="Name">Model name for the weights file, or null for one made from the ONNX file name.</param>
/// <param name="Force">Replace an existing output file.</param>
internal sealed record ImportSettings(string ModelPath, string OutPath, string? Name, bool Force);
