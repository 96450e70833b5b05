namespace MemristorSpice.Engine.Components;

/// <summary>
/// SPICE level-6 MOSFET (n-th power law), after T. Sakurai and A. R. Newton, "A simple MOSFET model for circuit
/// analysis", IEEE Trans. Electron Devices 38(4), 887-894 (1991), in the form ngspice 39's MOS6 evaluates it
/// (mos6load.c, mos6temp.c). Forward orientation only (vds ≥ 0), NMOS-normalized voltages.
/// <list type="bullet">
/// <item>Threshold: von = Vbi + GAMMA·√(PHI − vbs) − GAMMA1·vbs − SIGMA·vds (√ continued linearly, clamped at 0, for vbs > 0, as level 1).</item>
/// <item>Saturation: vdsat = KV·(vgs − von)^NV, idsat = KC(T)·W/L·(vgs − von)^NC, id = idsat·(1 + λ·vds),
/// λ = LAMBDA0 − LAMBDA1·vbs.</item>
/// <item>Linear (vds &lt; vdsat): id ← id·(2 − vds/vdsat)·vds/vdsat.</item>
/// <item>KC(T) = KC·(T/TNOM)^−1.5; KC absent with TOX given: 0.5·U0·εox/TOX, else 5e-5 A/V^NC (mos6temp.c, mos6set.c).</item>
/// </list>
/// gm, gds and gmbs are the derivatives of these expressions (exact, as ngspice's).
/// </summary>
internal sealed class MosfetLevel6 : IMosfetChannel
{
    private readonly double _betac, _vbi, _phi, _gamma, _gamma1, _sigma, _kv, _nv, _nc, _lambda0, _lambda1;

    /// <summary>Level-6 channel of one instance at temperature kelvin (K).</summary>
    public MosfetLevel6(MosfetModel model, MosfetTemperature temp, double leffM, double widthM, double multiplier, double kelvin)
    {
        double ratio = kelvin / model.Tnom;
        _betac = model.PowerLawKc / (ratio * Math.Sqrt(ratio)) * widthM * multiplier / leffM;
        _vbi = model.Type * temp.Vbi;
        _phi = temp.Phi;
        _gamma = model.Gamma; _gamma1 = model.Gamma1; _sigma = model.Sigma;
        _kv = model.Kv; _nv = model.Nv; _nc = model.Nc;
        _lambda0 = model.Lambda; _lambda1 = model.Lambda1;
    }

    /// <inheritdoc/>
    public ChannelCurrent Evaluate(double vgs, double vds, double vbs)
    {
        double sarg;
        if (vbs <= 0) sarg = Math.Sqrt(_phi - vbs);
        else
        {
            sarg = Math.Sqrt(_phi);
            sarg = Math.Max(0, sarg - vbs / (2 * sarg));
        }
        double von = _vbi + _gamma * sarg - _gamma1 * vbs - _sigma * vds;
        double vgon = vgs - von;
        if (vgon <= 0) return new ChannelCurrent(0, 0, 0, 0, von, 0);
        // d(von)/d(vbs), negated: the body-effect slope (0 where the square root is clamped).
        double vonbm = 0;
        if (sarg > 0) vonbm = _gamma1 + (vbs <= 0 ? _gamma / (2 * sarg) : _gamma / 2 / Math.Sqrt(_phi));
        double logVgon = Math.Log(vgon);
        double vdsat = _kv * Math.Exp(logVgon * _nv);
        double idsat = _betac * Math.Exp(logVgon * _nc);
        double lambda = _lambda0 - _lambda1 * vbs;
        double id = idsat * (1 + lambda * vds);
        double gm = id * _nc / vgon;
        double gds = gm * _sigma + idsat * lambda;
        double gmbs = gm * vonbm - idsat * _lambda1 * vds;
        if (vdsat > vds)
        {
            double r = vds / vdsat, shape = (2 - r) * r;
            double drdvg = -r * _nv / vgon;
            double dIdr = id * (2 - r - r);
            id *= shape;
            gm = gm * shape + dIdr * drdvg;
            gds = gds * shape + dIdr * (1 / vdsat + drdvg * _sigma);
            gmbs = gmbs * shape + dIdr * drdvg * vonbm;
        }
        return new ChannelCurrent(id, gm, gds, gmbs, von, vdsat);
    }
}
