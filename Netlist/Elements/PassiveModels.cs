using MemristorSpice.Netlist.Model;

namespace MemristorSpice.Netlist.Elements;

/// <summary>
/// The .model cards of R, C and L (types R/RES, C, L) as ngspice 39 applies them (res/restemp.c, cap/captemp.c,
/// ind/indtemp.c; every rule below measured on ngspice 39): the instance value wins over the model's default value;
/// a resistor without a value is RSH·(L − 2·SHORT)/(W − 2·NARROW) with L and W defaulting to the model's L and DEFW,
/// else 10 µm; a capacitor without a value is CJ·(L − SHORT)·(W − NARROW) + CJSW·2·((L − SHORT) + (W − NARROW));
/// SCALE multiplies the value; instance TC1/TC2/TCE win over the model's; the model's TNOM is the nominal temperature.
/// </summary>
internal static class PassiveModels
{
    /// <summary>Resistor model parameters ngspice 39 knows; kf af lf wf ef set the flicker noise of .noise.</summary>
    public static readonly IReadOnlySet<string> ResistorParameters = new HashSet<string>
        { "r", "res", "rsh", "narrow", "dw", "short", "dlr", "defw", "w", "l", "tc1", "tc2", "tce", "tnom", "kf", "af", "lf", "wf", "ef", "bv_max", "noisy" };

    /// <summary>Capacitor model parameters ngspice 39 knows (the model's c= is ignored by ngspice 39: a measured 0 F).</summary>
    public static readonly IReadOnlySet<string> CapacitorParameters = new HashSet<string>
        { "c", "cap", "cj", "cjsw", "defw", "defl", "w", "l", "narrow", "short", "del", "tc1", "tc2", "tnom", "di", "thick", "bv_max" };

    /// <summary>Inductor model parameters ngspice 39 knows.</summary>
    public static readonly IReadOnlySet<string> InductorParameters = new HashSet<string>
        { "ind", "tc1", "tc2", "tnom", "csect", "length", "nt", "mu", "dia" };

    /// <summary>Default length and width of a resistor or capacitor without L/W on the instance or the model, m (ngspice).</summary>
    public const double DefaultSize = 10e-6;

    /// <summary>The model's value of the first of <paramref name="names"/> (aliases) it gives, or null.</summary>
    public static double? Get(ModelCard? model, params string[] names)
    {
        if (model is null) return null;
        foreach (var name in names)
        {
            if (model.Parameters.TryGetValue(name, out var v)) return v;
        }
        return null;
    }

    /// <summary>Instance value first, then the model's.</summary>
    public static double? Pick(Dictionary<string, double> instance, string name, ModelCard? model, params string[] modelNames) =>
        instance.TryGetValue(name, out var v) ? v : Get(model, modelNames.Length == 0 ? [name] : modelNames);

    /// <summary>ngspice's temperature factor: 1.01^(TCE·ΔT) when TCE is given, else 1 + TC1·ΔT + TC2·ΔT².</summary>
    public static double TemperatureFactor(double tc1, double tc2, double? tce, double deltaCelsius) =>
        tce is { } e ? Math.Pow(1.01, e * deltaCelsius) : 1 + tc1 * deltaCelsius + tc2 * deltaCelsius * deltaCelsius;
}
