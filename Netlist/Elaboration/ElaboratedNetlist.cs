using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Model;

namespace MemristorSpice.Netlist.Elaboration;

/// <summary>The engine's circuit and options built from a netlist, plus the analyses the netlist asks for.</summary>
public sealed record ElaboratedNetlist(
    Engine.Circuit Circuit,
    Engine.SimulationOptions Options,
    IReadOnlyList<Analysis> Analyses,
    IReadOnlyList<Diagnostic> Warnings);
