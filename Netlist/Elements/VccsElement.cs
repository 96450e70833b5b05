using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Expressions;
using MemristorSpice.Netlist.Model;

namespace MemristorSpice.Netlist.Elements;

/// <summary>G: voltage-controlled current source, i = transconductance·v(in+, in-).</summary>
internal sealed record VccsElement(string Name, string Positive, string Negative, string ControlPositive, string ControlNegative, double Transconductance)
    : Element(Name)
{
    public override IReadOnlyList<string> Nodes => [Positive, Negative, ControlPositive, ControlNegative];
    public override Element WithNodes(IReadOnlyList<string> n) => this with { Positive = n[0], Negative = n[1], ControlPositive = n[2], ControlNegative = n[3] };
}

/// <summary>G cards: a linear transconductance here; value=, TABLE and POLY forms become behavioral sources.</summary>
internal sealed class VccsKind : ElementKind<VccsElement>
{
    public override char? Letter => 'g';

    public override Element Read(ElementCard card) =>
        ControlledSourceCards.VoltageControlled(card, voltage: false, (a, b, cp, cn, gm) => new VccsElement(card.Name, a, b, cp, cn, gm));

    protected override IEnumerable<string> FormatValues(VccsElement g) => [N(g.Transconductance)];

    protected override Expr? CurrentExpression(VccsElement element, SourceLocation at, SimulationOptions options) =>
        new BinaryExpr(BinaryOp.Multiply, new NumberExpr(element.Transconductance, at),
            new VoltageExpr(element.ControlPositive, element.ControlNegative, at), at);

    protected override Engine.Core.Entity ToEngine(VccsElement g, ElaborationContext context) =>
        new Engine.Components.VoltageControlledCurrentSource(g.Name, g.Positive, g.Negative, g.ControlPositive, g.ControlNegative, g.Transconductance);
}
