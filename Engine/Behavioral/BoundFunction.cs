using MemristorSpice.Engine.Core;

namespace MemristorSpice.Engine.Behavioral;

/// <summary>
/// A <see cref="BehavioralFunction"/> attached to one element of one simulation: maps its inputs to MNA
/// unknowns, evaluates it on the Newton iterate, reports run-time failures with element and time, and applies
/// the SPICE B-source convergence test (ngspice asrcconv.c idea): the value at the new iterate must agree with
/// the linearization made at the previous one, otherwise Newton iterates again (a switched branch of ?: or u()
/// fails it until it settles; steep expressions cannot stop on a voltage that is converged while the value is not).
/// </summary>
internal sealed class BoundFunction
{
    private readonly BehavioralFunction _function;
    private readonly string _owner;
    private readonly double[] _arguments;
    private readonly double[] _previousArguments;
    private double _previousValue;
    private readonly double[] _previousGradient;
    private bool _hasPrevious;
    private readonly double[] _failedArguments;
    private bool _failedBefore;

    public BoundFunction(BehavioralFunction function, string owner)
    {
        _function = function; _owner = owner;
        int m = function.Inputs.Count;
        _arguments = new double[m + 3 + (m + 1) * function.SwitchCount];
        _previousArguments = new double[m + 3];
        _failedArguments = new double[m + 3];
        Gradient = new double[m];
        _previousGradient = new double[m];
        Unknowns = new int[m];
    }

    /// <summary>MNA unknown of each input.</summary>
    public int[] Unknowns { get; }

    /// <summary>∂f/∂input at the last evaluation.</summary>
    public double[] Gradient { get; }

    public int Count => Unknowns.Length;

    /// <summary>Switch records (margin, then one slope per input) of the last evaluation (see <see cref="BehavioralFunction.SwitchCount"/>).</summary>
    public ReadOnlySpan<double> Switches => _arguments.AsSpan(Unknowns.Length + 3);

    /// <summary>Input values of the last evaluation.</summary>
    public ReadOnlySpan<double> InputValues => _arguments.AsSpan(0, Unknowns.Length);

    /// <summary>Element that owns this function (messages).</summary>
    public string Owner => _owner;

    /// <summary>Phase 2: resolves the inputs; a missing node or branch names this element.</summary>
    public void Bind(SetupContext setup)
    {
        for (int k = 0; k < Unknowns.Length; k++)
        {
            var input = _function.Inputs[k];
            try
            {
                Unknowns[k] = input.Kind == BehavioralInputKind.NodeVoltage ? setup.Node(input.Name) : setup.Branch(input.Name);
            }
            catch (CircuitException ex)
            {
                throw new CircuitException($"{_owner}: expression '{_function.Text}' reads {input}, which the circuit does not have ({ex.Message})");
            }
        }
    }

    /// <summary>Evaluates f at the current iterate; fills <see cref="Gradient"/>; flags non-convergence.</summary>
    public double Evaluate(LoadContext ctx, double absTol)
    {
        var x = ctx.Solution;
        int m = Unknowns.Length;
        for (int k = 0; k < m; k++) _arguments[k] = x[Unknowns[k]];
        _arguments[m] = ctx.Time;
        _arguments[m + 1] = ctx.Options.Temperature - 273.15;
        _arguments[m + 2] = 0; // hertz outside .ac
        double value;
        try
        {
            value = _function.Evaluator(_arguments, Gradient);
        }
        catch (BehavioralMathException ex)
        {
            return Failed(ctx, ex.Message);
        }
        if (!double.IsFinite(value))
            return Failed(ctx, $"evaluates to {value} (overflow, log or sqrt of a negative number, or 0/0)");
        _failedBefore = false;
        // A singular derivative (sqrt or a fractional power at 0) would poison the matrix; Newton continues with a
        // zero slope there and the convergence test below decides when the iterate is final.
        for (int k = 0; k < m; k++)
        {
            if (!double.IsFinite(Gradient[k])) Gradient[k] = 0;
        }
        if (m > 0) CheckConvergence(ctx, value, absTol);
        return value;
    }

    /// <summary>
    /// The gradient at the operating point with hertz = <paramref name="frequency"/> minus the one with hertz = 0 (which
    /// the DC stamp holds), into <paramref name="difference"/>: what an .ac analysis adds for an expression that reads
    /// hertz (ngspice 39 evaluates hertz at each frequency).
    /// </summary>
    public void FrequencyCorrection(LoadContext operatingPoint, double frequency, double[] difference)
    {
        var x = operatingPoint.Solution;
        int m = Unknowns.Length;
        var args = new double[m + 3];
        for (int k = 0; k < m; k++) args[k] = x[Unknowns[k]];
        args[m] = operatingPoint.Time;
        args[m + 1] = operatingPoint.Options.Temperature - 273.15;
        var at0 = new double[m];
        _function.Evaluator(args, at0);
        args[m + 2] = frequency;
        _function.Evaluator(args, difference);
        for (int k = 0; k < m; k++)
        {
            difference[k] -= at0[k];
            if (!double.IsFinite(difference[k])) difference[k] = 0;
        }
    }

    /// <summary>
    /// A failed evaluation on an intermediate Newton iterate (for example 1/v(b) while v(b) is still at its 0 V
    /// start) is not final: the element holds its last value with zero slope and Newton iterates again. When it
    /// fails twice at the same arguments the iterate is stuck there and the failure is reported.
    /// </summary>
    public double Failed(LoadContext ctx, string problem)
    {
        int n = _failedArguments.Length;
        bool stuck = _failedBefore && _arguments.AsSpan(0, n).SequenceEqual(_failedArguments);
        if (stuck)
            throw new BehavioralEvaluationException(_owner, _function.Text, ctx.Time, ctx.Mode.SolvesDc(), problem);
        Array.Copy(_arguments, _failedArguments, n);
        _failedBefore = true;
        Array.Clear(Gradient);
        ctx.NotConverged(_owner);
        double fallback = _hasPrevious ? _previousValue : 0;
        _hasPrevious = false;
        return fallback;
    }

    private void CheckConvergence(LoadContext ctx, double value, double absTol)
    {
        int m = Unknowns.Length;
        if (_hasPrevious && ctx.Mode != LoadMode.JunctionStart && _previousArguments[m] == _arguments[m])
        {
            double predicted = _previousValue;
            for (int k = 0; k < m; k++) predicted += _previousGradient[k] * (_arguments[k] - _previousArguments[k]);
            double tol = ctx.Options.RelTol * Math.Max(Math.Abs(value), Math.Abs(predicted)) + absTol;
            if (Math.Abs(value - predicted) > tol) ctx.NotConverged(_owner);
        }
        Array.Copy(_arguments, _previousArguments, m + 3);
        Array.Copy(Gradient, _previousGradient, m);
        _previousValue = value;
        _hasPrevious = true;
    }
}

/// <summary>A behavior whose stamps come from behavioral functions that may hold switch records.</summary>
internal interface IBehavioralFunctions
{
    /// <summary>The bound functions of this element.</summary>
    IEnumerable<BoundFunction> Functions { get; }
}
