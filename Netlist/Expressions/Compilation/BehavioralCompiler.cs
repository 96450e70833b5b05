using System.Collections.Concurrent;
using System.Text;
using MemristorSpice.Engine.Behavioral;
using MemristorSpice.Netlist.Diagnostics;

namespace MemristorSpice.Netlist.Expressions.Compilation;

/// <summary>
/// Compiles a bound behavioral expression (parameters substituted, .func calls inlined by the reader) into a
/// <see cref="BehavioralFunction"/>: one System.Linq.Expressions delegate that computes the value and the exact
/// gradient over the referenced node voltages and branch currents by forward-mode differentiation, with common
/// sub-expressions computed once. Expressions that differ only in the names of their inputs (the same
/// subcircuit instantiated many times) share one compiled delegate.
/// </summary>
internal static class BehavioralCompiler
{
    private static readonly ConcurrentDictionary<string, (BehavioralEvaluator Evaluator, int Switches)> Cache = new();

    /// <summary>Compiles <paramref name="expr"/>; an unknown name or function is a <see cref="NetlistException"/> at its location.</summary>
    public static BehavioralFunction Compile(Expr expr)
    {
        var inputs = new InputCollector();
        inputs.Visit(expr);
        string key = inputs.ShapeOf(expr);
        var (evaluator, switches) = Cache.GetOrAdd(key, _ => new DualEmitter(inputs).Compile(expr));
        return new BehavioralFunction(inputs.Inputs, evaluator, expr.ToString) { SwitchCount = switches, ReadsFrequency = ReadsHertz(expr) };
    }

    /// <summary>True when the expression names hertz (the .ac frequency).</summary>
    private static bool ReadsHertz(Expr expr) => expr.Any(e => e is IdentifierExpr { Name: "hertz" });

    /// <summary>True for the names that mean the reference node.</summary>
    internal static bool IsGround(string node) => node is "0" or "gnd";
}

/// <summary>Finds the distinct node voltages and branch currents an expression reads, in order of appearance.</summary>
internal sealed class InputCollector
{
    private readonly List<BehavioralInput> _inputs = [];
    private readonly Dictionary<BehavioralInput, int> _index = new();

    public IReadOnlyList<BehavioralInput> Inputs => _inputs;

    public int IndexOf(BehavioralInput input) => _index[input];

    public void Visit(Expr expr)
    {
        switch (expr)
        {
            case VoltageExpr v:
                Add(v.Node, BehavioralInputKind.NodeVoltage);
                if (v.Reference is not null) Add(v.Reference, BehavioralInputKind.NodeVoltage);
                break;
            case CurrentExpr i:
                Add(i.Element, BehavioralInputKind.BranchCurrent);
                break;
            case UnaryExpr u:
                Visit(u.Operand);
                break;
            case BinaryExpr b:
                Visit(b.Left); Visit(b.Right);
                break;
            case ConditionalExpr c:
                Visit(c.Condition); Visit(c.WhenTrue); Visit(c.WhenFalse);
                break;
            case CallExpr call:
                foreach (var a in call.Arguments) Visit(a);
                break;
        }
    }

    private void Add(string name, BehavioralInputKind kind)
    {
        if (kind == BehavioralInputKind.NodeVoltage && BehavioralCompiler.IsGround(name)) return;
        var input = new BehavioralInput(kind, name);
        if (_index.ContainsKey(input)) return;
        _index[input] = _inputs.Count;
        _inputs.Add(input);
    }

    /// <summary>The expression text with inputs replaced by their positions: equal shapes compile to the same code.</summary>
    public string ShapeOf(Expr expr)
    {
        var sb = new StringBuilder();
        Shape(expr, sb);
        return sb.ToString();
    }

    private void Shape(Expr expr, StringBuilder sb)
    {
        switch (expr)
        {
            case VoltageExpr v:
                sb.Append("v(").Append(Slot(v.Node, BehavioralInputKind.NodeVoltage));
                if (v.Reference is not null) sb.Append(',').Append(Slot(v.Reference, BehavioralInputKind.NodeVoltage));
                sb.Append(')');
                break;
            case CurrentExpr i:
                sb.Append("i(").Append(Slot(i.Element, BehavioralInputKind.BranchCurrent)).Append(')');
                break;
            case UnaryExpr u:
                sb.Append('(').Append(u.Op).Append(' ');
                Shape(u.Operand, sb);
                sb.Append(')');
                break;
            case BinaryExpr b:
                sb.Append('(');
                Shape(b.Left, sb);
                sb.Append(' ').Append(BinaryExpr.Symbol(b.Op)).Append(' ');
                Shape(b.Right, sb);
                sb.Append(')');
                break;
            case ConditionalExpr c:
                sb.Append('(');
                Shape(c.Condition, sb); sb.Append('?');
                Shape(c.WhenTrue, sb); sb.Append(':');
                Shape(c.WhenFalse, sb);
                sb.Append(')');
                break;
            case CallExpr call:
                sb.Append(call.Name).Append('(');
                for (int k = 0; k < call.Arguments.Count; k++)
                {
                    if (k > 0) sb.Append(',');
                    Shape(call.Arguments[k], sb);
                }
                sb.Append(')');
                break;
            default:
                sb.Append(expr);
                break;
        }
    }

    private string Slot(string name, BehavioralInputKind kind) =>
        kind == BehavioralInputKind.NodeVoltage && BehavioralCompiler.IsGround(name) ? "gnd" : "#" + _index[new BehavioralInput(kind, name)];
}
