namespace MemristorSpice.Netlist.Model;

/// <summary>
/// X: an instance of a subcircuit. After reading, only instances of subcircuits registered as native devices
/// remain (everything else is flattened); generators may build hierarchical models with them.
/// </summary>
internal sealed record SubcircuitInstance(string Name, IReadOnlyList<string> Pins, string Subcircuit, IReadOnlyDictionary<string, double> Parameters)
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
