using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Expressions;

namespace MemristorSpice.Netlist.Reading;

/// <summary>A parameter definition (.param a=..., params: a=..., or an instance override).</summary>
/// <param name="Name">Parameter name, lower-case.</param>
/// <param name="Value">The unevaluated value expression.</param>
/// <param name="Location">Where the definition was written.</param>
public sealed record ParameterDefinition(string Name, Expr Value, SourceLocation Location);

/// <summary>
/// The body of the top level or of one .subckt: its element lines, parameters, functions, models and nested
/// subcircuit definitions, kept unevaluated until an instance gives the parameters their values.
/// </summary>
public sealed class Block(string name, Block? parent, SourceLocation location)
{
    /// <summary>Lower-case subcircuit name; empty for the top level.</summary>
    public string Name { get; } = name;
    /// <summary>The enclosing block (for nested .subckt), null for the top level.</summary>
    public Block? Parent { get; } = parent;
    /// <summary>Where the .subckt line (or the deck) starts.</summary>
    public SourceLocation Location { get; } = location;
    /// <summary>External nodes of the .subckt line, in order.</summary>
    public List<string> Pins { get; } = [];
    /// <summary>The <c>params:</c> defaults of the .subckt line, which an instance may override.</summary>
    public List<ParameterDefinition> DefaultParameters { get; } = [];
    /// <summary>Element lines of this block, unevaluated.</summary>
    public List<Statement> Elements { get; } = [];
    /// <summary>.param lines of this block, in order.</summary>
    public List<ParameterDefinition> Parameters { get; } = [];
    /// <summary>.func definitions of this block.</summary>
    public List<UserFunction> Functions { get; } = [];
    /// <summary>.model lines of this block, unevaluated.</summary>
    public List<Statement> Models { get; } = [];
    /// <summary>.ic / .nodeset lines written inside a subcircuit: applied to every instance's nodes.</summary>
    public List<Statement> NodeValues { get; } = [];
    /// <summary>Subcircuits defined directly inside this block, by lower-case name.</summary>
    public Dictionary<string, Block> Subcircuits { get; } = new(StringComparer.Ordinal);
    /// <summary>The block's original text lines (a subcircuit is handed to ngspice verbatim).</summary>
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
    /// <summary>The top-level block (everything outside .subckt).</summary>
    public Block Top { get; } = top;
    /// <summary>Analysis and control lines (.op, .dc, .tran, .ac, .options, .ic, ...) in order.</summary>
    public List<Statement> Controls { get; } = [];
    /// <summary>.csparam assignments: parameters the .control blocks read as vectors.</summary>
    public List<ParameterDefinition> ControlParameters { get; } = [];
    /// <summary>Nodes named on .global lines: not renamed inside subcircuit instances.</summary>
    public List<Token> GlobalNodes { get; } = [];
}
