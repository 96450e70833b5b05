namespace MemristorSpice.Netlist.Model;

/// <summary>
/// The .options of a netlist. Numeric options by lower-case name, plus the integration method. Defaults are
/// those of SPICE: reltol 1e-3, abstol 1e-12, vntol 1e-6, gmin 1e-12, trapezoidal integration.
/// </summary>
public sealed record SimulationOptions
{
    /// <summary>Numeric .options names the reader accepts (others draw a warning).</summary>
    public static readonly IReadOnlySet<string> KnownNumeric = new HashSet<string>
    {
        "reltol", "abstol", "vntol", "chgtol", "trtol", "gmin", "maxstep", "itl1", "itl2", "itl3", "itl4", "itl5", "itl6",
        "temp", "tnom", "maxord", "pivtol", "pivrel", "gminsteps", "srcsteps", "rshunt", "maxiter",
        "defl", "defw",
    };

    /// <summary>Numeric options given in the netlist, by lower-case name.</summary>
    public SortedDictionary<string, double> Numeric { get; init; } = new(StringComparer.Ordinal);

    /// <summary>"trap" or "gear" when given.</summary>
    public string? Method { get; init; }

    /// <summary>
    /// Circuit temperature in °C from the .temp directive, null when the deck has none. As in ngspice 39 it wins over
    /// .options temp wherever either line stands.
    /// </summary>
    public double? TempDirective { get; init; }

    /// <summary>RELTOL: relative convergence tolerance (default 1e-3).</summary>
    public double RelTol => Numeric.GetValueOrDefault("reltol", 1e-3);
    /// <summary>ABSTOL: absolute current tolerance in Amperes (default 1e-12).</summary>
    public double AbsTol => Numeric.GetValueOrDefault("abstol", 1e-12);
    /// <summary>VNTOL: absolute voltage tolerance in Volts (default 1e-6).</summary>
    public double VnTol => Numeric.GetValueOrDefault("vntol", 1e-6);
    /// <summary>GMIN: conductance in Siemens added across junctions (default 1e-12).</summary>
    public double Gmin => Numeric.GetValueOrDefault("gmin", 1e-12);
    /// <summary>MAXSTEP: largest transient time step in Seconds; null when not given.</summary>
    public double? MaxStep => Numeric.TryGetValue("maxstep", out var v) ? v : null;
    /// <summary>Circuit temperature in °C: .temp, else .options temp, else 27.</summary>
    public double TemperatureCelsius => TempDirective ?? Numeric.GetValueOrDefault("temp", 27);
    /// <summary>Nominal temperature of model parameters in °C (.options tnom, default 27).</summary>
    public double NominalCelsius => Numeric.GetValueOrDefault("tnom", 27);

    /// <summary>Structural equality of the method, .temp and every numeric option.</summary>
    public bool Equals(SimulationOptions? other) =>
        other is not null && Method == other.Method && TempDirective == other.TempDirective && Numeric.Count == other.Numeric.Count &&
        Numeric.All(p => other.Numeric.TryGetValue(p.Key, out var v) && v.Equals(p.Value));

    /// <summary>Hash consistent with <see cref="Equals(SimulationOptions?)"/>.</summary>
    public override int GetHashCode() => HashCode.Combine(Method, TempDirective, Numeric.Count);
}
