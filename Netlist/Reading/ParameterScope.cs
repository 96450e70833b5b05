using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Expressions;

namespace MemristorSpice.Netlist.Reading;

/// <summary>
/// Parameters and functions visible at one level of the hierarchy. Definitions are evaluated on first use,
/// so their order in the file does not matter; a parameter that depends on itself through others is
/// reported with the whole cycle (a -> b -> a). A subcircuit instance gets a child scope whose parent is
/// the scope of the instantiating level.
/// </summary>
public sealed class ParameterScope : IEvaluationContext
{
    private readonly ParameterScope? _parent;
    private readonly Dictionary<string, ParameterDefinition> _definitions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NetlistException> _failures = new(StringComparer.Ordinal);
    private readonly Dictionary<string, UserFunction> _functions = new(StringComparer.Ordinal);
    private readonly List<(ParameterScope Scope, string Name)> _evaluating;

    public ParameterScope(ParameterScope? parent = null)
    {
        _parent = parent;
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

    /// <summary>Value of a local parameter; throws the evaluation error (cycle, unknown name) if any.</summary>
    public double ValueOf(string name)
    {
        if (_values.TryGetValue(name, out double value)) return value;
        if (_failures.TryGetValue(name, out var failure)) throw failure;
        var definition = _definitions[name];
        int start = _evaluating.IndexOf((this, name));
        if (start >= 0)
        {
            var cycle = string.Join(" -> ", _evaluating.Skip(start).Select(e => e.Name).Append(name));
            throw new NetlistException(definition.Location, name, $"parameter cycle: {cycle}",
                "a parameter cannot depend on itself; break the cycle with a number");
        }
        _evaluating.Add((this, name));
        try
        {
            value = ExpressionEvaluator.Evaluate(definition.Value, this);
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
