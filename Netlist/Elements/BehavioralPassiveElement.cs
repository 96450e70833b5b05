using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Expressions;
using MemristorSpice.Netlist.Model;
using MemristorSpice.Netlist.Reading;

namespace MemristorSpice.Netlist.Elements;

/// <summary>Which passive a <see cref="BehavioralPassiveElement"/> is.</summary>
internal enum PassiveKind { Resistor, Capacitor, Inductor }

/// <summary>
/// R, C or L whose value is an expression of v(), i() or time (<c>r={expr}</c>, <c>c={expr}</c>,
/// <c>l={expr}</c>); <see cref="Initial"/> is the IC (V for C, A for L). Evaluated by the engine.
/// </summary>
internal sealed record BehavioralPassiveElement(string Name, string Positive, string Negative, PassiveKind Kind, Expr Expression, double? Initial = null)
    : TwoTerminal(Name, Positive, Negative)
{
    public override Element WithNodes(IReadOnlyList<string> nodes) => this with { Positive = nodes[0], Negative = nodes[1] };

    /// <summary>The instance parameter that holds the expression: r, c or l.</summary>
    public string Key => Kind switch { PassiveKind.Resistor => "r", PassiveKind.Capacitor => "c", _ => "l" };

    public bool Equals(BehavioralPassiveElement? other) =>
        other is not null && Name == other.Name && Positive == other.Positive && Negative == other.Negative &&
        Kind == other.Kind && Initial == other.Initial && Expression.ToString() == other.Expression.ToString();

    public override int GetHashCode() => HashCode.Combine(Name, Positive, Negative, Kind);
}

/// <summary>Behavioral R, C and L: read by the R, C and L kinds through <see cref="BehavioralPassiveReader"/>; written and elaborated here.</summary>
internal sealed class BehavioralPassiveKind : ElementKind<BehavioralPassiveElement>
{
    protected override IEnumerable<string> FormatValues(BehavioralPassiveElement bp)
    {
        yield return bp.Key + "={" + bp.Expression + "}";
        if (bp.Initial is { } initial) yield return "ic=" + N(initial);
    }

    protected override bool HasBranchCurrent(BehavioralPassiveElement element) => element.Kind == PassiveKind.Inductor;

    protected override Expr? CurrentExpression(BehavioralPassiveElement element, SourceLocation at, SimulationOptions options) =>
        element.Kind == PassiveKind.Resistor ? new BinaryExpr(BinaryOp.Divide, Across(element, at), element.Expression, at) : null;

    protected override Engine.Core.Entity ToEngine(BehavioralPassiveElement p, ElaborationContext context)
    {
        var f = context.Compile(p, p.Expression);
        return p.Kind switch
        {
            PassiveKind.Resistor => new Engine.Behavioral.BehavioralResistor(p.Name, p.Positive, p.Negative, f),
            PassiveKind.Capacitor => new Engine.Behavioral.BehavioralCapacitor(p.Name, p.Positive, p.Negative, f, p.Initial),
            _ => new Engine.Behavioral.BehavioralInductor(p.Name, p.Positive, p.Negative, f, p.Initial),
        };
    }
}

/// <summary>
/// Recognizes R, C and L cards whose value depends on the circuit — <c>R1 a b r={v(x)}</c>, <c>C1 a b {1p*(1+v(c))}</c>
/// — and reads them as a <see cref="BehavioralPassiveElement"/>. Cards with constant values are left to the ordinary
/// readers (returns null without consuming anything).
/// </summary>
internal static class BehavioralPassiveReader
{
    public static BehavioralPassiveElement? TryRead(ElementCard element, string a, string b, PassiveKind kind)
    {
        var card = element.Reader;
        var tokens = card.Tokens;
        int k = card.Position;
        string[] keys = kind switch
        {
            PassiveKind.Resistor => ["r", "resistance"],
            PassiveKind.Capacitor => ["c", "capacitance"],
            _ => ["l", "inductance"],
        };
        Expr? value = null;
        if (k < tokens.Count && !card.IsAssignmentAt(k))
        {
            if (tokens[k].Kind != TokenKind.Expression) return null;
            var positional = ExpressionParser.Parse(tokens[k].Text, tokens[k].Location.Offset(1));
            if (!ReadsCircuit(positional)) return null;
            value = positional;
            k++;
        }
        if (value is null && !HasBehavioralAssignment(tokens, k, keys)) return null;
        double? initial = null;
        double multiplier = 1;
        foreach (var definition in ValueTokens.Assignments(tokens, k, card.Statement.Head.Text))
        {
            if (keys.Contains(definition.Name) && value is null) value = definition.Value;
            else if (definition.Name == "ic" && kind != PassiveKind.Resistor) initial = card.Scope.Evaluate(definition.Value);
            else if (definition.Name == "m") multiplier = card.Scope.Evaluate(definition.Value);
            else
                throw new NetlistException(definition.Location, definition.Name, $"unknown or repeated instance parameter '{definition.Name}'",
                    "a behavioral " + kind.ToString().ToLowerInvariant() + " takes " + keys[0] + "={expr}" + (kind == PassiveKind.Resistor ? "" : " ic=") + " m=");
        }
        card.Position = tokens.Count;
        var bound = new ExpressionBinder(card.Scope, element.Namer).Bind(value!);
        if (multiplier != 1)
        {
            var m = new NumberExpr(multiplier, bound.Location);
            bound = new BinaryExpr(kind == PassiveKind.Capacitor ? BinaryOp.Multiply : BinaryOp.Divide, bound, m, bound.Location);
        }
        return new BehavioralPassiveElement(element.Name, a, b, kind, bound, initial);
    }

    private static bool HasBehavioralAssignment(IReadOnlyList<Token> tokens, int start, string[] keys)
    {
        for (int k = start; k + 2 < tokens.Count; k++)
        {
            if (tokens[k].Kind == TokenKind.Word && tokens[k + 1].Kind == TokenKind.Equals && keys.Any(tokens[k].Is) &&
                tokens[k + 2].Kind == TokenKind.Expression &&
                ReadsCircuit(ExpressionParser.Parse(tokens[k + 2].Text, tokens[k + 2].Location.Offset(1))))
                return true;
        }
        return false;
    }

    /// <summary>True if the expression reads v(), i() or time, so it must be evaluated during the simulation.</summary>
    public static bool ReadsCircuit(Expr expr) => expr.Any(e => e is VoltageExpr or CurrentExpr or IdentifierExpr { Name: "time" });
}
