using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Expressions;
using MemristorSpice.Netlist.Model;

namespace MemristorSpice.Netlist.Elements;

/// <summary>F: current-controlled current source, i = gain·i(ControllingSource).</summary>
internal sealed record CccsElement(string Name, string Positive, string Negative, string ControllingSource, double Gain) : TwoTerminal(Name, Positive, Negative)
{
    public override Element WithNodes(IReadOnlyList<string> nodes) => this with { Positive = nodes[0], Negative = nodes[1] };
}

/// <summary>F cards: a linear gain of a V source's current here; POLY forms become behavioral sources.</summary>
internal sealed class CccsKind : ElementKind<CccsElement>
{
    public override char? Letter => 'f';

    public override Element Read(ElementCard card) =>
        ControlledSourceCards.CurrentControlled(card, voltage: false, (a, b, control, gain) => new CccsElement(card.Name, a, b, control, gain));

    protected override void CheckReferences(CccsElement f, ReferenceContext context) => context.RequireVoltageSource(f, f.ControllingSource);

    protected override IEnumerable<string> FormatValues(CccsElement f) => [f.ControllingSource, N(f.Gain)];

    protected override Expr? CurrentExpression(CccsElement element, SourceLocation at, SimulationOptions options) =>
        new BinaryExpr(BinaryOp.Multiply, new NumberExpr(element.Gain, at), new CurrentExpr(element.ControllingSource, at), at);

    protected override Engine.Core.Entity ToEngine(CccsElement f, ElaborationContext context) =>
        new Engine.Components.CurrentControlledCurrentSource(f.Name, f.Positive, f.Negative, f.ControllingSource, f.Gain);
}
