using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Expressions;

namespace MemristorSpice.Netlist.Model;

/// <summary>
/// One circuit element with resolved (numeric) values. Names are lower-case as ngspice reports them;
/// elements flattened out of subcircuits carry ngspice's hierarchical names (r.x1.r1 on nodes x1.n3).
/// Equality is structural and ignores <see cref="Location"/>.
/// </summary>
public abstract record Element(string Name)
{
    /// <summary>Where the element was read from; <see cref="SourceLocation.None"/> for generated ones.</summary>
    public SourceLocation Location { get; init; } = SourceLocation.None;

    /// <summary>Nodes in SPICE card order.</summary>
    public abstract IReadOnlyList<string> Nodes { get; }

    /// <summary>A copy with renamed nodes (used by flattening).</summary>
    public abstract Element WithNodes(IReadOnlyList<string> nodes);

    protected virtual bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Name = ").Append(Name).Append(", Nodes = ").Append(string.Join(' ', Nodes));
        return true;
    }

    public virtual bool Equals(Element? other) => other is not null && other.GetType() == GetType() && Name == other.Name;

    public override int GetHashCode() => Name.GetHashCode();
}

public abstract record TwoTerminal(string Name, string Positive, string Negative) : Element(Name)
{
    public override IReadOnlyList<string> Nodes => [Positive, Negative];
}

/// <summary>Resistor; <see cref="Tc1"/> (1/°C) and <see cref="Tc2"/> (1/°C²) are ngspice's temperature coefficients.</summary>
public sealed record Resistor(string Name, string Positive, string Negative, double Resistance, double Tc1 = 0, double Tc2 = 0) : TwoTerminal(Name, Positive, Negative)
{
    public override Element WithNodes(IReadOnlyList<string> nodes) => this with { Positive = nodes[0], Negative = nodes[1] };

    /// <summary>R·(1 + TC1·ΔT + TC2·ΔT²), ΔT = temperature − nominal temperature in °C (ngspice resload/restemp).</summary>
    public double ResistanceAt(double celsius, double nominalCelsius)
    {
        double dt = celsius - nominalCelsius;
        return Resistance * (1 + Tc1 * dt + Tc2 * dt * dt);
    }
}

public sealed record Capacitor(string Name, string Positive, string Negative, double Capacitance, double? InitialVoltage = null)
    : TwoTerminal(Name, Positive, Negative)
{
    public override Element WithNodes(IReadOnlyList<string> nodes) => this with { Positive = nodes[0], Negative = nodes[1] };
}

public sealed record Inductor(string Name, string Positive, string Negative, double Inductance, double? InitialCurrent = null)
    : TwoTerminal(Name, Positive, Negative)
{
    public override Element WithNodes(IReadOnlyList<string> nodes) => this with { Positive = nodes[0], Negative = nodes[1] };
}

/// <summary>Independent voltage source: DC value (null when not written), optional AC magnitude and phase (degrees), optional transient waveform.</summary>
public sealed record VoltageSource(string Name, string Positive, string Negative, double? Dc, Waveform? Waveform = null, double? AcMagnitude = null, double? AcPhaseDegrees = null)
    : TwoTerminal(Name, Positive, Negative)
{
    /// <summary>Value for OP and DC: the DC value, else the waveform's value at t = 0 (as ngspice).</summary>
    public double DcValue => Dc ?? Waveform?.InitialValue ?? 0.0;

    public override Element WithNodes(IReadOnlyList<string> nodes) => this with { Positive = nodes[0], Negative = nodes[1] };
}

/// <summary>Independent current source; current flows from Positive through the source to Negative.</summary>
public sealed record CurrentSource(string Name, string Positive, string Negative, double? Dc, Waveform? Waveform = null, double? AcMagnitude = null, double? AcPhaseDegrees = null)
    : TwoTerminal(Name, Positive, Negative)
{
    /// <summary>Value for OP and DC: the DC value, else the waveform's value at t = 0 (as ngspice).</summary>
    public double DcValue => Dc ?? Waveform?.InitialValue ?? 0.0;

    public override Element WithNodes(IReadOnlyList<string> nodes) => this with { Positive = nodes[0], Negative = nodes[1] };
}

/// <summary>E: voltage-controlled voltage source, v(out+, out-) = gain·v(in+, in-).</summary>
public sealed record Vcvs(string Name, string Positive, string Negative, string ControlPositive, string ControlNegative, double Gain)
    : Element(Name)
{
    public override IReadOnlyList<string> Nodes => [Positive, Negative, ControlPositive, ControlNegative];
    public override Element WithNodes(IReadOnlyList<string> n) => this with { Positive = n[0], Negative = n[1], ControlPositive = n[2], ControlNegative = n[3] };
}

/// <summary>G: voltage-controlled current source, i = transconductance·v(in+, in-).</summary>
public sealed record Vccs(string Name, string Positive, string Negative, string ControlPositive, string ControlNegative, double Transconductance)
    : Element(Name)
{
    public override IReadOnlyList<string> Nodes => [Positive, Negative, ControlPositive, ControlNegative];
    public override Element WithNodes(IReadOnlyList<string> n) => this with { Positive = n[0], Negative = n[1], ControlPositive = n[2], ControlNegative = n[3] };
}

/// <summary>F: current-controlled current source, i = gain·i(ControllingSource).</summary>
public sealed record Cccs(string Name, string Positive, string Negative, string ControllingSource, double Gain) : TwoTerminal(Name, Positive, Negative)
{
    public override Element WithNodes(IReadOnlyList<string> nodes) => this with { Positive = nodes[0], Negative = nodes[1] };
}

/// <summary>H: current-controlled voltage source, v = transresistance·i(ControllingSource).</summary>
public sealed record Ccvs(string Name, string Positive, string Negative, string ControllingSource, double Transresistance) : TwoTerminal(Name, Positive, Negative)
{
    public override Element WithNodes(IReadOnlyList<string> nodes) => this with { Positive = nodes[0], Negative = nodes[1] };
}

/// <summary>D: junction diode; <see cref="Temp"/> is the instance temperature and <see cref="Dtemp"/> its offset from the circuit's, °C (ngspice TEMP/DTEMP).</summary>
public sealed record Diode(string Name, string Anode, string Cathode, string Model, double Area = 1.0, bool Off = false, double? Temp = null, double? Dtemp = null)
    : Element(Name)
{
    public override IReadOnlyList<string> Nodes => [Anode, Cathode];
    public override Element WithNodes(IReadOnlyList<string> n) => this with { Anode = n[0], Cathode = n[1] };
}

/// <summary>
/// M: MOSFET with an NMOS or PMOS model card; geometry L, W (m), multiplier M, diffusion areas AD, AS (m²),
/// perimeters PD, PS (m) and squares NRD, NRS as written (null = not given, SPICE's defaults apply).
/// </summary>
public sealed record Mosfet(string Name, string Drain, string Gate, string Source, string Bulk, string Model,
    double? L = null, double? W = null, double? M = null, double? Ad = null, double? As = null, double? Pd = null, double? Ps = null, bool Off = false,
    double? Nrd = null, double? Nrs = null)
    : Element(Name)
{
    public override IReadOnlyList<string> Nodes => [Drain, Gate, Source, Bulk];
    public override Element WithNodes(IReadOnlyList<string> n) => this with { Drain = n[0], Gate = n[1], Source = n[2], Bulk = n[3] };

    /// <summary>The instance parameters that were given, by lower-case SPICE name, in card order.</summary>
    public IEnumerable<KeyValuePair<string, double>> GivenParameters()
    {
        (string, double?)[] all = [("l", L), ("w", W), ("m", M), ("ad", Ad), ("as", As), ("pd", Pd), ("ps", Ps), ("nrd", Nrd), ("nrs", Nrs)];
        foreach (var (key, value) in all)
            if (value is { } v) yield return new(key, v);
    }
}

/// <summary>
/// Q: bipolar transistor with an NPN or PNP model card; Substrate is null on a three-terminal line (the substrate is then
/// ground, as in SPICE); Area scales currents and capacitances up and resistances down (an M multiplier is folded in).
/// </summary>
public sealed record Bjt(string Name, string Collector, string Base, string Emitter, string? Substrate, string Model, double Area = 1.0, bool Off = false)
    : Element(Name)
{
    public override IReadOnlyList<string> Nodes => Substrate is null ? [Collector, Base, Emitter] : [Collector, Base, Emitter, Substrate];
    public override Element WithNodes(IReadOnlyList<string> n) =>
        this with { Collector = n[0], Base = n[1], Emitter = n[2], Substrate = n.Count > 3 ? n[3] : null };
}

/// <summary>K: coupling factor k of two inductors (M = k·√(L1·L2)); it has no nodes of its own.</summary>
public sealed record MutualInductance(string Name, string Inductor1, string Inductor2, double Coupling) : Element(Name)
{
    public override IReadOnlyList<string> Nodes => [];
    public override Element WithNodes(IReadOnlyList<string> nodes) => this;
}

/// <summary>S: voltage-controlled switch with a SW model; <see cref="InitiallyOn"/> is the optional on/off keyword.</summary>
public sealed record VoltageSwitch(string Name, string Positive, string Negative, string ControlPositive, string ControlNegative, string Model, bool? InitiallyOn = null)
    : Element(Name)
{
    public override IReadOnlyList<string> Nodes => [Positive, Negative, ControlPositive, ControlNegative];
    public override Element WithNodes(IReadOnlyList<string> n) => this with { Positive = n[0], Negative = n[1], ControlPositive = n[2], ControlNegative = n[3] };
}

/// <summary>B: behavioral voltage (IsVoltage) or current source; compiled by BehavioralCompiler and run by the engine.</summary>
public sealed record BehavioralSource(string Name, string Positive, string Negative, bool IsVoltage, Expr Expression) : TwoTerminal(Name, Positive, Negative)
{
    public override Element WithNodes(IReadOnlyList<string> nodes) => this with { Positive = nodes[0], Negative = nodes[1] };

    /// <summary>
    /// For an F/H POLY card read into this source: the card after the output nodes ("poly(1) vs 0 2"), which the writer
    /// prints because F and H lines take no value= in ngspice. Null for every other source.
    /// </summary>
    public string? PolyCard { get; init; }

    public bool Equals(BehavioralSource? other) =>
        other is not null && Name == other.Name && Positive == other.Positive && Negative == other.Negative &&
        IsVoltage == other.IsVoltage && Expression.ToString() == other.Expression.ToString();

    public override int GetHashCode() => HashCode.Combine(Name, Positive, Negative);
}

/// <summary>Which passive a <see cref="BehavioralPassive"/> is.</summary>
public enum PassiveKind { Resistor, Capacitor, Inductor }

/// <summary>
/// R, C or L whose value is an expression of v(), i() or time (<c>r={expr}</c>, <c>c={expr}</c>,
/// <c>l={expr}</c>); <see cref="Initial"/> is the IC (V for C, A for L). Evaluated by the engine.
/// </summary>
public sealed record BehavioralPassive(string Name, string Positive, string Negative, PassiveKind Kind, Expr Expression, double? Initial = null)
    : TwoTerminal(Name, Positive, Negative)
{
    public override Element WithNodes(IReadOnlyList<string> nodes) => this with { Positive = nodes[0], Negative = nodes[1] };

    /// <summary>The instance parameter that holds the expression: r, c or l.</summary>
    public string Key => Kind switch { PassiveKind.Resistor => "r", PassiveKind.Capacitor => "c", _ => "l" };

    public bool Equals(BehavioralPassive? other) =>
        other is not null && Name == other.Name && Positive == other.Positive && Negative == other.Negative &&
        Kind == other.Kind && Initial == other.Initial && Expression.ToString() == other.Expression.ToString();

    public override int GetHashCode() => HashCode.Combine(Name, Positive, Negative, Kind);
}

/// <summary>
/// X: an instance of a subcircuit. After reading, only instances of subcircuits registered as native devices
/// remain (everything else is flattened); generators may build hierarchical models with them.
/// </summary>
public sealed record SubcircuitInstance(string Name, IReadOnlyList<string> Pins, string Subcircuit, IReadOnlyDictionary<string, double> Parameters)
    : Element(Name)
{
    public override IReadOnlyList<string> Nodes => Pins;
    public override Element WithNodes(IReadOnlyList<string> nodes) => this with { Pins = nodes.ToArray() };

    public bool Equals(SubcircuitInstance? other) =>
        other is not null && Name == other.Name && Subcircuit == other.Subcircuit && Pins.SequenceEqual(other.Pins) &&
        Parameters.Count == other.Parameters.Count &&
        Parameters.All(p => other.Parameters.TryGetValue(p.Key, out var v) && v.Equals(p.Value));

    public override int GetHashCode() => HashCode.Combine(Name, Subcircuit, Pins.Count);
}
