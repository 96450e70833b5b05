using MemristorSpice.Netlist.Model;

namespace MemristorSpice.Netlist.Elements;

/// <summary>
/// C: capacitor (F) with an optional initial voltage (V) for .tran uic, ngspice's temperature coefficients
/// <see cref="Tc1"/> (1/°C), <see cref="Tc2"/> (1/°C²) and the C .model card it was read with.
/// </summary>
internal sealed record CapacitorElement(string Name, string Positive, string Negative, double Capacitance, double? InitialVoltage = null)
    : TwoTerminal(Name, Positive, Negative)
{
    /// <summary>First-order temperature coefficient, 1/°C.</summary>
    public double Tc1 { get; init; }

    /// <summary>Second-order temperature coefficient, 1/°C².</summary>
    public double Tc2 { get; init; }

    /// <summary>Nominal temperature of the coefficients, °C, from the model's TNOM; null for .options tnom.</summary>
    public double? NominalCelsius { get; init; }

    /// <summary>The C .model card the line names, null for none; the values above already hold its parameters.</summary>
    public string? Model { get; init; }

    /// <summary>C·(1 + TC1·ΔT + TC2·ΔT²), ΔT = temperature − nominal temperature in °C (ngspice captemp.c).</summary>
    public double CapacitanceAt(double celsius, double nominalCelsius) =>
        Capacitance * PassiveModels.TemperatureFactor(Tc1, Tc2, null, celsius - (NominalCelsius ?? nominalCelsius));

    public override Element WithNodes(IReadOnlyList<string> nodes) => this with { Positive = nodes[0], Negative = nodes[1] };
}

/// <summary>C cards: a fixed capacitance (times m= and scale=) with ic=, optionally from a C .model card (see
/// <see cref="PassiveModels"/>), or a behavioral one (c={expr}).</summary>
internal sealed class CapacitorKind : ElementKind<CapacitorElement>
{
    public override char? Letter => 'c';

    public override Element Read(ElementCard card)
    {
        const string usage = "C<name> n+ n- [model] value [ic=v0] [m=k] [tc1=a] [tc2=b] [l=length w=width] [scale=s]";
        var reader = card.Reader;
        var (a, b) = card.TwoNodes(usage);
        if (BehavioralPassiveReader.TryRead(card, a, b, PassiveKind.Capacitor) is { } behavioral) return behavioral;
        var model = card.TryModelOfType("c");
        double? c = reader.OptionalValue("capacitance", usage);
        model ??= card.TryModelOfType("c");
        var extra = reader.Assignments(["c", "capacitance", "ic", "m", "tc1", "tc2", "l", "w", "scale"], usage);
        double value = model is null
            ? card.PositionalOrNamed(c, extra, "capacitance", usage, "c", "capacitance")
            : c ?? extra.GetValueOrDefault("c", extra.GetValueOrDefault("capacitance", PassiveModels.Get(model, "cap") ?? Geometric(extra, model)));
        return new CapacitorElement(card.Name, a, b, value * extra.GetValueOrDefault("m", 1) * extra.GetValueOrDefault("scale", 1),
            extra.TryGetValue("ic", out var ic) ? ic : null)
        {
            Tc1 = PassiveModels.Pick(extra, "tc1", model) ?? 0,
            Tc2 = PassiveModels.Pick(extra, "tc2", model) ?? 0,
            NominalCelsius = PassiveModels.Get(model, "tnom"),
            Model = model?.Name,
        };
    }

    /// <summary>
    /// CJ·(L − SHORT)·(W − NARROW) + CJSW·2·((L − SHORT) + (W − NARROW)) when the instance gives L, W defaulting to the
    /// model's DEFW, else 10 µm; 0 F without L (as measured on ngspice 39, which also ignores the model's C=).
    /// </summary>
    private static double Geometric(Dictionary<string, double> instance, ModelCard model)
    {
        if (!instance.TryGetValue("l", out var length)) return 0;
        double width = PassiveModels.Pick(instance, "w", model, "defw", "w") ?? PassiveModels.DefaultSize;
        double l = length - (PassiveModels.Get(model, "short") ?? 0), w = width - (PassiveModels.Get(model, "narrow") ?? 0);
        return (PassiveModels.Get(model, "cj") ?? 0) * l * w + (PassiveModels.Get(model, "cjsw") ?? 0) * 2 * (l + w);
    }

    protected override IEnumerable<string> FormatValues(CapacitorElement c)
    {
        if (c.Model is { } model) yield return model;
        yield return N(c.Capacitance);
        if (c.InitialVoltage is { } vc) yield return "ic=" + N(vc);
        if (c.Tc1 != 0) yield return "tc1=" + N(c.Tc1);
        if (c.Tc2 != 0) yield return "tc2=" + N(c.Tc2);
    }

    protected override Engine.Core.Entity ToEngine(CapacitorElement c, ElaborationContext context)
    {
        if (c.Model is { } model) context.Model(c, model, "c", PassiveModels.CapacitorParameters);
        return new Engine.Components.Capacitor(c.Name, c.Positive, c.Negative, c.CapacitanceAt(context.Celsius, context.NominalCelsius), c.InitialVoltage);
    }
}
