using MemristorSpice.Engine.Core;

namespace MemristorSpice.Engine.Components;

/// <summary>
/// The static (bias) part of a diode: the junction current id(vd) with its breakdown knee, the critical voltage a
/// DC solution starts from, and the limiting of a new Newton iterate (equations in <see cref="Diode"/>).
/// </summary>
internal sealed class DiodeCurrent
{
    private readonly double _is, _vte;
    private readonly double? _bv;

    public DiodeCurrent(DiodeModel model, DiodeTemperature t, double relTol)
    {
        _is = t.Is; _vte = t.Vte;
        CriticalVoltage = Junction.CriticalVoltage(_vte, _is);
        if (t.Bv is double bv) _bv = EffectiveBreakdown(bv, model.N, model.Ibv, relTol);
    }

    /// <summary>Junction voltage in V where the exponential's curvature is largest (SPICE vcrit).</summary>
    public double CriticalVoltage { get; }

    /// <summary>
    /// The knee xbv in V, solved so that the current at −BV equals IBV (ngspice diotemp.c); vt is taken without N
    /// where ngspice has it, and the breakdown emission coefficient is N (ngspice's default NBV).
    /// </summary>
    private double EffectiveBreakdown(double bv, double n, double cbv, double reltol)
    {
        double isat = _is, vte = _vte, vt = _vte / n;
        if (cbv < isat * bv / vt) return bv;
        double xbv = bv - vte * Math.Log(1 + cbv / isat);
        for (int iter = 0; iter < 25; iter++)
        {
            xbv = bv - vte * Math.Log(cbv / isat + 1 - xbv / vt);
            double xcbv = isat * (Math.Exp((bv - xbv) / vte) - 1 + xbv / vt);
            if (Math.Abs(xcbv - cbv) <= reltol * cbv) break;
        }
        return xbv;
    }

    /// <summary>
    /// Limits a new iterate vd against the last one (pn-junction limiting, mirrored at the breakdown knee);
    /// <paramref name="limited"/> is true when the step was cut.
    /// </summary>
    public double Limit(double vd, double vold, out bool limited)
    {
        if (_bv is double bv && vd < Math.Min(0, -bv + 10 * _vte))
            return -(Junction.LimitPn(-(vd + bv), -(vold + bv), _vte, CriticalVoltage, out limited) + bv);
        return Junction.LimitPn(vd, vold, _vte, CriticalVoltage, out limited);
    }

    /// <summary>Current id in A and its derivative gd in S at vd in V, with gmin in S across the junction.</summary>
    public (double Id, double Gd) At(double vd, double gmin)
    {
        double isat = _is, vte = _vte;
        if (vd >= -3 * vte)
        {
            double e = Math.Exp(vd / vte);
            return (isat * (e - 1) + gmin * vd, isat * e / vte + gmin);
        }
        if (_bv is not double bv || vd >= -bv)
        {
            double arg = 3 * vte / (vd * Math.E);
            arg = arg * arg * arg;
            return (-isat * (1 + arg) + gmin * vd, isat * 3 * arg / vd + gmin);
        }
        double ev = Math.Exp(-(bv + vd) / vte);
        return (-isat * ev + gmin * vd, isat * ev / vte + gmin);
    }
}
