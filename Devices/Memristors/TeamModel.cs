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

    /// <summary>The validated parameters this model was built from.</summary>
    public TeamParameters Parameters { get; }

    /// <summary>Creates the model; the parameters are validated first.</summary>
    public TeamModel(TeamParameters parameters)
    {
        Parameters = parameters.Validate();
        _kinetics = new VteamModel(parameters.AsThresholdKinetics());
    }

    /// <inheritdoc/>
    public string Name => Parameters.Name;
    /// <inheritdoc/>
    public double MinResistanceOhms => Parameters.RonOhms;
    /// <inheritdoc/>
    public double MaxResistanceOhms => Parameters.RoffOhms;
    /// <inheritdoc/>
    public double InitialState => _kinetics.InitialState;
    /// <inheritdoc/>
    public int SetPolarity => -1;

    /// <inheritdoc/>
    public double Resistance(double x) => _kinetics.Resistance(x);
    /// <inheritdoc/>
    public double ResistanceDerivative(double x) => _kinetics.ResistanceDerivative(x);
    /// <inheritdoc/>
    public double StateForResistance(double ohms) => _kinetics.StateForResistance(ohms);

    /// <inheritdoc/>
    public StateRate Rate(double x, double volts)
    {
        var r = Resistance(x);
        var i = volts / r;
        var k = _kinetics.Rate(x, i);
        var diDx = -volts * ResistanceDerivative(x) / (r * r);
        return new StateRate(k.Rate, k.DRateDx + k.DRateDv * diDx, k.DRateDv / r);
    }
}
