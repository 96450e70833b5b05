namespace MemristorSpice.Engine.Core;

/// <summary>
/// Numerical integration of charge-like states, SPICE's NIintegrate/CKTterr. A device stores a quantity q
/// (charge, flux, memristor state) at slot s of <see cref="StateHistory.Current"/>, calls <see cref="Integrate"/>
/// which stores dq/dt in slot s+1 and returns it; the Jacobian of dq/dt with respect to q is <see cref="Slope"/>.
/// So a capacitor's companion model is geq = Slope·C, ieq = dq/dt − geq·v.
///   Backward Euler (order 1): dq/dt = (q0 − q1)/h
///   Trapezoidal (order 2):    dq/dt = 2(q0 − q1)/h − (dq/dt)1
///   Gear-2 / BDF2 variable step: dq/dt = a0 q0 + a1 q1 + a2 q2, a0 = (2h+h1)/(h(h+h1)),
///                                a1 = −(h+h1)/(h·h1), a2 = h/(h1(h+h1))
/// </summary>
public sealed class Integrator
{
    private readonly StateHistory _states;
    private readonly SimulationOptions _options;
    private readonly double[] _deltas = new double[StateHistory.Levels]; // h, h1, h2, h3
    private double _a0, _a1, _a2;

    internal Integrator(StateHistory states, SimulationOptions options)
    {
        _states = states; _options = options; Method = options.Method;
    }

    /// <summary>Integration formula (from the options): trapezoidal or Gear.</summary>
    public IntegrationMethod Method { get; }
    /// <summary>Current order (1 right after the start or a breakpoint, else 2).</summary>
    public int Order { get; private set; } = 1;
    /// <summary>Current step h in s.</summary>
    public double Step => _deltas[0];
    /// <summary>d(dq/dt)/dq at the current step in 1/s (SPICE's ag[0]).</summary>
    public double Slope => _a0;

    /// <summary>Steps of the previous points (index 0 = current step).</summary>
    public ReadOnlySpan<double> Deltas => _deltas;

    internal void Start(double firstStep)
    {
        Array.Fill(_deltas, firstStep);
    }

    /// <summary>Prepares coefficients for a new attempt with step h and order.</summary>
    internal void SetStep(double h, int order)
    {
        _deltas[0] = h;
        Order = order;
        if (order == 1) { _a0 = 1 / h; _a1 = -1 / h; _a2 = 0; }
        else if (Method == IntegrationMethod.Trapezoidal) { _a0 = 2 / h; _a1 = -2 / h; _a2 = 0; }
        else
        {
            double h1 = _deltas[1];
            _a0 = (2 * h + h1) / (h * (h + h1));
            _a1 = -(h + h1) / (h * h1);
            _a2 = h / (h1 * (h + h1));
        }
    }

    /// <summary>Changes the order of the current step without new coefficients (truncation estimate at another order).</summary>
    internal void SetOrder(int order) => Order = order;

    /// <summary>After acceptance: shift the step history.</summary>
    internal void Accept()
    {
        for (int i = _deltas.Length - 1; i > 0; i--) _deltas[i] = _deltas[i - 1];
    }

    /// <summary>Computes dq/dt for the q at slot, stores it at slot + 1 and returns it.</summary>
    public double Integrate(int slot)
    {
        var s0 = _states.Current; var s1 = _states.Previous;
        double d;
        if (Order == 1) d = _a0 * s0[slot] + _a1 * s1[slot];
        else if (Method == IntegrationMethod.Trapezoidal) d = _a0 * (s0[slot] - s1[slot]) - s1[slot + 1];
        else d = _a0 * s0[slot] + _a1 * s1[slot] + _a2 * _states[2][slot];
        s0[slot + 1] = d;
        return d;
    }

    /// <summary>
    /// Largest step in s allowed by the local truncation error of the state at slot (SPICE CKTterr): the
    /// (order+1)-th divided difference of q estimates the error; tolerance from RELTOL, ABSTOL, CHGTOL; TRTOL
    /// compensates the over-estimate.
    /// </summary>
    public double TruncationStep(int slot)
    {
        var o = _options;
        double h = _deltas[0];
        double q0 = _states[0][slot], q1 = _states[1][slot];
        double c0 = _states[0][slot + 1], c1 = _states[1][slot + 1];
        double voltTol = o.AbsTol + o.RelTol * Math.Max(Math.Abs(c0), Math.Abs(c1));
        double chargeTol = o.RelTol * Math.Max(Math.Max(Math.Abs(q0), Math.Abs(q1)), o.ChgTol) / h;
        double tol = Math.Max(voltTol, chargeTol);
        int order = Order;
        Span<double> diff = stackalloc double[4];
        Span<double> dt = stackalloc double[4];
        for (int i = 0; i <= order + 1; i++) { diff[i] = _states[i][slot]; dt[i] = _deltas[i]; }
        int j = order + 1;
        while (true)
        {
            for (int i = 0; i < j; i++) diff[i] = (diff[i] - diff[i + 1]) / dt[i];
            if (--j < 0) break;
            for (int i = 0; i < j; i++) dt[i] = dt[i + 1] + _deltas[i];
        }
        double factor = order == 1 ? 0.5 : Method == IntegrationMethod.Trapezoidal ? 1.0 / 12 : 2.0 / 9;
        double del = o.TrTol * tol / Math.Max(o.AbsTol, factor * Math.Abs(diff[0]));
        return order == 2 ? Math.Sqrt(del) : del;
    }
}
