using MemristorSpice.Netlist.Diagnostics;

namespace MemristorSpice.Netlist.Expressions;

/// <summary>
/// What an expression can see while it is evaluated: variables (parameters, function arguments, time),
/// user functions, and — for behavioral sources — node voltages and branch currents.
/// </summary>
internal interface IEvaluationContext
{
    bool TryGetVariable(string name, out double value);

    UserFunction? FindFunction(string name);

    double NodeVoltage(VoltageExpr reference);

    double BranchCurrent(CurrentExpr reference);
}

/// <summary>A <c>.func name(a, b) {body}</c> definition.</summary>
/// <param name="Name">Function name, lower-case.</param>
/// <param name="Parameters">Formal parameter names, lower-case, in order.</param>
/// <param name="Body">The body, evaluated with the arguments bound to the parameters.</param>
/// <param name="Location">Where the .func line was read.</param>
public sealed record UserFunction(string Name, IReadOnlyList<string> Parameters, Expr Body, SourceLocation Location);
