using MemristorSpice.Netlist.Elements;
using MemristorSpice.Netlist.Model;

namespace MemristorSpice.Netlist.Writing;

/// <summary>The fields of one element line (name, nodes, values), in SPICE card order; the values come from the element's kind.</summary>
internal static class ElementFormatter
{
    public static IReadOnlyList<string> Fields(Element element)
    {
        var fields = new List<string> { element.Name };
        fields.AddRange(element.Nodes);
        fields.AddRange(ElementRegistry.Default.For(element).FormatValues(element));
        return fields;
    }
}
