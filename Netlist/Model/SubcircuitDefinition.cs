namespace MemristorSpice.Netlist.Model;

/// <summary>
/// A subcircuit kept in the netlist model: either numeric elements (built by generators, written out as a
/// .subckt block and flattened on read) or, for subcircuits registered as native devices, the verbatim
/// source text that ngspice needs.
/// </summary>
/// <param name="Name">Subcircuit name, lower-case, as X instances reference it.</param>
/// <param name="Pins">External nodes, in the order instances connect them.</param>
/// <param name="Elements">The body's elements, with local node names.</param>
public sealed record SubcircuitDefinition(string Name, IReadOnlyList<string> Pins, IReadOnlyList<Element> Elements)
{
    /// <summary>Default parameter values (params: a=1 b=2).</summary>
    public IReadOnlyDictionary<string, double> Parameters { get; init; } = new Dictionary<string, double>();

    /// <summary>The .subckt ... .ends lines as read, when the definition came from a file.</summary>
    public IReadOnlyList<string>? SourceText { get; init; }
}
