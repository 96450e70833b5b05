using MemristorSpice.Netlist.Model;

namespace MemristorSpice.Netlist.Elements;

/// <summary>C: capacitor (F) with an optional initial voltage (V) for .tran uic.</summary>
internal sealed record CapacitorElement(string Name, string Positive, string Negative, double Capacitance, double? InitialVoltage = null)
    : TwoTerminal(Name, Positive, Negative)
{
    public override Element WithNodes(IReadOnlyList<string> nodes) => this with { Positive = nodes[0], Negative = nodes[1] };
}

/// <summary>C cards: a fixed capacitance (times m=) with ic=, or a behavioral one (c={expr}).</summary>
internal sealed class CapacitorKind : ElementKind<CapacitorElement>
{
    public override char? Letter => 'c';

    public override Element Read(ElementCard card)
    {
        const string usage = "C<name> n+ n- value [ic=v0] [m=k]";
        var reader = card.Reader;
        var (a, b) = card.TwoNodes(usage);
        if (BehavioralPassiveReader.TryRead(card, a, b, PassiveKind.Capacitor) is { } behavioral) return behavioral;
        double? c = reader.OptionalValue("capacitance", usage);
        var extra = reader.Assignments(["c", "capacitance", "ic", "m"], usage);
        double value = card.PositionalOrNamed(c, extra, "capacitance", usage, "c", "capacitance");
        return new CapacitorElement(card.Name, a, b, value * extra.GetValueOrDefault("m", 1), extra.TryGetValue("ic", out var ic) ? ic : null);
    }

    protected override IEnumerable<string> FormatValues(CapacitorElement c)
    {
        yield return N(c.Capacitance);
        if (c.InitialVoltage is { } vc) yield return "ic=" + N(vc);
    }

    protected override Engine.Core.Entity ToEngine(CapacitorElement c, ElaborationContext context) =>
        new Engine.Components.Capacitor(c.Name, c.Positive, c.Negative, c.Capacitance, c.InitialVoltage);
}
