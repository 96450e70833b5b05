using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Expressions;
using MemristorSpice.Netlist.Model;

namespace MemristorSpice.Netlist.Reading;

/// <summary>
/// Recognizes R, C and L cards whose value depends on the circuit — <c>R1 a b r={v(x)}</c>, <c>C1 a b {1p*(1+v(c))}</c>
/// — and reads them as a <see cref="BehavioralPassive"/>. Cards with constant values are left to the ordinary
/// readers (returns null without consuming anything).
/// </summary>
public static class BehavioralPassiveReader
{
    public static BehavioralPassive? TryRead(CardReader card, NodeNamer namer, string name, string a, string b, PassiveKind kind)
    {
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
        var bound = new ExpressionBinder(card.Scope, namer).Bind(value!);
        if (multiplier != 1)
        {
            var m = new NumberExpr(multiplier, bound.Location);
            bound = new BinaryExpr(kind == PassiveKind.Capacitor ? BinaryOp.Multiply : BinaryOp.Divide, bound, m, bound.Location);
        }
        return new BehavioralPassive(name, a, b, kind, bound, initial);
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
    public static bool ReadsCircuit(Expr expr) => expr switch
    {
        VoltageExpr or CurrentExpr => true,
        IdentifierExpr id => id.Name == "time",
        UnaryExpr u => ReadsCircuit(u.Operand),
        BinaryExpr b => ReadsCircuit(b.Left) || ReadsCircuit(b.Right),
        ConditionalExpr c => ReadsCircuit(c.Condition) || ReadsCircuit(c.WhenTrue) || ReadsCircuit(c.WhenFalse),
        CallExpr call => call.Arguments.Any(ReadsCircuit),
        _ => false,
    };
}
