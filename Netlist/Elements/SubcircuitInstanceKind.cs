using MemristorSpice.Netlist.Model;

namespace MemristorSpice.Netlist.Elements;

/// <summary>
/// X instances that stay in the circuit: read by the flattener (which expands every other instance), written with their
/// parameters, and elaborated into the entity of the registered native device (memristors, op-amps, ...).
/// </summary>
internal sealed class SubcircuitInstanceKind : ElementKind<SubcircuitInstance>
{
    protected override IEnumerable<string> FormatValues(SubcircuitInstance x) =>
    [
        x.Subcircuit + (x.Parameters.Count > 0
            ? " params: " + string.Join(' ', x.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={N(p.Value)}"))
            : ""),
    ];

    protected override Engine.Core.Entity ToEngine(SubcircuitInstance x, ElaborationContext context)
    {
        var device = context.NativeDevices.Find(x.Subcircuit)
                     ?? throw ElaborationContext.Unsupported(x, $"subcircuit instance '{x.Name}' of '{x.Subcircuit}' is not a registered native device",
                         "register it or flatten it");
        return device.Create(x.Name, x.Pins, x.Parameters);
    }
}
