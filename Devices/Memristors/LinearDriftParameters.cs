namespace MemristorSpice.Devices.Memristors;

/// <summary>
/// Linear ion drift memristor (Strukov, Snider, Stewart and Williams, Nature 453, 2008), x = w/D:
/// R(x) = Ron·x + Roff·(1 − x);  dx/dt = (µv·Ron/D²)·i·f(x, i).
/// </summary>
/// <param name="Name">Preset or user name.</param>
/// <param name="Source">Where the numbers come from.</param>
/// <param name="RonOhms">Resistance of the fully doped device (x = 1), Ohms.</param>
/// <param name="RoffOhms">Resistance of the undoped device (x = 0), Ohms.</param>
/// <param name="ThicknessMeters">Film thickness D, meters.</param>
/// <param name="MobilityM2PerVoltSecond">Dopant mobility µv, m²/(V·s).</param>
/// <param name="Window">Window function f(x, i).</param>
/// <param name="InitialOhms">Resistance at t = 0 (sets x0 = (Roff − Rinit)/(Roff − Ron)), Ohms.</param>
/// <param name="GateWidth">Width δ of the bound gates (dx/dt is scaled to 0 over the last δ of the range), dimensionless.</param>
public sealed record LinearDriftParameters(
    string Name,
    string Source,
    double RonOhms,
    double RoffOhms,
    double ThicknessMeters,
    double MobilityM2PerVoltSecond,
    Window Window,
    double InitialOhms,
    double GateWidth = 1e-3)
{
    /// <summary>Drift constant k = µv·Ron/D² in 1/(Ampere·Second).</summary>
    public double DriftConstant => MobilityM2PerVoltSecond * RonOhms / (ThicknessMeters * ThicknessMeters);

    /// <summary>Initial state x0 = (Roff − Rinit)/(Roff − Ron).</summary>
    public double InitialState => (RoffOhms - InitialOhms) / (RoffOhms - RonOhms);

    /// <summary>Throws <see cref="ArgumentException"/> with the broken rule and the values.</summary>
    public LinearDriftParameters Validate()
    {
        if (!(RonOhms > 0.0 && double.IsFinite(RonOhms)))
            throw new ArgumentException($"{Name}: Ron must be > 0 Ohms, got {RonOhms}.");
        if (!(RoffOhms > RonOhms && double.IsFinite(RoffOhms)))
            throw new ArgumentException($"{Name}: Roff must be > Ron (Roff {RoffOhms} Ohms, Ron {RonOhms} Ohms).");
        if (!(ThicknessMeters > 0.0 && double.IsFinite(ThicknessMeters)))
            throw new ArgumentException($"{Name}: thickness D must be > 0 m, got {ThicknessMeters}.");
        if (!(MobilityM2PerVoltSecond > 0.0 && double.IsFinite(MobilityM2PerVoltSecond)))
            throw new ArgumentException($"{Name}: dopant mobility uv must be > 0 m^2/(V s), got {MobilityM2PerVoltSecond}.");
        if (!(InitialOhms >= RonOhms && InitialOhms <= RoffOhms))
            throw new ArgumentException($"{Name}: initial resistance {InitialOhms} Ohms must lie in [Ron, Roff] = [{RonOhms}, {RoffOhms}].");
        if (!(GateWidth > 0.0 && GateWidth < 0.5))
            throw new ArgumentException($"{Name}: gate width must be in (0, 0.5), got {GateWidth}.");
        Window.Validate();
        return this;
    }
}
