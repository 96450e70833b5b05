using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Reading;

namespace MemristorSpice.Netlist.Expressions;

/// <summary>
/// Recursive-descent parser for SPICE expressions. Precedence, lowest first: ?: , ||, &amp;&amp;, comparisons,
/// + -, * /, unary - + !, power (^ or **, right-associative). Numbers take engineering suffixes (2k).
/// <c>v(a)</c>, <c>v(a,b)</c> and <c>i(vx)</c> read node and element names verbatim.
/// </summary>
internal sealed class ExpressionParser
{
    private const int MaxDepth = 200;
    private const int MaxNodes = 1000;

    private readonly string _text;
    private readonly SourceLocation _origin;
    private int _pos;
    private int _depth;
    private int _nodes;

    private ExpressionParser(string text, SourceLocation origin)
    {
        _text = text;
        _origin = origin;
    }

    /// <summary>Parses <paramref name="text"/>; <paramref name="origin"/> is where its first character sits.</summary>
    public static Expr Parse(string text, SourceLocation origin)
    {
        // Each instance of a subcircuit re-reads the same definition tokens (same text, same location): the trees are
        // immutable, so one parse per definition line serves every instance. Failures are not cached (they throw).
        var key = (text, origin);
        if (ParseCache.TryGetValue(key, out var cached)) return cached;
        var parsed = ParseUncached(text, origin);
        if (ParseCache.Count >= MaxCachedParses) ParseCache.Clear();
        ParseCache[key] = parsed;
        return parsed;
    }

    /// <summary>Most parsed trees kept for reuse (bounds the cache's memory across reads).</summary>
    private const int MaxCachedParses = 4096;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Text, SourceLocation Origin), Expr> ParseCache = new();

    private static Expr ParseUncached(string text, SourceLocation origin)
    {
        var parser = new ExpressionParser(text, origin);
        parser.SkipSpace();
        if (parser.AtEnd) throw parser.Error("empty expression", "write a value, for example {2*r0}");
        var result = parser.ParseConditional();
        parser.SkipSpace();
        if (!parser.AtEnd) throw parser.Error("unexpected text after the expression", "check operators and parentheses");
        return result;
    }

    private bool AtEnd => _pos >= _text.Length;
    private SourceLocation Here => _origin.Offset(_pos);

    private NetlistException Error(string message, string hint) =>
        new(Here, AtEnd ? "" : _text[_pos..Math.Min(_text.Length, _pos + 20)], message, hint);

    private void SkipSpace()
    {
        while (!AtEnd && char.IsWhiteSpace(_text[_pos])) _pos++;
    }

    private bool Accept(string symbol)
    {
        SkipSpace();
        if (string.CompareOrdinal(_text, _pos, symbol, 0, symbol.Length) != 0) return false;
        _pos += symbol.Length;
        return true;
    }

    private void Expect(string symbol, string hint)
    {
        if (!Accept(symbol)) throw Error($"expected '{symbol}'", hint);
    }

    /// <summary>Binary operators chain to the left, so each one also deepens the tree.</summary>
    private Expr Chain(BinaryOp op, Expr left, Expr right, SourceLocation location)
    {
        if (++_nodes > MaxNodes) throw Error("expression too long", $"split it into parameters of at most {MaxNodes} operations");
        return new BinaryExpr(op, left, right, location);
    }

    private T Nested<T>(Func<T> parse)
    {
        if (++_depth > MaxDepth) throw Error("expression nested too deeply", $"use at most {MaxDepth} levels");
        try { return parse(); }
        finally { _depth--; }
    }

    private Expr ParseConditional() => Nested(() =>
    {
        var location = Here;
        var condition = ParseOr();
        if (!Accept("?")) return condition;
        var whenTrue = ParseConditional();
        Expect(":", "a conditional reads cond ? a : b");
        var whenFalse = ParseConditional();
        return new ConditionalExpr(condition, whenTrue, whenFalse, location);
    });

    private Expr ParseOr()
    {
        var left = ParseAnd();
        while (true)
        {
            var location = Here;
            if (!Accept("||")) return left;
            left = Chain(BinaryOp.Or, left, ParseAnd(), location);
        }
    }

    private Expr ParseAnd()
    {
        var left = ParseComparison();
        while (true)
        {
            var location = Here;
            if (!Accept("&&")) return left;
            left = Chain(BinaryOp.And, left, ParseComparison(), location);
        }
    }

    private Expr ParseComparison()
    {
        var left = ParseAdditive();
        while (true)
        {
            var location = Here;
            BinaryOp op;
            if (Accept("==")) op = BinaryOp.Equal;
            else if (Accept("!=")) op = BinaryOp.NotEqual;
            else if (Accept("<=")) op = BinaryOp.LessEqual;
            else if (Accept(">=")) op = BinaryOp.GreaterEqual;
            else if (Accept("<")) op = BinaryOp.Less;
            else if (Accept(">")) op = BinaryOp.Greater;
            else return left;
            left = Chain(op, left, ParseAdditive(), location);
        }
    }

    private Expr ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (true)
        {
            var location = Here;
            if (Accept("+")) left = Chain(BinaryOp.Add, left, ParseMultiplicative(), location);
            else if (Accept("-")) left = Chain(BinaryOp.Subtract, left, ParseMultiplicative(), location);
            else return left;
        }
    }

    private Expr ParseMultiplicative()
    {
        var left = ParseUnary();
        while (true)
        {
            var location = Here;
            SkipSpace();
            if (_pos + 1 < _text.Length && _text[_pos] == '*' && _text[_pos + 1] == '*') return left;
            if (Accept("*")) left = Chain(BinaryOp.Multiply, left, ParseUnary(), location);
            else if (Accept("/")) left = Chain(BinaryOp.Divide, left, ParseUnary(), location);
            else return left;
        }
    }

    private Expr ParseUnary() => Nested(() =>
    {
        var location = Here;
        if (Accept("-"))
        {
            // -literal is one negative literal (exact: negation is exact); -2^2 stays -(2^2), as the operand is the power.
            var operand = ParseUnary();
            return operand is NumberExpr n ? new NumberExpr(-n.Value, location) : new UnaryExpr(UnaryOp.Negate, operand, location);
        }
        if (Accept("+")) return new UnaryExpr(UnaryOp.Plus, ParseUnary(), location);
        SkipSpace();
        if (!AtEnd && _text[_pos] == '!' && (_pos + 1 >= _text.Length || _text[_pos + 1] != '='))
        {
            _pos++;
            return new UnaryExpr(UnaryOp.Not, ParseUnary(), location);
        }
        return ParsePower();
    });

    private Expr ParsePower()
    {
        var location = Here;
        var operand = ParsePrimary();
        if (Accept("**") || Accept("^")) return new BinaryExpr(BinaryOp.Power, operand, ParseUnary(), location);
        return operand;
    }

    private Expr ParsePrimary()
    {
        SkipSpace();
        var location = Here;
        if (AtEnd) throw Error("expression ends where a value was expected", "complete the expression");
        char c = _text[_pos];
        if (c is '(' or '{')
        {
            // Braces inside an expression group like parentheses: ngspice's numparam and PSpice accept
            // 'v(a) > {vth} ? 1 : 0' and '? {f1(v(p))} : 0' in published models.
            _pos++;
            var inner = ParseConditional();
            Expect(c == '(' ? ")" : "}", c == '(' ? "close the parenthesis" : "close the brace");
            return inner;
        }
        if (char.IsAsciiDigit(c) || (c == '.' && _pos + 1 < _text.Length && char.IsAsciiDigit(_text[_pos + 1])))
        {
            if (!EngineeringNumber.TryParse(_text.AsSpan(_pos), out double value, out int length))
                throw Error("malformed number", "write numbers like 1.5, 2e-3 or 10k");
            _pos += length;
            return new NumberExpr(value, location);
        }
        if (char.IsAsciiLetter(c) || c == '_')
        {
            string name = ReadIdentifier();
            SkipSpace();
            if (AtEnd || _text[_pos] != '(') return new IdentifierExpr(name, location);
            _pos++;
            if (name is "v") return ParseVoltage(location);
            if (name is "i") return new CurrentExpr(ReadName(')'), location);
            return new CallExpr(name, ParseArguments(), location);
        }
        throw Error($"unexpected character '{c}'", "expressions use numbers, names, + - * / ^ ** ( ) and functions");
    }

    private string ReadIdentifier()
    {
        int start = _pos;
        while (!AtEnd && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] is '_' or '.' or '$' or '#')) _pos++;
        return _text[start.._pos].ToLowerInvariant();
    }

    private VoltageExpr ParseVoltage(SourceLocation location)
    {
        string node = ReadName(',', ')');
        if (_text[_pos - 1] == ')') return new VoltageExpr(node, null, location);
        string reference = ReadName(')');
        return new VoltageExpr(node, reference, location);
    }

    /// <summary>Reads a node or element name up to one of <paramref name="terminators"/> and consumes it.</summary>
    private string ReadName(params char[] terminators)
    {
        SkipSpace();
        int start = _pos;
        while (!AtEnd && Array.IndexOf(terminators, _text[_pos]) < 0 && _text[_pos] != '(') _pos++;
        if (AtEnd || _text[_pos] == '(') throw Error("unterminated name in v(...) or i(...)", "write v(node), v(a,b) or i(vsource)");
        string name = _text[start.._pos].Trim().ToLowerInvariant();
        if (name.Length == 0 || name.Any(char.IsWhiteSpace))
            throw Error("missing or malformed node/element name", "write v(node), v(a,b) or i(vsource)");
        _pos++;
        return name;
    }

    private List<Expr> ParseArguments()
    {
        var args = new List<Expr>();
        if (Accept(")")) return args;
        do
        {
            args.Add(ParseConditional());
        } while (Accept(","));
        Expect(")", "close the argument list");
        return args;
    }
}
