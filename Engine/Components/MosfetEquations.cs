namespace MemristorSpice.Engine.Components;

/// <summary>Drain current of the level-1 model with its derivatives, in NMOS-normalized voltages (PMOS: times −1).</summary>
public readonly record struct ChannelCurrent(double Id, double Gm, double Gds, double Gmbs, double Von, double Vdsat);

/// <summary>
/// Shichman-Hodges equations (H. Shichman, D. A. Hodges, "Modeling and simulation of insulated-gate field-effect
/// transistor switching circuits", IEEE JSSC 3(3), 1968) in the form of Berkeley SPICE3 / ngspice MOS1 (mos1load.c),
/// and Meyer's gate capacitances (J. E. Meyer, "MOS models and circuit simulation", RCA Review 32, 1971; ngspice
/// DEVqmeyer). Voltages are NMOS-normalized: for a PMOS every terminal voltage and current is multiplied by −1.
/// </summary>
public static class MosfetEquations
{
    /// <summary>
    /// Channel current in forward orientation (vds ≥ 0; the caller swaps drain and source for vds &lt; 0).
    ///   sqrt term:  s = √(PHI − vbs) for vbs ≤ 0, else max(0, √PHI − vbs/(2√PHI)) (SPICE's linear continuation)
    ///   threshold:  von = VTO − GAMMA·√PHI + GAMMA·s        (body effect)
    ///   cutoff      vgs − von ≤ 0:   id = 0
    ///   saturation  0 &lt; vgst ≤ vds:  id = β/2·vgst²·(1 + λ·vds)
    ///   linear      vds &lt; vgst:      id = β·vds·(vgst − vds/2)·(1 + λ·vds)
    /// with β = KP·M·W/(L − 2·LD), vgst = vgs − von, vdsat = max(vgst, 0); gmbs = gm·GAMMA/(2s).
    /// </summary>
    /// <param name="vgs">Gate-source voltage in V.</param>
    /// <param name="vds">Drain-source voltage in V (≥ 0).</param>
    /// <param name="vbs">Bulk-source voltage in V.</param>
    /// <param name="beta">Gain factor β in A/V².</param>
    /// <param name="vbi">VTO − GAMMA·√PHI in NMOS-normalized form (ngspice MOS1tVbi·type).</param>
    /// <param name="gamma">Body-effect coefficient GAMMA in √V.</param>
    /// <param name="phi">Surface potential PHI in V.</param>
    /// <param name="lambda">Channel-length modulation LAMBDA in 1/V.</param>
    public static ChannelCurrent Channel(double vgs, double vds, double vbs, double beta, double vbi, double gamma, double phi, double lambda)
    {
        double sarg;
        if (vbs <= 0) sarg = Math.Sqrt(phi - vbs);
        else
        {
            sarg = Math.Sqrt(phi);
            sarg = Math.Max(0, sarg - vbs / (sarg + sarg));
        }
        double von = vbi + gamma * sarg;
        double vgst = vgs - von;
        double vdsat = Math.Max(vgst, 0);
        double arg = sarg <= 0 ? 0 : gamma / (sarg + sarg);
        if (vgst <= 0) return new ChannelCurrent(0, 0, 0, 0, von, vdsat);
        double betap = beta * (1 + lambda * vds);
        if (vgst <= vds)
        {
            double gm = betap * vgst;
            return new ChannelCurrent(betap * vgst * vgst * 0.5, gm, lambda * beta * vgst * vgst * 0.5, gm * arg, von, vdsat);
        }
        double gmLin = betap * vds;
        double gds = betap * (vgst - vds) + lambda * beta * vds * (vgst - 0.5 * vds);
        return new ChannelCurrent(betap * vds * (vgst - 0.5 * vds), gmLin, gds, gmLin * arg, von, vdsat);
    }

    /// <summary>
    /// Half of Meyer's intrinsic gate capacitances (SPICE stores half and adds the other half from the previous time
    /// point), forward orientation, with cox = Cox'·W·Leff·M:
    ///   vgst ≤ −PHI:            Cgb = cox/2, Cgs = Cgd = 0                      (accumulation)
    ///   −PHI &lt; vgst ≤ −PHI/2:   Cgb = −vgst·cox/(2·PHI)                          (depletion)
    ///   −PHI/2 &lt; vgst ≤ 0:      Cgb as above, Cgs = vgst·cox/(1.5·PHI) + cox/3, shared with Cgd below vdsat
    ///   vgst > 0, vds ≥ vdsat:   Cgs = cox/3, Cgd = Cgb = 0                     (saturation)
    ///   vgst > 0, vds &lt; vdsat:  Cgd = cox/3·(1 − (vdsat/(2vdsat − vds))²), Cgs = cox/3·(1 − ((vdsat − vds)/(2vdsat − vds))²)
    /// vdsat is at least 25 mV (ngspice MAGIC_VDS) so the linear-region formulas stay finite.
    /// </summary>
    public static (double Cgs, double Cgd, double Cgb) MeyerHalf(double vgs, double vgd, double von, double vdsat, double phi, double cox)
    {
        const double MinimumVdsat = 0.025;
        double vgst = vgs - von;
        vdsat = Math.Max(vdsat, MinimumVdsat);
        if (vgst <= -phi) return (0, 0, cox / 2);
        if (vgst <= -phi / 2) return (0, 0, -vgst * cox / (2 * phi));
        double vds = vgs - vgd;
        if (vgst <= 0)
        {
            double cgb = -vgst * cox / (2 * phi);
            double cgs = vgst * cox / (1.5 * phi) + cox / 3;
            if (vds >= vdsat) return (cgs, 0, cgb);
            double d = 2 * vdsat - vds, d1 = vdsat - vds, d2 = d * d;
            return (cgs * (1 - d1 * d1 / d2), cgs * (1 - vdsat * vdsat / d2), cgb);
        }
        if (vdsat <= vds) return (cox / 3, 0, 0);
        double dd = 2 * vdsat - vds, dd1 = vdsat - vds, dd2 = dd * dd;
        return (cox * (1 - dd1 * dd1 / dd2) / 3, cox * (1 - vdsat * vdsat / dd2) / 3, 0);
    }
}

/// <summary>Level-1 channel of one instance: <see cref="MosfetEquations.Channel"/> with its β, Vbi, GAMMA, PHI and LAMBDA at T.</summary>
internal sealed class MosfetLevel1(double beta, double vbi, double gamma, double phi, double lambda) : IMosfetChannel
{
    /// <inheritdoc/>
    public ChannelCurrent Evaluate(double vgs, double vds, double vbs) => MosfetEquations.Channel(vgs, vds, vbs, beta, vbi, gamma, phi, lambda);
}

/// <summary>
/// Depletion charge of one bulk junction (bottom area part czb with grading MJ, sidewall part czsw with MJSW), SPICE3 /
/// ngspice MOS1 (mos1temp.c, mos1load.c): below FC·PB
///   q = PB·(czb·(1 − (1 − v/PB)^(1−MJ))/(1 − MJ) + czsw·(1 − (1 − v/PB)^(1−MJSW))/(1 − MJSW)),
///   C = czb·(1 − v/PB)^−MJ + czsw·(1 − v/PB)^−MJSW,
/// above it the capacitance continues linearly, C = f2 + f3·v, q = f4 + f2·v + f3·v²/2, continuous at FC·PB.
/// </summary>
public sealed class JunctionCapacitance
{
    private readonly double _czb, _czsw, _mj, _mjsw, _pb, _depCap, _f2, _f3, _f4;

    /// <summary>Junction with zero-bias bottom capacitance czb and sidewall capacitance czsw (F), grading coefficients mj and mjsw, junction potential pb (V) and forward-bias coefficient fc.</summary>
    public JunctionCapacitance(double czb, double czsw, double mj, double mjsw, double pb, double fc)
    {
        _czb = czb; _czsw = czsw; _mj = mj; _mjsw = mjsw; _pb = pb;
        _depCap = fc * pb;
        double arg = 1 - fc, sarg = Math.Exp(-mj * Math.Log(arg)), sargsw = Math.Exp(-mjsw * Math.Log(arg));
        _f2 = czb * (1 - fc * (1 + mj)) * sarg / arg + czsw * (1 - fc * (1 + mjsw)) * sargsw / arg;
        _f3 = czb * mj * sarg / arg / pb + czsw * mjsw * sargsw / arg / pb;
        _f4 = czb * pb * (1 - arg * sarg) / (1 - mj) + czsw * pb * (1 - arg * sargsw) / (1 - mjsw)
              - _f3 / 2 * _depCap * _depCap - _depCap * _f2;
    }

    /// <summary>True when either part is nonzero.</summary>
    public bool Exists => _czb != 0 || _czsw != 0;

    /// <summary>Charge in C and capacitance in F at junction voltage v (bulk minus drain or source) in V.</summary>
    public (double Q, double C) At(double v)
    {
        if (v >= _depCap) return (_f4 + v * (_f2 + v * _f3 / 2), _f2 + _f3 * v);
        double arg = 1 - v / _pb;
        double sarg = Math.Exp(-_mj * Math.Log(arg)), sargsw = Math.Exp(-_mjsw * Math.Log(arg));
        double q = _pb * (_czb * (1 - arg * sarg) / (1 - _mj) + _czsw * (1 - arg * sargsw) / (1 - _mjsw));
        return (q, _czb * sarg + _czsw * sargsw);
    }
}

/// <summary>Newton step limiting of FET terminal voltages (SPICE3 devsup.c, with A. Gillespie's vtstlo).</summary>
public static class FetLimiting
{
    /// <summary>
    /// DEVfetlim: limits the change of a gate voltage around the threshold von so that an iterate cannot jump from
    /// deep cutoff to strong inversion (or back) in one step: at most to von + 0.5 V when turning on, within
    /// von − 0.5 … von + 4 V near threshold, and by |2(vold − von)| + 2 V deep in inversion.
    /// </summary>
    public static double Gate(double vnew, double vold, double von)
    {
        double vtsthi = Math.Abs(2 * (vold - von)) + 2;
        double vtstlo = Math.Abs(vold - von) + 1;
        double vtox = von + 3.5;
        double delv = vnew - vold;
        if (vold >= von)
        {
            if (vold >= vtox)
            {
                if (delv <= 0)
                {
                    if (vnew >= vtox) { if (-delv > vtstlo) vnew = vold - vtstlo; }
                    else vnew = Math.Max(vnew, von + 2);
                }
                else if (delv >= vtsthi) vnew = vold + vtsthi;
            }
            else vnew = delv <= 0 ? Math.Max(vnew, von - 0.5) : Math.Min(vnew, von + 4);
        }
        else if (delv <= 0)
        {
            if (-delv > vtsthi) vnew = vold - vtsthi;
        }
        else
        {
            double vtemp = von + 0.5;
            if (vnew <= vtemp) { if (delv > vtstlo) vnew = vold + vtstlo; }
            else vnew = vtemp;
        }
        return vnew;
    }

    /// <summary>
    /// DEVlimvds: limits the change of the drain-source voltage: below 3.5 V steps up stop at 4 V and steps down at
    /// −0.5 V; above 3.5 V a rise is capped at 3·vold + 2 and a fall below 3.5 V stops at 2 V.
    /// </summary>
    public static double DrainSource(double vnew, double vold)
    {
        if (vold >= 3.5)
        {
            if (vnew > vold) return Math.Min(vnew, 3 * vold + 2);
            return vnew < 3.5 ? Math.Max(vnew, 2) : vnew;
        }
        return vnew > vold ? Math.Min(vnew, 4) : Math.Max(vnew, -0.5);
    }
}
