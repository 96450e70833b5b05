using MemristorSpice.Netlist.Expressions;

namespace MemristorSpice.Netlist.Reading;

/// <summary>
/// A behavioral expression of a subcircuit line bound once (parameters replaced by their numbers, .func calls inlined)
/// with the subcircuit's own names in v() and i(): what every instance whose scope gives the same parameter values
/// shares. The elaborator compiles it once (<see cref="Compiled"/>) and binds each instance's inputs by position.
/// </summary>
internal sealed class BoundTemplate(Expr expression, IReadOnlyList<ScopeLookup> lookups)
{
    /// <summary>The bound tree; node and element names are local to the subcircuit (lower case; ground is "0").</summary>
    public Expr Expression { get; } = expression;

    /// <summary>The look-ups the binding made; an instance scope that answers them all the same way gets this template.</summary>
    public IReadOnlyList<ScopeLookup> Lookups { get; } = lookups;

    /// <summary>True when the expression reads a branch current: such reads may be rewritten per element, so they are not shared.</summary>
    public bool ReadsCurrents { get; } = ReadsCurrent(expression);

    /// <summary>The function compiled from <see cref="Expression"/> with its local input names (set by the elaborator on first use).</summary>
    public Engine.Behavioral.BehavioralFunction? Compiled { get; set; }

    /// <summary>True once compiling the template failed: every instance then takes the per-instance path (which reports the error).</summary>
    public bool CompileFailed { get; set; }

    private static bool ReadsCurrent(Expr expr) => expr.Any(e => e is CurrentExpr);
}

/// <summary>One instance's use of a <see cref="BoundTemplate"/>: the template and the naming of the instance it sits in.</summary>
internal sealed class SharedExpression(BoundTemplate template, NodeNamer namer)
{
    public BoundTemplate Template { get; } = template;

    /// <summary>Maps the template's local node and element names to the instance's hierarchical ones.</summary>
    public NodeNamer Namer { get; } = namer;

    /// <summary>The instance's own tree (the one binding per instance would give): the template with its names mapped.</summary>
    public Expr Materialize() => Rename(Template.Expression);

    private Expr Rename(Expr expr) => expr switch
    {
        VoltageExpr v => v with { Node = Namer.Node(v.Node), Reference = v.Reference is null ? null : Namer.Node(v.Reference) },
        CurrentExpr i => i with { Element = Namer.Element(i.Element) },
        UnaryExpr u => u with { Operand = Rename(u.Operand) },
        BinaryExpr b => b with { Left = Rename(b.Left), Right = Rename(b.Right) },
        ConditionalExpr c => c with { Condition = Rename(c.Condition), WhenTrue = Rename(c.WhenTrue), WhenFalse = Rename(c.WhenFalse) },
        CallExpr call => new CallExpr(call.Name, call.Arguments.Select(Rename).ToArray(), call.Location),
        _ => expr,
    };
}

/// <summary>A behavioral expression of one subcircuit line, parsed, with the templates bound from it so far.</summary>
internal sealed class ParsedLine(Expr parsed, int end)
{
    /// <summary>The parsed (unbound) expression.</summary>
    public Expr Parsed { get; } = parsed;

    /// <summary>Index of the first token after the expression.</summary>
    public int End { get; } = end;

    /// <summary>Templates bound from <see cref="Parsed"/>, one per distinct outcome of the look-ups.</summary>
    public List<BoundTemplate> Variants { get; } = [];
}

/// <summary>
/// Shares the parsing and binding of behavioral expressions between the instances of a subcircuit during flattening.
/// Keyed by the first token of the expression (the same line of the same subcircuit definition); per key a few
/// variants, one per distinct outcome of the parameter look-ups the binding makes. An expression that reads a
/// per-instance parameter with a different value in every instance (rinit=...) fills its variants and is then bound
/// per instance, as without sharing.
/// </summary>
internal sealed class BindingCache
{
    /// <summary>Most variants kept per expression; beyond that, instances bind their own tree.</summary>
    public const int MaxVariants = 4;

    private readonly Dictionary<Token, ParsedLine> _entries = new(ReferenceEqualityComparer.Instance);

    /// <summary>Number of bindings made (templates plus per-instance fallbacks), for tests and profiling.</summary>
    public int Bindings { get; private set; }

    /// <summary>
    /// The expression in tokens [<paramref name="start"/>, end) of a line inside a subcircuit, parsed on its first use;
    /// <paramref name="findEnd"/> gives the end (it depends only on the tokens, so it is asked once per line).
    /// </summary>
    public ParsedLine Parse(IReadOnlyList<Token> tokens, int start, Func<int> findEnd)
    {
        var key = tokens[start];
        if (_entries.TryGetValue(key, out var entry)) return entry;
        int end = findEnd();
        entry = new ParsedLine(ValueTokens.ToExpression(tokens, start, end), end);
        _entries[key] = entry;
        return entry;
    }

    /// <summary>
    /// <paramref name="line"/> bound for the instance <paramref name="namer"/> names with the parameters of
    /// <paramref name="scope"/>: a shared template when one holds for this scope (or a new one while there is room), else
    /// the instance's own bound tree.
    /// </summary>
    public (SharedExpression? Shared, Expr? Own) Bind(ParsedLine line, ParameterScope scope, NodeNamer namer)
    {
        foreach (var variant in line.Variants)
        {
            if (Holds(variant.Lookups, scope)) return (new SharedExpression(variant, namer), null);
        }
        Bindings++;
        if (line.Variants.Count >= MaxVariants) return (null, new ExpressionBinder(scope, namer).Bind(line.Parsed));
        var lookups = new List<ScopeLookup>();
        var local = new ExpressionBinder(scope, namer.Local()) { Lookups = lookups }.Bind(line.Parsed);
        var template = new BoundTemplate(local, lookups);
        line.Variants.Add(template);
        return (new SharedExpression(template, namer), null);
    }

    private static bool Holds(IReadOnlyList<ScopeLookup> lookups, ParameterScope scope)
    {
        foreach (var lookup in lookups)
        {
            if (!lookup.Holds(scope)) return false;
        }
        return true;
    }
}
