using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Expressions;

namespace MemristorSpice.Netlist.Reading;

/// <summary>
/// Prepares a behavioral expression for one flattened instance: parameters become their numbers, .func calls
/// are inlined, and v(node) / i(source) get the instance's hierarchical names. What remains refers only to
/// circuit quantities and built-in variables (time, temper) and functions.
/// </summary>
internal sealed class ExpressionBinder(ParameterScope scope, NodeNamer namer)
{
    private const int MaxInlineDepth = 50;
    private const int MaxNodes = 100_000;

    private int _nodes;

    /// <summary>
    /// When set, every parameter and function look-up the binding makes, in order, with its outcome: replaying them in
    /// another scope and getting the same outcomes means binding there gives the same tree (<see cref="BindingCache"/>).
    /// </summary>
    public List<ScopeLookup>? Lookups { get; init; }

    public static readonly IReadOnlySet<string> CircuitVariables = new HashSet<string> { "time", "temper", "hertz" };

    private static readonly Dictionary<string, Expr> NoArguments = [];

    public Expr Bind(Expr expr) => Bind(expr, NoArguments, 0);

    private Expr Bind(Expr expr, IReadOnlyDictionary<string, Expr> arguments, int depth)
    {
        if (++_nodes > MaxNodes)
            throw new NetlistException(expr.Location, expr.ToString(), "expression too large after inlining .func calls", "simplify the functions");
        if (depth > MaxInlineDepth)
            throw new NetlistException(expr.Location, expr.ToString(), "functions nested too deeply (recursive .func?)", ".func bodies cannot call themselves");
        switch (expr)
        {
            case NumberExpr:
                return expr;
            case IdentifierExpr id when arguments.TryGetValue(id.Name, out var argument):
                return argument;
            case IdentifierExpr id when Variable(id.Name, out double value):
                return new NumberExpr(value, id.Location);
            case IdentifierExpr { Name: "temp" } id:
                // PSpice's TEMP (vendor macromodels): the circuit temperature in °C, ngspice's temper.
                return new IdentifierExpr("temper", id.Location);
            case IdentifierExpr id when CircuitVariables.Contains(id.Name) || BuiltinFunctions.TryGetConstant(id.Name, out _):
                return id;
            case IdentifierExpr id:
                throw new NetlistException(id.Location, id.Name, $"unknown parameter '{id.Name}'", "define it with .param or check the spelling");
            case UnaryExpr u:
                return u with { Operand = Bind(u.Operand, arguments, depth) };
            case BinaryExpr b:
                return b with { Left = Bind(b.Left, arguments, depth), Right = Bind(b.Right, arguments, depth) };
            case ConditionalExpr c:
                return c with { Condition = Bind(c.Condition, arguments, depth), WhenTrue = Bind(c.WhenTrue, arguments, depth), WhenFalse = Bind(c.WhenFalse, arguments, depth) };
            case VoltageExpr v:
                return v with { Node = namer.Node(v.Node), Reference = v.Reference is null ? null : namer.Node(v.Reference) };
            case CurrentExpr i:
                return i with { Element = namer.Element(i.Element) };
            case CallExpr call:
                var args = new Expr[call.Arguments.Count];
                for (int k = 0; k < args.Length; k++) args[k] = Bind(call.Arguments[k], arguments, depth);
                var user = scope.FindFunction(call.Name);
                Lookups?.Add(new ScopeLookup(call.Name, IsFunction: true, user is not null, 0, user));
                if (user is null)
                {
                    if (ConditionalFunctions.TryRewrite(call.Name, args, call.Location) is { } rewritten) return rewritten;
                    if (!BuiltinFunctions.TryGet(call.Name, out _))
                        throw new NetlistException(call.Location, call.Name, $"unknown function '{call.Name}'", "define it with .func or check the spelling");
                    return new CallExpr(call.Name, args, call.Location);
                }
                if (args.Length != user.Parameters.Count)
                    throw new NetlistException(call.Location, call.ToString(), $"function '{user.Name}' takes {user.Parameters.Count} argument(s), not {args.Length}", $"defined at {user.Location}");
                var inner = new Dictionary<string, Expr>(StringComparer.Ordinal);
                for (int k = 0; k < args.Length; k++) inner[user.Parameters[k]] = args[k];
                return Bind(user.Body, inner, depth + 1);
            default:
                throw new NetlistException(expr.Location, expr.ToString(), "unsupported expression", "");
        }
    }

    private bool Variable(string name, out double value)
    {
        bool found = scope.TryGetVariable(name, out value);
        Lookups?.Add(new ScopeLookup(name, IsFunction: false, found, value, null));
        return found;
    }
}

/// <summary>One look-up a binding made: a parameter (found or not, its value) or a .func (the definition found, or none).</summary>
internal readonly record struct ScopeLookup(string Name, bool IsFunction, bool Found, double Value, UserFunction? Function)
{
    /// <summary>True when <paramref name="scope"/> answers this look-up the same way (the same value bit for bit, the same .func definition).</summary>
    public bool Holds(ParameterScope scope)
    {
        if (IsFunction) return ReferenceEquals(scope.FindFunction(Name), Function);
        bool found = scope.TryGetVariable(Name, out double value);
        return found == Found && (!found || BitConverter.DoubleToInt64Bits(value) == BitConverter.DoubleToInt64Bits(Value));
    }
}
