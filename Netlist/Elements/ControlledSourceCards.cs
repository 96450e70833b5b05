using MemristorSpice.Netlist.Expressions;
using MemristorSpice.Netlist.Model;
using MemristorSpice.Netlist.Reading;

namespace MemristorSpice.Netlist.Elements;

/// <summary>
/// The card grammar shared by E and G (voltage-controlled) and by F and H (current-controlled) sources. The linear
/// form gives the letter's own record; value=, TABLE and POLY forms give a <see cref="BehavioralSourceElement"/>.
/// </summary>
internal static class ControlledSourceCards
{
    /// <summary>E (<paramref name="voltage"/>) or G: <c>out+ out- in+ in- gain</c>, <c>value={expr}</c>, <c>table ...</c> or <c>poly(n) ...</c>.</summary>
    public static Element VoltageControlled(ElementCard card, bool voltage, Func<string, string, string, string, double, Element> linear)
    {
        string usage = voltage
            ? "E<name> out+ out- in+ in- gain, E<name> out+ out- value={expr}, table {expr}=(x,y)..., or poly(n) nodes... p0 p1 ..."
            : "G<name> out+ out- in+ in- gm, G<name> out+ out- value={expr}, table {expr}=(x,y)..., or poly(n) nodes... p0 p1 ...";
        var reader = card.Reader;
        var (a, b) = card.TwoNodes(usage);
        if (reader.Peek is { } t && (t.Is("value") || t.Is("vol") || t.Is("cur")) && reader.IsAssignmentAt(reader.Position))
        {
            reader.Position += 2;
            var expr = ValueTokens.ToExpression(reader.Tokens, reader.Position, reader.Tokens.Count);
            reader.Position = reader.Tokens.Count;
            return new BehavioralSourceElement(card.Name, a, b, voltage, new ExpressionBinder(reader.Scope, card.Namer).Bind(expr));
        }
        if (reader.Peek is { } table && table.Is("table") && !reader.IsAssignmentAt(reader.Position))
            return new BehavioralSourceElement(card.Name, a, b, voltage, ControlledSourceForms.Table(reader, card.Namer, usage));
        if (IsPoly(reader))
            return new BehavioralSourceElement(card.Name, a, b, voltage, ControlledSourceForms.Poly(reader, card.Namer, currentControlled: false, usage));
        var (cp, cn) = ControlledSourceForms.NodePair(reader, card.Namer, usage);
        double gain = reader.Value(voltage ? "gain" : "transconductance", usage);
        reader.ExpectEnd(usage);
        return linear(a, b, cp, cn, gain);
    }

    /// <summary>H (<paramref name="voltage"/>) or F: <c>n+ n- vcontrol gain</c> or <c>poly(n) v1 v2 ... p0 p1 ...</c>.</summary>
    public static Element CurrentControlled(ElementCard card, bool voltage, Func<string, string, string, double, Element> linear)
    {
        string usage = voltage ? "H<name> n+ n- vcontrol transresistance, or poly(n) v1 v2 ... p0 p1 ..." : "F<name> n+ n- vcontrol gain, or poly(n) v1 v2 ... p0 p1 ...";
        var reader = card.Reader;
        var (a, b) = card.TwoNodes(usage);
        if (IsPoly(reader))
        {
            var polynomial = ControlledSourceForms.Poly(reader, card.Namer, currentControlled: true, usage, out string written);
            return new BehavioralSourceElement(card.Name, a, b, voltage, polynomial) { PolyCard = written };
        }
        string control = card.Namer.Element(reader.Name("controlling voltage source", usage));
        double gain = reader.Value(voltage ? "transresistance" : "gain", usage);
        reader.ExpectEnd(usage);
        return linear(a, b, control, gain);
    }

    private static bool IsPoly(CardReader reader) =>
        reader.Peek is { } poly && poly.Is("poly") && reader.Position + 1 < reader.Tokens.Count &&
        reader.Tokens[reader.Position + 1].Kind == TokenKind.LeftParen;
}
