using MemristorSpice.Netlist.Model;

namespace MemristorSpice.Netlist.Elements;

/// <summary>E: voltage-controlled voltage source, v(out+, out-) = gain·v(in+, in-).</summary>
internal sealed record VcvsElement(string Name, string Positive, string Negative, string ControlPositive, string ControlNegative, double Gain)
    : Element(Name)
{
    public override IReadOnlyList<string> Nodes => [Positive, Negative, ControlPositive, ControlNegative];
    public override Element WithNodes(IReadOnlyList<string> n) => this with { Positive = n[0], Negative = n[1], ControlPositive = n[2], ControlNegative = n[3] };
}

/// <summary>E cards: a linear gain here; value=, TABLE and POLY forms become behavioral sources.</summary>
internal sealed class VcvsKind : ElementKind<VcvsElement>
{
    public override char? Letter => 'e';

    public override Element Read(ElementCard card) =>
        ControlledSourceCards.VoltageControlled(card, voltage: true, (a, b, cp, cn, gain) => new VcvsElement(card.Name, a, b, cp, cn, gain));

    protected override IEnumerable<string> FormatValues(VcvsElement e) => [N(e.Gain)];

    protected override bool HasBranchCurrent(VcvsElement element) => true;

    protected override Engine.Core.Entity ToEngine(VcvsElement e, ElaborationContext context) =>
        new Engine.Components.VoltageControlledVoltageSource(e.Name, e.Positive, e.Negative, e.ControlPositive, e.ControlNegative, e.Gain);
}
