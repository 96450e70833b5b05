using MemristorSpice.Engine.Analyses;
using MemristorSpice.Engine.Core;

namespace MemristorSpice.Engine.Components;

/// <summary>
/// MOSFET, SPICE levels 1 (Shichman-Hodges), 2 (Grove-Frohman), 3 (semi-empirical) and 6 (n-th power law) as Berkeley
/// SPICE3 / ngspice 39 MOS1, MOS2, MOS3 and MOS6 (mos1load.c ... mos6load.c), pins drain, gate, source, bulk. Channel
/// equations in <see cref="MosfetEquations"/>, <see cref="MosfetLevel2"/>, <see cref="MosfetLevel3"/> and
/// <see cref="MosfetLevel6"/>; everything else (junctions, Meyer and overlap charges, temperature, limiting, AC, noise)
/// is shared by the levels, as in ngspice (which has no MOS6 noise; a level-6 device here gets level 1's sources).
/// Everything is computed in NMOS-normalized voltages (PMOS: type −1).
/// <list type="bullet">
/// <item>Channel: cutoff, linear and saturation with body effect and channel-length modulation; for vds &lt; 0 drain
/// and source swap roles (mode −1), so the device is symmetric.</item>
/// <item>Bulk junctions (bulk-source, bulk-drain) as ideal diodes with gmin: v ≤ −3·vt: i = gmin·v − Isat (levels
/// 1, 2; level 3 as ngspice mos3load.c: i = gmin·v − Isat·(1 + (3vt/(e·v))³)); else i = Isat·(e^(v/vt) − 1) + gmin·v, Isat = IS·M, or JS·AS·M / JS·AD·M when JS, AS and AD are given.
/// ngspice puts gmin only across these junctions, not from drain to source (checked against ngspice 39), and so
/// do we.</item>
/// <item>RD and RS (or RSH·NRD, RSH·NRS) as conductances M/R to internal drain/source nodes ("name#drain",
/// "name#source") when nonzero.</item>
/// <item>Gate charges (transient): overlap capacitances CGSO·W·M, CGDO·W·M, CGBO·Leff·M plus Meyer's intrinsic
/// capacitances when TOX is given; charges are accumulated as in SPICE, q(t) = q(t−h) + C̄·(v(t) − v(t−h)) with C̄ the
/// overlap plus the two Meyer halves at t and t − h, and integrated by <see cref="Integrator"/>.</item>
/// <item>Newton: DEVfetlim on vgs (or vgd when vds &lt; 0), DEVlimvds on vds, pn-junction limiting on vbs or vbd; the
/// first iteration starts at vbs = −1 V, vgs = VTO, vds = 0 (SPICE MODEINITJCT). A limited step or a linearization
/// that mispredicts the drain or bulk current (ngspice MOS1convTest) keeps Newton iterating.</item>
/// <item>Bulk junction depletion charges (transient): CBD/CBS or CJ·AD/CJ·AS, plus CJSW·PD/CJSW·PS, see
/// <see cref="JunctionCapacitance"/>. As in ngspice their truncation error does not limit the step (MOS1trunc
/// looks at the gate charges only).</item>
/// <item>Temperature: parameters scaled from TNOM to the circuit temperature as ngspice MOS1temp
/// (<see cref="MosfetTemperature"/>).</item>
/// <item>Noise (.noise, as ngspice 39 mos1noi.c): thermal 4kT·G of RD and RS; channel thermal noise 4kT·(2/3)·|gm|
/// = 8kT·gm/3 and flicker KF·|Id|^AF/(f·W·M·Leff·Cox'²) between the internal drain and source (Cox' = εox/TOX, TOX =
/// 1e-7 m when absent, as ngspice), gm and Id at the operating point.</item>
/// </list>
/// Not modelled: instance temperature. NSUB/NSS/TPG-derived PHI, GAMMA, VTO: <see cref="MosfetModel.WithSubstrateDoping"/>.
/// </summary>
public sealed class Mosfet(string name, string drain, string gate, string source, string bulk, MosfetModel model, MosfetGeometry? geometry = null)
    : Entity(name)
{
    /// <summary>Drain node.</summary>
    public string Drain { get; } = drain;
    /// <summary>Gate node.</summary>
    public string Gate { get; } = gate;
    /// <summary>Source node.</summary>
    public string Source { get; } = source;
    /// <summary>Bulk (substrate) node.</summary>
    public string Bulk { get; } = bulk;
    /// <summary>Level-1 model card parameters.</summary>
    public MosfetModel Model { get; } = model;
    /// <summary>Instance geometry (L, W, AD, AS, PD, PS, NRD, NRS); SPICE defaults when not given.</summary>
    public MosfetGeometry Geometry { get; } = geometry ?? new MosfetGeometry();
    /// <summary>SPICE OFF: the first DC iteration starts with all terminal voltages at 0 instead of vgs = VTO, vbs = −1 V.</summary>
    public bool Off { get; init; }

    /// <inheritdoc/>
    public override IReadOnlyList<string> Nodes => [Drain, Gate, Source, Bulk];

    /// <summary>Effective channel length L − 2·LD in m (level 3: L − 2·LD + XL).</summary>
    public double EffectiveLength => Geometry.L - 2 * Model.Ld + (Model.Level == 3 ? Model.Xl : 0);

    /// <summary>Effective channel width in m: W (levels 1, 2), W − 2·WD + XW (level 3).</summary>
    public double EffectiveWidth => Model.Level == 3 ? Geometry.W - 2 * Model.Wd + Model.Xw : Geometry.W;

    /// <summary>Drain ohmic resistance of one device in Ω: RD, else RSH·NRD (ngspice mos1temp.c); 0 = none.</summary>
    public double DrainResistance => Model.Rd > 0 ? Model.Rd : Model.Rsh > 0 && Geometry.Nrd > 0 ? Model.Rsh * Geometry.Nrd : 0;

    /// <summary>Source ohmic resistance of one device in Ω: RS, else RSH·NRS; 0 = none.</summary>
    public double SourceResistance => Model.Rs > 0 ? Model.Rs : Model.Rsh > 0 && Geometry.Nrs > 0 ? Model.Rsh * Geometry.Nrs : 0;

    /// <summary>Drain and source reach the bulk through the junctions' gmin; the gate has no DC path.</summary>
    public override void DescribeTopology(TopologyBuilder topology)
    {
        topology.Conductive(Drain, Bulk);
        topology.Conductive(Source, Bulk);
        topology.Attach(Gate);
    }

    /// <inheritdoc/>
    public override Behavior CreateBehavior(SetupContext setup)
    {
        if (!(EffectiveLength > 0))
            throw new CircuitException($"MOSFET '{Name}': effective channel length L − 2·LD = {EffectiveLength:G4} m is not positive.");
        if (!(Geometry.W > 0) || !(Geometry.M > 0))
            throw new CircuitException($"MOSFET '{Name}': W ({Geometry.W:G4} m) and M ({Geometry.M:G4}) must be positive.");
        if (!(EffectiveWidth > 0))
            throw new CircuitException($"MOSFET '{Name}': effective channel width W − 2·WD + XW = {EffectiveWidth:G4} m is not positive.");
        if (Model.Level is not (1 or 2 or 3 or 6))
            throw new CircuitException($"MOSFET '{Name}': model level {Model.Level} is not simulated (levels 1, 2, 3, 6).");
        int d = setup.Node(Drain), g = setup.Node(Gate), s = setup.Node(Source), b = setup.Node(Bulk);
        int dp = DrainResistance > 0 ? setup.AddInternalNode($"{Name}#drain") : d;
        int sp = SourceResistance > 0 ? setup.AddInternalNode($"{Name}#source") : s;
        return new MosfetBehavior(this, d, g, s, b, dp, sp, setup.AllocateStates(StateCount), setup.Options);
    }

    // State slots. Voltages are NMOS-normalized; Cgs/Cgd/Cgb hold Meyer half-capacitances; each charge q is followed by
    // its dq/dt (the Integrator's convention).
    private const int Vbs = 0, Vgs = 1, Vds = 2, Vbd = 3, Cgs = 4, Cgd = 5, Cgb = 6, Qgs = 7, Qgd = 9, Qgb = 11, Qbd = 13, Qbs = 15,
        StateCount = 17;

    private sealed class MosfetBehavior : Behavior, IAcBehavior, INoiseBehavior
    {
        private readonly int _d, _g, _s, _b, _dp, _sp, _st;
        private readonly double _type, _phi, _vto;
        private readonly IMosfetChannel _channel;
        private readonly bool _cubicReverseJunction;
        private readonly double _drainSat, _sourceSat, _drainVcrit, _sourceVcrit, _vt;
        private readonly double _gd, _gs, _cgso, _cgdo, _cgbo, _cox;
        private readonly bool _hasCharge, _off;
        private readonly double _kelvin, _kf, _af, _flickerArea;
        private readonly JunctionCapacitance _bd, _bs;

        // Linearization of the last load (ngspice keeps these in the instance): used for the current convergence test.
        private double _von, _cd, _cbs, _cbd, _gm, _gds, _gmbs, _gbs, _gbd;
        private int _mode = 1;

        private MatrixElement _dd, _gg, _ss, _bb, _dpdp, _spsp, _ddp, _gb, _gdp, _gsp, _ssp, _bg, _bdp, _bsp,
            _dpd, _dpg, _dpb, _dpsp, _spg, _sps, _spb, _spdp;

        public MosfetBehavior(Mosfet m, int d, int g, int s, int b, int dp, int sp, int st, SimulationOptions o) : base(m.Name)
        {
            _d = d; _g = g; _s = s; _b = b; _dp = dp; _sp = sp; _st = st; _off = m.Off;
            var mod = m.Model; var geo = m.Geometry;
            double leff = m.EffectiveLength, weff = m.EffectiveWidth;
            _type = mod.Type;
            var temp = MosfetTemperature.Of(mod, o.Temperature);
            _phi = temp.Phi; _vto = temp.Vto;
            _vt = Junction.ThermalVoltage(o.Temperature);
            // ngspice MOS1tVbi (MOS2tVbi, MOS3tVbi), times type in the normalized equations.
            _channel = mod.Level switch
            {
                2 => new MosfetLevel2(mod, temp, leff, geo.W, geo.M, _vt),
                3 => new MosfetLevel3(mod, temp, leff, weff, geo.M, _vt),
                6 => new MosfetLevel6(mod, temp, leff, geo.W, geo.M, o.Temperature),
                _ => new MosfetLevel1(temp.Kp * geo.M * geo.W / leff, _type * temp.Vbi, mod.Gamma, temp.Phi, mod.Lambda),
            };
            _cubicReverseJunction = mod.Level == 3;
            bool useDensity = temp.Js != 0 && geo.Ad != 0 && geo.As != 0;
            _drainSat = useDensity ? temp.Js * geo.M * geo.Ad : temp.Is * geo.M;
            _sourceSat = useDensity ? temp.Js * geo.M * geo.As : temp.Is * geo.M;
            _drainVcrit = _drainSat > 0 ? Junction.CriticalVoltage(_vt, _drainSat) : double.PositiveInfinity;
            _sourceVcrit = _sourceSat > 0 ? Junction.CriticalVoltage(_vt, _sourceSat) : double.PositiveInfinity;
            _gd = m.DrainResistance > 0 ? geo.M / m.DrainResistance : 0;
            _gs = m.SourceResistance > 0 ? geo.M / m.SourceResistance : 0;
            _cgso = mod.Cgso * geo.M * weff;
            _cgdo = mod.Cgdo * geo.M * weff;
            _cgbo = mod.Cgbo * geo.M * leff;
            _cox = mod.OxideCapacitancePerArea * leff * geo.M * weff;
            _hasCharge = _cgso != 0 || _cgdo != 0 || _cgbo != 0 || _cox != 0;
            _kelvin = o.Temperature; _kf = mod.Kf; _af = mod.Af;
            // ngspice 39 mos1noi.c: W·M·Leff·Cox'², Cox' of TOX = 1e-7 m when the model has no oxide capacitance.
            double coxArea = mod.OxideCapacitancePerArea > 0 ? mod.OxideCapacitancePerArea : MosfetModel.OxidePermittivity / 1e-7;
            // Level 3 (mos3noi.c): (W − 2·WD)·(L − 2·LD), without XL and XW.
            double noiseWidth = mod.Level == 3 ? geo.W - 2 * mod.Wd : geo.W, noiseLength = geo.L - 2 * mod.Ld;
            _flickerArea = noiseWidth * geo.M * noiseLength * coxArea * coxArea;
            // Zero-bias junction capacitances (ngspice mos1temp.c): CBD/CBS if given, else CJ times the area; sidewall CJSW·perimeter.
            double fb = temp.BottomCapacitanceFactor, fs = temp.SidewallCapacitanceFactor;
            double czbd = mod.Cbd is { } cbd ? cbd * fb * geo.M : mod.Cj is { } cj ? cj * fb * geo.M * geo.Ad : 0;
            double czbs = mod.Cbs is { } cbs ? cbs * fb * geo.M : mod.Cj is { } cj2 ? cj2 * fb * geo.M * geo.As : 0;
            double czsw = (mod.Cjsw ?? 0) * fs;
            _bd = new JunctionCapacitance(czbd, czsw * geo.Pd * geo.M, mod.Mj, mod.Mjsw, temp.Pb, mod.Fc);
            _bs = new JunctionCapacitance(czbs, czsw * geo.Ps * geo.M, mod.Mj, mod.Mjsw, temp.Pb, mod.Fc);
        }

        public override bool IsNonlinear => true;

        public override void Bind(SetupContext setup)
        {
            MatrixElement E(int r, int c) => setup.Element(r, c);
            _dd = E(_d, _d); _gg = E(_g, _g); _ss = E(_s, _s); _bb = E(_b, _b);
            _dpdp = E(_dp, _dp); _spsp = E(_sp, _sp); _ddp = E(_d, _dp); _gb = E(_g, _b);
            _gdp = E(_g, _dp); _gsp = E(_g, _sp); _ssp = E(_s, _sp); _bg = E(_b, _g);
            _bdp = E(_b, _dp); _bsp = E(_b, _sp); _dpd = E(_dp, _d); _dpg = E(_dp, _g);
            _dpb = E(_dp, _b); _dpsp = E(_dp, _sp); _spg = E(_sp, _g); _sps = E(_sp, _s);
            _spb = E(_sp, _b); _spdp = E(_sp, _dp);
        }

        public override void Load(LoadContext ctx)
        {
            var s0 = ctx.States.Current;
            double t = _type;
            var (vbs, vgs, vds, checkCurrents, notConverged) = TerminalVoltages(ctx, s0, t);
            double vbd = vbs - vds, vgd = vgs - vds, vgb = vgs - vbs;

            // Linear prediction of the drain and bulk currents from the previous linearization (ngspice MOS1convTest).
            double cdHat = 0, cbHat = 0;
            if (checkCurrents)
            {
                double dvbs = vbs - s0[_st + Vbs], dvbd = vbd - s0[_st + Vbd], dvgs = vgs - s0[_st + Vgs], dvds = vds - s0[_st + Vds];
                double dvgd = vgd - (s0[_st + Vgs] - s0[_st + Vds]);
                cdHat = _mode >= 0
                    ? _cd - _gbd * dvbd + _gmbs * dvbs + _gm * dvgs + _gds * dvds
                    : _cd - (_gbd - _gmbs) * dvbd - _gm * dvgd + _gds * dvds;
                cbHat = _cbs + _cbd + _gbd * dvbd + _gbs * dvbs;
            }

            double gmin = ctx.Gmin;
            (_cbs, _gbs) = JunctionCurrent(vbs, _sourceSat, gmin);
            (_cbd, _gbd) = JunctionCurrent(vbd, _drainSat, gmin);
            _mode = vds >= 0 ? 1 : -1;
            var ch = _mode == 1 ? _channel.Evaluate(vgs, vds, vbs) : _channel.Evaluate(vgd, -vds, vbd);
            double cdrain = ch.Id;
            _gm = ch.Gm; _gds = ch.Gds; _gmbs = ch.Gmbs; _von = ch.Von;
            _cd = _mode * cdrain - _cbd;
            if (ctx.Mode.TracksCharge()) JunctionCharges(ctx, vbs, vbd);

            if (checkCurrents)
            {
                var o = ctx.Options;
                double tolD = o.RelTol * Math.Max(Math.Abs(cdHat), Math.Abs(_cd)) + o.AbsTol;
                double cb = _cbs + _cbd;
                double tolB = o.RelTol * Math.Max(Math.Abs(cbHat), Math.Abs(cb)) + o.AbsTol;
                if (Math.Abs(cdHat - _cd) > tolD || Math.Abs(cbHat - cb) > tolB) notConverged = true;
            }
            if (notConverged) ctx.NotConverged(Name);

            // Gate charges: companion conductances gc* and currents ceq* (ngspice: ceq = dq/dt − gc·v).
            double gcgs = 0, gcgd = 0, gcgb = 0, ceqgs = 0, ceqgd = 0, ceqgb = 0;
            if (_hasCharge && ctx.Mode.TracksCharge())
                GateCharges(ctx, vgs, vgd, vgb, ch, ref gcgs, ref gcgd, ref gcgb, ref ceqgs, ref ceqgd, ref ceqgb);

            s0[_st + Vbs] = vbs; s0[_st + Vbd] = vbd; s0[_st + Vgs] = vgs; s0[_st + Vds] = vds;
            Stamp(ctx, t, vbs, vbd, vgs, vds, vgd, cdrain, gcgs, gcgd, gcgb, ceqgs, ceqgd, ceqgb);
        }

        /// <summary>
        /// Noise sources (class summary; ngspice 39 mos1noi.c order rd, rs, id, 1/f). gm and Id are those of the last
        /// load, which the noise analysis makes at the converged operating point, as ngspice reads MOS1gm and MOS1cd.
        /// </summary>
        public void LoadNoise(NoiseLoadContext ctx)
        {
            ctx.AddCurrentNoise(Name + " rd", _dp, _d, NoiseLoadContext.Thermal(_kelvin, _gd));
            ctx.AddCurrentNoise(Name + " rs", _sp, _s, NoiseLoadContext.Thermal(_kelvin, _gs));
            ctx.AddCurrentNoise(Name + " id", _dp, _sp, NoiseLoadContext.Thermal(_kelvin, 2.0 / 3.0 * _gm));
            ctx.AddCurrentNoise(Name + " 1overf", _dp, _sp,
                _kf * Math.Exp(_af * Math.Log(Math.Max(Math.Abs(_cd), 1e-38))) / (ctx.Frequency * _flickerArea));
        }

        /// <summary>
        /// Small-signal capacitances at the operating point (ngspice mos1acld.c): gate-source, gate-drain and gate-bulk
        /// = twice the Meyer half-capacitance (in the conducting orientation, mapped back to the terminals) plus the
        /// overlap capacitance; bulk-drain and bulk-source = the depletion capacitances dQ/dV at the junction voltages.
        /// gm, gds, gmbs and the junction conductances are already in the DC stamp loaded at the operating point.
        /// </summary>
        public void LoadAc(AcLoadContext ctx)
        {
            var s0 = ctx.OperatingPoint.States.Current;
            double vbs = s0[_st + Vbs], vgs = s0[_st + Vgs], vds = s0[_st + Vds];
            double vbd = vbs - vds, vgd = vgs - vds;
            double hgs = 0, hgd = 0, hgb = 0;
            if (_cox > 0)
            {
                var ch = vds >= 0 ? _channel.Evaluate(vgs, vds, vbs) : _channel.Evaluate(vgd, -vds, vbd);
                if (vds >= 0) (hgs, hgd, hgb) = MosfetEquations.MeyerHalf(vgs, vgd, ch.Von, ch.Vdsat, _phi, _cox);
                else (hgd, hgs, hgb) = MosfetEquations.MeyerHalf(vgd, vgs, ch.Von, ch.Vdsat, _phi, _cox);
            }
            double w = ctx.Omega;
            double xgs = w * (2 * hgs + _cgso), xgd = w * (2 * hgd + _cgdo), xgb = w * (2 * hgb + _cgbo);
            double xbd = _bd.Exists ? w * _bd.At(vbd).C : 0, xbs = _bs.Exists ? w * _bs.At(vbs).C : 0;
            if (xgs == 0 && xgd == 0 && xgb == 0 && xbd == 0 && xbs == 0) return;
            ctx.AddImaginary(_gg, xgs + xgd + xgb);
            ctx.AddImaginary(_bb, xgb + xbd + xbs);
            ctx.AddImaginary(_dpdp, xgd + xbd);
            ctx.AddImaginary(_spsp, xgs + xbs);
            ctx.AddImaginary(_gb, -xgb); ctx.AddImaginary(_bg, -xgb);
            ctx.AddImaginary(_gdp, -xgd); ctx.AddImaginary(_dpg, -xgd);
            ctx.AddImaginary(_gsp, -xgs); ctx.AddImaginary(_spg, -xgs);
            ctx.AddImaginary(_bdp, -xbd); ctx.AddImaginary(_dpb, -xbd);
            ctx.AddImaginary(_bsp, -xbs); ctx.AddImaginary(_spb, -xbs);
        }

        /// <summary>
        /// Bulk junction depletion charges: stored at every transient load; integrated (not at the operating point)
        /// into the junction conductances and currents, and the drain current, as ngspice mos1load.c does.
        /// </summary>
        private void JunctionCharges(LoadContext ctx, double vbs, double vbd)
        {
            if (Integrate(ctx, _bd, _st + Qbd, vbd) is var (gd, id)) { _gbd += gd; _cbd += id; _cd -= id; }
            if (Integrate(ctx, _bs, _st + Qbs, vbs) is var (gs, @is)) { _gbs += gs; _cbs += @is; }
        }

        /// <summary>Stores q(v) at slot; in transient returns the companion conductance Slope·C and the current dq/dt.</summary>
        private static (double G, double I)? Integrate(LoadContext ctx, JunctionCapacitance junction, int slot, double v)
        {
            if (!junction.Exists) return null;
            var s0 = ctx.States.Current;
            var (q, c) = junction.At(v);
            s0[slot] = q;
            if (ctx.Mode.SolvesDc()) { s0[slot + 1] = 0; return null; }
            double iq = ctx.Integrator.Integrate(slot);
            return (ctx.Integrator.Slope * c, iq);
        }

        /// <summary>
        /// The voltages vbs, vgs and vds in V this load linearizes at; Check says the currents are to be tested against
        /// their linear prediction, Limited that a step was cut.
        /// </summary>
        private (double Vbs, double Vgs, double Vds, bool Check, bool Limited) TerminalVoltages(LoadContext ctx, double[] s0, double t)
        {
            switch (ctx.Mode)
            {
                case LoadMode.JunctionStart: return _off ? (0, 0, 0, false, false) : (-1, t * _vto, 0, false, false);
                case LoadMode.TransientStartFromInitialConditions: // the .ic values as given
                    return (t * ctx.Voltage(_b, _sp), t * ctx.Voltage(_g, _sp), t * ctx.Voltage(_dp, _sp), false, false);
            }
            var (vbs, vgs, vds, limited) = Limit(t * ctx.Voltage(_b, _sp), t * ctx.Voltage(_g, _sp), t * ctx.Voltage(_dp, _sp), s0);
            return (vbs, vgs, vds, true, limited);
        }

        /// <summary>SPICE3 MOS1 limiting: fetlim on the gate voltage of the conducting end, limvds, pnjlim on the bulk junction.</summary>
        private (double Vbs, double Vgs, double Vds, bool Limited) Limit(double vbs, double vgs, double vds, double[] s0)
        {
            double vgsIn = vgs, vdsIn = vds, vbsIn = vbs;
            double oldVgs = s0[_st + Vgs], oldVds = s0[_st + Vds];
            double vgd = vgs - vds;
            if (oldVds >= 0)
            {
                vgs = FetLimiting.Gate(vgs, oldVgs, _von);
                vds = vgs - vgd;
                vds = FetLimiting.DrainSource(vds, oldVds);
            }
            else
            {
                vgd = FetLimiting.Gate(vgd, oldVgs - oldVds, _von);
                vds = vgs - vgd;
                vds = -FetLimiting.DrainSource(-vds, -oldVds);
                vgs = vgd + vds;
            }
            bool pn;
            if (vds >= 0) vbs = Junction.LimitPn(vbs, s0[_st + Vbs], _vt, _sourceVcrit, out pn);
            else
            {
                double vbd = Junction.LimitPn(vbs - vds, s0[_st + Vbd], _vt, _drainVcrit, out pn);
                vbs = vbd + vds;
            }
            bool limited = pn || !Same(vgs, vgsIn) || !Same(vds, vdsIn) || !Same(vbs, vbsIn);
            return (vbs, vgs, vds, limited);
        }

        private static bool Same(double a, double b) => Math.Abs(a - b) <= 1e-15 * Math.Max(1, Math.Abs(a));

        /// <summary>
        /// Bulk diode (ngspice mos1load.c, mos2load.c): below −3·vt only gmin and −Isat; level 3 (mos3load.c) there
        /// −Isat·(1 + a), a = (3vt/(e·v))³, which joins the exponential's value at −3vt; above, the exponential plus gmin.
        /// </summary>
        private (double I, double G) JunctionCurrent(double v, double isat, double gmin)
        {
            if (v <= -3 * _vt && _cubicReverseJunction)
            {
                double a = 3 * _vt / (v * Math.E);
                a = a * a * a;
                return (-isat * (1 + a) + gmin * v, isat * 3 * a / v + gmin);
            }
            if (v <= -3 * _vt) return (gmin * v - isat, gmin);
            double e = Math.Exp(Math.Min(709, v / _vt));
            return (isat * (e - 1) + gmin * v, isat * e / _vt + gmin);
        }

        private void GateCharges(LoadContext ctx, double vgs, double vgd, double vgb, ChannelCurrent ch,
            ref double gcgs, ref double gcgd, ref double gcgb, ref double ceqgs, ref double ceqgd, ref double ceqgb)
        {
            var s0 = ctx.States.Current;
            int st = _st;
            double hgs = 0, hgd = 0, hgb = 0;
            if (_cox > 0)
            {
                // Meyer in the conducting orientation; von and vdsat are those of the channel evaluation.
                if (_mode > 0) (hgs, hgd, hgb) = MosfetEquations.MeyerHalf(vgs, vgd, ch.Von, ch.Vdsat, _phi, _cox);
                else (hgd, hgs, hgb) = MosfetEquations.MeyerHalf(vgd, vgs, ch.Von, ch.Vdsat, _phi, _cox);
            }
            s0[st + Cgs] = hgs; s0[st + Cgd] = hgd; s0[st + Cgb] = hgb;
            if (ctx.Mode.SolvesDc())
            {
                // Operating point before a transient (SPICE MODETRANOP): both halves at the same bias, charge = C·v.
                s0[st + Qgs] = vgs * (2 * hgs + _cgso); s0[st + Qgs + 1] = 0;
                s0[st + Qgd] = vgd * (2 * hgd + _cgdo); s0[st + Qgd + 1] = 0;
                s0[st + Qgb] = vgb * (2 * hgb + _cgbo); s0[st + Qgb + 1] = 0;
                return;
            }
            var s1 = ctx.States.Previous;
            double vgs1 = s1[st + Vgs], vgd1 = vgs1 - s1[st + Vds], vgb1 = vgs1 - s1[st + Vbs];
            double capgs = hgs + s1[st + Cgs] + _cgso;
            double capgd = hgd + s1[st + Cgd] + _cgdo;
            double capgb = hgb + s1[st + Cgb] + _cgbo;
            s0[st + Qgs] = (vgs - vgs1) * capgs + s1[st + Qgs];
            s0[st + Qgd] = (vgd - vgd1) * capgd + s1[st + Qgd];
            s0[st + Qgb] = (vgb - vgb1) * capgb + s1[st + Qgb];
            var integ = ctx.Integrator;
            double ag0 = integ.Slope;
            gcgs = ag0 * capgs; ceqgs = integ.Integrate(st + Qgs) - gcgs * vgs;
            gcgd = ag0 * capgd; ceqgd = integ.Integrate(st + Qgd) - gcgd * vgd;
            gcgb = ag0 * capgb; ceqgb = integ.Integrate(st + Qgb) - gcgb * vgb;
        }

        /// <summary>Matrix and right-hand side, term by term as ngspice mos1load.c (right-hand side = current into the node).</summary>
        private void Stamp(LoadContext ctx, double t, double vbs, double vbd, double vgs, double vds, double vgd, double cdrain,
            double gcgs, double gcgd, double gcgb, double ceqgs, double ceqgd, double ceqgb)
        {
            double ceqbs = t * (_cbs - _gbs * vbs);
            double ceqbd = t * (_cbd - _gbd * vbd);
            double xnrm = _mode >= 0 ? 1 : 0, xrev = 1 - xnrm;
            double cdreq = _mode >= 0
                ? t * (cdrain - _gds * vds - _gm * vgs - _gmbs * vbs)
                : -t * (cdrain + _gds * vds - _gm * vgd - _gmbs * vbd);
            ctx.AddRhs(_g, -t * (ceqgs + ceqgb + ceqgd));
            ctx.AddRhs(_b, -(ceqbs + ceqbd - t * ceqgb));
            ctx.AddRhs(_dp, ceqbd - cdreq + t * ceqgd);
            ctx.AddRhs(_sp, cdreq + ceqbs + t * ceqgs);

            double gm = _gm, gmbs = _gmbs, gds = _gds;
            ctx.Add(_dd, _gd);
            ctx.Add(_gg, gcgd + gcgs + gcgb);
            ctx.Add(_ss, _gs);
            ctx.Add(_bb, _gbd + _gbs + gcgb);
            ctx.Add(_dpdp, _gd + gds + _gbd + xrev * (gm + gmbs) + gcgd);
            ctx.Add(_spsp, _gs + gds + _gbs + xnrm * (gm + gmbs) + gcgs);
            ctx.Add(_ddp, -_gd);
            ctx.Add(_gb, -gcgb);
            ctx.Add(_gdp, -gcgd);
            ctx.Add(_gsp, -gcgs);
            ctx.Add(_ssp, -_gs);
            ctx.Add(_bg, -gcgb);
            ctx.Add(_bdp, -_gbd);
            ctx.Add(_bsp, -_gbs);
            ctx.Add(_dpd, -_gd);
            ctx.Add(_dpg, (xnrm - xrev) * gm - gcgd);
            ctx.Add(_dpb, -_gbd + (xnrm - xrev) * gmbs);
            ctx.Add(_dpsp, -gds - xnrm * (gm + gmbs));
            ctx.Add(_spg, -(xnrm - xrev) * gm - gcgs);
            ctx.Add(_sps, -_gs);
            ctx.Add(_spb, -_gbs - (xnrm - xrev) * gmbs);
            ctx.Add(_spdp, -gds - xrev * (gm + gmbs));
        }

        public override double TruncationStep(LoadContext ctx)
        {
            if (!_hasCharge) return double.PositiveInfinity;
            var integ = ctx.Integrator;
            return Math.Min(integ.TruncationStep(_st + Qgs), Math.Min(integ.TruncationStep(_st + Qgd), integ.TruncationStep(_st + Qgb)));
        }
    }
}
