using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Expressions;
using MemristorSpice.Netlist.Model;

namespace MemristorSpice.Netlist.Elements;

/// <summary>
/// R: resistor; <see cref="Tc1"/> (1/°C) and <see cref="Tc2"/> (1/°C²) are ngspice's temperature coefficients, <see cref="Tce"/>
/// its exponential one (%/°C), <see cref="NominalCelsius"/> the model's TNOM (null: .options tnom), <see cref="AcResistance"/>
/// the resistance .ac uses instead (ngspice's ac=), <see cref="Model"/> the R model card it was read with.
/// </summary>
internal sealed record ResistorElement(string Name, string Positive, string Negative, double Resistance, double Tc1 = 0, double Tc2 = 0)
    : TwoTerminal(Name, Positive, Negative)
{
    /// <summary>Exponential temperature coefficient: R·1.01^(TCE·ΔT) replaces the TC1/TC2 polynomial when given (ngspice).</summary>
    public double? Tce { get; init; }

    /// <summary>Nominal temperature of the coefficients, °C, from the model's TNOM; null for .options tnom.</summary>
    public double? NominalCelsius { get; init; }

    /// <summary>True for noisy=0 on the instance or its model: no thermal noise in .noise (ngspice).</summary>
    public bool Noiseless { get; init; }

    /// <summary>Resistance in .ac analyses at the nominal temperature, Ω (ngspice ac=), null when it is the DC one.</summary>
    public double? AcResistance { get; init; }

    /// <summary>The R/RES .model card the line names, null for none; the values above already hold its parameters.</summary>
    public string? Model { get; init; }

    /// <summary>Flicker noise from the model's kf/af/ef/lf/wf (ngspice resnoise.c), null when the model has no nonzero kf.</summary>
    public Engine.Components.ResistorFlicker? Flicker { get; init; }

    /// <summary>Length and width in m as the instance gives them (l=, w=), null when absent; they set the flicker noise area.</summary>
    public (double? Length, double? Width) Size { get; init; }

    public override Element WithNodes(IReadOnlyList<string> nodes) => this with { Positive = nodes[0], Negative = nodes[1] };

    /// <summary>R·(1 + TC1·ΔT + TC2·ΔT²) or R·1.01^(TCE·ΔT), ΔT = temperature − nominal temperature in °C (ngspice restemp.c).</summary>
    public double ResistanceAt(double celsius, double nominalCelsius) => Resistance * Factor(celsius, nominalCelsius);

    /// <summary>The ac= resistance at the temperature (scaled as the DC one, as ngspice), or null.</summary>
    public double? AcResistanceAt(double celsius, double nominalCelsius) => AcResistance * Factor(celsius, nominalCelsius);

    private double Factor(double celsius, double nominalCelsius) =>
        PassiveModels.TemperatureFactor(Tc1, Tc2, Tce, celsius - (NominalCelsius ?? nominalCelsius));
}

/// <summary>
/// R cards: a fixed resistance (divided by m=, times scale=) with temperature coefficients, optionally from an R/RES
/// .model card (see <see cref="PassiveModels"/>), or a behavioral one (r={expr}).
/// </summary>
internal sealed class ResistorKind : ElementKind<ResistorElement>
{
    public override char? Letter => 'r';

    public override Element Read(ElementCard card)
    {
        const string usage = "R<name> n+ n- [model] value [m=k] [tc1=a | tc=a | tc=a,b] [tc2=b] [tce=e] [ac=r] [l=length w=width] [scale=s] [noisy=0|1]";
        var reader = card.Reader;
        var (a, b) = card.TwoNodes(usage);
        if (BehavioralPassiveReader.TryRead(card, a, b, PassiveKind.Resistor) is { } behavioral) return behavioral;
        var model = card.TryModelOfType("r", "res");
        double? r = reader.OptionalValue("resistance", usage);
        model ??= card.TryModelOfType("r", "res");
        var pair = reader.TakePair("tc", usage);
        var extra = reader.Assignments(["r", "resistance", "m", "tc1", "tc", "tc2", "tce", "ac", "l", "w", "scale", "noisy"], usage);
        // tc= is ngspice's (and HSPICE's) short form of tc1=; tc=a,b gives both (HSPICE, PSpice).
        if ((extra.ContainsKey("tc1") ? 1 : 0) + (extra.ContainsKey("tc") ? 1 : 0) + (pair is null ? 0 : 1) > 1)
            throw reader.Error(reader.Statement.Head, "first-order temperature coefficient given twice (tc1= and tc=)", usage);
        if (pair is { } p)
        {
            if (extra.ContainsKey("tc2")) throw reader.Error(reader.Statement.Head, "second-order temperature coefficient given twice (tc=a,b and tc2=)", usage);
            extra["tc1"] = p.First;
            extra["tc2"] = p.Second;
        }
        if (extra.TryGetValue("tc", out var tc)) extra["tc1"] = tc;
        double? value = null;
        foreach (var key in new[] { "r", "resistance" })
        {
            if (!extra.TryGetValue(key, out var v)) continue;
            if (r is not null || value is not null) throw reader.Error(reader.Statement.Head, "resistance given twice", usage);
            value = v;
        }
        value ??= r ?? PassiveModels.Get(model, "r", "res") ?? SheetResistance(extra, model);
        if (value is null) throw reader.Error(reader.Peek, "missing resistance", usage);
        if (value == 0) throw reader.Error(reader.Tokens[^1], "resistance must not be zero", "use a voltage source of 0 V for a short");
        double scale = extra.GetValueOrDefault("scale", 1) / extra.GetValueOrDefault("m", 1);
        return new ResistorElement(card.Name, a, b, value.Value * scale,
            PassiveModels.Pick(extra, "tc1", model) ?? 0, PassiveModels.Pick(extra, "tc2", model) ?? 0)
        {
            Tce = PassiveModels.Pick(extra, "tce", model),
            NominalCelsius = PassiveModels.Get(model, "tnom"),
            AcResistance = extra.TryGetValue("ac", out var ac) ? ac * scale : null,
            Model = model?.Name,
            Noiseless = PassiveModels.Pick(extra, "noisy", model) is 0,
            Flicker = Flicker(extra, model),
            Size = (extra.TryGetValue("l", out var l) ? l : null, extra.TryGetValue("w", out var w) ? w : null),
        };
    }

    /// <summary>
    /// The model's flicker noise (ngspice 39 ressetup.c/resnoise.c): kf (default 0: none), af and ef (default 1), and the
    /// noise area (L − 2·SHORT)^LF·(W − 2·NARROW)^WF only when the instance gives L or W (else 1), L and W defaulting
    /// as for the sheet resistance.
    /// </summary>
    private static Engine.Components.ResistorFlicker? Flicker(Dictionary<string, double> instance, ModelCard? model)
    {
        if (PassiveModels.Get(model, "kf") is not { } kf || kf == 0) return null;
        double area = 1;
        if (instance.ContainsKey("l") || instance.ContainsKey("w"))
        {
            double length = PassiveModels.Pick(instance, "l", model) ?? PassiveModels.DefaultSize;
            double width = PassiveModels.Pick(instance, "w", model, "defw", "w") ?? PassiveModels.DefaultSize;
            double shortening = PassiveModels.Get(model, "dlr", "short") ?? 0, narrowing = PassiveModels.Get(model, "dw", "narrow") ?? 0;
            area = Math.Pow(length - 2 * shortening, PassiveModels.Get(model, "lf") ?? 1) * Math.Pow(width - 2 * narrowing, PassiveModels.Get(model, "wf") ?? 1);
        }
        return new Engine.Components.ResistorFlicker(kf, PassiveModels.Get(model, "af") ?? 1, PassiveModels.Get(model, "ef") ?? 1, area,
            instance.GetValueOrDefault("m", 1));
    }

    /// <summary>RSH·(L − 2·SHORT)/(W − 2·NARROW) when the model has a nonzero RSH (ngspice restemp.c), else null.</summary>
    private static double? SheetResistance(Dictionary<string, double> instance, ModelCard? model)
    {
        if (PassiveModels.Get(model, "rsh") is not { } rsh || rsh == 0) return null;
        double length = PassiveModels.Pick(instance, "l", model) ?? PassiveModels.DefaultSize;
        double width = PassiveModels.Pick(instance, "w", model, "defw", "w") ?? PassiveModels.DefaultSize;
        double shortening = PassiveModels.Get(model, "dlr", "short") ?? 0, narrowing = PassiveModels.Get(model, "dw", "narrow") ?? 0;
        return rsh * (length - 2 * shortening) / (width - 2 * narrowing);
    }

    protected override IEnumerable<string> FormatValues(ResistorElement r)
    {
        // The model (for its TNOM) and the resolved values: ngspice takes the instance's over the model's.
        if (r.Model is { } model) yield return model;
        // Flicker noise follows the current of one of m parallel resistors and the instance's L and W: write them.
        double parallel = r.Flicker?.Parallel ?? 1;
        yield return N(r.Resistance * parallel);
        if (parallel != 1) yield return "m=" + N(parallel);
        if (r.Flicker is not null && r.Size.Length is { } length) yield return "l=" + N(length);
        if (r.Flicker is not null && r.Size.Width is { } width) yield return "w=" + N(width);
        if (r.Tc1 != 0) yield return "tc1=" + N(r.Tc1);
        if (r.Tc2 != 0) yield return "tc2=" + N(r.Tc2);
        if (r.Tce is { } tce) yield return "tce=" + N(tce);
        if (r.AcResistance is { } ac) yield return "ac=" + N(ac * parallel);
        if (r.Noiseless) yield return "noisy=0";
    }

    protected override Expr? CurrentExpression(ResistorElement element, SourceLocation at, SimulationOptions options) =>
        new BinaryExpr(BinaryOp.Divide, Across(element, at),
            new NumberExpr(element.ResistanceAt(options.TemperatureCelsius, options.NominalCelsius), at), at);

    protected override Engine.Core.Entity ToEngine(ResistorElement r, ElaborationContext context)
    {
        if (r.Model is { } model) context.Model(r, model, "r", PassiveModels.ResistorParameters);
        return new Engine.Components.Resistor(r.Name, r.Positive, r.Negative, r.ResistanceAt(context.Celsius, context.NominalCelsius))
        {
            AcResistance = r.AcResistanceAt(context.Celsius, context.NominalCelsius),
            Noiseless = r.Noiseless,
            Flicker = r.Flicker,
        };
    }
}
