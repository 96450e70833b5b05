using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Elements;
using MemristorSpice.Netlist.Model;

namespace MemristorSpice.Netlist.Reading;

/// <summary>
/// Builds one element from its line, values evaluated in the instance scope: the first letter picks the element kind
/// from <see cref="ElementRegistry"/>, which reads the rest. X lines are expanded by the flattener before this.
/// </summary>
internal static class ElementBuilder
{
    public static Element Build(CardReader card, NodeNamer namer, Func<string, SourceLocation, string> model, Func<string, ModelCard?>? findModel = null)
    {
        var head = card.Statement.Head;
        var kind = ElementRegistry.Default.ForLetter(head.Text[0])
                   ?? throw new NetlistException(head.Location, head.Text, $"element type '{char.ToUpperInvariant(head.Text[0])}' is not supported",
                       $"supported: {ElementRegistry.Default.SupportedLetters} X");
        return kind.Read(new ElementCard(card, namer, model, findModel)) with { Location = card.Statement.Location };
    }
}
