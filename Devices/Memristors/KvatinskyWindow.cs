namespace MemristorSpice.Devices.Memristors;

/// <summary>
/// The TEAM/VTEAM window of Kvatinsky et al. (TEAM, IEEE TCAS-I 60(1), 2013; VTEAM, IEEE TCAS-II 62(8), 2015), in meters:
///   f_off(w) = exp(−exp((w − a_off)/w_c)),   f_on(w) = exp(−exp(−(w − a_on)/w_c)).
/// </summary>
/// <param name="AonMeters">a_on, where f_on has fallen to 1/e, meters.</param>
/// <param name="AoffMeters">a_off, where f_off has fallen to 1/e, meters.</param>
/// <param name="WcMeters">w_c, the width of the fall, meters (&gt; 0).</param>
public sealed record KvatinskyWindow(double AonMeters, double AoffMeters, double WcMeters)
{
    /// <summary>Throws <see cref="ArgumentException"/> unless the window edges are ordered and the width is positive.</summary>
    public void Validate()
    {
        if (!(WcMeters > 0.0 && double.IsFinite(WcMeters)))
            throw new ArgumentException($"Kvatinsky window: w_c must be > 0 m, got {WcMeters}.");
        if (!(AonMeters < AoffMeters))
            throw new ArgumentException($"Kvatinsky window: a_on ({AonMeters} m) must be < a_off ({AoffMeters} m).");
    }

    /// <summary>f_off(w).</summary>
    public double Off(double w) => Math.Exp(-Math.Exp((w - AoffMeters) / WcMeters));

    /// <summary>d f_off / dw, 1/meters.</summary>
    public double OffDerivative(double w)
    {
        var e = Math.Exp((w - AoffMeters) / WcMeters);
        return -Math.Exp(-e) * e / WcMeters;
    }

    /// <summary>f_on(w).</summary>
    public double On(double w) => Math.Exp(-Math.Exp(-(w - AonMeters) / WcMeters));

    /// <summary>d f_on / dw, 1/meters.</summary>
    public double OnDerivative(double w)
    {
        var e = Math.Exp(-(w - AonMeters) / WcMeters);
        return Math.Exp(-e) * e / WcMeters;
    }
}
