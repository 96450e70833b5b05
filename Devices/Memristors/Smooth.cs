namespace MemristorSpice.Devices.Memristors;

/// <summary>
/// Smooth replacements for the corners in the device equations, shared by the native models and the ngspice
/// subcircuit text so that both evaluate the very same function.
/// </summary>
public static class Smooth
{
    /// <summary>
    /// Softplus with width s: sp(u) = max(u, 0) + s·ln(1 + exp(−|u|/s)). It equals max(u, 0) up to s·ln 2 at
    /// u = 0 and up to s·exp(−|u|/s) elsewhere, and has a continuous derivative (the logistic function).
    /// Written in this overflow-free form for both C# and ngspice.
    /// </summary>
    public static double Softplus(double u, double width) =>
        Math.Max(u, 0.0) + width * Math.Log(1.0 + Math.Exp(-Math.Abs(u) / width));

    /// <summary>d Softplus(u, s) / du = 1 / (1 + exp(−u/s)) (the logistic function), overflow-free.</summary>
    public static double SoftplusDerivative(double u, double width)
    {
        if (u >= 0)
            return 1.0 / (1.0 + Math.Exp(-u / width));
        var e = Math.Exp(u / width);
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
