using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Expressions;
using MemristorSpice.Netlist.Model;
using MemristorSpice.Netlist.Reading;

namespace MemristorSpice.Netlist.Elements;

/// <summary>
/// B: behavioral voltage (IsVoltage) or current source; also what E/G value=, TABLE and POLY and F/H POLY cards read
/// into. Compiled by BehavioralCompiler and run by the engine.
/// </summary>
internal sealed record BehavioralSourceElement(string Name, string Positive, string Negative, bool IsVoltage, Expr Expression) : TwoTerminal(Name, Positive, Negative)
{
    public override Element WithNodes(IReadOnlyList<string> nodes) => this with { Positive = nodes[0], Negative = nodes[1] };

    private Expr? _expression = Expression;
    private SharedExpression? _shared;

    /// <summary>
    /// A source inside a subcircuit instance whose expression is shared with the other instances
    /// (<see cref="BindingCache"/>): the tree is made from the shared template on first use.
    /// </summary>
    public BehavioralSourceElement(string name, string positive, string negative, bool isVoltage, SharedExpression shared)
        : this(name, positive, negative, isVoltage, (Expr)null!) => _shared = shared;

    /// <summary>The bound expression (this instance's node and element names); setting it drops any shared template.</summary>
    public Expr Expression
    {
        get => _expression ??= _shared!.Materialize();
        init
        {
            _expression = value;
            _shared = null;
        }
    }

    /// <summary>The shared template and this instance's naming, when the expression came from one; elaboration compiles it once per template.</summary>
    public SharedExpression? Shared => _shared;

    /// <summary>
    /// For an F/H POLY card read into this source: the card after the output nodes ("poly(1) vs 0 2"), which the writer
    /// prints because F and H lines take no value= in ngspice. Null for every other source.
    /// </summary>
    public string? PolyCard { get; init; }

    /// <summary>First-order temperature coefficient of the output, 1/°C (ngspice's B-source tc1=).</summary>
    public double Tc1 { get; init; }

    /// <summary>Second-order temperature coefficient of the output, 1/°C² (tc2=).</summary>
    public double Tc2 { get; init; }

    /// <summary>The source's own temperature, °C (temp=), null for the circuit's.</summary>
    public double? Temp { get; init; }

    /// <summary>Offset from the circuit temperature, °C (dtemp=), used when <see cref="Temp"/> is not given.</summary>
    public double Dtemp { get; init; }

    /// <summary>
    /// The expression times 1 + TC1·ΔT + TC2·ΔT², ΔT = (temp, else circuit temperature + dtemp) − TNOM, as ngspice 39's
    /// asrc (measured: V=v(x)*3 tc1=0.01 tc2=1e-4 at 77 °C is 1.75 times 6 V); the expression itself when TC1 = TC2 = 0.
    /// </summary>
    public Expr ScaledExpression(double celsius, double nominalCelsius)
    {
        if (Tc1 == 0 && Tc2 == 0) return Expression;
        double dt = (Temp ?? celsius + Dtemp) - nominalCelsius;
        return new BinaryExpr(BinaryOp.Multiply, Expression, new NumberExpr(1 + Tc1 * dt + Tc2 * dt * dt, Expression.Location), Expression.Location);
    }

    public bool Equals(BehavioralSourceElement? other) =>
        other is not null && Name == other.Name && Positive == other.Positive && Negative == other.Negative &&
        IsVoltage == other.IsVoltage && Expression.ToString() == other.Expression.ToString() &&
        Tc1.Equals(other.Tc1) && Tc2.Equals(other.Tc2) && Temp.Equals(other.Temp) && Dtemp.Equals(other.Dtemp);

    public override int GetHashCode() => HashCode.Combine(Name, Positive, Negative);
}

/// <summary>B cards (<c>V={expr}</c> or <c>I={expr}</c>); written back under the letter the card had (B, E, G, F or H).</summary>
internal sealed class BehavioralSourceKind : ElementKind<BehavioralSourceElement>
{
    public override char? Letter => 'b';

    public override Element Read(ElementCard card)
    {
        const string usage = "B<name> n+ n- V={expr} or I={expr} [tc1=a] [tc2=b] [tc=a,b] [temp=T] [dtemp=dT]";
        var reader = card.Reader;
        var (a, b) = card.TwoNodes(usage);
        var kind = reader.Next("V= or I=", usage);
        if (!(kind.Is("v") || kind.Is("i")) || reader.AtEnd || reader.Peek!.Kind != TokenKind.Equals)
            throw reader.Error(kind, "expected V= or I=", usage);
        reader.Position++;
        var pair = reader.TakePair("tc", usage);
        // The expression runs up to the first instance parameter (tc1=, tc2=, tc=, temp=, dtemp=) or the end of the line.
        int start = reader.Position;
        int FindEnd()
        {
            int end = start;
            while (end < reader.Tokens.Count && !(reader.IsAssignmentAt(end) && InstanceParameters.Contains(reader.Tokens[end].Text.ToLowerInvariant()) &&
                                                    (end + 2 >= reader.Tokens.Count || reader.Tokens[end + 2].Kind != TokenKind.Equals)))
                end++;
            return end;
        }
        // Inside a subcircuit the parsed line is shared by every instance (and its binding by those with the same
        // parameter values); elsewhere, or without a cache, the expression is parsed here and bound below, as always.
        var cache = card.Namer.Path.Length > 0 && start < reader.Tokens.Count ? card.Sharing : null;
        var parsed = cache?.Parse(reader.Tokens, start, FindEnd);
        int end = parsed?.End ?? FindEnd();
        var expr = parsed is null ? ValueTokens.ToExpression(reader.Tokens, start, end) : null;
        reader.Position = end;
        var extra = reader.Assignments(InstanceParameters, usage);
        if (pair is { } p)
        {
            if (extra.ContainsKey("tc1") || extra.ContainsKey("tc") || extra.ContainsKey("tc2"))
                throw reader.Error(reader.Statement.Head, "temperature coefficient given twice (tc=a,b and tc1=/tc2=)", usage);
            extra["tc1"] = p.First;
            extra["tc2"] = p.Second;
        }
        if (extra.ContainsKey("tc1") && extra.ContainsKey("tc"))
            throw reader.Error(reader.Statement.Head, "first-order temperature coefficient given twice (tc1= and tc=)", usage);
        var (shared, own) = parsed is null ? (null, new ExpressionBinder(reader.Scope, card.Namer).Bind(expr!)) : cache!.Bind(parsed, reader.Scope, card.Namer);
        double tc1 = extra.TryGetValue("tc1", out var first) ? first : extra.GetValueOrDefault("tc"), tc2 = extra.GetValueOrDefault("tc2");
        double? temp = extra.TryGetValue("temp", out var t) ? t : null;
        double dtemp = extra.GetValueOrDefault("dtemp");
        return shared is null
            ? new BehavioralSourceElement(card.Name, a, b, kind.Is("v"), own!) { Tc1 = tc1, Tc2 = tc2, Temp = temp, Dtemp = dtemp }
            : new BehavioralSourceElement(card.Name, a, b, kind.Is("v"), shared) { Tc1 = tc1, Tc2 = tc2, Temp = temp, Dtemp = dtemp };
    }

    /// <summary>Instance parameters of a B line after its expression.</summary>
    private static readonly HashSet<string> InstanceParameters = ["tc1", "tc2", "tc", "temp", "dtemp"];

    protected override IEnumerable<string> FormatValues(BehavioralSourceElement b)
    {
        if (b.PolyCard is { } poly)
        {
            yield return poly;
            yield break;
        }
        // E and G cards (value= in the source) keep their letter, and ngspice reads only value= on them.
        bool controlled = char.ToLowerInvariant(b.Name[0]) is 'e' or 'g';
        yield return (controlled ? "value={" : b.IsVoltage ? "V={" : "I={") + b.Expression + "}";
        if (b.Tc1 != 0) yield return "tc1=" + N(b.Tc1);
        if (b.Tc2 != 0) yield return "tc2=" + N(b.Tc2);
        if (b.Temp is { } temp) yield return "temp=" + N(temp);
        if (b.Dtemp != 0) yield return "dtemp=" + N(b.Dtemp);
    }

    protected override bool HasBranchCurrent(BehavioralSourceElement element) => element.IsVoltage;

    protected override Expr? CurrentExpression(BehavioralSourceElement element, SourceLocation at, SimulationOptions options) =>
        element.IsVoltage ? null : element.ScaledExpression(options.TemperatureCelsius, options.NominalCelsius);

    protected override Engine.Core.Entity ToEngine(BehavioralSourceElement b, ElaborationContext context) =>
        new Engine.Behavioral.BehavioralSource(b.Name, b.Positive, b.Negative, b.IsVoltage,
            b.Shared is { } shared && b.Tc1 == 0 && b.Tc2 == 0
                ? context.Compile(b, shared)
                : context.Compile(b, b.ScaledExpression(context.Celsius, context.NominalCelsius)));
}
