using MemristorSpice.Netlist.Diagnostics;

namespace MemristorSpice.Netlist.Model;

/// <summary>
/// A .model card: name, type (d, sw, csw, or any other type kept as a generic table) and numeric parameters
/// by lower-case name.
/// </summary>
public sealed record ModelCard(string Name, string Type, IReadOnlyDictionary<string, double> Parameters)
{
    public SourceLocation Location { get; init; } = SourceLocation.None;

    public double Get(string parameter, double fallback) => Parameters.TryGetValue(parameter, out var v) ? v : fallback;

    public bool Equals(ModelCard? other) =>
        other is not null && Name == other.Name && Type == other.Type && Parameters.Count == other.Parameters.Count &&
        Parameters.All(p => other.Parameters.TryGetValue(p.Key, out var v) && v.Equals(p.Value));

    public override int GetHashCode() => HashCode.Combine(Name, Type, Parameters.Count);
}
