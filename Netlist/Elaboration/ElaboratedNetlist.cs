using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Model;

namespace MemristorSpice.Netlist.Elaboration;

/// <summary>The engine's circuit and options built from a netlist, plus the analyses the netlist asks for.</summary>
/// <param name="Circuit">The engine circuit, one entity per flattened element.</param>
/// <param name="Options">Engine tolerances, temperature and integration method from .options and .temp.</param>
/// <param name="Analyses">The analyses requested, in netlist order.</param>
/// <param name="Warnings">Non-fatal problems found while building the circuit.</param>
public sealed record ElaboratedNetlist(
    Engine.Core.Circuit Circuit,
    Engine.Core.SimulationOptions Options,
    IReadOnlyList<Analysis> Analyses,
    IReadOnlyList<Diagnostic> Warnings);
