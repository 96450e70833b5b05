using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Expressions;
using MemristorSpice.Netlist.Model;

namespace MemristorSpice.Netlist.Elements;

/// <summary>R: resistor; <see cref="Tc1"/> (1/°C) and <see cref="Tc2"/> (1/°C²) are ngspice's temperature coefficients.</summary>
internal sealed record ResistorElement(string Name, string Positive, string Negative, double Resistance, double Tc1 = 0, double Tc2 = 0)
    : TwoTerminal(Name, Positive, Negative)
{
    public override Element WithNodes(IReadOnlyList<string> nodes) => this with { Positive = nodes[0], Negative = nodes[1] };

    /// <summary>R·(1 + TC1·ΔT + TC2·ΔT²), ΔT = temperature − nominal temperature in °C (ngspice resload/restemp).</summary>
    public double ResistanceAt(double celsius, double nominalCelsius)
    {
        double dt = celsius - nominalCelsius;
        return Resistance * (1 + Tc1 * dt + Tc2 * dt * dt);
    }
}

/// <summary>R cards: a fixed resistance (divided by m=) with temperature coefficients, or a behavioral one (r={expr}).</summary>
internal sealed class ResistorKind : ElementKind<ResistorElement>
{
    public override char? Letter => 'r';

    public override Element Read(ElementCard card)
    {
        const string usage = "R<name> n+ n- value [m=k] [tc1=a | tc=a] [tc2=b]";
        var reader = card.Reader;
        var (a, b) = card.TwoNodes(usage);
        if (BehavioralPassiveReader.TryRead(card, a, b, PassiveKind.Resistor) is { } behavioral) return behavioral;
        double? r = reader.OptionalValue("resistance", usage);
        var extra = reader.Assignments(["r", "resistance", "m", "tc1", "tc", "tc2"], usage);
        double value = card.PositionalOrNamed(r, extra, "resistance", usage, "r", "resistance");
        if (value == 0) throw reader.Error(reader.Tokens[^1], "resistance must not be zero", "use a voltage source of 0 V for a short");
        // tc= is ngspice's (and HSPICE's) short form of tc1=.
        if (extra.ContainsKey("tc1") && extra.ContainsKey("tc"))
            throw reader.Error(reader.Statement.Head, "first-order temperature coefficient given twice (tc1= and tc=)", usage);
        double tc1 = extra.TryGetValue("tc1", out var t1) ? t1 : extra.GetValueOrDefault("tc");
        return new ResistorElement(card.Name, a, b, value / extra.GetValueOrDefault("m", 1), tc1, extra.GetValueOrDefault("tc2"));
    }

    protected override IEnumerable<string> FormatValues(ResistorElement r)
    {
        yield return N(r.Resistance);
        if (r.Tc1 != 0) yield return "tc1=" + N(r.Tc1);
        if (r.Tc2 != 0) yield return "tc2=" + N(r.Tc2);
    }

    protected override Expr? CurrentExpression(ResistorElement element, SourceLocation at, SimulationOptions options) =>
        new BinaryExpr(BinaryOp.Divide, Across(element, at),
            new NumberExpr(element.ResistanceAt(options.TemperatureCelsius, options.NominalCelsius), at), at);

    protected override Engine.Core.Entity ToEngine(ResistorElement r, ElaborationContext context) =>
        new Engine.Components.Resistor(r.Name, r.Positive, r.Negative, r.ResistanceAt(context.Celsius, context.NominalCelsius));
}
