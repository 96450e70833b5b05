using MemristorSpice.Devices.Memristors;

namespace MemristorSpice.Devices.OpAmps;

/// <summary>Pure functions of the op-amp macro model and its closed forms.</summary>
public static class OpAmpMath
{
    /// <summary>Smooth swing clamp out = a − sp(a − Vhigh, s) + sp(Vlow − a, s); identity without rails.</summary>
    public static double Clamp(OpAmpParameters p, double volts)
    {
        if (p.OutputHighVolts is not { } hi || p.OutputLowVolts is not { } lo) return volts;
        var s = p.ClampWidthVolts;
        return volts - Smooth.Softplus(volts - hi, s) + Smooth.Softplus(lo - volts, s);
    }

    /// <summary>d out / d a of <see cref="Clamp"/>.</summary>
    public static double ClampDerivative(OpAmpParameters p, double volts)
    {
        if (p.OutputHighVolts is not { } hi || p.OutputLowVolts is not { } lo) return 1.0;
        var s = p.ClampWidthVolts;
        return 1.0 - Smooth.SoftplusDerivative(volts - hi, s) - Smooth.SoftplusDerivative(lo - volts, s);
    }

    /// <summary>Closed-loop gain of an inverting amplifier with finite A0:
    /// −(Rf/Rin) / (1 + (1 + Rf/Rin)/A0).</summary>
    public static double InvertingGain(double openLoopGain, double feedbackOhms, double inputOhms)
    {
        var ideal = feedbackOhms / inputOhms;
        return -ideal / (1.0 + (1.0 + ideal) / openLoopGain);
    }

    /// <summary>10–90 % rise time of a single-pole op-amp in a loop with feedback factor β = Rin/(Rin + Rf):
    /// the closed-loop pole is fp·(1 + A0·β), so t_r = ln 9 / (2π·fp·(1 + A0·β)) Seconds.</summary>
    public static double RiseTimeSeconds(OpAmpParameters p, double feedbackFactor)
    {
        var fp = p.PoleHertz ?? throw new ArgumentException($"{p.Name} has no pole; its rise time is zero.");
        return Math.Log(9.0) / (2.0 * Math.PI * fp * (1.0 + p.OpenLoopGain * feedbackFactor));
    }
}
