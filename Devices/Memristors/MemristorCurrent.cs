namespace MemristorSpice.Devices.Memristors;

/// <summary>Device current i = v / R(x) and its partials, for any <see cref="IMemristorModel"/>.</summary>
public static class MemristorCurrent
{
    /// <summary>i = v / R(x) in Amperes (from pos to neg).</summary>
    public static double Amperes(IMemristorModel model, double x, double volts) => volts / model.Resistance(x);

    /// <summary>∂i/∂v = 1 / R(x), Siemens.</summary>
    public static double DCurrentDv(IMemristorModel model, double x) => 1.0 / model.Resistance(x);

    /// <summary>∂i/∂x = −v·R'(x) / R(x)², Amperes.</summary>
    public static double DCurrentDx(IMemristorModel model, double x, double volts)
    {
        var r = model.Resistance(x);
        return -volts * model.ResistanceDerivative(x) / (r * r);
    }
}
