using System.Linq.Expressions;

namespace MemristorSpice.Netlist.Expressions.Compilation;

/// <summary>
/// Forward-mode value of a sub-expression while code is generated: the expression tree computing its value
/// and, per input, the tree computing its partial derivative (null = structurally zero).
/// </summary>
internal sealed record Dual(Expression Value, Expression?[] Derivatives)
{
    public static Dual Constant(double value, int inputs) => new(Expression.Constant(value), new Expression?[inputs]);
}
