using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Reports;
using MemristorSpice.Crossbar.Programming;

namespace MemristorSpice.Cli.Commands.Programming;

/// <summary>One <c>memspice program</c> run, bound and checked.</summary>
/// <param name="WeightsPath">Weights file.</param>
/// <param name="Dataset">Data set whose training images calibrate the converter ranges (as cosim does).</param>
/// <param name="Circuit">Design point (device, read voltage, converters, wires) the co-simulation maps with.</param>
/// <param name="Options">ISPP schedule, bias scheme, cell kind and wires of the programming circuit.</param>
/// <param name="Layer">Only this layer; null = every analog layer.</param>
/// <param name="MaxTiles">Tiles programmed per layer (a seeded sample when fewer than the layer has); null = all.</param>
/// <param name="MaxCells">Cells programmed per tile (row-major); null = all.</param>
/// <param name="Seed">Seed of the tile sample.</param>
/// <param name="OutDir">Output folder (written atomically).</param>
/// <param name="Target">Overwrite policy of the output.</param>
internal sealed record ProgramSettings(string WeightsPath, DataSetChoice Dataset, NonIdealities Circuit, ProgrammingOptions Options, string? Layer,
    int? MaxTiles, int? MaxCells, int Seed, string OutDir, OutputTarget Target);
