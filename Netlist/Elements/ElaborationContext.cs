using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Elaboration;
using MemristorSpice.Netlist.Expressions;
using MemristorSpice.Netlist.Model;
using MemristorSpice.Netlist.NativeDevices;
using MemristorSpice.Netlist.Reading;

namespace MemristorSpice.Netlist.Elements;

/// <summary>What an element needs to become an engine entity: the netlist (models, other elements, options), the engine options and the diagnostics.</summary>
internal sealed class ElaborationContext(NetlistCircuit netlist, Engine.Core.SimulationOptions options, INativeDeviceRegistry nativeDevices,
    DiagnosticBag diagnostics)
{
    private readonly BehavioralElaboration _behavioral = new(netlist);

    public NetlistCircuit Netlist { get; } = netlist;
    public Engine.Core.SimulationOptions Options { get; } = options;
    public INativeDeviceRegistry NativeDevices { get; } = nativeDevices;
    public DiagnosticBag Diagnostics { get; } = diagnostics;

    /// <summary>The circuit temperature and the nominal (model) temperature, °C, from .options/.temp.</summary>
    public double Celsius => Netlist.Options.TemperatureCelsius;

    /// <inheritdoc cref="SimulationOptions.NominalCelsius"/>
    public double NominalCelsius => Netlist.Options.NominalCelsius;

    /// <summary>A behavioral expression of <paramref name="owner"/>, checked against the circuit and compiled.</summary>
    public Engine.Behavioral.BehavioralFunction Compile(Element owner, Expr expression) => _behavioral.Compile(owner, expression);

    /// <summary>A shared behavioral expression of <paramref name="owner"/>: compiled once per template, its inputs named for this instance.</summary>
    public Engine.Behavioral.BehavioralFunction Compile(Element owner, SharedExpression shared) => _behavioral.Compile(owner, shared);

    /// <summary>
    /// The .model card <paramref name="name"/>: an error at the element when it is missing, a warning at the card for each
    /// parameter outside <paramref name="known"/> (LEVEL is checked by the kinds that have levels).
    /// </summary>
    public ModelCard Model(Element element, string name, string type, IReadOnlySet<string> known)
    {
        if (!Netlist.Models.TryGetValue(name, out var card))
            throw Unsupported(element, $"model '{name}' is not defined", $"add .model {name} {type.ToUpperInvariant()}(...)");
        foreach (var p in card.Parameters.Keys.Where(p => !known.Contains(p) && p != "level"))
            Diagnostics.Warn(card.Location, p, $"model parameter '{p}' of '{name}' is not used by our engine", "known: " + string.Join(' ', known));
        return card;
    }

    /// <summary>An error at the element's line.</summary>
    public static NetlistException Unsupported(Element element, string message, string hint) => new(element.Location, element.Name, message, hint);
}
