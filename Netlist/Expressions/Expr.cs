using System.Globalization;
using MemristorSpice.Netlist.Diagnostics;

namespace MemristorSpice.Netlist.Expressions;

/// <summary>
/// Expression tree shared by .param, element values and behavioral sources. Nodes are immutable;
/// <see cref="ToString"/> prints an expression that parses back to the same tree.
/// </summary>
/// <param name="Location">Where the expression (or this part of it) was written, for error messages.</param>
public abstract record Expr(SourceLocation Location)
{
    /// <summary>True when <paramref name="match"/> holds for this node or any node below it (operands, branches, call arguments).</summary>
    internal bool Any(Func<Expr, bool> match) => match(this) || this switch
    {
        UnaryExpr u => u.Operand.Any(match),
        BinaryExpr b => b.Left.Any(match) || b.Right.Any(match),
        ConditionalExpr c => c.Condition.Any(match) || c.WhenTrue.Any(match) || c.WhenFalse.Any(match),
        CallExpr call => call.Arguments.Any(a => a.Any(match)),
        _ => false,
    };
}

internal sealed record NumberExpr(double Value, SourceLocation Location) : Expr(Location)
{
    public override string ToString()
    {
        // A negative literal prints as negation of its magnitude, which the parser folds back into one literal.
        return double.IsNegative(Value)
            ? "(-(" + (-Value).ToString("R", CultureInfo.InvariantCulture) + "))"
            : Value.ToString("R", CultureInfo.InvariantCulture);
    }
}

/// <summary>A name: a parameter, a function argument, or a built-in variable such as <c>time</c>.</summary>
internal sealed record IdentifierExpr(string Name, SourceLocation Location) : Expr(Location)
{
    public override string ToString() => Name;
}

internal enum UnaryOp { Negate, Plus, Not }

internal sealed record UnaryExpr(UnaryOp Op, Expr Operand, SourceLocation Location) : Expr(Location)
{
    /// <summary>Fully parenthesized: as the left operand of ^, -(x) must not read as -(x ^ y).</summary>
    public override string ToString() => "(" + (Op switch { UnaryOp.Negate => "-", UnaryOp.Plus => "+", _ => "!" }) + "(" + Operand + "))";
}

internal enum BinaryOp { Add, Subtract, Multiply, Divide, Power, Less, LessEqual, Greater, GreaterEqual, Equal, NotEqual, And, Or }

internal sealed record BinaryExpr(BinaryOp Op, Expr Left, Expr Right, SourceLocation Location) : Expr(Location)
{
    public static string Symbol(BinaryOp op) => op switch
    {
        BinaryOp.Add => "+", BinaryOp.Subtract => "-", BinaryOp.Multiply => "*", BinaryOp.Divide => "/",
        BinaryOp.Power => "^", BinaryOp.Less => "<", BinaryOp.LessEqual => "<=", BinaryOp.Greater => ">",
        BinaryOp.GreaterEqual => ">=", BinaryOp.Equal => "==", BinaryOp.NotEqual => "!=", BinaryOp.And => "&&",
        _ => "||",
    };

    public override string ToString() => "(" + Left + " " + Symbol(Op) + " " + Right + ")";
}

internal sealed record ConditionalExpr(Expr Condition, Expr WhenTrue, Expr WhenFalse, SourceLocation Location) : Expr(Location)
{
    public override string ToString() => "(" + Condition + " ? " + WhenTrue + " : " + WhenFalse + ")";
}

/// <summary>A call of a built-in or user (.func) function.</summary>
internal sealed record CallExpr(string Name, IReadOnlyList<Expr> Arguments, SourceLocation Location) : Expr(Location)
{
    public override string ToString() => Name + "(" + string.Join(", ", Arguments) + ")";

    public bool Equals(CallExpr? other) =>
        other is not null && Name == other.Name && Arguments.SequenceEqual(other.Arguments);

    public override int GetHashCode() => HashCode.Combine(Name, Arguments.Count);
}

/// <summary><c>v(node)</c> or <c>v(node, reference)</c>: a node voltage or the difference of two.</summary>
internal sealed record VoltageExpr(string Node, string? Reference, SourceLocation Location) : Expr(Location)
{
    public override string ToString() => Reference is null ? $"v({Node})" : $"v({Node}, {Reference})";
}

/// <summary><c>i(vname)</c>: the branch current of a voltage source (or another current-defined element).</summary>
internal sealed record CurrentExpr(string Element, SourceLocation Location) : Expr(Location)
{
    public override string ToString() => $"i({Element})";
}
