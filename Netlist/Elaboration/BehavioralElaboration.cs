using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Elements;
using MemristorSpice.Netlist.Expressions.Compilation;
using MemristorSpice.Netlist.Expressions;
using MemristorSpice.Netlist.Model;
using MemristorSpice.Netlist.Reading;

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
        _nodes ??= netlist.NodeSet();
        _elements ??= netlist.Elements.ToDictionary(e => e.Name);
        expr = SubstituteCurrents(owner, expr, 0);
        Check(owner, expr);
        return BehavioralCompiler.Compile(expr);
    }

    /// <summary>
    /// A shared expression (<see cref="SharedExpression"/>): the template is compiled once, with its local input names;
    /// each instance gets the same delegate with its own inputs in the template's order. That is what compiling the
    /// instance's own tree gives whenever its inputs map to distinct, existing, non-ground nodes and it reads no branch
    /// current; any other instance (a pin tied to ground or to another pin, a node no element connects) takes the
    /// per-instance path, which also makes the error messages.
    /// </summary>
    public Engine.Behavioral.BehavioralFunction Compile(Element owner, SharedExpression shared)
    {
        var template = shared.Template;
        if (template.ReadsCurrents || template.CompileFailed) return Compile(owner, shared.Materialize());
        if (template.Compiled is null)
        {
            try { template.Compiled = BehavioralCompiler.Compile(template.Expression); }
            catch (NetlistException)
            {
                template.CompileFailed = true;
                return Compile(owner, shared.Materialize());
            }
        }
        var compiled = template.Compiled;
        _nodes ??= netlist.NodeSet();
        var local = compiled.Inputs;
        var inputs = new Engine.Behavioral.BehavioralInput[local.Count];
        for (int k = 0; k < inputs.Length; k++)
        {
            string node = shared.Namer.Node(local[k].Name);
            if (BehavioralCompiler.IsGround(node) || !_nodes.Contains(node)) return Compile(owner, shared.Materialize());
            for (int j = 0; j < k; j++)
            {
                if (inputs[j].Name == node) return Compile(owner, shared.Materialize());
            }
            inputs[k] = new Engine.Behavioral.BehavioralInput(Engine.Behavioral.BehavioralInputKind.NodeVoltage, node);
        }
        return new Engine.Behavioral.BehavioralFunction(inputs, compiled.Evaluator, () => shared.Materialize().ToString())
        {
            SwitchCount = compiled.SwitchCount,
            ReadsFrequency = compiled.ReadsFrequency,
        };
    }

    private const int MaxCurrentChain = 32;

    /// <summary>
    /// i(name) of an element without a branch current but whose current is a function of the circuit's
    /// variables becomes that function (HSPICE/LTspice models read i(Rmem) or i(Gmem); ngspice inserts a 0 V
    /// sense source for the same): resistor i = v(+,−)/R, behavioral R i = v(+,−)/R(expr), G/B current source
    /// i = its value (flowing from n+ through the source to n−), linear G i = gm·v(c+,c−), F i = gain·i(vc). Each element
    /// kind states whether it has a branch current and gives this function (<see cref="IElementKind.CurrentExpression"/>).
    /// </summary>
    private Expr SubstituteCurrents(Element owner, Expr expr, int depth)
    {
        switch (expr)
        {
            case CurrentExpr i when _elements!.TryGetValue(i.Element, out var target) && !HasBranch(target):
                if (depth >= MaxCurrentChain)
                    throw new NetlistException(i.Location, i.ToString(), $"{owner.Name} reads a current that depends on itself through i() ({i.Element})",
                        "break the loop with a 0 V source in series and read i() of that source");
                var current = ElementRegistry.Default.Find(target)?.CurrentExpression(target, i.Location, netlist.Options);
                return current is null ? i : SubstituteCurrents(owner, current, depth + 1);
            case UnaryExpr u:
                return u with { Operand = SubstituteCurrents(owner, u.Operand, depth) };
            case BinaryExpr b:
                return b with { Left = SubstituteCurrents(owner, b.Left, depth), Right = SubstituteCurrents(owner, b.Right, depth) };
            case ConditionalExpr c:
                return c with
                {
                    Condition = SubstituteCurrents(owner, c.Condition, depth),
                    WhenTrue = SubstituteCurrents(owner, c.WhenTrue, depth),
                    WhenFalse = SubstituteCurrents(owner, c.WhenFalse, depth),
                };
            case CallExpr call:
                return new CallExpr(call.Name, call.Arguments.Select(a => SubstituteCurrents(owner, a, depth)).ToArray(), call.Location);
            default:
                return expr;
        }
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
                        $"{owner.Name} reads the current of '{i.Element}', which is not an element of the circuit with a readable current",
                        "i() reads V, E, H, L, B, R, G and F elements; put a 0 V source in series to measure others (C, D, S, I)");
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

    private static bool HasBranch(Element e) => ElementRegistry.Default.Find(e)?.HasBranchCurrent(e) == true;
}
