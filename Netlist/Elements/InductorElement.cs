using MemristorSpice.Netlist.Model;

namespace MemristorSpice.Netlist.Elements;

/// <summary>L: inductor (H) with an optional initial current (A) for .tran uic.</summary>
internal sealed record InductorElement(string Name, string Positive, string Negative, double Inductance, double? InitialCurrent = null)
    : TwoTerminal(Name, Positive, Negative)
{
    public override Element WithNodes(IReadOnlyList<string> nodes) => this with { Positive = nodes[0], Negative = nodes[1] };
}

/// <summary>L cards: a fixed inductance (divided by m=) with ic=, or a behavioral one (l={expr}).</summary>
internal sealed class InductorKind : ElementKind<InductorElement>
{
    public override char? Letter => 'l';

    public override Element Read(ElementCard card)
    {
        const string usage = "L<name> n+ n- value [ic=i0] [m=k]";
        var reader = card.Reader;
        var (a, b) = card.TwoNodes(usage);
        if (BehavioralPassiveReader.TryRead(card, a, b, PassiveKind.Inductor) is { } behavioral) return behavioral;
        double? l = reader.OptionalValue("inductance", usage);
        var extra = reader.Assignments(["l", "inductance", "ic", "m"], usage);
        double value = card.PositionalOrNamed(l, extra, "inductance", usage, "l", "inductance");
        return new InductorElement(card.Name, a, b, value / extra.GetValueOrDefault("m", 1), extra.TryGetValue("ic", out var ic) ? ic : null);
    }

    protected override IEnumerable<string> FormatValues(InductorElement l)
    {
        yield return N(l.Inductance);
        if (l.InitialCurrent is { } il) yield return "ic=" + N(il);
    }

    protected override bool HasBranchCurrent(InductorElement element) => true;

    protected override Engine.Core.Entity ToEngine(InductorElement l, ElaborationContext context) =>
        new Engine.Components.Inductor(l.Name, l.Positive, l.Negative, l.Inductance, l.InitialCurrent);
}
