using MemristorSpice.Netlist.Diagnostics;

namespace MemristorSpice.Netlist.Model;

/// <summary>
/// One circuit element with resolved (numeric) values. Names are lower-case as ngspice reports them;
/// elements flattened out of subcircuits carry ngspice's hierarchical names (r.x1.r1 on nodes x1.n3).
/// Equality is structural and ignores <see cref="Location"/>.
/// </summary>
/// <param name="Name">Element name, lower-case; its first letter is the SPICE element type.</param>
public abstract record Element(string Name)
{
    /// <summary>Where the element was read from; <see cref="SourceLocation.None"/> for generated ones.</summary>
    public SourceLocation Location { get; internal set; } = SourceLocation.None;

    /// <summary>Nodes in SPICE card order.</summary>
    public abstract IReadOnlyList<string> Nodes { get; }

    /// <summary>A copy with renamed nodes (used by flattening).</summary>
    public abstract Element WithNodes(IReadOnlyList<string> nodes);

    /// <summary>Record printing shows name and nodes only (derived records add their values).</summary>
    protected virtual bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Name = ").Append(Name).Append(", Nodes = ").Append(string.Join(' ', Nodes));
        return true;
    }

    /// <summary>Structural equality of type and values; <see cref="Location"/> is ignored.</summary>
    public virtual bool Equals(Element? other) => other is not null && other.GetType() == GetType() && Name == other.Name;

    /// <summary>Hash of the name, consistent with <see cref="Equals(Element?)"/>.</summary>
    public override int GetHashCode() => Name.GetHashCode();
}

/// <summary>An element with two terminals (R, C, L, V, I, ...); positive current flows into <paramref name="Positive"/>.</summary>
/// <param name="Name">Element name, lower-case.</param>
/// <param name="Positive">Node on the positive (first) terminal.</param>
/// <param name="Negative">Node on the negative (second) terminal.</param>
public abstract record TwoTerminal(string Name, string Positive, string Negative) : Element(Name)
{
    /// <summary>Positive node, then negative node.</summary>
    public override IReadOnlyList<string> Nodes => [Positive, Negative];
}
