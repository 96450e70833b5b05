using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Expressions;

namespace MemristorSpice.Netlist.Reading;

/// <summary>Walks the tokens of one element line: nodes, values, keywords and name=value pairs.</summary>
internal sealed class CardReader(Statement statement, ParameterScope scope)
{
    public Statement Statement { get; } = statement;
    public ParameterScope Scope { get; } = scope;
    public int Position { get; set; } = 1;

    private List<Token>? _tokens;

    public IReadOnlyList<Token> Tokens => _tokens ?? Statement.Tokens;
    public bool AtEnd => Position >= Tokens.Count;
    public Token? Peek => AtEnd ? null : Tokens[Position];

    private SourceLocation EndLocation
    {
        get
        {
            var last = Tokens[^1];
            return last.Location.Offset(last.Display.Length);
        }
    }

    public NetlistException Error(Token? token, string message, string hint) =>
        token is null
            ? new NetlistException(EndLocation, "", message, hint)
            : new NetlistException(token.Location, token.Display, message, hint);

    public Token Next(string role, string hint)
    {
        if (AtEnd) throw Error(null, $"missing {role}", hint);
        return Tokens[Position++];
    }

    public string Node(string role, string usage)
    {
        var t = Next($"{role} node", usage);
        if (t.Kind != TokenKind.Word || IsAssignmentAt(Position - 1))
            throw Error(t, $"expected the {role} node", usage);
        return t.Text;
    }

    public string Name(string role, string usage)
    {
        var t = Next(role, usage);
        if (t.Kind != TokenKind.Word || IsAssignmentAt(Position - 1)) throw Error(t, $"expected {role}", usage);
        return t.Text.ToLowerInvariant();
    }

    public double Value(string role, string usage)
    {
        var t = Next(role, usage);
        return Evaluate(t, role, usage);
    }

    public double Evaluate(Token t, string role, string usage)
    {
        switch (t.Kind)
        {
            case TokenKind.Expression:
                return Scope.Evaluate(Parsed(t));
            case TokenKind.Word when EngineeringNumber.TryParseToken(t.Text, out double v):
                return v;
            case TokenKind.Word when ValueTokens.IsIdentifier(t.Text) && Scope.TryGetVariable(t.Text.ToLowerInvariant(), out double p):
                return p;
            default:
                throw Error(t, $"expected a number for the {role}", usage);
        }
    }

    /// <summary>The next token as a value unless the line ends or a name=value pair follows.</summary>
    public double? OptionalValue(string role, string usage) =>
        AtEnd || IsAssignmentAt(Position) ? null : Value(role, usage);

    /// <summary>Subcircuit bodies are evaluated once per instance: parse each expression token once.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Token, Expr> ParsedExpressions = new();

    private static Expr Parsed(Token t)
    {
        if (ParsedExpressions.TryGetValue(t, out var cached)) return cached;
        var expr = ExpressionParser.Parse(t.Text, t.Location.Offset(1));
        ParsedExpressions.AddOrUpdate(t, expr);
        return expr;
    }

    /// <summary>True when the next token can be read as a value (number, expression or known parameter).</summary>
    public bool NextIsValue()
    {
        if (AtEnd || IsAssignmentAt(Position)) return false;
        var t = Tokens[Position];
        return t.Kind == TokenKind.Expression ||
               (t.Kind == TokenKind.Word && (EngineeringNumber.TryParseToken(t.Text, out _) ||
                                             (ValueTokens.IsIdentifier(t.Text) && Scope.TryGetVariable(t.Text.ToLowerInvariant(), out _))));
    }

    public bool Accept(string keyword)
    {
        if (AtEnd || !Tokens[Position].Is(keyword) || IsAssignmentAt(Position)) return false;
        Position++;
        return true;
    }

    public bool IsAssignmentAt(int index) =>
        index + 1 < Tokens.Count && Tokens[index].Kind == TokenKind.Word && Tokens[index + 1].Kind == TokenKind.Equals;

    /// <summary>The remaining tokens as name=value pairs (values evaluated), each name allowed from <paramref name="allowed"/>.</summary>
    public Dictionary<string, double> Assignments(IReadOnlyCollection<string> allowed, string usage)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        if (AtEnd) return result;
        foreach (var definition in ValueTokens.Assignments(Tokens, Position, Statement.Head.Text))
        {
            if (!allowed.Contains(definition.Name))
                throw new NetlistException(definition.Location, definition.Name, $"unknown instance parameter '{definition.Name}'",
                    allowed.Count == 0 ? usage : "allowed here: " + string.Join(' ', allowed));
            result[definition.Name] = Scope.Evaluate(definition.Value);
        }
        Position = Tokens.Count;
        return result;
    }

    /// <summary>
    /// Takes a <c>name=a,b</c> pair (HSPICE/PSpice <c>tc=tc1,tc2</c>) out of the remaining tokens and returns its two
    /// values, or null when the line has no such pair (a single <c>name=a</c> is left for <see cref="Assignments"/>).
    /// </summary>
    public (double First, double Second)? TakePair(string name, string usage)
    {
        for (int k = Position; k + 4 < Tokens.Count; k++)
        {
            if (!Tokens[k].Is(name) || Tokens[k + 1].Kind != TokenKind.Equals || Tokens[k + 3].Kind != TokenKind.Comma) continue;
            double first = Evaluate(Tokens[k + 2], name, usage), second = Evaluate(Tokens[k + 4], name, usage);
            _tokens = [.. Tokens];
            _tokens.RemoveRange(k, 5);
            return (first, second);
        }
        return null;
    }

    public void ExpectEnd(string usage)
    {
        if (!AtEnd) throw Error(Tokens[Position], "unexpected token", usage);
    }
}
