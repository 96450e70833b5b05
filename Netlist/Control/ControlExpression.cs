using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;
using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Reading;

namespace MemristorSpice.Netlist.Control;

/// <summary>
/// Evaluates the vector expressions of ngspice's command language (let, if, while, alter values) over vectors of
/// complex numbers (real for op/dc/tran plots, the phasors of an ac plot):
/// numbers with SPICE scale suffixes (1k, 10meg), vectors by name (let vectors, then the current plot: v(node),
/// v(a,b), i(source), a bare node name, time, frequency), + - * / % ^ elementwise with a scalar broadcast,
/// comparisons (gt lt ge le eq ne and &gt; &lt; &gt;= &lt;= = &lt;&gt;) and logic (and or not, &amp; | ~) giving 1 or 0,
/// indexing x[i] and ranges x[i,j], and the functions listed in <see cref="Functions"/>. As in ngspice, comparisons,
/// logic and indices use the real part; mag/abs, ph/phase (radians), cph (phase unwrapped along the vector), real,
/// imag and db read the complex value.
/// </summary>
internal sealed class ControlExpression
{
    /// <summary>Elementwise functions and reductions (ngspice's names: log is base 10, ln natural).</summary>
    public static readonly IReadOnlyList<string> Functions =
    [
        "abs", "mag", "sqrt", "exp", "ln", "log", "log10", "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh",
        "asinh", "acosh", "atanh",
        "floor", "ceil", "nint", "sgn", "real", "ph", "phase", "cph", "imag", "db", "mean", "avg", "length", "sum", "vecmax", "vecmin",
        "maximum", "minimum", "vector", "unitvec", "deriv", "vecd", "pos",
    ];

    private const int MaxVectorLength = 10_000_000;
    private const int MaxDepth = 200;

    private readonly string _text;
    private readonly SourceLocation _at;
    private readonly Func<string, Complex[]?> _lookup;
    private readonly IReadOnlyDictionary<string, UserFunction> _functions;
    private int _pos;
    private int _depth;

    private ControlExpression(string text, SourceLocation at, Func<string, Complex[]?> lookup, IReadOnlyDictionary<string, UserFunction>? functions, int depth = 0)
    {
        _text = text;
        _at = at;
        _lookup = lookup;
        _functions = functions ?? new Dictionary<string, UserFunction>();
        _depth = depth;
    }

    /// <summary>
    /// Evaluates <paramref name="text"/> (whose first character stands at <paramref name="at"/>); names resolve through
    /// <paramref name="lookup"/>, calls of the functions made with <c>define</c> through <paramref name="functions"/>.
    /// </summary>
    public static Complex[] Evaluate(string text, SourceLocation at, Func<string, Complex[]?> lookup, IReadOnlyDictionary<string, UserFunction>? functions = null) =>
        Evaluate(text, at, lookup, functions, 0);

    private static Complex[] Evaluate(string text, SourceLocation at, Func<string, Complex[]?> lookup, IReadOnlyDictionary<string, UserFunction>? functions, int depth)
    {
        var e = new ControlExpression(text, at, lookup, functions, depth);
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

    private Complex[] Or()
    {
        var left = And();
        while (Accept("or") || Accept("||") || Accept("|")) left = Map(left, And(), (a, b) => a.Real != 0 || b.Real != 0 ? 1 : 0);
        return left;
    }

    private Complex[] And()
    {
        var left = Not();
        while (Accept("and") || Accept("&&") || Accept("&")) left = Map(left, Not(), (a, b) => a.Real != 0 && b.Real != 0 ? 1 : 0);
        return left;
    }

    private Complex[] Not()
    {
        if (Accept("not") || Accept("~") || (Peek('!') && !PeekAt(1, '='))) { if (_text[_pos] == '!') _pos++; return Not().Select(a => a.Real == 0 ? Complex.One : Complex.Zero).ToArray(); }
        return Comparison();
    }

    private bool Peek(char c) { Skip(); return _pos < _text.Length && _text[_pos] == c; }
    private bool PeekAt(int offset, char c) => _pos + offset < _text.Length && _text[_pos + offset] == c;

    private Complex[] Comparison()
    {
        var left = Sum();
        Func<double, double, bool>? op =
            Accept("ge") || Accept(">=") ? (a, b) => a >= b :
            Accept("le") || Accept("<=") ? (a, b) => a <= b :
            Accept("ne") || Accept("<>") || Accept("!=") ? (a, b) => a != b :
            Accept("gt") || Accept(">") ? (a, b) => a > b :
            Accept("lt") || Accept("<") ? (a, b) => a < b :
            Accept("eq") || Accept("==") || Accept("=") ? (a, b) => a == b : null;
        return op is null ? left : Map(left, Sum(), (a, b) => op(a.Real, b.Real) ? 1 : 0);
    }

    private Complex[] Sum()
    {
        var left = Product();
        while (true)
        {
            if (Accept("+")) left = Map(left, Product(), (a, b) => a + b);
            else if (Accept("-")) left = Map(left, Product(), (a, b) => a - b);
            else return left;
        }
    }

    private Complex[] Product()
    {
        var left = Unary();
        while (true)
        {
            if (Accept("*")) left = Map(left, Unary(), (a, b) => a * b);
            else if (Accept("/")) left = Map(left, Unary(), (a, b) => a / b);
            else if (Accept("%")) left = Map(left, Unary(), (a, b) => a.Real % b.Real);
            else return left;
        }
    }

    private Complex[] Unary()
    {
        if (Accept("-")) return Unary().Select(a => -a).ToArray();
        if (Accept("+")) return Unary();
        var value = Postfix();
        if (Accept("^") || Accept("**")) value = Map(value, Unary(), Power);
        return value;
    }

    private Complex[] Postfix()
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

    private int Index(Complex[] vector)
    {
        var i = Or();
        double k = Math.Round(i[0].Real);
        if (k < 0 || k >= vector.Length) throw Error($"index {k:G6} outside the vector (length {vector.Length})", "indices start at 0");
        return (int)k;
    }

    private Complex[] Primary()
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
            // @device[parameter] (or @model[parameter]) is one name: a parameter of the circuit, not an index.
            if (name.StartsWith('@') && _pos < _text.Length && _text[_pos] == '[' && _text.IndexOf(']', _pos) is var close and > 0)
            {
                name += _text[_pos..(close + 1)].ToLowerInvariant().Replace(" ", "", StringComparison.Ordinal);
                _pos = close + 1;
            }
            if (Peek('('))
            {
                if (name is "v" or "i") return Probe(name);
                if (_functions.TryGetValue(name, out var defined)) return CallDefined(name, start, defined);
                if (Functions.Contains(name)) return Call(name);
                throw new NetlistException(_at.Offset(start), name, $"unknown function '{name}'", "functions: v() i() " + string.Join(' ', Functions));
            }
            return _lookup(name) ?? throw new NetlistException(_at.Offset(start), name, $"no vector or variable '{name}'",
                "name a let vector, a node or v(node)/i(source) of the last analysis");
        }
        finally { _depth--; }
    }

    /// <summary>v(node), v(a,b) or i(source), read from the current plot.</summary>
    private Complex[] Probe(string kind)
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
        Complex[] Read(string name) => _lookup($"{kind}({name.ToLowerInvariant()})")
            ?? throw new NetlistException(_at.Offset(start), name, $"no vector {kind}({name}) in the current plot", "run an analysis first; nodes and source currents are available");
        var value = parts[0] is "0" or "gnd" ? [0.0] : Read(parts[0]);
        if (parts.Length == 2 && parts[1] is not ("0" or "gnd")) value = Map(value, Read(parts[1]), (a, b) => a - b);
        return value;
    }

    /// <summary>
    /// A call of a function made with <c>define</c>: each argument evaluated here, then the body with the parameter
    /// names bound to them (ngspice substitutes the argument trees into the body, which gives the same values).
    /// </summary>
    private Complex[] CallDefined(string name, int start, UserFunction f)
    {
        Accept("(");
        var arguments = new List<Complex[]>();
        if (!Accept(")"))
        {
            do arguments.Add(Or()); while (Accept(","));
            if (!Accept(")")) throw Error("missing ')'", $"write {name}(argument, ...)");
        }
        if (arguments.Count != f.Parameters.Count)
            throw new NetlistException(_at.Offset(start), name, $"function '{name}' takes {f.Parameters.Count} argument(s), not {arguments.Count}",
                $"defined at {f.Location}: {name}({string.Join(", ", f.Parameters)})");
        var bound = new Dictionary<string, Complex[]>(StringComparer.Ordinal);
        for (int k = 0; k < arguments.Count; k++) bound[f.Parameters[k]] = arguments[k];
        return Evaluate(f.Body, f.Location, n => bound.TryGetValue(n, out var v) ? v : _lookup(n), _functions, _depth);
    }

    private Complex[] Call(string name)
    {
        Accept("(");
        var x = Or();
        if (!Accept(")")) throw Error("missing ')'", $"write {name}(expression)");
        return name switch
        {
            "abs" or "mag" => Real(x, z => z.Magnitude),
            "sqrt" => x.Select(z => z.Imaginary == 0 && z.Real >= 0 ? Math.Sqrt(z.Real) : Complex.Sqrt(z)).ToArray(),
            "exp" => x.Select(Complex.Exp).ToArray(),
            "ln" => x.Select(z => z.Imaginary == 0 && z.Real > 0 ? Math.Log(z.Real) : Complex.Log(z)).ToArray(),
            "log" or "log10" => x.Select(z => z.Imaginary == 0 && z.Real > 0 ? Math.Log10(z.Real) : Complex.Log10(z)).ToArray(),
            "sin" => x.Select(Complex.Sin).ToArray(),
            "cos" => x.Select(Complex.Cos).ToArray(),
            "tan" => x.Select(Complex.Tan).ToArray(),
            "asin" => Real(x, z => Math.Asin(z.Real)),
            "acos" => Real(x, z => Math.Acos(z.Real)),
            "atan" => Real(x, z => Math.Atan(z.Real)),
            "sinh" => x.Select(Complex.Sinh).ToArray(),
            "cosh" => x.Select(Complex.Cosh).ToArray(),
            "tanh" => x.Select(Complex.Tanh).ToArray(),
            // Principal branches, as C99's casinh/cacosh/catanh that ngspice calls for complex vectors.
            "asinh" => x.Select(z => z.Imaginary == 0 ? Math.Asinh(z.Real) : Complex.Log(z + Complex.Sqrt(z * z + 1))).ToArray(),
            "acosh" => x.Select(z => z.Imaginary == 0 && z.Real >= 1 ? Math.Acosh(z.Real) : Complex.Log(z + Complex.Sqrt(z + 1) * Complex.Sqrt(z - 1))).ToArray(),
            "atanh" => x.Select(z => z.Imaginary == 0 && Math.Abs(z.Real) <= 1 ? Math.Atanh(z.Real) : 0.5 * (Complex.Log(1 + z) - Complex.Log(1 - z))).ToArray(),
            "floor" => Real(x, z => Math.Floor(z.Real)),
            "ceil" => Real(x, z => Math.Ceiling(z.Real)),
            "nint" => Real(x, z => Math.Round(z.Real, MidpointRounding.AwayFromZero)),
            "sgn" => Real(x, z => Math.Sign(z.Real)),
            "real" => Real(x, z => z.Real),
            "imag" => Real(x, z => z.Imaginary),
            "ph" or "phase" => Real(x, z => z.Phase),
            "cph" => UnwrappedPhase(x),
            "db" => Real(x, z => 20 * Math.Log10(z.Magnitude)),
            "mean" or "avg" => [x.Aggregate(Complex.Zero, (a, b) => a + b) / x.Length],
            "length" => [x.Length],
            "sum" => [x.Aggregate(Complex.Zero, (a, b) => a + b)],
            "vecmax" or "maximum" => [x.Max(z => z.Real)],
            "vecmin" or "minimum" => [x.Min(z => z.Real)],
            "vector" or "unitvec" => Range(name, x[0].Real),
            "vecd" => Differences(x),
            "pos" => Real(x, z => z.Real > 0 ? 1 : 0),
            "deriv" => throw Error("deriv() needs the scale of the plot", "not supported in .control expressions"),
            _ => throw Error($"unknown function '{name}'", ""),
        };
    }

    /// <summary>
    /// ngspice's vecd (cmath2.c): central differences x[k+1] − x[k−1] inside, one-sided x[1] − x[0] and
    /// x[n−1] − x[n−2] at the ends (not divided by any step); a one-point vector has no difference.
    /// </summary>
    private Complex[] Differences(Complex[] x)
    {
        if (x.Length < 2) throw Error("vecd() needs a vector of at least two points", "vecd(time) of a transient plot, for example");
        var d = new Complex[x.Length];
        d[0] = x[1] - x[0];
        d[^1] = x[^1] - x[^2];
        for (int k = 1; k < x.Length - 1; k++) d[k] = x[k + 1] - x[k - 1];
        return d;
    }

    private static Complex[] Real(Complex[] x, Func<Complex, double> f)
    {
        var r = new Complex[x.Length];
        for (int k = 0; k < x.Length; k++) r[k] = f(x[k]);
        return r;
    }

    /// <summary>Phase in radians along the vector with jumps of more than π removed (ngspice's cph).</summary>
    private static Complex[] UnwrappedPhase(Complex[] x)
    {
        var r = new Complex[x.Length];
        double offset = 0, previous = 0;
        for (int k = 0; k < x.Length; k++)
        {
            double p = x[k].Phase;
            if (k > 0)
            {
                while (p + offset - previous > Math.PI) offset -= 2 * Math.PI;
                while (p + offset - previous < -Math.PI) offset += 2 * Math.PI;
            }
            previous = p + offset;
            r[k] = previous;
        }
        return r;
    }

    private Complex[] Range(string name, double n)
    {
        if (!(n >= 0) || n > MaxVectorLength) throw Error($"{name}({n:G6}): the length must be 0 to {MaxVectorLength}", "");
        int count = (int)n;
        return name == "vector" ? Enumerable.Range(0, count).Select(k => new Complex(k, 0)).ToArray() : Enumerable.Repeat(Complex.One, count).ToArray();
    }

    /// <summary>Elementwise; a one-element operand is broadcast, otherwise the shorter length is taken (as ngspice does).</summary>
    private static Complex[] Map(Complex[] a, Complex[] b, Func<Complex, Complex, Complex> f)
    {
        if (a.Length == 1) return b.Select(y => f(a[0], y)).ToArray();
        if (b.Length == 1) return a.Select(x => f(x, b[0])).ToArray();
        int n = Math.Min(a.Length, b.Length);
        var r = new Complex[n];
        for (int k = 0; k < n; k++) r[k] = f(a[k], b[k]);
        return r;
    }

    /// <summary>Real powers of a real base stay real (as C's pow, NaN for a negative base and a fractional exponent).</summary>
    private static Complex Power(Complex a, Complex b) =>
        a.Imaginary == 0 && b.Imaginary == 0 ? Math.Pow(a.Real, b.Real) : Complex.Pow(a, b);

    /// <summary>Reads <c>define name(p1, p2, ...) body</c> (whose first character stands at <paramref name="at"/>).</summary>
    public static (string Name, UserFunction Function) ReadDefinition(string text, SourceLocation at)
    {
        var m = DefinitionShape.Match(text);
        if (!m.Success)
            throw new NetlistException(at, text, "malformed define", "define name(arg1, arg2, ...) expression");
        var parameters = m.Groups[2].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.ToLowerInvariant()).ToList();
        if (parameters.Any(p => !Regex.IsMatch(p, @"^[a-z_]\w*$")) || parameters.Distinct().Count() != parameters.Count)
            throw new NetlistException(at, m.Groups[2].Value, "the arguments of define must be distinct plain names", "define name(arg1, arg2, ...) expression");
        var body = m.Groups[3];
        return (m.Groups[1].Value.ToLowerInvariant(), new UserFunction(parameters, body.Value.TrimEnd(), at.Offset(body.Index)));
    }

    private static readonly Regex DefinitionShape =
        new(@"^\s*([A-Za-z_]\w*)\s*\(([^)]*)\)\s*(\S.*)$", RegexOptions.CultureInvariant | RegexOptions.Singleline);

    /// <summary>
    /// A value as ngspice's $&amp;vector substitution writes it: the elements separated by spaces, each its real part
    /// (as ngspice, which substitutes the real part of a complex vector).
    /// </summary>
    public static string Format(Complex[] value) => string.Join(' ', value.Select(v => v.Real.ToString("R", CultureInfo.InvariantCulture)));
}

/// <summary>A function made with the .control command <c>define</c>: its parameter names (lower case), body text and where the body stands.</summary>
/// <param name="Parameters">Parameter names, lower case, in order.</param>
/// <param name="Body">The expression text.</param>
/// <param name="Location">Where the body's first character stands (errors inside it point there).</param>
internal sealed record UserFunction(IReadOnlyList<string> Parameters, string Body, SourceLocation Location);
