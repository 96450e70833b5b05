using System.Globalization;
using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Reading;

namespace MemristorSpice.Netlist.Control;

/// <summary>
/// Evaluates the vector expressions of ngspice's command language (let, if, while, alter values) over real vectors:
/// numbers with SPICE scale suffixes (1k, 10meg), vectors by name (let vectors, then the current plot: v(node),
/// v(a,b), i(source), a bare node name, time, frequency), + - * / % ^ elementwise with a scalar broadcast,
/// comparisons (gt lt ge le eq ne and &gt; &lt; &gt;= &lt;= = &lt;&gt;) and logic (and or not, &amp; | ~) giving 1 or 0,
/// indexing x[i] and ranges x[i,j], and the functions listed in <see cref="Functions"/>.
/// </summary>
internal sealed class ControlExpression
{
    /// <summary>Elementwise functions and reductions (ngspice's names: log is base 10, ln natural).</summary>
    public static readonly IReadOnlyList<string> Functions =
    [
        "abs", "mag", "sqrt", "exp", "ln", "log", "log10", "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh",
        "floor", "ceil", "nint", "sgn", "real", "ph", "imag", "db", "mean", "avg", "length", "sum", "vecmax", "vecmin",
        "maximum", "minimum", "vector", "unitvec", "deriv",
    ];

    private const int MaxVectorLength = 10_000_000;
    private const int MaxDepth = 200;

    private readonly string _text;
    private readonly SourceLocation _at;
    private readonly Func<string, double[]?> _lookup;
    private int _pos;
    private int _depth;

    private ControlExpression(string text, SourceLocation at, Func<string, double[]?> lookup)
    {
        _text = text;
        _at = at;
        _lookup = lookup;
    }

    /// <summary>Evaluates <paramref name="text"/> (whose first character stands at <paramref name="at"/>); names resolve through <paramref name="lookup"/>.</summary>
    public static double[] Evaluate(string text, SourceLocation at, Func<string, double[]?> lookup)
    {
        var e = new ControlExpression(text, at, lookup);
        e.Skip();
        if (e._pos >= text.Length) throw e.Error("missing expression", "write a number, a vector name or an expression");
        var value = e.Or();
        e.Skip();
        if (e._pos < text.Length) throw e.Error($"unexpected '{text[e._pos..]}'", "check the expression");
        return value;
    }

    private NetlistException Error(string message, string hint) =>
        new(_at.Offset(Math.Min(_pos, _text.Length)), _text, message, hint);

    private void Skip()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos])) _pos++;
    }

    /// <summary>True (and consumed) when the next token is the symbol or the word <paramref name="op"/>.</summary>
    private bool Accept(string op)
    {
        Skip();
        if (string.Compare(_text, _pos, op, 0, op.Length, StringComparison.OrdinalIgnoreCase) != 0) return false;
        int end = _pos + op.Length;
        if (char.IsLetter(op[0]) && end < _text.Length && (char.IsLetterOrDigit(_text[end]) || _text[end] == '_')) return false;
        // A single-character operator must not be the start of a longer one (< vs <=, = vs ==).
        if (op is "<" or ">" && end < _text.Length && _text[end] is '=' or '>') return false;
        if (op is "=" && end < _text.Length && _text[end] == '=') return false;
        _pos = end;
        return true;
    }

    private double[] Or()
    {
        var left = And();
        while (Accept("or") || Accept("||") || Accept("|")) left = Map(left, And(), (a, b) => a != 0 || b != 0 ? 1 : 0);
        return left;
    }

    private double[] And()
    {
        var left = Not();
        while (Accept("and") || Accept("&&") || Accept("&")) left = Map(left, Not(), (a, b) => a != 0 && b != 0 ? 1 : 0);
        return left;
    }

    private double[] Not()
    {
        if (Accept("not") || Accept("~") || (Peek('!') && !PeekAt(1, '='))) { if (_text[_pos] == '!') _pos++; return Not().Select(a => a == 0 ? 1.0 : 0).ToArray(); }
        return Comparison();
    }

    private bool Peek(char c) { Skip(); return _pos < _text.Length && _text[_pos] == c; }
    private bool PeekAt(int offset, char c) => _pos + offset < _text.Length && _text[_pos + offset] == c;

    private double[] Comparison()
    {
        var left = Sum();
        Func<double, double, bool>? op =
            Accept("ge") || Accept(">=") ? (a, b) => a >= b :
            Accept("le") || Accept("<=") ? (a, b) => a <= b :
            Accept("ne") || Accept("<>") || Accept("!=") ? (a, b) => a != b :
            Accept("gt") || Accept(">") ? (a, b) => a > b :
            Accept("lt") || Accept("<") ? (a, b) => a < b :
            Accept("eq") || Accept("==") || Accept("=") ? (a, b) => a == b : null;
        return op is null ? left : Map(left, Sum(), (a, b) => op(a, b) ? 1 : 0);
    }

    private double[] Sum()
    {
        var left = Product();
        while (true)
        {
            if (Accept("+")) left = Map(left, Product(), (a, b) => a + b);
            else if (Accept("-")) left = Map(left, Product(), (a, b) => a - b);
            else return left;
        }
    }

    private double[] Product()
    {
        var left = Unary();
        while (true)
        {
            if (Accept("*")) left = Map(left, Unary(), (a, b) => a * b);
            else if (Accept("/")) left = Map(left, Unary(), (a, b) => a / b);
            else if (Accept("%")) left = Map(left, Unary(), (a, b) => a % b);
            else return left;
        }
    }

    private double[] Unary()
    {
        if (Accept("-")) return Unary().Select(a => -a).ToArray();
        if (Accept("+")) return Unary();
        var value = Postfix();
        if (Accept("^") || Accept("**")) value = Map(value, Unary(), Math.Pow);
        return value;
    }

    private double[] Postfix()
    {
        var value = Primary();
        while (Accept("["))
        {
            int first = Index(value), last = first;
            if (Accept(",") || Accept(":")) last = Index(value);
            if (!Accept("]")) throw Error("missing ']'", "write x[index] or x[first,last]");
            value = first <= last ? value[first..(last + 1)] : value[last..(first + 1)].Reverse().ToArray();
        }
        return value;
    }

    private int Index(double[] vector)
    {
        var i = Or();
        double k = Math.Round(i[0]);
        if (k < 0 || k >= vector.Length) throw Error($"index {k:G6} outside the vector (length {vector.Length})", "indices start at 0");
        return (int)k;
    }

    private double[] Primary()
    {
        Skip();
        if (_pos >= _text.Length) throw Error("missing operand", "complete the expression");
        if (++_depth > MaxDepth) throw Error($"expression nested deeper than {MaxDepth}", "simplify it");
        try
        {
            char c = _text[_pos];
            if (c == '(')
            {
                _pos++;
                var inner = Or();
                if (!Accept(")")) throw Error("missing ')'", "close the parenthesis");
                return inner;
            }
            if (char.IsDigit(c) || (c == '.' && _pos + 1 < _text.Length && char.IsDigit(_text[_pos + 1])))
            {
                if (!EngineeringNumber.TryParse(_text.AsSpan(_pos), out double number, out int length)) throw Error("malformed number", "write e.g. 1.5k or 2e-3");
                _pos += length;
                while (_pos < _text.Length && char.IsLetter(_text[_pos])) _pos++; // units after the scale (10kohm, 1nF)
                return [number];
            }
            if (!(char.IsLetter(c) || c is '_' or '@' or '#'))
                throw Error($"unexpected '{c}'", "expected a number, a vector name or '('");
            int start = _pos;
            while (_pos < _text.Length && (char.IsLetterOrDigit(_text[_pos]) || _text[_pos] is '_' or '.' or '#' or '@' or ':')) _pos++;
            string name = _text[start.._pos].ToLowerInvariant();
            if (Peek('('))
            {
                if (name is "v" or "i") return Probe(name);
                if (Functions.Contains(name)) return Call(name);
                throw new NetlistException(_at.Offset(start), name, $"unknown function '{name}'", "functions: v() i() " + string.Join(' ', Functions));
            }
            return _lookup(name) ?? throw new NetlistException(_at.Offset(start), name, $"no vector or variable '{name}'",
                "name a let vector, a node or v(node)/i(source) of the last analysis");
        }
        finally { _depth--; }
    }

    /// <summary>v(node), v(a,b) or i(source), read from the current plot.</summary>
    private double[] Probe(string kind)
    {
        int at = _pos;
        Accept("(");
        int start = _pos;
        int close = _text.IndexOf(')', start);
        if (close < 0) throw Error("missing ')'", $"write {kind}(name)");
        var parts = _text[start..close].Split(',', StringSplitOptions.TrimEntries);
        _pos = close + 1;
        if (parts.Length is < 1 or > 2 || parts.Any(p => p.Length == 0) || (kind == "i" && parts.Length > 1))
            throw new NetlistException(_at.Offset(at), _text[at.._pos], $"malformed {kind}()", kind == "v" ? "write v(node) or v(node1,node2)" : "write i(source)");
        double[] Read(string name) => _lookup($"{kind}({name.ToLowerInvariant()})")
            ?? throw new NetlistException(_at.Offset(start), name, $"no vector {kind}({name}) in the current plot", "run an analysis first; nodes and source currents are available");
        var value = parts[0] is "0" or "gnd" ? [0.0] : Read(parts[0]);
        if (parts.Length == 2 && parts[1] is not ("0" or "gnd")) value = Map(value, Read(parts[1]), (a, b) => a - b);
        return value;
    }

    private double[] Call(string name)
    {
        Accept("(");
        var x = Or();
        if (!Accept(")")) throw Error("missing ')'", $"write {name}(expression)");
        return name switch
        {
            "abs" or "mag" => x.Select(Math.Abs).ToArray(),
            "sqrt" => x.Select(Math.Sqrt).ToArray(),
            "exp" => x.Select(Math.Exp).ToArray(),
            "ln" => x.Select(v => Math.Log(v)).ToArray(),
            "log" or "log10" => x.Select(Math.Log10).ToArray(),
            "sin" => x.Select(Math.Sin).ToArray(),
            "cos" => x.Select(Math.Cos).ToArray(),
            "tan" => x.Select(Math.Tan).ToArray(),
            "asin" => x.Select(Math.Asin).ToArray(),
            "acos" => x.Select(Math.Acos).ToArray(),
            "atan" => x.Select(Math.Atan).ToArray(),
            "sinh" => x.Select(Math.Sinh).ToArray(),
            "cosh" => x.Select(Math.Cosh).ToArray(),
            "tanh" => x.Select(Math.Tanh).ToArray(),
            "floor" => x.Select(Math.Floor).ToArray(),
            "ceil" => x.Select(Math.Ceiling).ToArray(),
            "nint" => x.Select(v => Math.Round(v, MidpointRounding.AwayFromZero)).ToArray(),
            "sgn" => x.Select(v => (double)Math.Sign(v)).ToArray(),
            "real" => x,
            "ph" or "imag" => new double[x.Length],
            "db" => x.Select(v => 20 * Math.Log10(Math.Abs(v))).ToArray(),
            "mean" or "avg" => [x.Average()],
            "length" => [x.Length],
            "sum" => [x.Sum()],
            "vecmax" or "maximum" => [x.Max()],
            "vecmin" or "minimum" => [x.Min()],
            "vector" or "unitvec" => Range(name, x[0]),
            "deriv" => throw Error("deriv() needs the scale of the plot", "not supported in .control expressions"),
            _ => throw Error($"unknown function '{name}'", ""),
        };
    }

    private double[] Range(string name, double n)
    {
        if (!(n >= 0) || n > MaxVectorLength) throw Error($"{name}({n:G6}): the length must be 0 to {MaxVectorLength}", "");
        int count = (int)n;
        return name == "vector" ? Enumerable.Range(0, count).Select(k => (double)k).ToArray() : Enumerable.Repeat(1.0, count).ToArray();
    }

    /// <summary>Elementwise; a one-element operand is broadcast, otherwise the shorter length is taken (as ngspice does).</summary>
    private static double[] Map(double[] a, double[] b, Func<double, double, double> f)
    {
        if (a.Length == 1) return b.Select(y => f(a[0], y)).ToArray();
        if (b.Length == 1) return a.Select(x => f(x, b[0])).ToArray();
        int n = Math.Min(a.Length, b.Length);
        var r = new double[n];
        for (int k = 0; k < n; k++) r[k] = f(a[k], b[k]);
        return r;
    }

    /// <summary>A value as ngspice's $&amp;vector substitution writes it: the elements separated by spaces.</summary>
    public static string Format(double[] value) => string.Join(' ', value.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
}
