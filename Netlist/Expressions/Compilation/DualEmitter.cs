using System.Linq.Expressions;
using MemristorSpice.Engine.Behavioral;
using MemristorSpice.Netlist.Diagnostics;
using E = System.Linq.Expressions.Expression;

namespace MemristorSpice.Netlist.Expressions.Compilation;

/// <summary>
/// Generates the straight-line code of one behavioral expression: every sub-expression becomes a value variable
/// and one variable per non-zero partial derivative (forward mode, the chain rule applied at each node).
/// Identical sub-expressions are computed once per scope; the branches of ?: are separate scopes, so only the
/// taken branch runs (as in ngspice). The result is a <see cref="BehavioralEvaluator"/>.
/// </summary>
internal sealed class DualEmitter
{
    private readonly InputCollector _inputs;
    private readonly int _m;
    private readonly ParameterExpression _args = E.Parameter(typeof(double[]), "args");
    private readonly ParameterExpression _grad = E.Parameter(typeof(double[]), "grad");
    private readonly List<ParameterExpression> _variables = [];
    private readonly Stack<(List<E> Code, Dictionary<string, Dual> Known)> _scopes = new();
    private int _switches;
    private ParameterExpression? _recording;

    public DualEmitter(InputCollector inputs)
    {
        _inputs = inputs;
        _m = inputs.Inputs.Count;
    }

    private List<E> Code => _scopes.Peek().Code;

    /// <summary>Compiles expr; <c>Switches</c> is the number of switch records the evaluator writes after the arguments.</summary>
    public (BehavioralEvaluator Evaluator, int Switches) Compile(Expr expr)
    {
        _scopes.Push(([], new Dictionary<string, Dual>()));
        var result = Emit(expr);
        var code = Code;
        for (int k = 0; k < _m; k++)
            code.Add(E.Assign(E.ArrayAccess(_grad, E.Constant(k)), result.Derivatives[k] ?? E.Constant(0.0)));
        code.Add(result.Value);
        // Records of conditions in a branch of ?: that does not run stay NaN: not evaluated, not compared. A caller
        // whose argument array has no room after the temperature slot gets no records.
        if (_recording is not null)
        {
            var clear = new List<E>();
            for (int j = 0; j < (_m + 1) * _switches; j++)
                clear.Add(E.Assign(E.ArrayAccess(_args, E.Constant(_m + 3 + j)), E.Constant(double.NaN)));
            code.Insert(0, E.IfThen(_recording, E.Block(clear)));
            code.Insert(0, E.Assign(_recording, E.GreaterThan(E.ArrayLength(_args), E.Constant(_m + 3))));
        }
        var body = E.Block(typeof(double), _variables, code);
        return (E.Lambda<BehavioralEvaluator>(body, _args, _grad).Compile(), _switches);
    }

    /// <summary>
    /// A condition that can change while the circuit moves (its operands read inputs or time): its state and the
    /// margin to its threshold go into the next switch record, which the transient compares between time points.
    /// </summary>
    internal void RecordSwitch(E holds, E margin, Expr source, params Dual[] operands)
    {
        bool time = MentionsTime(source);
        bool moves = operands.Any(d => d.Derivatives.Any(x => x is not null)) || time;
        if (!moves) return;
        int slot = _m + 3 + (_m + 1) * _switches++;
        if (_recording is null) { _recording = E.Variable(typeof(bool), "recording"); _variables.Add(_recording); }
        var writes = new List<E> { E.Assign(E.ArrayAccess(_args, E.Constant(slot)), Call(nameof(SpiceMath.SwitchRecord), holds, margin)) };
        // ∂margin/∂input per input (all +∞ when time moves the margin): the transient tells a margin that moves with
        // the inputs from rounding noise of a flat one, and a crossing from chatter inside the inputs' tolerances.
        for (int k = 0; k < _m; k++)
        {
            var dk = time ? E.Constant(double.PositiveInfinity)
                : operands.Length == 2 ? Sub(operands[0].Derivatives[k], operands[1].Derivatives[k]) : operands[0].Derivatives[k];
            writes.Add(E.Assign(E.ArrayAccess(_args, E.Constant(slot + 1 + k)), dk ?? E.Constant(0.0)));
        }
        Code.Add(E.IfThen(_recording, E.Block(writes)));
    }

    private static bool MentionsTime(Expr e) => e.Any(x => x is IdentifierExpr { Name: "time" });

    private Dual Emit(Expr expr)
    {
        string key = expr.ToString();
        foreach (var scope in _scopes)
        {
            if (scope.Known.TryGetValue(key, out var known)) return known;
        }
        var dual = Store(Generate(expr));
        _scopes.Peek().Known[key] = dual;
        return dual;
    }

    /// <summary>Assigns non-trivial trees to variables so later uses read a local.</summary>
    private Dual Store(Dual d)
    {
        var value = Local(d.Value);
        var derivatives = d.Derivatives.Select(x => x is null ? null : Local(x)).ToArray();
        return new Dual(value, derivatives);
    }

    private E Local(E tree)
    {
        if (tree is ConstantExpression or ParameterExpression) return tree;
        var v = E.Variable(typeof(double));
        _variables.Add(v);
        Code.Add(E.Assign(v, tree));
        return v;
    }

    private Dual Generate(Expr expr) => expr switch
    {
        NumberExpr n => Dual.Constant(n.Value, _m),
        IdentifierExpr id => Identifier(id),
        VoltageExpr v => Voltage(v),
        CurrentExpr i => Input(new BehavioralInput(BehavioralInputKind.BranchCurrent, i.Element)),
        UnaryExpr u => Unary(u),
        BinaryExpr b => Binary(b),
        ConditionalExpr c => Conditional(c),
        CallExpr call => new FunctionEmitter(this).Call(call),
        _ => throw new NetlistException(expr.Location, expr.ToString(), "this expression cannot be used in a behavioral source", ""),
    };

    private Dual Identifier(IdentifierExpr id)
    {
        switch (id.Name)
        {
            case "time": return new Dual(E.ArrayIndex(_args, E.Constant(_m)), new E?[_m]);
            case "temper": return new Dual(E.ArrayIndex(_args, E.Constant(_m + 1)), new E?[_m]);
            case "hertz": return new Dual(E.ArrayIndex(_args, E.Constant(_m + 2)), new E?[_m]);
        }
        if (BuiltinFunctions.TryGetConstant(id.Name, out double value)) return Dual.Constant(value, _m);
        throw new NetlistException(id.Location, id.Name, $"unknown name '{id.Name}' in a behavioral expression",
            "behavioral expressions see v(), i(), time, temper, parameters and .func functions");
    }

    private Dual Input(BehavioralInput input)
    {
        int k = _inputs.IndexOf(input);
        var d = new E?[_m];
        d[k] = E.Constant(1.0);
        return new Dual(E.ArrayIndex(_args, E.Constant(k)), d);
    }

    private Dual Voltage(VoltageExpr v)
    {
        var plus = BehavioralCompiler.IsGround(v.Node) ? Dual.Constant(0, _m) : Input(new BehavioralInput(BehavioralInputKind.NodeVoltage, v.Node));
        if (v.Reference is null || BehavioralCompiler.IsGround(v.Reference)) return plus;
        var minus = Input(new BehavioralInput(BehavioralInputKind.NodeVoltage, v.Reference));
        return Combine(E.Subtract(plus.Value, minus.Value), plus, minus, (_, da, db) => Sub(da, db));
    }

    private Dual Unary(UnaryExpr u)
    {
        var a = Emit(u.Operand);
        return u.Op switch
        {
            UnaryOp.Negate => new Dual(E.Negate(a.Value), a.Derivatives.Select(d => d is null ? null : (E)E.Negate(d)).ToArray()),
            UnaryOp.Plus => a,
            _ => Flag(E.Equal(a.Value, E.Constant(0.0))),
        };
    }

    private Dual Binary(BinaryExpr b)
    {
        var a = Emit(b.Left);
        var c = Emit(b.Right);
        switch (b.Op)
        {
            case BinaryOp.Add:
                return Combine(E.Add(a.Value, c.Value), a, c, (_, da, dc) => AddD(da, dc));
            case BinaryOp.Subtract:
                return Combine(E.Subtract(a.Value, c.Value), a, c, (_, da, dc) => Sub(da, dc));
            case BinaryOp.Multiply:
                return Combine(E.Multiply(a.Value, c.Value), a, c,
                    (_, da, dc) => AddD(Mul(da, c.Value), Mul(dc, a.Value)));
            case BinaryOp.Divide:
                return Divide(a, c);
            case BinaryOp.Power:
                return Binary2(a, c, nameof(SpiceMath.Power), nameof(SpiceMath.PowerDx), nameof(SpiceMath.PowerDy));
            case BinaryOp.Less: return Comparison(E.LessThan(a.Value, c.Value), b, a, c);
            case BinaryOp.LessEqual: return Comparison(E.LessThanOrEqual(a.Value, c.Value), b, a, c);
            case BinaryOp.Greater: return Comparison(E.GreaterThan(a.Value, c.Value), b, a, c);
            case BinaryOp.GreaterEqual: return Comparison(E.GreaterThanOrEqual(a.Value, c.Value), b, a, c);
            case BinaryOp.Equal: return Flag(E.Equal(a.Value, c.Value));
            case BinaryOp.NotEqual: return Flag(E.NotEqual(a.Value, c.Value));
            case BinaryOp.And: return Flag(E.AndAlso(IsTrue(a.Value), IsTrue(c.Value)));
            default: return Flag(E.OrElse(IsTrue(a.Value), IsTrue(c.Value)));
        }
    }

    /// <summary>An ordering comparison as a 0/1 flag, recorded as a switch with margin a − c.</summary>
    private Dual Comparison(E condition, BinaryExpr source, Dual a, Dual c)
    {
        var holds = E.Variable(typeof(bool));
        _variables.Add(holds);
        Code.Add(E.Assign(holds, condition));
        RecordSwitch(holds, E.Subtract(a.Value, c.Value), source, a, c);
        return Flag(holds);
    }

    /// <summary>a / c; a zero divisor raises <see cref="BehavioralMathException"/> (ngspice returns HUGE instead).</summary>
    private Dual Divide(Dual a, Dual c)
    {
        var divisor = c.Value;
        var check = E.IfThen(E.Equal(divisor, E.Constant(0.0)),
            E.Throw(E.New(typeof(BehavioralMathException).GetConstructor([typeof(string)])!, E.Constant("divides by zero"))));
        Code.Add(check);
        var quotient = Local(E.Divide(a.Value, divisor));
        // d(a/c) = (da − q·dc) / c
        var d = new E?[_m];
        for (int k = 0; k < _m; k++)
        {
            var numerator = Sub(a.Derivatives[k], Mul(c.Derivatives[k], quotient));
            d[k] = numerator is null ? null : E.Divide(numerator, divisor);
        }
        return new Dual(quotient, d);
    }

    private Dual Conditional(ConditionalExpr c)
    {
        var condition = Emit(c.Condition);
        var (trueCode, whenTrue) = InScope(c.WhenTrue);
        var (falseCode, whenFalse) = InScope(c.WhenFalse);
        var value = E.Variable(typeof(double));
        _variables.Add(value);
        var d = new E?[_m];
        for (int k = 0; k < _m; k++)
        {
            if (whenTrue.Derivatives[k] is null && whenFalse.Derivatives[k] is null) continue;
            var dk = E.Variable(typeof(double));
            _variables.Add(dk);
            d[k] = dk;
            trueCode.Add(E.Assign(dk, whenTrue.Derivatives[k] ?? E.Constant(0.0)));
            falseCode.Add(E.Assign(dk, whenFalse.Derivatives[k] ?? E.Constant(0.0)));
        }
        trueCode.Add(E.Assign(value, whenTrue.Value));
        falseCode.Add(E.Assign(value, whenFalse.Value));
        Code.Add(E.IfThenElse(IsTrue(condition.Value), E.Block(trueCode), E.Block(falseCode)));
        return new Dual(value, d);
    }

    private (List<E> Code, Dual Result) InScope(Expr expr)
    {
        _scopes.Push(([], new Dictionary<string, Dual>()));
        var result = Emit(expr);
        var code = _scopes.Pop().Code;
        return (code, result);
    }

    // ---- helpers shared with FunctionEmitter ----

    internal int Inputs => _m;

    internal Dual EmitArgument(Expr expr) => Emit(expr);

    internal E Store(E tree) => Local(tree);

    internal void Append(E statement) => Code.Add(statement);

    internal static E IsTrue(E value) => E.NotEqual(value, E.Constant(0.0));

    internal Dual Flag(E condition) => new(E.Condition(condition, E.Constant(1.0), E.Constant(0.0)), new E?[_m]);

    /// <summary>Value tree plus derivatives built per input from the operands' derivatives.</summary>
    internal Dual Combine(E value, Dual a, Dual b, Func<int, E?, E?, E?> derivative)
    {
        var d = new E?[_m];
        for (int k = 0; k < _m; k++) d[k] = derivative(k, a.Derivatives[k], b.Derivatives[k]);
        return new Dual(value, d);
    }

    /// <summary>f(a, c) with ∂f/∂a and ∂f/∂c given as static methods of <see cref="SpiceMath"/>.</summary>
    internal Dual Binary2(Dual a, Dual c, string value, string dx, string dy)
    {
        var f = Call(value, a.Value, c.Value);
        E? fx = a.Derivatives.Any(x => x is not null) ? Local(Call(dx, a.Value, c.Value)) : null;
        E? fy = c.Derivatives.Any(x => x is not null) ? Local(Call(dy, a.Value, c.Value)) : null;
        return Combine(f, a, c, (_, da, dc) => AddD(fx is null ? null : Mul(da, fx), fy is null ? null : Mul(dc, fy)));
    }

    internal static E Call(string method, params E[] args) =>
        E.Call(typeof(SpiceMath).GetMethod(method, args.Select(a => a.Type).ToArray())!, args);

    internal static E? AddD(E? a, E? b) => a is null ? b : b is null ? a : E.Add(a, b);

    internal static E? Sub(E? a, E? b) => b is null ? a : a is null ? E.Negate(b) : E.Subtract(a, b);

    internal static E? Mul(E? d, E factor) => d is null ? null : d is ConstantExpression { Value: 1.0 } ? factor : E.Multiply(d, factor);
}
