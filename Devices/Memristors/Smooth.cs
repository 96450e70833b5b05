namespace MemristorSpice.Devices.Memristors;

/// <summary>
/// Smooth replacements for the corners in the device equations, shared by the native models and the ngspice
/// subcircuit text so that both evaluate the very same function.
/// </summary>
public static class Smooth
{
    /// <summary>Beyond this many widths from the corner the softplus is exactly max(u, 0) (the dropped term is
    /// below s·e^−50 ≈ 2e−22·s), so a dead zone is exactly dead, e.g. a read below a VTEAM threshold.</summary>
    public const double Cutoff = 50.0;

    /// <summary>
    /// Softplus with width s: sp(u) = max(u, 0) + s·ln(1 + exp(−|u|/s)), with the log term dropped when
    /// |u| &gt; 50·s. It equals max(u, 0) up to s·ln 2 at u = 0 and has a continuous derivative (the logistic
    /// function) apart from jumps below e^−50 at the cutoff. Written in this overflow-free form for both C# and
    /// ngspice (<see cref="Spice.SpiceFormat.Softplus(string, string)"/>).
    /// </summary>
    public static double Softplus(double u, double width)
    {
        var a = Math.Abs(u) / width;
        return Math.Max(u, 0.0) + (a > Cutoff ? 0.0 : width * Log1P(Math.Exp(-a)));
    }

    /// <summary>ln(1 + e) for 0 ≤ e ≤ 1, accurate also for tiny e (series below 1e-4, error &lt; e⁵/5).</summary>
    public static double Log1P(double e) => e < 1e-4 ? e * (1.0 - e * (0.5 - e * (1.0 / 3.0 - e * 0.25))) : Math.Log(1.0 + e);

    /// <summary>d Softplus(u, s) / du = 1 / (1 + exp(−u/s)) (the logistic function), overflow-free, with the
    /// same cutoff as <see cref="Softplus"/>.</summary>
    public static double SoftplusDerivative(double u, double width)
    {
        var a = u / width;
        if (a > Cutoff) return 1.0;
        if (a < -Cutoff) return 0.0;
        if (u >= 0)
            return 1.0 / (1.0 + Math.Exp(-a));
        var e = Math.Exp(a);
        return e / (1.0 + e);
    }

    /// <summary>Clamp of u to [0, 1]; its derivative is 1 inside and 0 outside.</summary>
    public static double Ramp(double u) => Math.Min(Math.Max(u, 0.0), 1.0);

    /// <summary>d Ramp(u) / du (1 strictly inside (0, 1), else 0).</summary>
    public static double RampDerivative(double u) => u > 0.0 && u < 1.0 ? 1.0 : 0.0;

    /// <summary>
    /// Gate that stops a state moving up at its upper bound: Ramp((1 − x)/δ). It is 1 for x ≤ 1 − δ and falls
    /// linearly to 0 at x = 1, so dx/dt → 0 as x → 1 and the state never passes 1 in continuous time.
    /// </summary>
    public static double UpperGate(double x, double delta) => Ramp((1.0 - x) / delta);

    /// <summary>d UpperGate / dx.</summary>
    public static double UpperGateDerivative(double x, double delta) => -RampDerivative((1.0 - x) / delta) / delta;

    /// <summary>Gate that stops a state moving down at its lower bound: Ramp(x/δ).</summary>
    public static double LowerGate(double x, double delta) => Ramp(x / delta);

    /// <summary>d LowerGate / dx.</summary>
    public static double LowerGateDerivative(double x, double delta) => RampDerivative(x / delta) / delta;

    /// <summary>Clamp of a state to [0, 1], used wherever a resistance is computed from the state.</summary>
    public static double ClampUnit(double x) => Math.Min(Math.Max(x, 0.0), 1.0);
}
