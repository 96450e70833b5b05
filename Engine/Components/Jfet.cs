using MemristorSpice.Engine.Core;

namespace MemristorSpice.Engine.Components;

/// <summary>
/// JFET, SPICE level 1 as ngspice 39's JFET (jfetload.c, jfettemp.c, jfetacld.c), pins drain, gate, source. Voltages and
/// currents are N-channel normalized (P-channel: type −1).
/// <list type="bullet">
/// <item>Drain current (vds ≥ 0, vgst = vgs − VTO; Sydney University form with Bfac = (1 − B)/(PB − VTO)): cutoff for
/// vgst ≤ 0; linear (vgst ≥ vds) Id = β(1 + λ·vds)·vds·(vds·(Bfac·vds − B) + vgst·(2B + 3·Bfac·(vgst − vds)));
/// saturation Id = β(1 + λ·vds)·vgst²·(B + Bfac·vgst). With B = 1: Id = β(1 + λ·vds)·vgst² in saturation and
/// β(1 + λ·vds)·vds·(2·vgst − vds) in the linear region. For vds &lt; 0 drain and source exchange roles.</item>
/// <item>Gate junctions gate-source and gate-drain: i = IS·(e^(v/vt) − 1) + gmin·v, below −3·vt
/// −IS·(1 + (3·vt/(e·v))³) + gmin·v (ngspice 39 has no emission coefficient N for the JFET).</item>
/// <item>Charges (transient; their derivatives the .ac capacitances): depletion charge of CGS and CGD with grading
/// 0.5 and potential PB, linear capacitance above FC·PB.</item>
/// <item>RD and RS (times 1/area) to internal nodes "name#drain", "name#source" when nonzero.</item>
/// <item>Temperature (T the device temperature, TNOM the model's): IS·e^((T/TNOM − 1)·EG/vt)·(T/TNOM)^XTI,
/// PB and CGS/CGD as a silicon junction of grading 0.5 (<see cref="SiliconJunction"/>), VTO + VTOTC·(T − TNOM) (else
/// VTO − TCV·(T − TNOM)), BETA·1.01^(BETATCE·(T − TNOM)) (else BETA·(T/TNOM)^BEX).</item>
/// <item>Newton: pn-junction limiting and DEVfetlim on vgs and vgd; the first iteration starts at vgs = vgd = −1 V
/// (0 V when OFF), as ngspice.</item>
/// </list>
/// Area scales IS, BETA, CGS, CGD and the series conductances; M multiplies the whole device.
/// <para>Noise (.noise, as ngspice 39 jfetnoi.c, all thermal sources at the circuit temperature T as ngspice 39):
/// 4kT·G of RD and RS (G = M·area/R), channel thermal 4kT·(2/3)·M·|gm| = 8kT·M·|gm|/3 between the internal drain and
/// source (NLEV = 3: see <see cref="JfetModel.Nlev"/>), and flicker M·KF·|Id|^AF/f with Id the drain current of one
/// device at the operating point (van der Ziel, Noise in Solid State Devices and Circuits, 1986).</para>
/// </summary>
public sealed class Jfet(string name, string drain, string gate, string source, JfetModel model, double area = 1, double multiplier = 1)
    : Entity(name)
{
    /// <summary>Drain node.</summary>
    public string Drain { get; } = drain;
    /// <summary>Gate node.</summary>
    public string Gate { get; } = gate;
    /// <summary>Source node.</summary>
    public string Source { get; } = source;
    /// <summary>Model parameters at TNOM.</summary>
    public JfetModel Model { get; } = model;
    /// <summary>Area factor (scales currents, capacitances and series conductances).</summary>
    public double Area { get; } = area;
    /// <summary>Number of parallel devices M.</summary>
    public double Multiplier { get; } = multiplier;
    /// <summary>SPICE OFF: the first DC iteration starts at vgs = vgd = 0 instead of −1 V.</summary>
    public bool Off { get; init; }
    /// <summary>Device temperature in K; null for the circuit temperature (plus <see cref="DeltaKelvin"/>).</summary>
    public double? Kelvin { get; init; }
    /// <summary>Offset from the circuit temperature in K (ngspice DTEMP), used when <see cref="Kelvin"/> is null.</summary>
    public double DeltaKelvin { get; init; }

    /// <inheritdoc/>
    public override IReadOnlyList<string> Nodes => [Drain, Gate, Source];

    /// <summary>The gate junctions connect all three pins (with gmin).</summary>
    public override void DescribeTopology(TopologyBuilder topology)
    {
        topology.Conductive(Gate, Source);
        topology.Conductive(Gate, Drain);
    }

    /// <inheritdoc/>
    public override Behavior CreateBehavior(SetupContext setup)
    {
        if (!(Area > 0) || !(Multiplier > 0) || !double.IsFinite(Area) || !double.IsFinite(Multiplier))
            throw new CircuitException($"JFET '{Name}': area ({Area:G4}) and M ({Multiplier:G4}) must be positive.");
        int d = setup.Node(Drain), g = setup.Node(Gate), s = setup.Node(Source);
        int dp = Model.Rd != 0 ? setup.AddInternalNode($"{Name}#drain") : d;
        int sp = Model.Rs != 0 ? setup.AddInternalNode($"{Name}#source") : s;
        return new JfetBehavior(this, d, g, s, dp, sp, setup.AllocateStates(StateCount), setup.Options);
    }

    // State slots; each charge is followed by its dq/dt (the Integrator's convention).
    private const int Vgs = 0, Vgd = 1, Qgs = 2, Qgd = 4, StateCount = 6;

    private sealed class JfetBehavior : Behavior, IAcBehavior, INoiseBehavior
    {
        private readonly int _d, _g, _s, _dp, _sp, _st;
        private readonly double _type, _m, _beta, _lambda, _b, _bfac, _vto, _csat, _vt, _vcrit, _gdpr, _gspr;
        private readonly double _czgs, _czgd, _pb, _fcpb, _f1, _f2, _f3;
        private readonly bool _off, _hasCharge;
        private readonly double _kf, _af, _gdsnoi;
        private readonly int _nlev;

        // Linearization of the last load (ngspice keeps these in the state vector) for the current convergence test.
        private double _cg, _cd, _cgd, _gm, _gds, _ggs, _ggd;

        private MatrixElement _dd, _gg, _ss, _dpdp, _spsp, _ddp, _gdp, _gsp, _ssp, _dpd, _dpg, _dpsp, _spg, _sps, _spdp;

        public JfetBehavior(Jfet j, int d, int g, int s, int dp, int sp, int st, SimulationOptions o) : base(j.Name)
        {
            _d = d; _g = g; _s = s; _dp = dp; _sp = sp; _st = st; _off = j.Off;
            var mod = j.Model;
            double area = j.Area;
            _type = mod.Type;
            _m = j.Multiplier;
            double kelvin = j.Kelvin ?? o.Temperature + j.DeltaKelvin, tnom = mod.Tnom;
            _vt = Junction.ThermalVoltage(kelvin);
            double ratio = kelvin / tnom;
            // jfettemp.c: saturation current, threshold and beta at the device temperature.
            _csat = mod.Is * Math.Exp((ratio - 1) * mod.Eg / _vt) * Math.Pow(ratio, mod.Xti) * area;
            _vto = mod.Vtotc is { } vtotc ? mod.Vto + vtotc * (kelvin - tnom) : mod.Vto - mod.Tcv * (kelvin - tnom);
            _beta = (mod.Betatce is { } tce ? mod.Beta * Math.Pow(1.01, tce * (kelvin - tnom)) : mod.Beta * Math.Pow(ratio, mod.Bex)) * area;
            _lambda = mod.Lambda;
            _b = mod.B;
            _bfac = (1 - mod.B) / (mod.Pb - mod.Vto);
            _gdpr = mod.Rd != 0 ? area / mod.Rd : 0;
            _gspr = mod.Rs != 0 ? area / mod.Rs : 0;
            _vcrit = Junction.CriticalVoltage(_vt, _csat);
            double fc = Math.Min(mod.Fc, 0.95);
            _pb = SiliconJunction.Potential(mod.Pb, tnom, kelvin);
            double capFactor = SiliconJunction.CapacitanceFactor(0.5, mod.Pb, tnom, kelvin);
            _czgs = mod.Cgs * capFactor * area;
            _czgd = mod.Cgd * capFactor * area;
            _hasCharge = _czgs != 0 || _czgd != 0;
            double xfc = Math.Log(1 - fc);
            _fcpb = fc * _pb;
            _f1 = _pb * (1 - Math.Exp(0.5 * xfc)) / 0.5;
            _f2 = Math.Exp(1.5 * xfc);
            _f3 = 1 - fc * 1.5;
            (_kf, _af, _nlev, _gdsnoi) = (mod.Kf, mod.Af, mod.Nlev, mod.Gdsnoi);
        }

        /// <summary>RD, RS, channel thermal and flicker noise at the operating point (ngspice 39 jfetnoi.c).</summary>
        public void LoadNoise(NoiseLoadContext ctx)
        {
            double kelvin = ctx.OperatingPoint.Options.Temperature;
            ctx.AddCurrentNoise(Name + " rd", _dp, _d, NoiseLoadContext.Thermal(kelvin, _m * _gdpr));
            ctx.AddCurrentNoise(Name + " rs", _sp, _s, NoiseLoadContext.Thermal(kelvin, _m * _gspr));
            ctx.AddCurrentNoise(Name + " id", _dp, _sp, NoiseLoadContext.Thermal(kelvin, ChannelNoiseConductance(ctx.OperatingPoint)));
            ctx.AddCurrentNoise(Name + " 1overf", _dp, _sp,
                _m * _kf * Math.Exp(_af * Math.Log(Math.Max(Math.Abs(_cd), 1e-38))) / ctx.Frequency);
        }

        /// <summary>The conductance whose 4kT·G is the channel's thermal noise, S.</summary>
        private double ChannelNoiseConductance(LoadContext op)
        {
            if (_nlev < 3) return 2.0 / 3.0 * _m * Math.Abs(_gm);
            var s0 = op.States.Current;
            double vgs = s0[_st + Vgs], vds = vgs - s0[_st + Vgd], vgst = vgs - _vto;
            double alpha = vgst >= vds ? 1 - vds / vgst : 0;
            return 2.0 / 3.0 * _beta * _m * vgst * (1 + alpha + alpha * alpha) / (1 + alpha) * _gdsnoi;
        }

        public override bool IsNonlinear => true;

        public override void Bind(SetupContext setup)
        {
            MatrixElement E(int r, int c) => setup.Element(r, c);
            _dd = E(_d, _d); _gg = E(_g, _g); _ss = E(_s, _s); _dpdp = E(_dp, _dp); _spsp = E(_sp, _sp);
            _ddp = E(_d, _dp); _gdp = E(_g, _dp); _gsp = E(_g, _sp); _ssp = E(_s, _sp); _dpd = E(_dp, _d);
            _dpg = E(_dp, _g); _dpsp = E(_dp, _sp); _spg = E(_sp, _g); _sps = E(_sp, _s); _spdp = E(_sp, _dp);
        }

        public override void Load(LoadContext ctx)
        {
            var s0 = ctx.States.Current;
            double t = _type;
            double vgs, vgd;
            bool check = false, limited = false;
            double cgHat = 0, cdHat = 0;
            switch (ctx.Mode)
            {
                case LoadMode.JunctionStart:
                    (vgs, vgd) = _off ? (0.0, 0.0) : (-1.0, -1.0);
                    break;
                case LoadMode.TransientStartFromInitialConditions:
                    vgs = t * ctx.Voltage(_g, _sp);
                    vgd = t * ctx.Voltage(_g, _dp);
                    break;
                default:
                {
                    vgs = t * ctx.Voltage(_g, _sp);
                    vgd = t * ctx.Voltage(_g, _dp);
                    double dvgs = vgs - s0[_st + Vgs], dvgd = vgd - s0[_st + Vgd];
                    cgHat = _cg + _ggd * dvgd + _ggs * dvgs;
                    cdHat = _cd + _gm * dvgs + _gds * (dvgs - dvgd) - _ggd * dvgd;
                    double vgsIn = vgs, vgdIn = vgd;
                    vgs = Junction.LimitPn(vgs, s0[_st + Vgs], _vt, _vcrit, out bool l1);
                    vgd = Junction.LimitPn(vgd, s0[_st + Vgd], _vt, _vcrit, out bool l2);
                    vgs = FetLimiting.Gate(vgs, s0[_st + Vgs], _vto);
                    vgd = FetLimiting.Gate(vgd, s0[_st + Vgd], _vto);
                    limited = l1 || l2 || vgs != vgsIn || vgd != vgdIn;
                    check = true;
                    break;
                }
            }
            double vds = vgs - vgd;
            double gmin = ctx.Gmin;
            var (cgs, ggs) = GateJunction(vgs, gmin);
            var (cgd, ggd) = GateJunction(vgd, gmin);
            double cg = cgs + cgd;
            var (cdrain, gm, gds) = DrainCurrent(vgs, vgd, vds);
            double cd = cdrain - cgd;

            if (ctx.Mode.TracksCharge() && _hasCharge)
            {
                var (qgs, capgs) = Charge(vgs, _czgs);
                var (qgd, capgd) = Charge(vgd, _czgd);
                s0[_st + Qgs] = qgs;
                s0[_st + Qgd] = qgd;
                if (ctx.Mode.SolvesDc())
                {
                    s0[_st + Qgs + 1] = 0;
                    s0[_st + Qgd + 1] = 0;
                }
                else
                {
                    var integ = ctx.Integrator;
                    double iqgs = integ.Integrate(_st + Qgs), iqgd = integ.Integrate(_st + Qgd);
                    ggs += integ.Slope * capgs;
                    ggd += integ.Slope * capgd;
                    cg += iqgs + iqgd;
                    cd -= iqgd;
                    cgd += iqgd;
                }
            }

            if (check)
            {
                var o = ctx.Options;
                if (limited || Math.Abs(cgHat - cg) >= o.RelTol * Math.Max(Math.Abs(cgHat), Math.Abs(cg)) + o.AbsTol ||
                    Math.Abs(cdHat - cd) > o.RelTol * Math.Max(Math.Abs(cdHat), Math.Abs(cd)) + o.AbsTol)
                    ctx.NotConverged(Name);
            }
            s0[_st + Vgs] = vgs;
            s0[_st + Vgd] = vgd;
            _cg = cg; _cd = cd; _cgd = cgd; _gm = gm; _gds = gds; _ggs = ggs; _ggd = ggd;
            Stamp(ctx, t, vgs, vgd, vds);
        }

        /// <summary>Gate junction current and conductance with gmin (jfetload.c).</summary>
        private (double I, double G) GateJunction(double v, double gmin)
        {
            if (v < -3 * _vt)
            {
                double arg = 3 * _vt / (v * Math.E);
                arg = arg * arg * arg;
                return (-_csat * (1 + arg) + gmin * v, _csat * 3 * arg / v + gmin);
            }
            double e = Math.Exp(Math.Min(709, v / _vt));
            return (_csat * (e - 1) + gmin * v, _csat * e / _vt + gmin);
        }

        /// <summary>Drain current and its derivatives gm = ∂Id/∂vgs, gds = ∂Id/∂vds (jfetload.c, Sydney University form).</summary>
        private (double Id, double Gm, double Gds) DrainCurrent(double vgs, double vgd, double vds)
        {
            if (vds >= 0)
            {
                double vgst = vgs - _vto;
                if (vgst <= 0) return (0, 0, 0);
                double betap = _beta * (1 + _lambda * vds);
                if (vgst >= vds)
                {
                    double apart = 2 * _b + 3 * _bfac * (vgst - vds);
                    double cpart = vds * (vds * (_bfac * vds - _b) + vgst * apart);
                    return (betap * cpart, betap * vds * (apart + 3 * _bfac * vgst), betap * (vgst - vds) * apart + _beta * _lambda * cpart);
                }
                double bf = vgst * _bfac;
                double sat = vgst * vgst * (_b + bf);
                return (betap * sat, betap * vgst * (2 * _b + 3 * bf), _lambda * _beta * sat);
            }
            double vgdt = vgd - _vto;
            if (vgdt <= 0) return (0, 0, 0);
            double betar = _beta * (1 - _lambda * vds);
            if (vgdt + vds >= 0)
            {
                double apart = 2 * _b + 3 * _bfac * (vgdt + vds);
                double cpart = vds * (-vds * (-_bfac * vds - _b) + vgdt * apart);
                double gm = betar * vds * (apart + 3 * _bfac * vgdt);
                return (betar * cpart, gm, betar * (vgdt + vds) * apart - _beta * _lambda * cpart - gm);
            }
            double bfr = vgdt * _bfac;
            double satr = vgdt * vgdt * (_b + bfr);
            double gmr = -betar * vgdt * (2 * _b + 3 * bfr);
            return (-betar * satr, gmr, _lambda * _beta * satr - gmr);
        }

        /// <summary>Depletion charge and capacitance of a gate junction (grading 0.5), linear capacitance above FC·PB.</summary>
        private (double Q, double C) Charge(double v, double cz)
        {
            if (cz == 0) return (0, 0);
            double twop = 2 * _pb;
            if (v < _fcpb)
            {
                double sarg = Math.Sqrt(1 - v / _pb);
                return (twop * cz * (1 - sarg), cz / sarg);
            }
            double czf2 = cz / _f2;
            return (cz * _f1 + czf2 * (_f3 * (v - _fcpb) + (v * v - _fcpb * _fcpb) / (twop + twop)), czf2 * (_f3 + v / twop));
        }

        /// <summary>Matrix and right-hand side, term by term as ngspice jfetload.c (right-hand side = current into the node).</summary>
        private void Stamp(LoadContext ctx, double t, double vgs, double vgd, double vds)
        {
            double m = _m;
            double ceqgd = t * (_cgd - _ggd * vgd);
            double ceqgs = t * ((_cg - _cgd) - _ggs * vgs);
            double cdreq = t * ((_cd + _cgd) - _gds * vds - _gm * vgs);
            ctx.AddRhs(_g, m * (-ceqgs - ceqgd));
            ctx.AddRhs(_dp, m * (-cdreq + ceqgd));
            ctx.AddRhs(_sp, m * (cdreq + ceqgs));
            ctx.Add(_ddp, -m * _gdpr);
            ctx.Add(_gdp, -m * _ggd);
            ctx.Add(_gsp, -m * _ggs);
            ctx.Add(_ssp, -m * _gspr);
            ctx.Add(_dpd, -m * _gdpr);
            ctx.Add(_dpg, m * (_gm - _ggd));
            ctx.Add(_dpsp, m * (-_gds - _gm));
            ctx.Add(_spg, m * (-_ggs - _gm));
            ctx.Add(_sps, -m * _gspr);
            ctx.Add(_spdp, -m * _gds);
            ctx.Add(_dd, m * _gdpr);
            ctx.Add(_gg, m * (_ggd + _ggs));
            ctx.Add(_ss, m * _gspr);
            ctx.Add(_dpdp, m * (_gdpr + _gds + _ggd));
            ctx.Add(_spsp, m * (_gspr + _gds + _gm + _ggs));
        }

        /// <summary>
        /// Small-signal capacitances at the operating point (jfetacld.c): jω·CGS(vgs) and jω·CGD(vgd); the conductances
        /// are in the DC stamp loaded at the operating point.
        /// </summary>
        public void LoadAc(AcLoadContext ctx)
        {
            if (!_hasCharge) return;
            var s0 = ctx.OperatingPoint.States.Current;
            double xgs = _m * ctx.Omega * Charge(s0[_st + Vgs], _czgs).C, xgd = _m * ctx.Omega * Charge(s0[_st + Vgd], _czgd).C;
            ctx.AddImaginary(_gg, xgd + xgs);
            ctx.AddImaginary(_dpdp, xgd);
            ctx.AddImaginary(_spsp, xgs);
            ctx.AddImaginary(_gdp, -xgd);
            ctx.AddImaginary(_gsp, -xgs);
            ctx.AddImaginary(_dpg, -xgd);
            ctx.AddImaginary(_spg, -xgs);
        }

        public override double TruncationStep(LoadContext ctx) =>
            _hasCharge ? Math.Min(ctx.Integrator.TruncationStep(_st + Qgs), ctx.Integrator.TruncationStep(_st + Qgd)) : double.PositiveInfinity;
    }
}
