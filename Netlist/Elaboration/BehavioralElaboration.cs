using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Expressions;
using MemristorSpice.Netlist.Expressions.Compilation;
using MemristorSpice.Netlist.Model;

namespace MemristorSpice.Netlist.Elaboration;

/// <summary>
/// Turns a behavioral expression of an element into the engine's compiled function, after checking that every
/// v(node) names a node of the circuit and every i(name) an element with a branch current (V, E, H, L, B with
/// V=). A bad reference is a <see cref="NetlistException"/> at the v()/i() in the source.
/// </summary>
internal sealed class BehavioralElaboration(NetlistCircuit netlist)
{
    private HashSet<string>? _nodes;
    private Dictionary<string, Element>? _elements;

    public Engine.Behavioral.BehavioralFunction Compile(Element owner, Expr expr)
    {
        _nodes ??= netlist.NodeNames().ToHashSet();
        _elements ??= netlist.Elements.ToDictionary(e => e.Name);
        Check(owner, expr);
        return BehavioralCompiler.Compile(expr);
    }

    private void Check(Element owner, Expr expr)
    {
        switch (expr)
        {
            case VoltageExpr v:
                CheckNode(owner, v, v.Node);
                if (v.Reference is not null) CheckNode(owner, v, v.Reference);
                break;
            case CurrentExpr i:
                if (!_elements!.TryGetValue(i.Element, out var target) || !HasBranch(target))
                    throw new NetlistException(i.Location, i.ToString(),
                        $"{owner.Name} reads the current of '{i.Element}', which is not a voltage source, E, H, inductor or B voltage source of the circuit",
                        "i() measures branch currents; put a 0 V source in series to measure others");
                break;
            case UnaryExpr u:
                Check(owner, u.Operand);
                break;
            case BinaryExpr b:
                Check(owner, b.Left); Check(owner, b.Right);
                break;
            case ConditionalExpr c:
                Check(owner, c.Condition); Check(owner, c.WhenTrue); Check(owner, c.WhenFalse);
                break;
            case CallExpr call:
                foreach (var a in call.Arguments) Check(owner, a);
                break;
        }
    }

    private void CheckNode(Element owner, VoltageExpr v, string node)
    {
        if (BehavioralCompiler.IsGround(node) || _nodes!.Contains(node)) return;
        throw new NetlistException(v.Location, v.ToString(), $"{owner.Name} reads node '{node}', which no element connects",
            "check the node name (inside a subcircuit, use its pins or local nodes)");
    }

    private static bool HasBranch(Element e) => e is VoltageSource or Vcvs or Ccvs or Inductor or BehavioralSource { IsVoltage: true }
        or BehavioralPassive { Kind: PassiveKind.Inductor };
}
