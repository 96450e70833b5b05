using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Reading;

namespace MemristorSpice.Netlist.Elements;

/// <summary>One element line being read: its tokens, the naming of the subcircuit level it is in, and the model lookup.</summary>
internal sealed class ElementCard(CardReader reader, NodeNamer namer, Func<string, SourceLocation, string> resolveModel,
    Func<string, Model.ModelCard?>? findModel = null)
{
    public CardReader Reader { get; } = reader;
    public NodeNamer Namer { get; } = namer;

    /// <summary>Parsing and binding shared between the instances of a subcircuit (set by the flattener), or null.</summary>
    public BindingCache? Sharing { get; init; }

    /// <summary>The element's (hierarchical, lower-case) name.</summary>
    public string Name { get; } = namer.Element(reader.Statement.Head.Text);

    /// <summary>The next token as a node, renamed for the subcircuit level.</summary>
    public string Node(string role, string usage) => Namer.Node(Reader.Node(role, usage));

    /// <summary>The two terminals of a two-terminal element.</summary>
    public (string Positive, string Negative) TwoNodes(string usage) => (Node("positive", usage), Node("negative", usage));

    /// <summary>The next token as a model name, resolved to the .model card in scope (subcircuit-local models are renamed).</summary>
    public string Model(string usage)
    {
        var token = Reader.Peek;
        return resolveModel(Reader.Name("model name", usage), token!.Location);
    }

    /// <summary>
    /// When the next token is a plain word naming a .model card in scope of one of <paramref name="types"/> (and not a
    /// number or parameter), takes it and returns the card; otherwise reads nothing. For R, C and L, whose model name
    /// may stand before or after the value (ngspice).
    /// </summary>
    public Model.ModelCard? TryModelOfType(params string[] types)
    {
        if (findModel is null || Reader.AtEnd || Reader.IsAssignmentAt(Reader.Position) || Reader.NextIsValue()) return null;
        var token = Reader.Peek!;
        if (token.Kind != TokenKind.Word || findModel(token.Text.ToLowerInvariant()) is not { } model || !types.Contains(model.Type)) return null;
        Reader.Position++;
        return model;
    }

    /// <summary>
    /// The value given either by position or by one of the names <paramref name="keys"/> (r=, resistance=), but not both.
    /// </summary>
    public double PositionalOrNamed(double? positional, Dictionary<string, double> named, string what, string usage, params string[] keys)
    {
        foreach (var key in keys)
        {
            if (!named.TryGetValue(key, out var v)) continue;
            if (positional is not null) throw Reader.Error(Reader.Statement.Head, $"{what} given twice", usage);
            positional = v;
        }
        return positional ?? throw Reader.Error(Reader.Peek, $"missing {what}", usage);
    }
}
