using MemristorSpice.Netlist.Diagnostics;

namespace MemristorSpice.Netlist.Model;

/// <summary>
/// A .model card: name, type (d, sw, csw, or any other type kept as a generic table) and numeric parameters
/// by lower-case name.
/// </summary>
/// <param name="Name">Model name, lower-case, as referenced by elements.</param>
/// <param name="Type">Model type keyword, lower-case (d, sw, csw, ...).</param>
/// <param name="Parameters">Numeric parameter values by lower-case name, in SPICE units.</param>
public sealed record ModelCard(string Name, string Type, IReadOnlyDictionary<string, double> Parameters)
{
    /// <summary>Where the .model card was read; <see cref="SourceLocation.None"/> for generated models.</summary>
    public SourceLocation Location { get; init; } = SourceLocation.None;

    /// <summary>
    /// For a card whose parameter expressions read <c>temper</c>: its parameters evaluated again at another circuit
    /// temperature (°C), used when a .control <c>option temp=...</c> changes it, as ngspice re-evaluates them; else null.
    /// </summary>
    internal Func<double, IReadOnlyDictionary<string, double>>? ParametersAtTemperature { get; init; }

    /// <summary>The value of a parameter, or <paramref name="fallback"/> (the SPICE default) when the card omits it.</summary>
    public double Get(string parameter, double fallback) => Parameters.TryGetValue(parameter, out var v) ? v : fallback;

    /// <summary>Structural equality of name, type and every parameter value; the location is ignored.</summary>
    public bool Equals(ModelCard? other) =>
        other is not null && Name == other.Name && Type == other.Type && Parameters.Count == other.Parameters.Count &&
        Parameters.All(p => other.Parameters.TryGetValue(p.Key, out var v) && v.Equals(p.Value));

    /// <summary>Hash consistent with <see cref="Equals(ModelCard?)"/>.</summary>
    public override int GetHashCode() => HashCode.Combine(Name, Type, Parameters.Count);
}
