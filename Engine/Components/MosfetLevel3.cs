namespace MemristorSpice.Engine.Components;

/// <summary>
/// SPICE level-3 (semi-empirical short-channel) MOSFET drain current and its derivatives, after A. Vladimirescu and
/// S. Liu, "The Simulation of MOS Integrated Circuits Using SPICE2", UCB/ERL M80/7 (1980), section 2.3 (SPICE2's
/// MOSEQ3), in the form Berkeley SPICE3 / ngspice 39 MOS3 evaluate it (mos3load.c), so that results agree with
/// ngspice. Forward orientation only (vds ≥ 0; <see cref="Mosfet"/> swaps drain and source for vds &lt; 0) and
/// NMOS-normalized voltages.
/// <list type="bullet">
/// <item>Short channel (XJ, NSUB): Fs = 1 − XJ/L·((LD + wc)/XJ·√(1 − (wp/(XJ + wp))²) − LD/XJ), wp = xd·√(PHI − vbs),
/// wc/XJ = 0.0631353 + 0.8013292·wp/XJ − 0.01110777·(wp/XJ)² (M80/7 eq. 2.3.4, 2.3.5).</item>
/// <item>Narrow channel (DELTA): Fn = DELTA·π·εSi/(2·Cox'·W) (eq. 2.3.6).</item>
/// <item>Threshold: vth = Vbi − σ·vds + GAMMA·Fs·√(PHI − vbs) + Fn·(PHI − vbs), σ = ETA·8.15e-22/(Cox'·L³) (eq. 2.3.3, static feedback).</item>
/// <item>Mobility: μs = U0/(1 + THETA·(vgs − vth)) (eq. 2.3.7); with VMAX: vdsat = va + vc − √(va² + vc²), va = (vgs − vth)/(1 + Fb),
/// vc = VMAX·L/μs (eq. 2.3.10), else vdsat = va; Fb = GAMMA·Fs/(4√(PHI − vbs)) + Fn.</item>
/// <item>Current: id = β·(1/(1 + THETA·(vgs − vth)))·(vgs − vth − (1 + Fb)/2·vde)·vde / (1 + vde/vc), vde = min(vds, vdsat) (eq. 2.3.8, 2.3.9).</item>
/// <item>Saturation (vds > vdsat): channel shortening ΔL = √(κ·xd²·(vds − vdsat + vdsat/8)) without VMAX, or
/// ΔL = √((Ep·xd²/2)² + κ·xd²·(vds − vdsat)) − Ep·xd²/2, Ep = κ·id/(L·gdsat), with VMAX (eq. 2.3.11, 2.3.12);
/// id ← id/(1 − ΔL/L), ΔL limited at punch-through to L − L²/(4ΔL) (eq. 2.3.13). Below saturation ngspice 39 also
/// applies ΔL·(vds/vdsat)⁴ with ΔL = √(κ·xd²·vdsat/8) (continuity fix, not in M80/7; off with VMAX or without NSUB).</item>
/// <item>Weak inversion (NFS > 0): von = vth + n·vt, n = 1 + q·NFS/Cox' + Cd/Cox', Cd/Cox' = (GAMMA·Fs·√(PHI − vbs) +
/// Fn·(PHI − vbs))/(2(PHI − vbs)); below von, id = id(von)·exp((vgs − von)/(n·vt)) (eq. 2.3.14).</item>
/// <item>vbs > 0: √(PHI − vbs) is continued as √PHI/(1 + vbs/(2·PHI)) (SPICE).</item>
/// </list>
/// The derivatives gm, gds, gmbs are those of the same equations, term by term as SPICE2 carries them, so the small
/// signal and the Newton linearization agree with ngspice's.
/// </summary>
internal sealed class MosfetLevel3 : IMosfetChannel
{
    // Polynomial fit of the depletion-corner width wc/XJ (M80/7 eq. 2.3.5).
    private const double Wc0 = 0.0631353, Wc1 = 0.8013292, Wc2 = -0.01110777;

    private readonly double _beta, _vbi, _phi, _gamma, _leffM, _weffM, _sigma, _theta, _kappa, _vmaxMPerS, _xjM, _ldM;
    private readonly double _xdCoefficient, _alpha, _narrowFactorM, _mobilityM2, _vt, _csonco;

    /// <summary>Level-3 channel of one instance at temperature T (parameters already scaled).</summary>
    /// <param name="model">Model card.</param>
    /// <param name="temp">Parameters at T.</param>
    /// <param name="leffM">Effective length L − 2·LD + XL in m.</param>
    /// <param name="weffM">Effective width W − 2·WD + XW in m.</param>
    /// <param name="multiplier">Parallel multiplier M.</param>
    /// <param name="vt">Thermal voltage kT/q in V.</param>
    public MosfetLevel3(MosfetModel model, MosfetTemperature temp, double leffM, double weffM, double multiplier, double vt)
    {
        double coxPerArea = model.OxideCapacitancePerArea;
        _beta = temp.Kp * multiplier * weffM / leffM;
        _vbi = model.Type * temp.Vbi;
        _phi = temp.Phi;
        _gamma = model.Gamma;
        _leffM = leffM; _weffM = weffM;
        _sigma = model.Eta * 8.15e-22 / (coxPerArea * leffM * leffM * leffM);
        _theta = model.Theta; _kappa = model.Kappa; _vmaxMPerS = model.Vmax; _xjM = model.Xj; _ldM = model.Ld;
        _xdCoefficient = model.DepletionCoefficient;
        _alpha = _xdCoefficient * _xdCoefficient;
        _narrowFactorM = model.Delta * 0.5 * Math.PI * MosfetModel.SiliconPermittivity / coxPerArea;
        _mobilityM2 = temp.SurfaceMobility * 1e-4;
        _vt = vt;
        // q·NFS/Cox' (NFS in cm⁻², times 1e4 to m⁻²); the M·W·L of ngspice's form cancel against the total oxide capacitance.
        _csonco = model.Nfs != 0 ? MosfetModel.ElementaryCharge * model.Nfs * 1e4 / coxPerArea : 0;
        _hasWeakInversion = model.Nfs != 0;
    }

    private readonly bool _hasWeakInversion;

    /// <inheritdoc/>
    public ChannelCurrent Evaluate(double vgs, double vds, double vbs)
    {
        double leff = _leffM, oneOverL = 1 / leff;

        // √(PHI − vbs) and its derivative in vbs.
        double phibs, sqphbs, dsqdvb;
        if (vbs <= 0)
        {
            phibs = _phi - vbs;
            sqphbs = Math.Sqrt(phibs);
            dsqdvb = -0.5 / sqphbs;
        }
        else
        {
            double sqphi = Math.Sqrt(_phi);
            sqphbs = sqphi / (1 + vbs / (2 * _phi));
            phibs = sqphbs * sqphbs;
            dsqdvb = -phibs / (2 * _phi * sqphi);
        }

        // Short-channel factor Fs (eq. 2.3.4).
        double fshort = 1, dfsdvb = 0;
        if (_xjM != 0 && _xdCoefficient != 0)
        {
            double wp = _xdCoefficient * sqphbs;
            double wpOverXj = wp / _xjM, ldOverXj = _ldM / _xjM, xjOverL = _xjM * oneOverL;
            double wcOverXj = Wc0 + Wc1 * wpOverXj + Wc2 * wpOverXj * wpOverXj;
            double a = wcOverXj + ldOverXj;
            double c = wpOverXj / (1 + wpOverXj);
            double b = Math.Sqrt(1 - c * c);
            fshort = 1 - xjOverL * (a * b - ldOverXj);
            double dwpdvb = _xdCoefficient * dsqdvb;
            double dadvb = (Wc1 + 2 * Wc2 * wpOverXj) * dwpdvb / _xjM;
            double dbdvb = -c * c * (1 - c) * dwpdvb / (b * wp);
            dfsdvb = -xjOverL * (dadvb * b + a * dbdvb);
        }

        // Body effect with short and narrow channel corrections.
        double gammas = _gamma * fshort;
        double fbodys = 0.5 * gammas / (2 * sqphbs);
        double fbody = fbodys + _narrowFactorM / _weffM;
        double onfbdy = 1 / (1 + fbody);
        double dfbdvb = -fbodys * dsqdvb / sqphbs + fbodys * dfsdvb / fshort;
        double qbonco = gammas * sqphbs + _narrowFactorM * phibs / _weffM;
        double dqbdvb = gammas * dsqdvb + _gamma * dfsdvb * sqphbs - _narrowFactorM / _weffM;

        // Threshold with static feedback.
        double vth = _vbi - _sigma * vds + qbonco;
        double dvtdvd = -_sigma, dvtdvb = dqbdvb;

        double von = vth, xn = 0, dxndvb = 0, dvodvd = 0, dvodvb = 0;
        if (_hasWeakInversion)
        {
            double cdonco = qbonco / (2 * phibs);
            xn = 1 + _csonco + cdonco;
            von = vth + _vt * xn;
            dxndvb = dqbdvb / (2 * phibs) - qbonco * dsqdvb / (phibs * sqphbs);
            dvodvd = dvtdvd;
            dvodvb = dvtdvb + _vt * dxndvb;
        }
        else if (vgs <= von) return new ChannelCurrent(0, 0, 0, 0, von, 0);

        double vgsx = Math.Max(vgs, von);

        // Mobility modulation by the gate field (eq. 2.3.7).
        double onfg = 1 + _theta * (vgsx - vth);
        double fgate = 1 / onfg;
        double us = _mobilityM2 * fgate;
        double dfgdvg = -_theta * fgate * fgate;
        double dfgdvd = -dfgdvg * dvtdvd;
        double dfgdvb = -dfgdvg * dvtdvb;

        // Saturation voltage (eq. 2.3.10).
        double vdsat, dvsdvg, dvsdvd, dvsdvb, onvdsc = 0;
        if (_vmaxMPerS <= 0)
        {
            vdsat = (vgsx - vth) * onfbdy;
            dvsdvg = onfbdy;
            dvsdvd = -dvsdvg * dvtdvd;
            dvsdvb = -dvsdvg * dvtdvb - vdsat * dfbdvb * onfbdy;
        }
        else
        {
            double vdsc = leff * _vmaxMPerS / us;
            onvdsc = 1 / vdsc;
            double va = (vgsx - vth) * onfbdy;
            double root = Math.Sqrt(va * va + vdsc * vdsc);
            vdsat = va + vdsc - root;
            double dvsdga = (1 - va / root) * onfbdy;
            dvsdvg = dvsdga - (1 - vdsc / root) * vdsc * dfgdvg * onfg;
            dvsdvd = -dvsdvg * dvtdvd;
            dvsdvb = -dvsdvg * dvtdvb - va * dvsdga * dfbdvb;
        }

        double beta = _beta;
        double vdsx = Math.Min(vds, vdsat);
        if (vdsx == 0)
        {
            // vds = 0: no current, the output conductance of the linear region.
            double g0 = beta * fgate * (vgsx - vth);
            if (_hasWeakInversion && vgs < von) g0 *= Math.Exp((vgs - von) / (_vt * xn));
            return new ChannelCurrent(0, 0, g0, 0, von, vdsat);
        }

        // Linear-region current (eq. 2.3.8), normalized by β.
        double cdo = vgsx - vth - 0.5 * (1 + fbody) * vdsx;
        double dcodvb = -dvtdvb - 0.5 * dfbdvb * vdsx;
        double cdnorm = cdo * vdsx;
        double gm = vdsx;
        double gds = vds > vdsat ? -dvtdvd * vdsx : vgsx - vth - (1 + fbody + dvtdvd) * vdsx;
        double gmbs = dcodvb * vdsx;

        double cd1 = beta * cdnorm;
        beta *= fgate;
        double cdrain = beta * cdnorm;
        gm = beta * gm + dfgdvg * cd1;
        gds = beta * gds + dfgdvd * cd1;
        gmbs = beta * gmbs + dfgdvb * cd1;

        // Velocity saturation factor 1/(1 + vde/vc) (eq. 2.3.9).
        double fdrain = 0, dfddvg = 0, dfddvd = 0, dfddvb = 0;
        if (_vmaxMPerS > 0)
        {
            fdrain = 1 / (1 + vdsx * onvdsc);
            double fd2 = fdrain * fdrain;
            double a = fd2 * vdsx * onvdsc * onfg;
            dfddvg = -dfgdvg * a;
            dfddvd = vds > vdsat ? -dfgdvd * a : -dfgdvd * a - fd2 * onvdsc;
            dfddvb = -dfgdvb * a;
            gm = fdrain * gm + dfddvg * cdrain;
            gds = fdrain * gds + dfddvd * cdrain;
            gmbs = fdrain * gmbs + dfddvb * cdrain;
            cdrain *= fdrain;
        }

        // Channel-length modulation (eq. 2.3.11-2.3.13).
        double gds0 = 0;
        bool modulate = true;
        double delxl = 0, dldvd = 0, ddldvg = 0, ddldvd = 0, ddldvb = 0;
        if (vds <= vdsat)
        {
            if (_vmaxMPerS > 0 || _alpha == 0) modulate = false;
            else
            {
                double ratio = vds / vdsat;
                delxl = Math.Sqrt(_kappa * _alpha * vdsat / 8);
                dldvd = 4 * delxl * ratio * ratio * ratio / vdsat;
                double r4 = ratio * ratio * ratio * ratio;
                delxl *= r4;
                ddldvd = -dldvd;
            }
        }
        else if (_vmaxMPerS <= 0)
        {
            // The vds ≤ vdsat branch above already took the no-NSUB case; here alpha may still be 0.
            delxl = Math.Sqrt(_kappa * _alpha * (vds - vdsat + vdsat / 8));
            dldvd = 0.5 * delxl / (vds - vdsat + vdsat / 8);
            ddldvd = -dldvd;
        }
        else if (_alpha == 0) modulate = false;
        else
        {
            double cdsat = cdrain;
            double gdsat = Math.Max(1e-12, cdsat * (1 - fdrain) * onvdsc);
            double gdoncd = gdsat / cdsat, gdonfd = gdsat / (1 - fdrain), gdonfg = gdsat * onfg;
            double dgdvg = gdoncd * gm - gdonfd * dfddvg + gdonfg * dfgdvg;
            double dgdvd = gdoncd * gds - gdonfd * dfddvd + gdonfg * dfgdvd;
            double dgdvb = gdoncd * gmbs - gdonfd * dfddvb + gdonfg * dfgdvb;
            double emax = _kappa * cdsat * oneOverL / gdsat;
            double emoncd = emax / cdsat, emongd = emax / gdsat;
            double demdvg = emoncd * gm - emongd * dgdvg;
            double demdvd = emoncd * gds - emongd * dgdvd;
            double demdvb = emoncd * gmbs - emongd * dgdvb;
            double a = 0.5 * emax * _alpha, c = _kappa * _alpha;
            double b = Math.Sqrt(a * a + c * (vds - vdsat));
            delxl = b - a;
            double dldem = 0;
            if (b != 0)
            {
                dldvd = c / (2 * b);
                dldem = 0.5 * (a / b - 1) * _alpha;
            }
            ddldvg = dldem * demdvg;
            ddldvd = dldem * demdvd - dldvd;
            ddldvb = dldem * demdvb;
        }

        if (modulate)
        {
            // Punch-through: ΔL never reaches L.
            if (delxl > 0.5 * leff)
            {
                delxl = leff - leff * leff / (4 * delxl);
                double f = 4 * (leff - delxl) * (leff - delxl) / (leff * leff);
                ddldvg *= f; ddldvd *= f; ddldvb *= f; dldvd *= f;
            }
            double xlfact = 1 / (1 - delxl * oneOverL);
            cdrain *= xlfact;
            double diddl = cdrain / (leff - delxl);
            gm = gm * xlfact + diddl * ddldvg;
            gmbs = gmbs * xlfact + diddl * ddldvb;
            gds0 = diddl * ddldvd;
            gm += gds0 * dvsdvg;
            gmbs += gds0 * dvsdvb;
            gds = gds * xlfact + diddl * dldvd + gds0 * dvsdvd;
        }

        // Weak inversion below von (eq. 2.3.14).
        if (vgs < von)
        {
            double onxn = 1 / xn, ondvt = onxn / _vt;
            double wfact = Math.Exp((vgs - von) * ondvt);
            cdrain *= wfact;
            double gms = gm * wfact, gmw = cdrain * ondvt;
            gm = gmw;
            if (vds > vdsat) gm += gds0 * dvsdvg * wfact;
            gds = gds * wfact + (gms - gmw) * dvodvd;
            gmbs = gmbs * wfact + (gms - gmw) * dvodvb - gmw * (vgs - von) * onxn * dxndvb;
        }
        return new ChannelCurrent(cdrain, gm, gds, gmbs, von, vdsat);
    }
}

/// <summary>Drain current of one MOSFET level in forward orientation (vds ≥ 0), NMOS-normalized voltages in V.</summary>
internal interface IMosfetChannel
{
    /// <summary>Id in A with gm, gds, gmbs in S, the threshold von and saturation voltage vdsat in V (for Meyer and limiting).</summary>
    ChannelCurrent Evaluate(double vgs, double vds, double vbs);
}
