using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Model;

namespace MemristorSpice.Netlist.Reading;

/// <summary>Checks cross references after flattening: model types of D, M, Q and S elements, controlling sources of F and H, inductors of K.</summary>
public static class ReferenceChecker
{
    public static void Check(NetlistCircuit circuit, DiagnosticBag diagnostics)
    {
        var byName = circuit.Elements.ToDictionary(e => e.Name);
        foreach (var e in circuit.Elements)
        {
            switch (e)
            {
                case Diode d:
                    ModelType(circuit, d, d.Model, ["d"], diagnostics);
                    break;
                case Mosfet m:
                    ModelType(circuit, m, m.Model, ["nmos", "pmos"], diagnostics);
                    break;
                case Bjt q:
                    ModelType(circuit, q, q.Model, ["npn", "pnp"], diagnostics);
                    break;
                case VoltageSwitch sw:
                    ModelType(circuit, sw, sw.Model, ["sw"], diagnostics);
                    break;
                case Cccs f:
                    ControllingSource(byName, f, f.ControllingSource, diagnostics);
                    break;
                case Ccvs h:
                    ControllingSource(byName, h, h.ControllingSource, diagnostics);
                    break;
                case MutualInductance k:
                    foreach (var l in new[] { k.Inductor1, k.Inductor2 })
                    {
                        if (byName.GetValueOrDefault(l) is not Inductor)
                            diagnostics.Error(k.Location, l, $"{k.Name} couples '{l}', which is not a linear inductor of the circuit",
                                "K couples two L elements with fixed values (in the same subcircuit)");
                    }
                    break;
            }
        }
    }

    private static void ModelType(NetlistCircuit circuit, Element e, string model, string[] types, DiagnosticBag diagnostics)
    {
        if (circuit.Models.TryGetValue(model, out var card) && !types.Contains(card.Type))
            diagnostics.Error(e.Location, model, $"{e.Name} needs a model of type {string.Join('/', types).ToUpperInvariant()}, but '{model}' is {card.Type.ToUpperInvariant()}",
                "use a matching .model card");
    }

    private static void ControllingSource(Dictionary<string, Element> byName, Element e, string source, DiagnosticBag diagnostics)
    {
        if (byName.GetValueOrDefault(source) is not VoltageSource)
            diagnostics.Error(e.Location, source, $"{e.Name} is controlled by '{source}', which is not a voltage source of the circuit",
                "F and H elements measure the current of a V source (add a 0 V source in series)");
    }
}
