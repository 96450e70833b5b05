using MemristorSpice.Cosim.Reports;
using MemristorSpice.Crossbar.Generation;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Network.Models;

namespace MemristorSpice.Cli.Commands.Generate;

/// <summary>The circuit both subcommands generate, bound from the shared options.</summary>
/// <param name="Crossbar">Device, mapping, readout, non-idealities, tiling and the device library's include path.</param>
/// <param name="LibraryCopy">Write devices.lib into the output folder (no checkout to point the include at).</param>
internal sealed record GeneratorSettings(CrossbarOptions Crossbar, bool LibraryCopy);

/// <summary>Everything <c>memspice generate crossbar</c> was asked, bound and checked.</summary>
/// <param name="WeightsPath">The CSV the matrix was read from.</param>
/// <param name="Matrix">The weight matrix, bias row last.</param>
/// <param name="Stem">File stem and layer name of the files written.</param>
/// <param name="OutDir">Output folder, as given (already checked against <paramref name="Target"/>).</param>
internal sealed record GenerateCrossbarSettings(string WeightsPath, CrossbarMatrix Matrix, string Stem, string OutDir, OutputTarget Target,
    GeneratorSettings Generator);

/// <summary>Everything <c>memspice generate network</c> was asked, bound and checked.</summary>
/// <param name="WeightsPath">The weights file the model was loaded from.</param>
/// <param name="Selection">Which crossbars get a netlist (all, or one per layer kind); counts always cover all.</param>
/// <param name="OutDir">Output folder, as given (already checked against <paramref name="Target"/>).</param>
internal sealed record GenerateNetworkSettings(string WeightsPath, Model Model, CrossbarSelection Selection, string OutDir, OutputTarget Target,
    GeneratorSettings Generator);
