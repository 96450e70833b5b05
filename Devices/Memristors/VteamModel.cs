namespace MemristorSpice.Devices.Memristors;

/// <summary>
/// VTEAM (Kvatinsky et al., IEEE TCAS-II 62(8), 2015) on the normalized state x = (w − w_on)/(w_off − w_on):
///   dx/dt = [ k_off·sp(v/v_off − 1)^α_off·f_off(x)·G↑(x) + k_on·sp(v/v_on − 1)^α_on·f_on(x)·G↓(x) ] / (w_off − w_on)
/// where sp is <see cref="Smooth.Softplus"/> of width s (it replaces max(·, 0), i.e. the dead zone between
/// the thresholds, by a C¹ function), f_off = W(x, +1)·F_off(w), f_on = W(x, −1)·F_on(w) with W the x-window and
/// F the Kvatinsky window (1 when absent), and G↑/G↓ the bound gates of width δ that hold x in [0, 1].
///   R(x) = Ron + (Roff − Ron)·x  (linear)  or  Ron·exp(ln(Roff/Ron)·x)  (exponential).
/// A positive voltage above v_off drives x → 1 (OFF, R → Roff).
/// </summary>
public sealed class VteamModel : IMemristorModel
{
    private readonly double _span;
    private readonly double _lambda;

    /// <summary>Validated parameters.</summary>
    public VteamParameters Parameters { get; }

    /// <summary>Creates the model; the parameters are validated first.</summary>
    public VteamModel(VteamParameters parameters)
    {
        Parameters = parameters.Validate();
        _span = parameters.WoffMeters - parameters.WonMeters;
        _lambda = Math.Log(parameters.RoffOhms / parameters.RonOhms);
    }

    /// <inheritdoc/>
    public string Name => Parameters.Name;
    /// <inheritdoc/>
    public double MinResistanceOhms => Parameters.RonOhms;
    /// <inheritdoc/>
    public double MaxResistanceOhms => Parameters.RoffOhms;
    /// <inheritdoc/>
    public double InitialState => StateForResistance(Parameters.InitialOhms);
    /// <inheritdoc/>
    public int SetPolarity => -1;

    /// <summary>w(x) in meters.</summary>
    public double PositionMeters(double x) => Parameters.WonMeters + x * _span;

    /// <inheritdoc/>
    public double Resistance(double x)
    {
        var xc = Smooth.ClampUnit(x);
        return Parameters.Resistance == VteamResistance.Linear
            ? Parameters.RonOhms + (Parameters.RoffOhms - Parameters.RonOhms) * xc
            : Parameters.RonOhms * Math.Exp(_lambda * xc);
    }

    /// <inheritdoc/>
    public double ResistanceDerivative(double x)
    {
        if (!(x > 0.0 && x < 1.0)) return 0.0;
        return Parameters.Resistance == VteamResistance.Linear
            ? Parameters.RoffOhms - Parameters.RonOhms
            : _lambda * Resistance(x);
    }

    /// <summary>
    /// The threshold drive term sp(v/v_th − 1)^α and its derivative with respect to v (1/Volts).
    /// </summary>
    public (double Value, double DValueDv) Drive(double volts, double thresholdVolts, double alpha)
    {
        var u = volts / thresholdVolts - 1.0;
        var s = Parameters.SmoothingWidth;
        var sp = Smooth.Softplus(u, s);
        if (sp == 0.0) return (0.0, 0.0);
        var value = Math.Pow(sp, alpha);
        var d = alpha * Math.Pow(sp, alpha - 1.0) * Smooth.SoftplusDerivative(u, s) / thresholdVolts;
        return (value, d);
    }

    /// <summary>f_off(x) and d f_off/dx: x-window with rising drive times the Kvatinsky f_off.</summary>
    public (double Value, double Derivative) OffWindow(double x)
    {
        var w = Parameters.StateWindow;
        double f = w.Value(x, +1.0), df = w.Derivative(x, +1.0);
        if (Parameters.Kvatinsky is { } k)
        {
            var pos = PositionMeters(x);
            double kv = k.Off(pos), dkv = k.OffDerivative(pos) * _span;
            return (f * kv, df * kv + f * dkv);
        }
        return (f, df);
    }

    /// <summary>f_on(x) and d f_on/dx: x-window with falling drive times the Kvatinsky f_on.</summary>
    public (double Value, double Derivative) OnWindow(double x)
    {
        var w = Parameters.StateWindow;
        double f = w.Value(x, -1.0), df = w.Derivative(x, -1.0);
        if (Parameters.Kvatinsky is { } k)
        {
            var pos = PositionMeters(x);
            double kv = k.On(pos), dkv = k.OnDerivative(pos) * _span;
            return (f * kv, df * kv + f * dkv);
        }
        return (f, df);
    }

    /// <inheritdoc/>
    public StateRate Rate(double x, double volts)
    {
        var p = Parameters;
        var delta = p.GateWidth;

        var (dOff, dOffDv) = Drive(volts, p.VoffVolts, p.AlphaOff);
        var (fOff, fOffDx) = OffWindow(x);
        double gUp = Smooth.UpperGate(x, delta), gUpDx = Smooth.UpperGateDerivative(x, delta);
        var off = p.KoffMetersPerSecond * dOff * fOff * gUp;
        var offDx = p.KoffMetersPerSecond * dOff * (fOffDx * gUp + fOff * gUpDx);
        var offDv = p.KoffMetersPerSecond * dOffDv * fOff * gUp;

        var (dOn, dOnDv) = Drive(volts, p.VonVolts, p.AlphaOn);
        var (fOn, fOnDx) = OnWindow(x);
        double gDown = Smooth.LowerGate(x, delta), gDownDx = Smooth.LowerGateDerivative(x, delta);
        var on = p.KonMetersPerSecond * dOn * fOn * gDown;
        var onDx = p.KonMetersPerSecond * dOn * (fOnDx * gDown + fOn * gDownDx);
        var onDv = p.KonMetersPerSecond * dOnDv * fOn * gDown;

        return new StateRate((off + on) / _span, (offDx + onDx) / _span, (offDv + onDv) / _span);
    }

    /// <inheritdoc/>
    public double StateForResistance(double ohms)
    {
        var p = Parameters;
        if (!(ohms >= p.RonOhms && ohms <= p.RoffOhms))
            throw new ArgumentOutOfRangeException(nameof(ohms),
                $"{Name}: target {ohms} Ohms is outside [Ron, Roff] = [{p.RonOhms}, {p.RoffOhms}] Ohms.");
        var x = p.Resistance == VteamResistance.Linear
            ? (ohms - p.RonOhms) / (p.RoffOhms - p.RonOhms)
            : Math.Log(ohms / p.RonOhms) / _lambda;
        return Smooth.ClampUnit(x);
    }
}
