using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Expressions;

namespace MemristorSpice.Netlist.Reading;

/// <summary>A parameter definition (.param a=..., params: a=..., or an instance override).</summary>
public sealed record ParameterDefinition(string Name, Expr Value, SourceLocation Location);

/// <summary>
/// The body of the top level or of one .subckt: its element lines, parameters, functions, models and nested
/// subcircuit definitions, kept unevaluated until an instance gives the parameters their values.
/// </summary>
public sealed class Block(string name, Block? parent, SourceLocation location)
{
    public string Name { get; } = name;
    public Block? Parent { get; } = parent;
    public SourceLocation Location { get; } = location;
    public List<string> Pins { get; } = [];
    public List<ParameterDefinition> DefaultParameters { get; } = [];
    public List<Statement> Elements { get; } = [];
    public List<ParameterDefinition> Parameters { get; } = [];
    public List<UserFunction> Functions { get; } = [];
    public List<Statement> Models { get; } = [];
    /// <summary>.ic / .nodeset lines written inside a subcircuit: applied to every instance's nodes.</summary>
    public List<Statement> NodeValues { get; } = [];
    public Dictionary<string, Block> Subcircuits { get; } = new(StringComparer.Ordinal);
    public List<string> SourceLines { get; } = [];

    /// <summary>Subcircuit definition visible from this block (own, then enclosing definitions).</summary>
    public Block? FindSubcircuit(string name)
    {
        for (var b = this; b is not null; b = b.Parent)
        {
            if (b.Subcircuits.TryGetValue(name, out var found)) return found;
        }
        return null;
    }
}

/// <summary>A whole netlist after includes: title, top-level block and the control lines (.op, .tran, ...).</summary>
public sealed class Deck(string title, Block top)
{
    /// <summary>The first line of the file, or the text of a .title directive.</summary>
    public string Title { get; set; } = title;
    public Block Top { get; } = top;
    public List<Statement> Controls { get; } = [];
    public List<Token> GlobalNodes { get; } = [];
}
