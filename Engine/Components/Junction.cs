namespace MemristorSpice.Engine.Components;

/// <summary>Newton step limiting helpers shared by devices (public so device projects can use them).</summary>
public static class Junction
{
    /// <summary>
    /// Boltzmann constant over electron charge in V/K with the CODATA 2014 values that ngspice (const.h:
    /// CONSTboltz 1.38064852e-23 J/K, CHARGE 1.6021766208e-19 C) uses; SPICE3 used older values.
    /// </summary>
    public const double BoltzmannOverCharge = 1.38064852e-23 / 1.6021766208e-19;

    /// <summary>Thermal voltage kT/q in V at temperature in K.</summary>
    public static double ThermalVoltage(double kelvin) => BoltzmannOverCharge * kelvin;

    /// <summary>Critical voltage vcrit = vt·ln(vt/(√2·Is)) above which exp() steps get limited (SPICE2).</summary>
    public static double CriticalVoltage(double vt, double saturationCurrent) =>
        vt * Math.Log(vt / (Math.Sqrt(2) * saturationCurrent));

    /// <summary>
    /// pn-junction voltage limiting, ngspice DEVpnjlim (devsup.c): above vcrit a step larger than 2·vt is
    /// replaced by a logarithmic one; large negative steps are limited to −1 − 2|vold|-ish.
    /// </summary>
    /// <returns>The limited voltage; limited is true if it differs from vnew.</returns>
    public static double LimitPn(double vnew, double vold, double vt, double vcrit, out bool limited)
    {
        limited = false;
        if (vnew > vcrit && Math.Abs(vnew - vold) > vt + vt)
        {
            if (vold > 0)
            {
                double arg = 1 + (vnew - vold) / vt;
                vnew = arg > 0 ? vold + vt * Math.Log(arg) : vcrit;
            }
            else vnew = vt * Math.Log(vnew / vt);
            limited = true;
        }
        else if (vnew < 0)
        {
            double arg = vold > 0 ? -1 * vold - 1 : 2 * vold - 1;
            if (vnew < arg) { vnew = arg; limited = true; }
        }
        return vnew;
    }

    /// <summary>Limits a voltage step to ±maxStep around vold (simple damping for smooth nonlinearities).</summary>
    public static double LimitStep(double vnew, double vold, double maxStep, out bool limited)
    {
        limited = Math.Abs(vnew - vold) > maxStep;
        return limited ? vold + Math.Sign(vnew - vold) * maxStep : vnew;
    }
}
