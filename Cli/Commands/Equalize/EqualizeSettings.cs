using MemristorSpice.Cli.Infrastructure;

namespace MemristorSpice.Cli.Commands.Equalize;

/// <summary>Everything <c>memspice equalize</c> was asked, bound and checked.</summary>
/// <param name="WeightsPath">Weights file to equalize.</param>
/// <param name="HardwareAwarePath">Design-point JSON whose bias placement and calibration images are used, or null for the default design.</param>
/// <param name="Dataset">Data set whose first training images give the activation maxima.</param>
/// <param name="OutPath">Weights file to write.</param>
/// <param name="Force">Replace an existing output file.</param>
/// <param name="CommandLine">The command as typed, stored in the file's metadata.</param>
internal sealed record EqualizeSettings(string WeightsPath, string? HardwareAwarePath, DataSetChoice Dataset, string OutPath, bool Force, string CommandLine);
