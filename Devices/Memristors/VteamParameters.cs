namespace MemristorSpice.Devices.Memristors;

/// <summary>
/// VTEAM, the voltage-threshold adaptive memristor model (Kvatinsky, Ramadan, Friedman and Kolodny,
/// IEEE TCAS-II 62(8), 2015), w ∈ [w_on, w_off]:
///   dw/dt = k_off·(v/v_off − 1)^α_off·f_off(w)   if v &gt; v_off &gt; 0
///         = 0                                    if v_on ≤ v ≤ v_off
///         = k_on·(v/v_on − 1)^α_on·f_on(w)      if v &lt; v_on &lt; 0
/// </summary>
/// <param name="Name">Preset or user name.</param>
/// <param name="Source">Where the numbers come from.</param>
/// <param name="RonOhms">Resistance at w = w_on, Ohms.</param>
/// <param name="RoffOhms">Resistance at w = w_off, Ohms.</param>
/// <param name="KonMetersPerSecond">k_on &lt; 0, meters/second.</param>
/// <param name="KoffMetersPerSecond">k_off &gt; 0, meters/second.</param>
/// <param name="AlphaOn">α_on &gt; 0.</param>
/// <param name="AlphaOff">α_off &gt; 0.</param>
/// <param name="VonVolts">v_on &lt; 0, Volts.</param>
/// <param name="VoffVolts">v_off &gt; 0, Volts.</param>
/// <param name="WonMeters">w_on, meters.</param>
/// <param name="WoffMeters">w_off &gt; w_on, meters.</param>
/// <param name="InitialOhms">Resistance at t = 0, Ohms.</param>
/// <param name="Resistance">Linear or exponential R(x).</param>
/// <param name="Window">Window on the normalized state (applied to both directions; Biolek uses the drive sign).</param>
/// <param name="Kvatinsky">Optional Kvatinsky window f_on/f_off (multiplies <paramref name="Window"/>).</param>
/// <param name="SmoothingWidth">Width s of the softplus that replaces max(v/v_th − 1, 0), dimensionless
/// (relative to the threshold voltage); its error is at most s·ln 2 at the threshold.</param>
/// <param name="GateWidth">Width δ of the bound gates on the normalized state.</param>
public sealed record VteamParameters(
    string Name,
    string Source,
    double RonOhms,
    double RoffOhms,
    double KonMetersPerSecond,
    double KoffMetersPerSecond,
    double AlphaOn,
    double AlphaOff,
    double VonVolts,
    double VoffVolts,
    double WonMeters,
    double WoffMeters,
    double InitialOhms,
    VteamResistance Resistance = VteamResistance.Linear,
    Window? Window = null,
    KvatinskyWindow? Kvatinsky = null,
    double SmoothingWidth = 1e-3,
    double GateWidth = 1e-3)
{
    /// <summary>The x-based window, f = 1 when none was given.</summary>
    public Window StateWindow => Window ?? Memristors.Window.None;

    /// <summary>Throws <see cref="ArgumentException"/> with the broken rule and the values.</summary>
    public VteamParameters Validate()
    {
        if (!(RonOhms > 0.0 && double.IsFinite(RonOhms)))
            throw new ArgumentException($"{Name}: Ron must be > 0 Ohms, got {RonOhms}.");
        if (!(RoffOhms > RonOhms && double.IsFinite(RoffOhms)))
            throw new ArgumentException($"{Name}: Roff must be > Ron (Roff {RoffOhms} Ohms, Ron {RonOhms} Ohms).");
        if (!(VonVolts < 0.0))
            throw new ArgumentException($"{Name}: VTEAM needs v_on < 0 V (the ON threshold is negative), got {VonVolts} V.");
        if (!(VoffVolts > 0.0 && double.IsFinite(VoffVolts)))
            throw new ArgumentException($"{Name}: VTEAM needs v_off > 0 V (the OFF threshold is positive), got {VoffVolts} V.");
        if (!(KonMetersPerSecond < 0.0))
            throw new ArgumentException($"{Name}: VTEAM needs k_on < 0 m/s, got {KonMetersPerSecond}.");
        if (!(KoffMetersPerSecond > 0.0 && double.IsFinite(KoffMetersPerSecond)))
            throw new ArgumentException($"{Name}: VTEAM needs k_off > 0 m/s, got {KoffMetersPerSecond}.");
        if (!(AlphaOn > 0.0 && AlphaOff > 0.0))
            throw new ArgumentException($"{Name}: alpha_on and alpha_off must be > 0, got {AlphaOn} and {AlphaOff}.");
        if (!(WoffMeters > WonMeters))
            throw new ArgumentException($"{Name}: w_off ({WoffMeters} m) must be > w_on ({WonMeters} m).");
        if (!(InitialOhms >= RonOhms && InitialOhms <= RoffOhms))
            throw new ArgumentException($"{Name}: initial resistance {InitialOhms} Ohms must lie in [Ron, Roff] = [{RonOhms}, {RoffOhms}].");
        if (!(SmoothingWidth > 0.0 && SmoothingWidth <= 0.1))
            throw new ArgumentException($"{Name}: smoothing width must be in (0, 0.1], got {SmoothingWidth}.");
        if (!(GateWidth > 0.0 && GateWidth < 0.5))
            throw new ArgumentException($"{Name}: gate width must be in (0, 0.5), got {GateWidth}.");
        StateWindow.Validate();
        Kvatinsky?.Validate();
        return this;
    }
}
