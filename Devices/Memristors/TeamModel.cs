namespace MemristorSpice.Devices.Memristors;

/// <summary>
/// TEAM (Kvatinsky et al., IEEE TCAS-I 60(1), 2013) on the normalized state, current-driven:
///   i = v/R(x),   dx/dt = K(x, i)
/// where K is VTEAM's smoothed threshold kinetics (<see cref="VteamModel.Rate"/>) with the thresholds i_on, i_off
/// in Amperes. Chain rule: ∂/∂v = K_i/R, ∂/∂x = K_x + K_i·∂i/∂x with ∂i/∂x = −v·R'/R².
/// A current above i_off drives x → 1 (OFF, R → Roff).
/// </summary>
public sealed class TeamModel : IMemristorModel
{
    private readonly VteamModel _kinetics;

    public TeamParameters Parameters { get; }

    public TeamModel(TeamParameters parameters)
    {
        Parameters = parameters.Validate();
        _kinetics = new VteamModel(parameters.AsThresholdKinetics());
    }

    public string Name => Parameters.Name;
    public double MinResistanceOhms => Parameters.RonOhms;
    public double MaxResistanceOhms => Parameters.RoffOhms;
    public double InitialState => _kinetics.InitialState;
    public int SetPolarity => -1;

    public double Resistance(double x) => _kinetics.Resistance(x);
    public double ResistanceDerivative(double x) => _kinetics.ResistanceDerivative(x);
    public double StateForResistance(double ohms) => _kinetics.StateForResistance(ohms);

    public StateRate Rate(double x, double volts)
    {
        var r = Resistance(x);
        var i = volts / r;
        var k = _kinetics.Rate(x, i);
        var diDx = -volts * ResistanceDerivative(x) / (r * r);
        return new StateRate(k.Rate, k.DRateDx + k.DRateDv * diDx, k.DRateDv / r);
    }
}
