using MemristorSpice.Engine.Core;

namespace MemristorSpice.Engine.Components;

/// <summary>
/// The charge part of a diode, used by its time step and its small-signal load: q(vd) = TT·id plus the depletion
/// charge, and C = dq/dvd (equations in <see cref="Diode"/>).
/// </summary>
internal sealed class DiodeCharge(DiodeModel model, DiodeTemperature t)
{
    /// <summary>False when CJO and TT are both 0: the charge is then always 0.</summary>
    public bool Exists { get; } = t.Cjo > 0 || t.Tt > 0;

    /// <summary>True when CJO or TT is nonzero (negative values included): the AC load then adds jω·C.</summary>
    public bool HasCapacitance { get; } = t.Cjo != 0 || t.Tt != 0;

    /// <summary>Charge q in C and capacitance c in F at vd in V, given the junction current id (A) and gd (S) there.</summary>
    public (double Q, double C) At(double vd, double id, double gd)
    {
        double cjo = t.Cjo, vj = t.Vj, m = t.M, fc = model.Fc;
        double q = t.Tt * id, c = t.Tt * gd;
        if (cjo == 0) return (q, c);
        double fcv = fc * vj;
        if (vd < fcv)
        {
            double arg = 1 - vd / vj;
            double sarg = Math.Exp(-m * Math.Log(arg));
            q += vj * cjo * (1 - arg * sarg) / (1 - m);
            c += cjo * sarg;
        }
        else
        {
            double f1 = vj * (1 - Math.Pow(1 - fc, 1 - m)) / (1 - m);
            double f2 = Math.Pow(1 - fc, 1 + m);
            double f3 = 1 - fc * (1 + m);
            q += cjo * (f1 + (f3 * (vd - fcv) + m / (2 * vj) * (vd * vd - fcv * fcv)) / f2);
            c += cjo / f2 * (f3 + m * vd / vj);
        }
        return (q, c);
    }
}
