namespace MemristorSpice.Devices.Memristors;

/// <summary>
/// TEAM, the current-threshold adaptive memristor model (Kvatinsky, Friedman, Kolodny and Weiser, IEEE TCAS-I
/// 60(1), 2013), w ∈ [w_on, w_off], i the device current:
///   dw/dt = k_off·(i/i_off − 1)^α_off·f_off(w)   if i &gt; i_off &gt; 0
///         = 0                                    if i_on ≤ i ≤ i_off
///         = k_on·(i/i_on − 1)^α_on·f_on(w)      if i &lt; i_on &lt; 0
/// R linear or exponential in x = (w − w_on)/(w_off − w_on), as for VTEAM.
/// </summary>
/// <param name="Name">Preset or user name.</param>
/// <param name="Source">Where the numbers come from.</param>
/// <param name="RonOhms">Resistance at w = w_on, Ohms.</param>
/// <param name="RoffOhms">Resistance at w = w_off, Ohms.</param>
/// <param name="KonMetersPerSecond">k_on &lt; 0, meters/second.</param>
/// <param name="KoffMetersPerSecond">k_off &gt; 0, meters/second.</param>
/// <param name="AlphaOn">α_on &gt; 0.</param>
/// <param name="AlphaOff">α_off &gt; 0.</param>
/// <param name="IonAmperes">i_on &lt; 0, Amperes.</param>
/// <param name="IoffAmperes">i_off &gt; 0, Amperes.</param>
/// <param name="WonMeters">w_on, meters.</param>
/// <param name="WoffMeters">w_off &gt; w_on, meters.</param>
/// <param name="InitialOhms">Resistance at t = 0, Ohms.</param>
/// <param name="Resistance">Linear or exponential R(x).</param>
/// <param name="Window">Window on the normalized state, as in <see cref="VteamParameters"/>.</param>
/// <param name="Kvatinsky">Optional Kvatinsky window f_on/f_off (multiplies <paramref name="Window"/>).</param>
/// <param name="SmoothingWidth">Width of the softplus that replaces the current threshold's max(·, 0), dimensionless.</param>
/// <param name="GateWidth">Width of the bound gates on the normalized state.</param>
public sealed record TeamParameters(
    string Name,
    string Source,
    double RonOhms,
    double RoffOhms,
    double KonMetersPerSecond,
    double KoffMetersPerSecond,
    double AlphaOn,
    double AlphaOff,
    double IonAmperes,
    double IoffAmperes,
    double WonMeters,
    double WoffMeters,
    double InitialOhms,
    VteamResistance Resistance = VteamResistance.Linear,
    Window? Window = null,
    KvatinskyWindow? Kvatinsky = null,
    double SmoothingWidth = 1e-3,
    double GateWidth = 1e-3)
{
    /// <summary>Throws <see cref="ArgumentException"/> with the broken rule and the values.</summary>
    public TeamParameters Validate()
    {
        if (!(IonAmperes < 0.0))
            throw new ArgumentException($"{Name}: TEAM needs i_on < 0 A (the ON threshold is negative), got {IonAmperes} A.");
        if (!(IoffAmperes > 0.0 && double.IsFinite(IoffAmperes)))
            throw new ArgumentException($"{Name}: TEAM needs i_off > 0 A (the OFF threshold is positive), got {IoffAmperes} A.");
        AsThresholdKinetics().Validate();
        return this;
    }

    /// <summary>The same kinetics written as a VTEAM record whose "voltage" thresholds are the current thresholds:
    /// both models share dw/dt(drive, w); only the drive differs (v for VTEAM, i for TEAM).</summary>
    internal VteamParameters AsThresholdKinetics() =>
        new(Name, Source, RonOhms, RoffOhms, KonMetersPerSecond, KoffMetersPerSecond, AlphaOn, AlphaOff,
            IonAmperes, IoffAmperes, WonMeters, WoffMeters, InitialOhms, Resistance, Window, Kvatinsky, SmoothingWidth, GateWidth);
}
