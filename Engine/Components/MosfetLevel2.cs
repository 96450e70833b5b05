namespace MemristorSpice.Engine.Components;

/// <summary>
/// SPICE level-2 (Grove-Frohman, analytical) MOSFET drain current and its derivatives, after A. Vladimirescu and S. Liu,
/// "The Simulation of MOS Integrated Circuits Using SPICE2", UCB/ERL M80/7 (1980), section 2.2 (SPICE2's MOSEQ2), in
/// the form Berkeley SPICE3 / ngspice 39 MOS2 evaluate it (mos2load.c), so that results agree with ngspice. Forward
/// orientation only (vds ≥ 0; <see cref="Mosfet"/> swaps drain and source for vds &lt; 0), NMOS-normalized voltages.
/// <list type="bullet">
/// <item>Narrow channel (DELTA): δn = DELTA·π·εSi/(4·Cox'·W·M) (ngspice keeps the M of the total oxide capacitance),
/// η = 1 + δn, Vbin = Vbi + δn·(PHI − vbs) (eq. 2.2.6).</item>
/// <item>Short channel (XJ, NSUB): γs = GAMMA·(1 − XJ/(2L)·(√(1 + 2·ws/XJ) − 1 + √(1 + 2·wd/XJ) − 1)),
/// ws = xd·√(PHI − vbs), wd = xd·√(PHI − vbs + vds), xd = √(2εSi/(q·NSUB)) (eq. 2.2.5).</item>
/// <item>Threshold von = Vbin + γs·√(PHI − vbs); cut-off below vgs = Vbin unless NFS is given.</item>
/// <item>Mobility (UCRIT, UEXP): μs = U0·(UCRIT·εSi/(Cox'·(vgs − von)))^UEXP when that ratio is below 1 (eq. 2.2.8).</item>
/// <item>Current: id = β·μs/U0/(1 − λ·vds)·((vgs − Vbin − η·vde/2)·vde − (2/3)·γs·((PHI − vbs + vde)^1.5 − (PHI − vbs)^1.5)),
/// vde = min(vds, vdsat) (eq. 2.2.1, 2.2.9).</item>
/// <item>Saturation voltage: vdsat = (vgs − Vbin)/η + γ²/2·(1 − √(1 + 4/γ²·((vgs − Vbin)/η + PHI − vbs))), γ = γs/η
/// (eq. 2.2.10); with VMAX the smallest positive root x of Baum's quartic
/// x⁴ + a1·x³ + b1·x² + c1·x + d1 = 0, vdsat = x² − (PHI − vbs) (eq. 2.2.15, solved by Ferrari's method as SPICE2).</item>
/// <item>Channel-length modulation: LAMBDA if given, else λ·vds = xd/L·√((vds − vdsat)/4 + √(1 + ((vds − vdsat)/4)²))
/// (eq. 2.2.12) or, with VMAX, xd/√NEFF/L·(√(xlv² + vds − vdsat) − xlv), xlv = VMAX·xd/√NEFF/(2·μs) (eq. 2.2.16);
/// punch-through limits L·(1 − λ·vds) to xwb/(1 + (λ·vds·L − (L − xwb))/xwb), xwb = xd·√PB (eq. 2.2.13).</item>
/// <item>Weak inversion (NFS): von += n·vt, n = 1 + q·NFS/Cox' + Cd/Cox'; below von, id = id(von)·exp((vgs − von)/(n·vt)) (eq. 2.2.17).</item>
/// </list>
/// The derivatives gm, gds, gmbs are carried term by term as SPICE2 does (some are approximate there, e.g. the
/// saturation gds holds only the length modulation), so small-signal results agree with ngspice's.
/// </summary>
internal sealed class MosfetLevel2 : IMosfetChannel
{
    private static readonly double[] QuarticSign1 = [1, -1, 1, -1], QuarticSign2 = [1, 1, -1, -1];

    private readonly double _beta, _vbi, _phi, _gamma, _leffM, _xdM, _xjM, _factor, _csonco, _vt, _ucritRatio, _uexp;
    private readonly double _mobilityM2, _vmaxMPerS, _neff, _lambda, _sqrtPb;
    private readonly bool _hasDoping, _hasWeakInversion;

    /// <summary>Level-2 channel of one instance at temperature T (parameters already scaled).</summary>
    /// <param name="model">Model card.</param>
    /// <param name="temp">Parameters at T.</param>
    /// <param name="leffM">Effective length L − 2·LD in m.</param>
    /// <param name="widthM">Drawn width W in m.</param>
    /// <param name="multiplier">Parallel multiplier M.</param>
    /// <param name="vt">Thermal voltage kT/q in V.</param>
    public MosfetLevel2(MosfetModel model, MosfetTemperature temp, double leffM, double widthM, double multiplier, double vt)
    {
        double coxPerArea = model.OxideCapacitancePerArea;
        double oxideCapF = coxPerArea * leffM * multiplier * widthM;
        _beta = temp.Kp * widthM * multiplier / leffM;
        _vbi = model.Type * temp.Vbi;
        _phi = temp.Phi;
        _gamma = model.Gamma;
        _leffM = leffM;
        _xdM = model.DepletionCoefficient;
        _hasDoping = model.Nsub is > 0;
        _xjM = model.Xj;
        _factor = 0.125 * model.Delta * 2 * Math.PI * MosfetModel.SiliconPermittivity / oxideCapF * leffM;
        _hasWeakInversion = model.Nfs != 0;
        _csonco = MosfetModel.ElementaryCharge * model.Nfs * 1e4 / coxPerArea;
        _vt = vt;
        // UCRIT in V/cm times 100 cm/m, times εSi/Cox': the gate overdrive at which mobility degradation starts.
        _ucritRatio = model.Ucrit * 100 * MosfetModel.SiliconPermittivity / coxPerArea;
        _uexp = model.Uexp;
        // ngspice's MOS2 uses the card's U0 (not temperature-scaled) for the velocity-saturation terms.
        _mobilityM2 = model.U0 * 1e-4;
        _vmaxMPerS = model.Vmax;
        _neff = model.Neff;
        _lambda = model.Lambda;
        _sqrtPb = Math.Sqrt(temp.Pb);
    }

    /// <inheritdoc/>
    public ChannelCurrent Evaluate(double vgs, double vds, double vbs)
    {
        double leff = _leffM, phi = _phi, phiMinVbs = phi - vbs;

        // √(PHI − vbs) at the source and √(PHI − vbs + vds) at the drain, with first and second vbs derivatives.
        var (sarg, dsrgdb, d2sdb2) = SquareRootTerm(vbs, phiMinVbs);
        var (barg, dbrgdb, d2bdb2) = SquareRootTerm(vbs - vds, phiMinVbs + vds);

        double factor = _factor, eta = 1 + factor;
        double vbin = _vbi + factor * phiMinVbs;

        double gamasd, dgddvb = 0, dgdvds = 0, dgddb2 = 0;
        if (_gamma > 0 || _hasDoping)
        {
            double xwd = _xdM * barg, xws = _xdM * sarg;
            double argss = 0, argsd = 0, dbargs = 0, dbargd = 0, args = 0, argd = 0, argxs = 0, argxd = 0;
            if (_xjM > 0)
            {
                argxs = 1 + 2 * xws / _xjM;
                argxd = 1 + 2 * xwd / _xjM;
                args = Math.Sqrt(argxs);
                argd = Math.Sqrt(argxd);
                double half = 0.5 * _xjM / leff;
                argss = half * (args - 1);
                argsd = half * (argd - 1);
            }
            gamasd = _gamma * (1 - argss - argsd);
            double dbxwd = _xdM * dbrgdb, dbxws = _xdM * dsrgdb;
            if (_xjM > 0)
            {
                dbargs = 0.5 / leff * dbxws / args;
                dbargd = 0.5 / leff * dbxwd / argd;
                double dasdb2 = -_xdM * (d2sdb2 + dsrgdb * dsrgdb * _xdM / (_xjM * argxs)) / (leff * args);
                double daddb2 = -_xdM * (d2bdb2 + dbrgdb * dbrgdb * _xdM / (_xjM * argxd)) / (leff * argd);
                dgddb2 = -0.5 * _gamma * (dasdb2 + daddb2);
            }
            dgddvb = -_gamma * (dbargs + dbargd);
            if (_xjM > 0) dgdvds = -_gamma * 0.5 * -dbxwd / (leff * argd);
        }
        else gamasd = _gamma;

        double von = vbin + gamasd * sarg, vth = von, vdsat = 0;
        double xn = 0, argg = 0, vgst;
        if (_hasWeakInversion)
        {
            double cdonco = -(gamasd * dsrgdb + dgddvb * sarg) + factor;
            xn = 1 + _csonco + cdonco;
            von += _vt * xn;
            argg = 1 / (_vt * xn);
            vgst = vgs - von;
        }
        else
        {
            vgst = vgs - von;
            if (vgs <= vbin) return new ChannelCurrent(0, 0, 0, 0, von, 0);
        }

        double sarg3 = sarg * sarg * sarg;
        double gammad = gamasd, dgdvbs = dgddvb;
        double body = barg * barg * barg - sarg3;
        double gdbdv = 2 * gammad * (barg * barg * dbrgdb - sarg * sarg * dsrgdb);
        double dodvbs = -factor + dgdvbs * sarg + gammad * dsrgdb;
        double dodvds = 0, dxndvd = 0, dxndvb = 0;
        if (_hasWeakInversion)
        {
            dxndvb = 2 * dgdvbs * dsrgdb + gammad * d2sdb2 + dgddb2 * sarg;
            dodvbs += _vt * dxndvb;
            dxndvd = dgdvds * dsrgdb;
            dodvds = dgdvds * sarg + _vt * dxndvd;
        }

        // Effective mobility (eq. 2.2.8) relative to U0, and its derivatives.
        double ufact = 1, dudvgs = 0, dudvbs = 0;
        if (vgst > _ucritRatio)
        {
            ufact = Math.Exp(_uexp * Math.Log(_ucritRatio / vgst));
            dudvgs = -ufact * _uexp / vgst;
            dudvbs = _uexp * ufact * dodvbs / vgst;
        }
        double ueff = _mobilityM2 * ufact;

        // Saturation voltage, Grove-Frohman (eq. 2.2.10).
        double vgsx = _hasWeakInversion ? Math.Max(vgs, von) : vgs;
        gammad = gamasd / eta;
        double dsdvgs, dsdvbs;
        if (gammad > 0)
        {
            double gammd2 = gammad * gammad;
            double argv = (vgsx - vbin) / eta + phiMinVbs;
            if (argv <= 0) { vdsat = 0; dsdvgs = 0; dsdvbs = 0; }
            else
            {
                double root = Math.Sqrt(1 + 4 * argv / gammd2);
                vdsat = Math.Max((vgsx - vbin) / eta + gammd2 * (1 - root) / 2, 0);
                dsdvgs = (1 - 1 / root) / eta;
                dsdvbs = (gammad * (1 - root) + 2 * argv / (gammad * root)) / eta * dgdvbs + 1 / root + factor * dsdvgs;
            }
        }
        else
        {
            vdsat = Math.Max((vgsx - vbin) / eta, 0);
            dsdvgs = 1;
            dsdvbs = 0;
        }
        if (_vmaxMPerS > 0 && BaumSaturation(vgsx, vbin, eta, phiMinVbs, gammad, sarg3, ueff) is { } x)
            vdsat = x * x - phiMinVbs;

        // Channel-length modulation factor λ and its derivatives (eq. 2.2.12, 2.2.16).
        double xlamda = _lambda, dldvgs = 0, dldvds = 0, dldvbs = 0;
        double bsarg = 0, dbsrdb = 0, bodys = 0, gdbdvs = 0;
        if (vds != 0)
        {
            gammad = gamasd;
            if (vbs - vdsat <= 0)
            {
                bsarg = Math.Sqrt(vdsat + phiMinVbs);
                dbsrdb = -0.5 / bsarg;
            }
            else
            {
                double sphi = Math.Sqrt(phi);
                bsarg = sphi / (1 + 0.5 * (vbs - vdsat) / phi);
                dbsrdb = -0.5 * bsarg * bsarg / (phi * sphi);
            }
            bodys = bsarg * bsarg * bsarg - sarg3;
            gdbdvs = 2 * gammad * (bsarg * bsarg * dbsrdb - sarg * sarg * dsrgdb);
            double dldsat = 0;
            bool computeLambda = _hasDoping && !(xlamda > 0);
            if (_vmaxMPerS <= 0)
            {
                if (computeLambda)
                {
                    double argv = (vds - vdsat) / 4;
                    double sargv = Math.Sqrt(1 + argv * argv);
                    xlamda = _xdM / (leff * vds) * Math.Sqrt(argv + sargv);
                    dldsat = vds * xlamda / (8 * sargv);
                }
            }
            else
            {
                double argv = (vgsx - vbin) / eta - vdsat;
                double xdv = _xdM / Math.Sqrt(_neff);
                double xlv = _vmaxMPerS * xdv / (2 * ueff);
                double vqchan = argv - gammad * bsarg;
                double dqdsat = -1 + gammad * dbsrdb;
                double vl = _vmaxMPerS * leff;
                double dfunds = vl * dqdsat - ueff * vqchan;
                double dfundg = (vl - ueff * vdsat) / eta;
                double dfundb = -vl * (1 + dqdsat - factor / eta) + ueff * (gdbdvs - dgdvbs * bodys / 1.5) / eta;
                dsdvgs = -dfundg / dfunds;
                dsdvbs = -dfundb / dfunds;
                if (computeLambda)
                {
                    double xls = Math.Sqrt(xlv * xlv + Math.Max(vds - vdsat, 0));
                    xlamda = xdv / (leff * vds) * (xls - xlv);
                    dldsat = xdv / (2 * xls) / leff;
                }
            }
            if (computeLambda)
            {
                dldvgs = dldsat * dsdvgs;
                dldvds = -xlamda + dldsat;
                dldvbs = dldsat * dsdvbs;
            }
        }

        // Punch-through limit of the shortened channel (eq. 2.2.13).
        double xwb = _xdM * _sqrtPb;
        double xld = leff - xwb;
        double clfact = 1 - xlamda * vds;
        dldvds = -xlamda - dldvds;
        double xleff = leff * clfact;
        double deltal = xlamda * vds * leff;
        if (!_hasDoping) xwb = 0.25e-6;
        if (xleff < xwb)
        {
            xleff = xwb / (1 + (deltal - xld) / xwb);
            clfact = xleff / leff;
            double dfact = xleff * xleff / (xwb * xwb);
            dldvgs *= dfact; dldvds *= dfact; dldvbs *= dfact;
        }
        double beta1 = _beta * ufact / clfact;

        gammad = gamasd;
        dgdvbs = dgddvb;
        if (vds <= 1e-10)
        {
            // vds ≈ 0: no current, only the output conductance of the linear region.
            double g0 = vgs <= von
                ? _hasWeakInversion ? beta1 * (von - vbin - gammad * sarg) * Math.Exp(argg * (vgs - von)) : 0
                : beta1 * (vgs - vbin - gammad * sarg);
            return new ChannelCurrent(0, 0, g0, 0, von, vdsat);
        }

        double cdrain, gm, gds, gmbs;
        if (_hasWeakInversion && vgs <= von)
        {
            if (vdsat <= 0) return new ChannelCurrent(0, 0, 0, 0, von, vdsat);
            double vdson = Math.Min(vdsat, vds);
            if (vds > vdsat) { barg = bsarg; dbrgdb = dbsrdb; body = bodys; gdbdv = gdbdvs; }
            double cdson = beta1 * ((von - vbin - eta * vdson * 0.5) * vdson - gammad * body / 1.5);
            double didvds = beta1 * (von - vbin - eta * vdson - gammad * barg);
            double gdson = -cdson * dldvds / clfact - beta1 * dgdvds * body / 1.5;
            if (vds < vdsat) gdson += didvds;
            double gbson = -cdson * dldvbs / clfact + beta1 * (dodvbs * vdson + factor * vdson - dgdvbs * body / 1.5 - gdbdv);
            if (vds > vdsat) gbson += didvds * dsdvbs;
            double expg = Math.Exp(argg * (vgs - von));
            cdrain = cdson * expg;
            double gmw = cdrain * argg;
            gm = vds > vdsat ? gmw + didvds * dsdvgs * expg : gmw;
            double tmp = gmw * (vgs - von) / xn;
            gds = gdson * expg - gm * dodvds - tmp * dxndvd;
            gmbs = gbson * expg - gm * dodvbs - tmp * dxndvb;
        }
        else if (vds <= vdsat)
        {
            cdrain = beta1 * ((vgs - vbin - eta * vds / 2) * vds - gammad * body / 1.5);
            gm = cdrain * (dudvgs / ufact - dldvgs / clfact) + beta1 * vds;
            gds = cdrain * (-dldvds / clfact) + beta1 * (vgs - vbin - eta * vds - gammad * barg - dgdvds * body / 1.5);
            gmbs = cdrain * (dudvbs / ufact - dldvbs / clfact) - beta1 * (gdbdv + dgdvbs * body / 1.5 - factor * vds);
        }
        else
        {
            double drive = vgs - vbin - eta * vdsat - gammad * bsarg;
            cdrain = beta1 * ((vgs - vbin - eta * vdsat / 2) * vdsat - gammad * bodys / 1.5);
            gm = cdrain * (dudvgs / ufact - dldvgs / clfact) + beta1 * vdsat + beta1 * drive * dsdvgs;
            gds = -cdrain * dldvds / clfact - beta1 * dgdvds * bodys / 1.5;
            gmbs = cdrain * (dudvbs / ufact - dldvbs / clfact) - beta1 * (gdbdvs + dgdvbs * bodys / 1.5 - factor * vdsat) + beta1 * drive * dsdvbs;
        }
        return new ChannelCurrent(cdrain, gm, gds, gmbs, von, vdsat);
    }

    /// <summary>√(PHI − v) for v ≤ 0, else SPICE's continuation √PHI/(1 + v/(2·PHI)); with d/dv and d²/dv².</summary>
    private (double Root, double D1, double D2) SquareRootTerm(double v, double phiMinusV)
    {
        if (v <= 0)
        {
            double r = Math.Sqrt(phiMinusV), d1 = -0.5 / r;
            return (r, d1, 0.5 * d1 / phiMinusV);
        }
        double sphi = Math.Sqrt(_phi), sphi3 = _phi * sphi;
        double root = sphi / (1 + 0.5 * v / _phi);
        double tmp = root / sphi3, d = -0.5 * root * tmp;
        return (root, d, -d * tmp);
    }

    /// <summary>
    /// Baum's velocity-saturated vdsat (M80/7 eq. 2.2.15): the smallest positive real root x = √(PHI − vbs + vdsat) of
    /// x⁴ + a1·x³ + b1·x² + c1·x + d1 = 0 with a1 = 4γ/3, b1 = −2(v1 + xv), c1 = −2γ·xv,
    /// d1 = 2·v1·(v2 + xv) − v2² − (4/3)·γ·(PHI − vbs)^1.5, v1 = (vgs − Vbin)/η + PHI − vbs, v2 = PHI − vbs,
    /// xv = VMAX·L/μs; Ferrari's method through the resolvent cubic (Cardano), roots accepted where |poly| ≤ 1e-6 as
    /// SPICE2. Null when no root qualifies (the Grove-Frohman vdsat then stays).
    /// </summary>
    private double? BaumSaturation(double vgsx, double vbin, double eta, double phiMinVbs, double gammad, double sarg3, double ueff)
    {
        double v1 = (vgsx - vbin) / eta + phiMinVbs, v2 = phiMinVbs;
        double xv = _vmaxMPerS * _leffM / ueff;
        double a1 = gammad / 0.75, b1 = -2 * (v1 + xv), c1 = -2 * gammad * xv;
        double d1 = 2 * v1 * (v2 + xv) - v2 * v2 - 4.0 / 3.0 * gammad * sarg3;
        // Resolvent cubic y³ + a·y² + b·y + c = 0 in depressed form t³ + r·t + s = 0, y = t − a/3.
        double a = -b1, b = a1 * c1 - 4 * d1, c = -d1 * (a1 * a1 - 4 * b1) - c1 * c1;
        double r = -a * a / 3 + b, s = 2 * a * a * a / 27 - a * b / 3 + c;
        double p = s * s / 4 + r * r * r / 27;
        double p2 = Math.Sqrt(Math.Abs(p));
        double y3;
        if (p < 0)
        {
            double ro = Math.Exp(Math.Log(Math.Sqrt(s * s / 4 + Math.Abs(p))) / 3);
            double fi = Math.Atan(-2 * p2 / s);
            y3 = 2 * ro * Math.Cos(fi / 3) - a / 3;
        }
        else
        {
            double p3 = Math.Exp(Math.Log(Math.Abs(-s / 2 + p2)) / 3);
            double p4 = Math.Exp(Math.Log(Math.Abs(-s / 2 - p2)) / 3);
            y3 = p3 + p4 - a / 3;
        }
        // The quartic factors into two quadratics x² + a4·x + b4 (SPICE2 takes every sign combination).
        double a3 = Math.Sqrt(a1 * a1 / 4 - b1 + y3), b3 = Math.Sqrt(y3 * y3 / 4 - d1);
        double? best = null;
        for (int i = 0; i < 4; i++)
        {
            double a4 = a1 / 2 + QuarticSign1[i] * a3, b4 = y3 / 2 + QuarticSign2[i] * b3;
            double disc = a4 * a4 / 4 - b4;
            if (disc < 0) continue;
            double sq = Math.Sqrt(disc);
            foreach (double x in (ReadOnlySpan<double>)[-a4 / 2 + sq, -a4 / 2 - sq])
            {
                if (x <= 0) continue;
                double poly = x * x * x * x + a1 * x * x * x + b1 * x * x + c1 * x + d1;
                if (Math.Abs(poly) > 1e-6) continue;
                if (best is null || x < best) best = x;
            }
        }
        return best;
    }
}
