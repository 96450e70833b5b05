using MemristorSpice.Devices.Memristors;

namespace MemristorSpice.Devices.Native;

/// <summary>
/// The residuals and exact Jacobian that <see cref="Memristor"/> stamps in a transient Newton iteration:
///   KCL:   i(v, x) = v / R(x)                       (leaves pos, enters neg)
///   state: F(v, x) = dx/dt(x) − rate(x, v),   dx/dt(x) = Slope·x + c from the integrator (Slope = ∂(dx/dt)/∂x)
/// </summary>
/// <param name="Current">i in Amperes.</param>
/// <param name="DCurrentDv">∂i/∂v in Siemens.</param>
/// <param name="DCurrentDx">∂i/∂x in Amperes.</param>
/// <param name="StateResidual">F in 1/Seconds.</param>
/// <param name="DResidualDx">∂F/∂x = Slope − ∂rate/∂x, 1/Seconds.</param>
/// <param name="DResidualDv">∂F/∂v = −∂rate/∂v, 1/(Volt·Second).</param>
internal readonly record struct MemristorLinearization(
    double Current, double DCurrentDv, double DCurrentDx, double StateResidual, double DResidualDx, double DResidualDv)
{
    /// <summary>Linearization at device voltage v (Volts) and state x, given the integrator's dx/dt at x and its slope.</summary>
    public static MemristorLinearization At(IMemristorModel model, double volts, double x, double dxdt, double slope)
    {
        var r = model.Resistance(x);
        var rate = model.Rate(x, volts);
        return new MemristorLinearization(
            volts / r,
            1.0 / r,
            -volts * model.ResistanceDerivative(x) / (r * r),
            dxdt - rate.Rate,
            slope - rate.DRateDx,
            -rate.DRateDv);
    }
}
