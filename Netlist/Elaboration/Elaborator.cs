using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Elements;
using MemristorSpice.Netlist.Model;
using MemristorSpice.Netlist.NativeDevices;

namespace MemristorSpice.Netlist.Elaboration;

/// <summary>
/// Builds the engine's <see cref="Engine.Core.Circuit"/> from a read netlist: each element through its kind in
/// <see cref="ElementRegistry"/> (which maps its models and values), then .ic and .nodeset. Instances of registered
/// native devices become the device's entity.
/// What the engine cannot simulate (an unregistered X instance) is a
/// <see cref="NetlistException"/> at the element's line.
/// </summary>
public sealed class Elaborator(INativeDeviceRegistry? registry = null)
{
    private readonly INativeDeviceRegistry _registry = registry ?? NativeDeviceRegistry.Empty;

    /// <summary>Output point limit of the analyses (<see cref="Engine.Core.SimulationOptions.MaxPoints"/>); null keeps the engine's default.</summary>
    public int? MaxPoints { get; init; }

    /// <summary>
    /// Turns a read netlist into an engine circuit with its options and analyses. Every element error is
    /// collected; any error ends in one <see cref="NetlistException"/> naming file, line and column.
    /// </summary>
    public ElaboratedNetlist Elaborate(NetlistCircuit netlist)
    {
        var diagnostics = new DiagnosticBag();
        var options = EngineMapping.Options(netlist.Options);
        if (MaxPoints is int max) options = options with { MaxPoints = max };
        var circuit = new Engine.Core.Circuit(netlist.Title);
        var context = new ElaborationContext(netlist, options, _registry, diagnostics);
        foreach (var element in netlist.Elements)
            diagnostics.Try((Circuit: circuit, Element: element, Context: context), static a => a.Circuit.Add(Entity(a.Element, a.Context)));
        foreach (var (node, value) in netlist.InitialConditions) circuit.InitialConditions[node] = value;
        foreach (var (node, value) in netlist.NodeSets) circuit.Nodesets[node] = value;
        diagnostics.ThrowIfErrors();
        return new ElaboratedNetlist(circuit, options, netlist.Analyses, diagnostics.Warnings);
    }

    private static Engine.Core.Entity Entity(Element element, ElaborationContext context)
    {
        var kind = ElementRegistry.Default.Find(element)
                   ?? throw ElaborationContext.Unsupported(element, $"element type {element.GetType().Name} has no engine counterpart", "");
        try
        {
            return kind.ToEngine(element, context);
        }
        catch (Engine.Core.CircuitException ex)
        {
            throw ElaborationContext.Unsupported(element, ex.Message, "check the element's values");
        }
    }
}
