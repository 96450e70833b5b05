using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Expressions;

namespace MemristorSpice.Netlist.Reading;

/// <summary>
/// Parameters and functions visible at one level of the hierarchy. Definitions are evaluated on first use,
/// so their order in the file does not matter; a parameter that depends on itself through others is
/// reported with the whole cycle (a -> b -> a). A subcircuit instance gets a child scope whose parent is
/// the scope of the instantiating level.
/// </summary>
internal sealed class ParameterScope : IEvaluationContext
{
    private readonly ParameterScope? _parent;
    private readonly Dictionary<string, ParameterDefinition> _definitions;
    private readonly Dictionary<string, double> _values;
    private readonly Dictionary<string, NetlistException> _failures = new(StringComparer.Ordinal);
    private readonly Dictionary<string, UserFunction> _functions = new(StringComparer.Ordinal);
    private readonly List<(ParameterScope Scope, string Name)> _evaluating;

    /// <param name="parent">The scope of the instantiating level, null at the top.</param>
    /// <param name="capacity">Expected number of local parameters (a subcircuit's defaults), to size the tables once.</param>
    public ParameterScope(ParameterScope? parent = null, int capacity = 0)
    {
        _parent = parent;
        _definitions = new(capacity, StringComparer.Ordinal);
        _values = new(StringComparer.Ordinal);
        _evaluating = parent?._evaluating ?? [];
    }

    /// <summary>Adds a definition; a later definition of the same name replaces the earlier one (as in ngspice).</summary>
    public void Define(ParameterDefinition definition)
    {
        _definitions[definition.Name] = definition;
        _values.Remove(definition.Name);
        _failures.Remove(definition.Name);
    }

    /// <summary>Sets a value directly (instance overrides, already evaluated in the caller's scope).</summary>
    public void Set(string name, double value)
    {
        _definitions.Remove(name);
        _failures.Remove(name);
        _values[name] = value;
    }

    public void DefineFunction(UserFunction function) => _functions[function.Name] = function;

    public IEnumerable<string> LocalNames => _definitions.Keys.Concat(_values.Keys).Distinct();

    public double Evaluate(Expr expr) => ExpressionEvaluator.Evaluate(expr, this);

    /// <summary>
    /// Most parameter evaluations nested inside each other. Dependencies are evaluated first, without recursion
    /// (<see cref="EvaluateDependencies"/>), so nesting only comes from names the walk could not see; the bound
    /// keeps the stack safe whatever the deck holds.
    /// </summary>
    private const int MaxNesting = 100;

    /// <summary>Longest cycle spelled out in full in an error; longer ones are shortened in the middle.</summary>
    private const int MaxCycleNames = 10;

    /// <summary>Value of a local parameter; throws the evaluation error (cycle, unknown name) if any.</summary>
    public double ValueOf(string name)
    {
        if (_values.TryGetValue(name, out double value)) return value;
        if (_failures.TryGetValue(name, out var failure)) throw failure;
        // A literal (every subcircuit default in generated crossbar decks) needs no dependency walk: this keeps
        // per-instance scopes cheap. Only outside nested evaluations, so the nesting bound reports as before.
        if (_evaluating.Count == 0 && _definitions.TryGetValue(name, out var literal) && literal.Value is NumberExpr number)
            return _values[name] = number.Value;
        EvaluateDependencies(name);
        if (_failures.TryGetValue(name, out failure)) throw failure;
        return EvaluateOwn(name);
    }

    private bool IsSettled(string name) => _values.ContainsKey(name) || _failures.ContainsKey(name);

    /// <summary>Evaluates one definition whose dependencies are settled; records a failure and rethrows it.</summary>
    private double EvaluateOwn(string name)
    {
        var definition = _definitions[name];
        int start = _evaluating.IndexOf((this, name));
        if (start >= 0)
        {
            var names = _evaluating.Skip(start).Select(e => e.Name).Append(name).ToList();
            throw new NetlistException(definition.Location, name, "parameter cycle: " + Shorten(names),
                "a parameter cannot depend on itself; break the cycle with a number");
        }
        if (_evaluating.Count >= MaxNesting)
            throw new NetlistException(definition.Location, name, $"parameters nested more than {MaxNesting} deep through .func bodies",
                "define the parameters in terms of each other directly");
        _evaluating.Add((this, name));
        try
        {
            double value = ExpressionEvaluator.Evaluate(definition.Value, this);
            _values[name] = value;
            return value;
        }
        catch (NetlistException ex)
        {
            _failures[name] = ex;
            throw;
        }
        finally
        {
            _evaluating.RemoveAt(_evaluating.Count - 1);
        }
    }

    private sealed class Frame(ParameterScope scope, string name, List<(ParameterScope Scope, string Name)> dependencies)
    {
        public ParameterScope Scope { get; } = scope;
        public string Name { get; } = name;
        public List<(ParameterScope Scope, string Name)> Dependencies { get; } = dependencies;
        public int Next { get; set; }
    }

    /// <summary>
    /// Depth-first walk over the unevaluated parameters that <paramref name="name"/> depends on, with an explicit
    /// stack: a chain of 10,000 parameters needs no deeper call stack than one. Each dependency is evaluated
    /// once its own dependencies are; a cycle fails every member with one located error.
    /// </summary>
    private void EvaluateDependencies(string name)
    {
        var root = new Frame(this, name, Dependencies(this, name));
        var stack = new List<Frame> { root };
        var onPath = new HashSet<(ParameterScope, string)> { (this, name) };
        while (stack.Count > 0)
        {
            var top = stack[^1];
            if (top.Next < top.Dependencies.Count)
            {
                var (scope, dependency) = top.Dependencies[top.Next++];
                if (scope.IsSettled(dependency)) continue;
                if (onPath.Contains((scope, dependency)))
                {
                    int start = stack.FindIndex(f => f.Scope == scope && f.Name == dependency);
                    var members = stack.GetRange(start, stack.Count - start);
                    var names = members.Select(f => f.Name).Append(dependency).ToList();
                    var error = new NetlistException(scope._definitions[dependency].Location, dependency,
                        "parameter cycle: " + Shorten(names), "a parameter cannot depend on itself; break the cycle with a number");
                    foreach (var f in members)
                    {
                        f.Scope._failures[f.Name] = error;
                        onPath.Remove((f.Scope, f.Name));
                    }
                    stack.RemoveRange(start, stack.Count - start);
                    continue;
                }
                stack.Add(new Frame(scope, dependency, Dependencies(scope, dependency)));
                onPath.Add((scope, dependency));
                continue;
            }
            stack.RemoveAt(stack.Count - 1);
            onPath.Remove((top.Scope, top.Name));
            if (top == root) break; // the caller evaluates the root itself and throws its error
            try { top.Scope.EvaluateOwn(top.Name); }
            catch (NetlistException) { } // recorded in the owner's failures; reported when asked for
        }
    }

    /// <summary>
    /// Unevaluated parameters a definition refers to, with the scope that holds each: names in its expression and
    /// in the bodies of the .func it calls (a body sees its caller's parameters), each function walked once.
    /// </summary>
    private static List<(ParameterScope Scope, string Name)> Dependencies(ParameterScope scope, string name)
    {
        var found = new List<(ParameterScope, string)>();
        var seen = new HashSet<(ParameterScope, string)>();
        var functions = new HashSet<UserFunction>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<(Expr Expr, IReadOnlyList<string> Bound)>();
        pending.Push((scope._definitions[name].Value, []));
        while (pending.Count > 0)
        {
            var (expr, bound) = pending.Pop();
            switch (expr)
            {
                case IdentifierExpr id when !bound.Contains(id.Name):
                    for (var s = scope; s is not null; s = s._parent)
                    {
                        if (s._values.ContainsKey(id.Name)) break;
                        if (!s._definitions.ContainsKey(id.Name)) continue;
                        if (seen.Add((s, id.Name))) found.Add((s, id.Name));
                        break;
                    }
                    break;
                case UnaryExpr u:
                    pending.Push((u.Operand, bound));
                    break;
                case BinaryExpr b:
                    pending.Push((b.Right, bound));
                    pending.Push((b.Left, bound));
                    break;
                case ConditionalExpr c:
                    pending.Push((c.WhenFalse, bound));
                    pending.Push((c.WhenTrue, bound));
                    pending.Push((c.Condition, bound));
                    break;
                case CallExpr call:
                    foreach (var a in call.Arguments.Reverse()) pending.Push((a, bound));
                    if (scope.FindFunction(call.Name) is { } f && functions.Add(f)) pending.Push((f.Body, f.Parameters));
                    break;
            }
        }
        return found;
    }

    /// <summary>"a -> b -> a", or for a long cycle its first and last names around a count of the rest.</summary>
    private static string Shorten(IReadOnlyList<string> names) =>
        names.Count <= MaxCycleNames
            ? string.Join(" -> ", names)
            : string.Join(" -> ", names.Take(5)) + $" -> ... ({names.Count - 8} more) -> " + string.Join(" -> ", names.TakeLast(3)) +
              $" ({names.Count - 1} parameters)";

    public bool TryGetVariable(string name, out double value)
    {
        for (var scope = this; scope is not null; scope = scope._parent)
        {
            if (scope._values.ContainsKey(name) || scope._definitions.ContainsKey(name))
            {
                value = scope.ValueOf(name);
                return true;
            }
        }
        value = 0;
        return false;
    }

    public UserFunction? FindFunction(string name)
    {
        for (var scope = this; scope is not null; scope = scope._parent)
        {
            if (scope._functions.TryGetValue(name, out var f)) return f;
        }
        return null;
    }

    public double NodeVoltage(VoltageExpr reference) =>
        throw new NetlistException(reference.Location, reference.ToString(), "node voltages are not known while reading parameters",
            "v() and i() belong in behavioral sources (B elements), not in .param or fixed element values");

    public double BranchCurrent(CurrentExpr reference) =>
        throw new NetlistException(reference.Location, reference.ToString(), "branch currents are not known while reading parameters",
            "v() and i() belong in behavioral sources (B elements), not in .param or fixed element values");
}
