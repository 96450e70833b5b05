using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Model;

namespace MemristorSpice.Netlist.Elaboration;

/// <summary>The engine's circuit and options built from a netlist, plus the analyses the netlist asks for.</summary>
public sealed record ElaboratedNetlist(
    Engine.Core.Circuit Circuit,
    Engine.Core.SimulationOptions Options,
    IReadOnlyList<Analysis> Analyses,
    IReadOnlyList<Diagnostic> Warnings);
