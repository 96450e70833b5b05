using MemristorSpice.Netlist.Diagnostics;

namespace MemristorSpice.Netlist.Expressions;

/// <summary>
/// Evaluates an expression tree to a double. Used for parameters and element values at read time; the
/// engine's behavioral sources compile the same tree (Compilation/BehavioralCompiler) instead of walking it per time step.
/// Every failure (unknown name or function, wrong argument count, division by zero, NaN) is a
/// <see cref="NetlistException"/> at the offending sub-expression.
/// </summary>
internal static class ExpressionEvaluator
{
    /// <summary>Deepest nesting of sub-expressions and function bodies (guards the stack).</summary>
    private const int MaxDepth = 1500;

    /// <summary>Most sub-expressions evaluated for one top-level call (guards against exponential .func chains).</summary>
    private const int MaxSteps = 2_000_000;

    public static double Evaluate(Expr expr, IEvaluationContext context) => Evaluate(expr, context, 0, new Budget());

    private sealed class Budget
    {
        public int Steps;
    }

    private static double Evaluate(Expr expr, IEvaluationContext context, int depth, Budget budget)
    {
        if (++depth > MaxDepth)
            throw new NetlistException(expr.Location, expr.ToString(), "expression or function calls nested too deeply (recursive .func?)",
                ".func bodies cannot call themselves; split very long expressions");
        if (++budget.Steps > MaxSteps)
            throw new NetlistException(expr.Location, expr.ToString(), "expression too expensive to evaluate",
                "simplify chains of .func calls");
        double result = expr switch
        {
            NumberExpr n => n.Value,
            IdentifierExpr id => Variable(id, context),
            UnaryExpr u => Unary(u, Evaluate(u.Operand, context, depth, budget)),
            BinaryExpr b => Binary(b, context, depth, budget),
            ConditionalExpr c => Evaluate(c.Condition, context, depth, budget) != 0
                ? Evaluate(c.WhenTrue, context, depth, budget)
                : Evaluate(c.WhenFalse, context, depth, budget),
            CallExpr call => Call(call, context, depth, budget),
            VoltageExpr v => context.NodeVoltage(v),
            CurrentExpr i => context.BranchCurrent(i),
            _ => throw new NetlistException(expr.Location, expr.ToString(), "unknown expression kind", ""),
        };
        if (double.IsNaN(result) || double.IsInfinity(result))
            throw new NetlistException(expr.Location, expr.ToString(),
                $"expression evaluates to {(double.IsNaN(result) ? "NaN" : "infinity")}",
                "check the arguments of sqrt, log, pow and divisions");
        return result;
    }

    private static double Variable(IdentifierExpr id, IEvaluationContext context)
    {
        if (context.TryGetVariable(id.Name, out double value)) return value;
        if (BuiltinFunctions.TryGetConstant(id.Name, out value)) return value;
        throw new NetlistException(id.Location, id.Name, $"unknown parameter '{id.Name}'",
            "define it with .param, as a subcircuit parameter, or check the spelling");
    }

    private static double Unary(UnaryExpr u, double operand) => u.Op switch
    {
        UnaryOp.Negate => -operand,
        UnaryOp.Plus => operand,
        _ => operand == 0 ? 1 : 0,
    };

    private static double Binary(BinaryExpr b, IEvaluationContext context, int depth, Budget budget)
    {
        double left = Evaluate(b.Left, context, depth, budget);
        if (b.Op == BinaryOp.And && left == 0) return 0;
        if (b.Op == BinaryOp.Or && left != 0) return 1;
        double right = Evaluate(b.Right, context, depth, budget);
        return b.Op switch
        {
            BinaryOp.Add => left + right,
            BinaryOp.Subtract => left - right,
            BinaryOp.Multiply => left * right,
            BinaryOp.Divide => right == 0
                ? throw new NetlistException(b.Location, b.ToString(), "division by zero", "check the divisor")
                : left / right,
            // |x|^y, as ngspice 39 evaluates ^ and ** in .param and B sources ((-2)^3 = 8, (-2)**2.5 = 5.657).
            BinaryOp.Power => Math.Pow(Math.Abs(left), right),
            BinaryOp.Less => left < right ? 1 : 0,
            BinaryOp.LessEqual => left <= right ? 1 : 0,
            BinaryOp.Greater => left > right ? 1 : 0,
            BinaryOp.GreaterEqual => left >= right ? 1 : 0,
            BinaryOp.Equal => left == right ? 1 : 0,
            BinaryOp.NotEqual => left != right ? 1 : 0,
            BinaryOp.And => right != 0 ? 1 : 0,
            _ => right != 0 ? 1 : 0,
        };
    }

    private static double Call(CallExpr call, IEvaluationContext context, int depth, Budget budget)
    {
        var user = context.FindFunction(call.Name);
        if (user is not null) return CallUser(user, call, context, depth, budget);
        if (ConditionalFunctions.TryRewrite(call.Name, call.Arguments, call.Location) is { } rewritten)
            return Evaluate(rewritten, context, depth, budget);
        if (!BuiltinFunctions.TryGet(call.Name, out var builtin))
            throw new NetlistException(call.Location, call.Name, $"unknown function '{call.Name}'",
                "built-ins: " + string.Join(' ', BuiltinFunctions.Names.Concat(ConditionalFunctions.Names).Order()) + "; or define it with .func");
        // ngspice 39's parameter expressions accept min/max with one argument and compare it with 1 (measured:
        // max(0.5) = 1, max(3) = 3, min(5) = 1, min(0.3) = 0.3); ngspice's own example decks rely on max(x).
        if (call.Arguments.Count == 1 && call.Name is "min" or "max")
        {
            double x = Evaluate(call.Arguments[0], context, depth, budget);
            return call.Name == "max" ? Math.Max(x, 1) : Math.Min(x, 1);
        }
        if (call.Arguments.Count < builtin.MinArgs || call.Arguments.Count > builtin.MaxArgs)
            throw new NetlistException(call.Location, call.ToString(),
                $"function '{call.Name}' takes {ArgCount(builtin)} argument(s), not {call.Arguments.Count}", "");
        var args = call.Arguments.Select(a => Evaluate(a, context, depth, budget)).ToArray();
        return builtin.Apply(args);
    }

    private static double CallUser(UserFunction f, CallExpr call, IEvaluationContext context, int depth, Budget budget)
    {
        if (call.Arguments.Count != f.Parameters.Count)
            throw new NetlistException(call.Location, call.ToString(),
                $"function '{f.Name}' takes {f.Parameters.Count} argument(s), not {call.Arguments.Count}",
                $"defined at {f.Location}");
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        for (int k = 0; k < f.Parameters.Count; k++) values[f.Parameters[k]] = Evaluate(call.Arguments[k], context, depth, budget);
        return Evaluate(f.Body, new ArgumentContext(values, context), depth, budget);
    }

    private static string ArgCount(BuiltinFunctions.Function f) =>
        f.MinArgs == f.MaxArgs ? f.MinArgs.ToString() : f.MaxArgs == int.MaxValue ? $"at least {f.MinArgs}" : $"{f.MinArgs} to {f.MaxArgs}";

    /// <summary>A function body sees its arguments first, then everything its caller sees.</summary>
    private sealed class ArgumentContext(Dictionary<string, double> arguments, IEvaluationContext outer) : IEvaluationContext
    {
        public bool TryGetVariable(string name, out double value) =>
            arguments.TryGetValue(name, out value) || outer.TryGetVariable(name, out value);

        public UserFunction? FindFunction(string name) => outer.FindFunction(name);

        public double NodeVoltage(VoltageExpr reference) => outer.NodeVoltage(reference);

        public double BranchCurrent(CurrentExpr reference) => outer.BranchCurrent(reference);
    }
}
