namespace MemristorSpice.Devices.Memristors;

/// <summary>
/// TEAM, the current-threshold adaptive memristor model (Kvatinsky, Friedman, Kolodny and Weiser, IEEE TCAS-I
/// 60(1), 2013), w ∈ [w_on, w_off], i the device current:
///   dw/dt = k_off·(i/i_off − 1)^α_off·f_off(w)   if i &gt; i_off &gt; 0
///         = 0                                    if i_on ≤ i ≤ i_off
///         = k_on·(i/i_on − 1)^α_on·f_on(w)      if i &lt; i_on &lt; 0
/// R linear or exponential in x = (w − w_on)/(w_off − w_on), as for VTEAM.
/// </summary>
/// <param name="IonAmperes">i_on &lt; 0, Amperes.</param>
/// <param name="IoffAmperes">i_off &gt; 0, Amperes.</param>
/// <remarks>The other parameters mean what they mean in <see cref="VteamParameters"/>.</remarks>
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
