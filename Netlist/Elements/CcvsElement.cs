using MemristorSpice.Netlist.Model;

namespace MemristorSpice.Netlist.Elements;

/// <summary>H: current-controlled voltage source, v = transresistance·i(ControllingSource).</summary>
internal sealed record CcvsElement(string Name, string Positive, string Negative, string ControllingSource, double Transresistance) : TwoTerminal(Name, Positive, Negative)
{
    public override Element WithNodes(IReadOnlyList<string> nodes) => this with { Positive = nodes[0], Negative = nodes[1] };
}

/// <summary>H cards: a linear transresistance of a V source's current here; POLY forms become behavioral sources.</summary>
internal sealed class CcvsKind : ElementKind<CcvsElement>
{
    public override char? Letter => 'h';

    public override Element Read(ElementCard card) =>
        ControlledSourceCards.CurrentControlled(card, voltage: true, (a, b, control, r) => new CcvsElement(card.Name, a, b, control, r));

    protected override void CheckReferences(CcvsElement h, ReferenceContext context) => context.RequireVoltageSource(h, h.ControllingSource);

    protected override IEnumerable<string> FormatValues(CcvsElement h) => [h.ControllingSource, N(h.Transresistance)];

    protected override bool HasBranchCurrent(CcvsElement element) => true;

    protected override Engine.Core.Entity ToEngine(CcvsElement h, ElaborationContext context) =>
        new Engine.Components.CurrentControlledVoltageSource(h.Name, h.Positive, h.Negative, h.ControllingSource, h.Transresistance);
}
