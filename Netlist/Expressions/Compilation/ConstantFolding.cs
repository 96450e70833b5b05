using MemristorSpice.Netlist.Diagnostics;

namespace MemristorSpice.Netlist.Expressions.Compilation;

/// <summary>Evaluates a sub-expression that must not depend on the circuit (pwl tables and the like).</summary>
internal static class ConstantFolding
{
    public static double Evaluate(Expr expr, string what)
    {
        try
        {
            return ExpressionEvaluator.Evaluate(expr, NoCircuit.Instance);
        }
        catch (NetlistException)
        {
            throw new NetlistException(expr.Location, expr.ToString(), $"{what} must be constants",
                "use numbers or parameters here; only the first argument of pwl may depend on v(), i() or time");
        }
    }

    private sealed class NoCircuit : IEvaluationContext
    {
        public static readonly NoCircuit Instance = new();

        public bool TryGetVariable(string name, out double value)
        {
            value = 0;
            return false;
        }

        public UserFunction? FindFunction(string name) => null;

        public double NodeVoltage(VoltageExpr reference) => throw new NetlistException(reference.Location, reference.ToString(), "not constant", "");

        public double BranchCurrent(CurrentExpr reference) => throw new NetlistException(reference.Location, reference.ToString(), "not constant", "");
    }
}
