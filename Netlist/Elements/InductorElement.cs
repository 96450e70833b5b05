using MemristorSpice.Netlist.Model;

namespace MemristorSpice.Netlist.Elements;

/// <summary>
/// L: inductor (H) with an optional initial current (A) for .tran uic, ngspice's temperature coefficients
/// <see cref="Tc1"/> (1/°C), <see cref="Tc2"/> (1/°C²) and the L .model card it was read with.
/// </summary>
internal sealed record InductorElement(string Name, string Positive, string Negative, double Inductance, double? InitialCurrent = null)
    : TwoTerminal(Name, Positive, Negative)
{
    /// <summary>First-order temperature coefficient, 1/°C.</summary>
    public double Tc1 { get; init; }

    /// <summary>Second-order temperature coefficient, 1/°C².</summary>
    public double Tc2 { get; init; }

    /// <summary>Nominal temperature of the coefficients, °C, from the model's TNOM; null for .options tnom.</summary>
    public double? NominalCelsius { get; init; }

    /// <summary>The L .model card the line names, null for none; the values above already hold its parameters.</summary>
    public string? Model { get; init; }

    /// <summary>L·(1 + TC1·ΔT + TC2·ΔT²), ΔT = temperature − nominal temperature in °C (ngspice indtemp.c).</summary>
    public double InductanceAt(double celsius, double nominalCelsius) =>
        Inductance * PassiveModels.TemperatureFactor(Tc1, Tc2, null, celsius - (NominalCelsius ?? nominalCelsius));

    public override Element WithNodes(IReadOnlyList<string> nodes) => this with { Positive = nodes[0], Negative = nodes[1] };
}

/// <summary>L cards: a fixed inductance (divided by m=, times scale=) with ic=, optionally from an L .model card (its IND
/// is the default inductance), or a behavioral one (l={expr}).</summary>
internal sealed class InductorKind : ElementKind<InductorElement>
{
    public override char? Letter => 'l';

    public override Element Read(ElementCard card)
    {
        const string usage = "L<name> n+ n- [model] value [ic=i0] [m=k] [tc1=a] [tc2=b] [scale=s]";
        var reader = card.Reader;
        var (a, b) = card.TwoNodes(usage);
        if (BehavioralPassiveReader.TryRead(card, a, b, PassiveKind.Inductor) is { } behavioral) return behavioral;
        var model = card.TryModelOfType("l");
        double? l = reader.OptionalValue("inductance", usage);
        model ??= card.TryModelOfType("l");
        var extra = reader.Assignments(["l", "inductance", "ic", "m", "tc1", "tc2", "scale"], usage);
        if (l is null && !extra.ContainsKey("l") && !extra.ContainsKey("inductance") && PassiveModels.Get(model, "ind") is { } ind) l = ind;
        double value = card.PositionalOrNamed(l, extra, "inductance", usage, "l", "inductance");
        return new InductorElement(card.Name, a, b, value * extra.GetValueOrDefault("scale", 1) / extra.GetValueOrDefault("m", 1),
            extra.TryGetValue("ic", out var ic) ? ic : null)
        {
            Tc1 = PassiveModels.Pick(extra, "tc1", model) ?? 0,
            Tc2 = PassiveModels.Pick(extra, "tc2", model) ?? 0,
            NominalCelsius = PassiveModels.Get(model, "tnom"),
            Model = model?.Name,
        };
    }

    protected override IEnumerable<string> FormatValues(InductorElement l)
    {
        if (l.Model is { } model) yield return model;
        yield return N(l.Inductance);
        if (l.InitialCurrent is { } il) yield return "ic=" + N(il);
        if (l.Tc1 != 0) yield return "tc1=" + N(l.Tc1);
        if (l.Tc2 != 0) yield return "tc2=" + N(l.Tc2);
    }

    protected override bool HasBranchCurrent(InductorElement element) => true;

    protected override Engine.Core.Entity ToEngine(InductorElement l, ElaborationContext context)
    {
        if (l.Model is { } model) context.Model(l, model, "l", PassiveModels.InductorParameters);
        return new Engine.Components.Inductor(l.Name, l.Positive, l.Negative, l.InductanceAt(context.Celsius, context.NominalCelsius), l.InitialCurrent);
    }
}
