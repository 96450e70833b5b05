namespace MemristorSpice.Devices.Memristors;

/// <summary>
/// Linear ion drift model (Strukov et al., Nature 453, 2008) with a window f (Joglekar 2009, Biolek 2009,
/// Prodromakis 2011):
///   R(x) = Ron·x + Roff·(1 − x),   i = v / R(x),
///   dx/dt = k·i·f(x, i)·g(x, i),   k = µv·Ron/D²,
/// where g is our bound gate (UpperGate for i &gt; 0, LowerGate for i &lt; 0, width δ) that keeps x in [0, 1]
/// even without a window. Positive current (pos → neg) drives x → 1 (ON, R → Ron).
/// </summary>
public sealed class LinearDriftModel : IMemristorModel
{
    /// <summary>Validated parameters.</summary>
    public LinearDriftParameters Parameters { get; }

    /// <summary>Creates the model; the parameters are validated first.</summary>
    public LinearDriftModel(LinearDriftParameters parameters) => Parameters = parameters.Validate();

    /// <inheritdoc/>
    public string Name => Parameters.Name;
    /// <inheritdoc/>
    public double MinResistanceOhms => Parameters.RonOhms;
    /// <inheritdoc/>
    public double MaxResistanceOhms => Parameters.RoffOhms;
    /// <inheritdoc/>
    public double InitialState => Parameters.InitialState;
    /// <inheritdoc/>
    public int SetPolarity => +1;

    /// <inheritdoc/>
    public double Resistance(double x)
    {
        var xc = Smooth.ClampUnit(x);
        return Parameters.RonOhms * xc + Parameters.RoffOhms * (1.0 - xc);
    }

    /// <inheritdoc/>
    public double ResistanceDerivative(double x) =>
        x > 0.0 && x < 1.0 ? Parameters.RonOhms - Parameters.RoffOhms : 0.0;

    /// <summary>dx/dt at state x under current i (Amperes), with ∂/∂x at fixed i and ∂/∂i.</summary>
    public (double Rate, double DRateDx, double DRateDi) RateFromCurrent(double x, double amperes)
    {
        var k = Parameters.DriftConstant;
        var delta = Parameters.GateWidth;
        var w = Parameters.Window;
        var f = w.Value(x, amperes);
        var df = w.Derivative(x, amperes);
        double g, dg;
        if (amperes > 0.0) { g = Smooth.UpperGate(x, delta); dg = Smooth.UpperGateDerivative(x, delta); }
        else { g = Smooth.LowerGate(x, delta); dg = Smooth.LowerGateDerivative(x, delta); }
        var rate = k * amperes * f * g;
        return (rate, k * amperes * (df * g + f * dg), k * f * g);
    }

    /// <inheritdoc/>
    public StateRate Rate(double x, double volts)
    {
        var r = Resistance(x);
        var i = volts / r;
        var (rate, dRateDxAtI, dRateDi) = RateFromCurrent(x, i);
        var diDx = -volts * ResistanceDerivative(x) / (r * r);
        return new StateRate(rate, dRateDxAtI + dRateDi * diDx, dRateDi / r);
    }

    /// <inheritdoc/>
    public double StateForResistance(double ohms)
    {
        if (!(ohms >= Parameters.RonOhms && ohms <= Parameters.RoffOhms))
            throw new ArgumentOutOfRangeException(nameof(ohms),
                $"{Name}: target {ohms} Ohms is outside [Ron, Roff] = [{Parameters.RonOhms}, {Parameters.RoffOhms}] Ohms.");
        // Inverse of R(x) = Ron·x + Roff·(1 − x).
        return (Parameters.RoffOhms - ohms) / (Parameters.RoffOhms - Parameters.RonOhms);
    }
}
