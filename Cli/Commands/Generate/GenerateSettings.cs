using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Reports;
using MemristorSpice.Crossbar.Generation;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Devices.Spice;
using MemristorSpice.Network.Models;

namespace MemristorSpice.Cli.Commands.Generate;

/// <summary>The circuit both subcommands generate, bound from the shared options.</summary>
/// <param name="Crossbar">Device, mapping, readout, non-idealities, tiling and the device library's include path.</param>
/// <param name="LibraryCopy">Flat decks: write devices.lib into the output folder (the include names the copy).</param>
/// <param name="Form">Hierarchical (default) or flat netlists.</param>
/// <param name="Dialect">Simulator the hierarchical netlists and stimulus decks are written for (--dialect).</param>
internal sealed record GeneratorSettings(CrossbarOptions Crossbar, bool LibraryCopy, NetlistForm Form = NetlistForm.Hierarchical,
    SpiceDialect Dialect = SpiceDialect.Ngspice);

/// <summary>One layer of a network weights file as the source of <c>generate crossbar</c>.</summary>
/// <param name="Model">The network.</param>
/// <param name="Layer">Analog layer name.</param>
/// <param name="Crossbar">Index of the logical crossbar in the layer (the depthwise channel's, else 0).</param>
internal sealed record NetworkCrossbar(Model Model, string Layer, int Crossbar);

/// <summary>Everything <c>memspice generate crossbar</c> was asked, bound and checked.</summary>
/// <param name="WeightsPath">The CSV or .msw file the matrix was read from.</param>
/// <param name="Matrix">The weight matrix, bias row last.</param>
/// <param name="Stem">File stem and layer name of the files written.</param>
/// <param name="OutDir">Output folder, as given (already checked against <paramref name="Target"/>).</param>
/// <param name="Source">Set when the matrix is one crossbar of a network layer (.msw with --layer); null for a CSV.</param>
internal sealed record GenerateCrossbarSettings(string WeightsPath, CrossbarMatrix Matrix, string Stem, string OutDir, OutputTarget Target,
    GeneratorSettings Generator, NetworkCrossbar? Source = null);

/// <summary>The co-simulation a stimulus deck reproduces (<c>generate network --stimulus</c>).</summary>
/// <param name="Image">Index of the test image (0-based, in the data set's test split).</param>
/// <param name="First">First patch of the layer's feature map applied.</param>
/// <param name="Patches">Apply at most this many patches (null: to the end of the feature map).</param>
/// <param name="Circuit">The co-simulation's design point (--nonideal, as <c>cosim</c> reads it).</param>
/// <param name="Timing">Read slot and time step of the pulse train.</param>
/// <param name="TranMode">The ADC inputs are the co-simulation's tran reads (else its dc reads).</param>
/// <param name="Dataset">Data set name (mnist or fashion).</param>
/// <param name="WholeNetwork">One deck of every analog layer in network order (<c>--whole-network</c>) instead of one layer's.</param>
internal sealed record StimulusSettings(int Image, int First, int? Patches, NonIdealities Circuit, TranOptions Timing, bool TranMode, string Dataset,
    bool WholeNetwork = false);

/// <summary>Everything <c>memspice generate network</c> was asked, bound and checked.</summary>
/// <param name="WeightsPath">The weights file the model was loaded from.</param>
/// <param name="Selection">Which crossbars get a netlist (all, or one per layer kind); counts always cover all.</param>
/// <param name="OutDir">Output folder, as given (already checked against <paramref name="Target"/>).</param>
/// <param name="Layer">Generate only this analog layer (every crossbar of it); null: every layer.</param>
/// <param name="Stimulus">Write the co-simulation's transient stimulus of one image for the layer; null: none.</param>
internal sealed record GenerateNetworkSettings(string WeightsPath, Model Model, CrossbarSelection Selection, string OutDir, OutputTarget Target,
    GeneratorSettings Generator, string? Layer = null, StimulusSettings? Stimulus = null);
