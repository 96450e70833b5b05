using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Model;

namespace MemristorSpice.Netlist.Elements;

/// <summary>The flattened circuit an element's references are checked against; problems go to the diagnostics.</summary>
internal sealed class ReferenceContext(NetlistCircuit circuit, DiagnosticBag diagnostics)
{
    private readonly Dictionary<string, Element> _byName = circuit.Elements.ToDictionary(e => e.Name);

    public DiagnosticBag Diagnostics { get; } = diagnostics;

    /// <summary>The element called <paramref name="name"/>, or null.</summary>
    public Element? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>An error unless the model, when defined, has one of <paramref name="types"/> (a missing model is reported at elaboration).</summary>
    public void RequireModelType(Element element, string model, params string[] types)
    {
        if (circuit.Models.TryGetValue(model, out var card) && !types.Contains(card.Type))
            Diagnostics.Error(element.Location, model,
                $"{element.Name} needs a model of type {string.Join('/', types).ToUpperInvariant()}, but '{model}' is {card.Type.ToUpperInvariant()}",
                "use a matching .model card");
    }

    /// <summary>An error unless <paramref name="source"/> is an independent voltage source (F and H measure its current).</summary>
    public void RequireVoltageSource(Element element, string source)
    {
        if (Find(source) is not VoltageSourceElement)
            Diagnostics.Error(element.Location, source, $"{element.Name} is controlled by '{source}', which is not a voltage source of the circuit",
                "F and H elements measure the current of a V source (add a 0 V source in series)");
    }
}
