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
    public static Element Build(CardReader card, NodeNamer namer, Func<string, SourceLocation, string> model, Func<string, ModelCard?>? findModel = null,
        BindingCache? sharing = null)
    {
        var head = card.Statement.Head;
        if (char.ToLowerInvariant(head.Text[0]) == 'a') throw CodeModel(card.Statement, findModel);
        var kind = ElementRegistry.Default.ForLetter(head.Text[0])
                   ?? throw new NetlistException(head.Location, head.Text, $"element type '{char.ToUpperInvariant(head.Text[0])}' is not supported",
                       $"supported: {ElementRegistry.Default.SupportedLetters} X");
        // The kind returns a new element: set its location in place rather than copying it (one copy per element).
        var element = kind.Read(new ElementCard(card, namer, model, findModel) { Sharing = sharing });
        element.Location = card.Statement.Location;
        return element;
    }

    /// <summary>
    /// An XSPICE A element (<c>a1 %v(in) [x y] out mymodel</c>): its model name is the last word, and that model's type
    /// is the code model (memristor, int, d_dt, adc_bridge, ...). We have none of them; the error names the one asked for.
    /// </summary>
    private static NetlistException CodeModel(Statement statement, Func<string, ModelCard?>? findModel)
    {
        var head = statement.Head;
        var last = statement.Tokens.Count > 1 ? statement.Tokens[^1] : head;
        var card = last == head ? null : findModel?.Invoke(last.Text.ToLowerInvariant());
        string what = card is null ? $"model '{last.Text}' not found" : $"XSPICE code model '{card.Type}' (model '{card.Name}')";
        return new NetlistException(head.Location, head.Text, $"not supported: {what} on the A element {head.Text}",
            "XSPICE code models (A elements) are not simulated by our engine; write the function with B, E or G sources, or use the ngspice backend");
    }
}
