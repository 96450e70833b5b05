using System.Linq.Expressions;
using MemristorSpice.Netlist.Diagnostics;
using E = System.Linq.Expressions.Expression;

namespace MemristorSpice.Netlist.Expressions.Compilation;

/// <summary>
/// Code for the built-in functions of behavioral expressions and their derivatives (chain rule: d f(a) =
/// f'(a)·da). Corners (abs, min, max, limit, u, sgn, floor, ceil) take the slope of the active piece, as ngspice.
/// </summary>
internal sealed class FunctionEmitter(DualEmitter emitter)
{
    private int M => emitter.Inputs;

    public Dual Call(CallExpr call)
    {
        string name = call.Name;
        if (name == "pwl") return Pwl(call);
        if (!BuiltinFunctions.TryGet(name, out var builtin))
            throw new NetlistException(call.Location, name, $"unknown function '{name}'",
                "built-ins: " + string.Join(' ', BuiltinFunctions.Names.Order()) + "; or define it with .func");
        if (call.Arguments.Count < builtin.MinArgs || call.Arguments.Count > builtin.MaxArgs)
            throw new NetlistException(call.Location, call.ToString(), $"function '{name}' takes {builtin.MinArgs} argument(s), not {call.Arguments.Count}", "");
        var args = call.Arguments.Select(emitter.EmitArgument).ToArray();
        var a = args[0];
        var x = a.Value;
        return name switch
        {
            "abs" => Chain(E.Call(typeof(Math).GetMethod(nameof(Math.Abs), [typeof(double)])!, x), a, DualEmitter.Call(nameof(SpiceMath.Sign), x)),
            "sqrt" => Sqrt(a),
            "exp" => Exp(a),
            "ln" or "log" => Chain(Math1(nameof(Math.Log), x), a, E.Divide(E.Constant(1.0), x)),
            "log10" => Chain(Math1(nameof(Math.Log10), x), a, E.Divide(E.Constant(1 / Math.Log(10)), x)),
            "sin" => Chain(Math1(nameof(Math.Sin), x), a, Math1(nameof(Math.Cos), x)),
            "cos" => Chain(Math1(nameof(Math.Cos), x), a, E.Negate(Math1(nameof(Math.Sin), x))),
            "tan" => Tan(a),
            "asin" => Chain(Math1(nameof(Math.Asin), x), a, E.Divide(E.Constant(1.0), Math1(nameof(Math.Sqrt), E.Subtract(E.Constant(1.0), E.Multiply(x, x))))),
            "acos" => Chain(Math1(nameof(Math.Acos), x), a, E.Divide(E.Constant(-1.0), Math1(nameof(Math.Sqrt), E.Subtract(E.Constant(1.0), E.Multiply(x, x))))),
            "atan" or "arctan" => Chain(Math1(nameof(Math.Atan), x), a, E.Divide(E.Constant(1.0), E.Add(E.Constant(1.0), E.Multiply(x, x)))),
            "asinh" => Chain(Math1(nameof(Math.Asinh), x), a, E.Divide(E.Constant(1.0), Math1(nameof(Math.Sqrt), E.Add(E.Multiply(x, x), E.Constant(1.0))))),
            "acosh" => Chain(Math1(nameof(Math.Acosh), x), a, E.Divide(E.Constant(1.0), Math1(nameof(Math.Sqrt), E.Subtract(E.Multiply(x, x), E.Constant(1.0))))),
            "atanh" => Chain(Math1(nameof(Math.Atanh), x), a, E.Divide(E.Constant(1.0), E.Subtract(E.Constant(1.0), E.Multiply(x, x)))),
            "sqr" => Chain(E.Multiply(x, x), a, E.Multiply(E.Constant(2.0), x)),
            "u2" => Chain(DualEmitter.Call(nameof(SpiceMath.Ramp01), x), a, DualEmitter.Call(nameof(SpiceMath.Ramp01Slope), x)),
            "sinh" => Chain(Math1(nameof(Math.Sinh), x), a, Math1(nameof(Math.Cosh), x)),
            "cosh" => Chain(Math1(nameof(Math.Cosh), x), a, Math1(nameof(Math.Sinh), x)),
            "tanh" => Tanh(a),
            "floor" => Flat(Math1(nameof(Math.Floor), x)),
            "ceil" => Flat(Math1(nameof(Math.Ceiling), x)),
            "int" => Flat(Math1(nameof(Math.Truncate), x)),
            "nint" => Flat(E.Call(typeof(Math).GetMethod(nameof(Math.Round), [typeof(double), typeof(MidpointRounding)])!, x, E.Constant(MidpointRounding.ToEven))),
            "sgn" => Flat(DualEmitter.Call(nameof(SpiceMath.Sign), x)),
            // Comparisons with zero are steps: flat on each side, as ngspice's derivative of them.
            "eq0" => Flat(E.Condition(E.Equal(x, E.Constant(0.0)), E.Constant(1.0), E.Constant(0.0))),
            "ne0" => Flat(E.Condition(E.NotEqual(x, E.Constant(0.0)), E.Constant(1.0), E.Constant(0.0))),
            "gt0" => Flat(E.Condition(E.GreaterThan(x, E.Constant(0.0)), E.Constant(1.0), E.Constant(0.0))),
            "lt0" => Flat(E.Condition(E.LessThan(x, E.Constant(0.0)), E.Constant(1.0), E.Constant(0.0))),
            "ge0" => Flat(E.Condition(E.GreaterThanOrEqual(x, E.Constant(0.0)), E.Constant(1.0), E.Constant(0.0))),
            "le0" => Flat(E.Condition(E.LessThanOrEqual(x, E.Constant(0.0)), E.Constant(1.0), E.Constant(0.0))),
            "u" => UnitStep(call, a),
            "pow" => emitter.Binary2(a, args[1], nameof(SpiceMath.Pow), nameof(SpiceMath.PowDx), nameof(SpiceMath.PowDy)),
            "pwr" or "pwrs" => emitter.Binary2(a, args[1], nameof(SpiceMath.Pwr), nameof(SpiceMath.PwrDx), nameof(SpiceMath.PwrDy)),
            "atan2" => Atan2(a, args[1]),
            "min" => args.Skip(1).Aggregate(a, (l, r) => Choose(E.LessThanOrEqual(l.Value, r.Value), l, r)),
            "max" => args.Skip(1).Aggregate(a, (l, r) => Choose(E.GreaterThanOrEqual(l.Value, r.Value), l, r)),
            "limit" => Limit(args),
            _ => throw new NetlistException(call.Location, name, $"function '{name}' cannot be used in a behavioral source", ""),
        };
    }

    /// <summary>u(x), recorded as a switch with margin x for the transient's discontinuity control.</summary>
    private Dual UnitStep(CallExpr call, Dual a)
    {
        var x = emitter.Store(a.Value);
        emitter.RecordSwitch(E.GreaterThan(x, E.Constant(0.0)), x, call, a);
        return Flat(DualEmitter.Call(nameof(SpiceMath.Step), x));
    }

    private static E Math1(string method, E x) => E.Call(typeof(Math).GetMethod(method, [typeof(double)])!, x);

    /// <summary>f(a) with slope f'(a): derivative k is f'·da_k.</summary>
    private Dual Chain(E value, Dual a, E slope)
    {
        var d = new E?[M];
        if (a.Derivatives.Any(x => x is not null))
        {
            var s = emitter.Store(slope);
            for (int k = 0; k < M; k++) d[k] = DualEmitter.Mul(a.Derivatives[k], s);
        }
        return new Dual(value, d);
    }

    private Dual Flat(E value) => new(value, new E?[M]);

    private Dual Sqrt(Dual a)
    {
        var v = emitter.Store(Math1(nameof(Math.Sqrt), a.Value));
        return Chain(v, a, E.Divide(E.Constant(0.5), v));
    }

    private Dual Exp(Dual a)
    {
        var v = emitter.Store(Math1(nameof(Math.Exp), a.Value));
        return Chain(v, a, v);
    }

    private Dual Tan(Dual a)
    {
        var v = emitter.Store(Math1(nameof(Math.Tan), a.Value));
        return Chain(v, a, E.Add(E.Constant(1.0), E.Multiply(v, v)));
    }

    private Dual Tanh(Dual a)
    {
        var v = emitter.Store(Math1(nameof(Math.Tanh), a.Value));
        return Chain(v, a, E.Subtract(E.Constant(1.0), E.Multiply(v, v)));
    }

    /// <summary>atan2(y, x): d = (x·dy − y·dx)/(x² + y²).</summary>
    private Dual Atan2(Dual y, Dual x)
    {
        var value = E.Call(typeof(Math).GetMethod(nameof(Math.Atan2))!, y.Value, x.Value);
        var r2 = emitter.Store(E.Add(E.Multiply(x.Value, x.Value), E.Multiply(y.Value, y.Value)));
        return emitter.Combine(value, y, x, (_, dy, dx) =>
        {
            var n = DualEmitter.Sub(DualEmitter.Mul(dy, x.Value), DualEmitter.Mul(dx, y.Value));
            return n is null ? null : E.Divide(n, r2);
        });
    }

    /// <summary>Picks l where <paramref name="takeLeft"/> holds, else r, with the derivatives of the chosen one.</summary>
    private Dual Choose(E takeLeft, Dual l, Dual r)
    {
        var flag = emitter.Store(E.Condition(takeLeft, E.Constant(1.0), E.Constant(0.0)));
        var left = E.NotEqual(flag, E.Constant(0.0));
        var d = new E?[M];
        for (int k = 0; k < M; k++)
        {
            if (l.Derivatives[k] is null && r.Derivatives[k] is null) continue;
            d[k] = E.Condition(left, l.Derivatives[k] ?? E.Constant(0.0), r.Derivatives[k] ?? E.Constant(0.0));
        }
        return new Dual(E.Condition(left, l.Value, r.Value), d);
    }

    private Dual Limit(Dual[] args)
    {
        var choice = emitter.Store(E.Convert(DualEmitter.Call(nameof(SpiceMath.LimitChoice), args[0].Value, args[1].Value, args[2].Value), typeof(double)));
        var d = new E?[M];
        for (int k = 0; k < M; k++)
        {
            if (args.All(a => a.Derivatives[k] is null)) continue;
            d[k] = E.Condition(E.Equal(choice, E.Constant(0.0)), args[0].Derivatives[k] ?? E.Constant(0.0),
                E.Condition(E.Equal(choice, E.Constant(1.0)), args[1].Derivatives[k] ?? E.Constant(0.0), args[2].Derivatives[k] ?? E.Constant(0.0)));
        }
        return new Dual(DualEmitter.Call(nameof(SpiceMath.Limit), args[0].Value, args[1].Value, args[2].Value), d);
    }

    /// <summary>pwl(x, x0, y0, x1, y1, ...): the pairs must be constants (numbers or parameter expressions).</summary>
    private Dual Pwl(CallExpr call)
    {
        if (call.Arguments.Count < 5 || call.Arguments.Count % 2 == 0)
            throw new NetlistException(call.Location, call.ToString(), "pwl takes a variable and at least two (x, y) pairs",
                "write pwl(v(a), x0, y0, x1, y1, ...)");
        var table = new double[call.Arguments.Count - 1];
        for (int k = 1; k < call.Arguments.Count; k++) table[k - 1] = ConstantFolding.Evaluate(call.Arguments[k], "pwl breakpoints");
        for (int k = 2; k + 2 < table.Length + 1; k += 2)
        {
            if (table[k] == table[k - 2])
                throw new NetlistException(call.Location, call.ToString(), "pwl abscissas must differ", "remove the repeated x value");
        }
        var a = emitter.EmitArgument(call.Arguments[0]);
        var t = E.Constant(table);
        return Chain(DualEmitter.Call(nameof(SpiceMath.Pwl), a.Value, t), a, DualEmitter.Call(nameof(SpiceMath.PwlSlope), a.Value, t));
    }
}
