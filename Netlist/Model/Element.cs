using MemristorSpice.Netlist.Diagnostics;

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
