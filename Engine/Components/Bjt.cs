using MemristorSpice.Engine.Analyses;
using MemristorSpice.Engine.Core;

namespace MemristorSpice.Engine.Components;

/// <summary>
/// Bipolar junction transistor, SPICE Gummel-Poon model as Berkeley SPICE3 / ngspice BJT level 1 (bjtload.c, bjtacld.c;
/// I. Getreu, "Modeling the bipolar transistor", Tektronix 1976; SPICE3 user's manual), pins collector, base, emitter,
/// substrate. Voltages are NPN-normalized (PNP: type −1), Vt = kT/q, everything for the instance area:
/// <list type="bullet">
/// <item>Transport currents: Ibe = IS·(e^(vbe/(NF·Vt)) − 1), Ibc = IS·(e^(vbc/(NR·Vt)) − 1) (below −3·N·Vt SPICE's cubic
/// tail −IS·(1 + (3·N·Vt/(e·v))³)); leakage Ilе = ISE·(e^(vbe/(NE·Vt)) − 1), Ilc = ISC·(e^(vbc/(NC·Vt)) − 1), each with
/// gmin·v in parallel (ngspice puts gmin across both junctions).</item>
/// <item>Base charge qb = q1·(1 + √(1 + 4·q2))/2, q1 = 1/(1 − vbc/VAF − vbe/VAR), q2 = Ibe/IKF + Ibc/IKR (Early effect
/// and high injection).</item>
/// <item>Ic = (Ibe − Ibc)/qb − Ibc/BR − Ilc,  Ib = Ibe/BF + Ile + Ibc/BR + Ilc.</item>
/// <item>Base resistance (RB > 0): rbb = RBM + (RB − RBM)/qb, or with IRB: rbb = RBM + 3·(RB − RBM)·(tan z − z)/(z·tan²z),
/// z = (√(1 + 144·Ib/(π²·IRB)) − 1)/((24/π²)·√(Ib/IRB)). RE, RC: fixed conductances to internal nodes.</item>
/// <item>Charges (transient, and the capacitances of .ac): Qbe = TF·Ibe·(1 + XTF·(Ibe/(Ibe + ITF))²·e^(vbc/(1.44·VTF)))/qb
/// + depletion(CJE, VJE, MJE); Qbc = TR·Ibc + depletion(XCJC·CJC, VJC, MJC) at vbc; (1 − XCJC)·CJC between the external
/// base and the internal collector; CJS at the substrate junction (vs ≥ 0: CJS·v·(1 + MJS·v/(2·VJS))). Depletion charge
/// as the diode: above FC·VJ the linear-capacitance extension.</item>
/// <item>Excess phase (PTF, td = PTF·(π/180)·TF): in transient the forward transport current Ibe/qb in Ic passes Weil's
/// second-order delay, discretized with backward Euler as SPICE3 (cex = Ibe·a3, a1 = 3h²/td², a2 = 3h/td,
/// a3 = a1/(1 + a1 + a2), plus the history of the two previous points); in .ac gm + go is rotated by e^(−jω·td).</item>
/// <item>Newton: pnjlim on vbe and vbc with vcrit = Vt·ln(Vt/(√2·IS)) (ngspice uses Vt, not NF·Vt, there); the first
/// iteration starts at vbe = vcrit, vbc = 0 (vbe = 0 with OFF). A limited step or a linearization that mispredicts Ic or
/// Ib keeps Newton iterating.</item>
/// <item>Temperature and area: <see cref="BjtTemperature"/>.</item>
/// <item>Noise (.noise, as ngspice 39 bjtnoise.c): thermal 4kT·G of RC, of the bias-dependent base resistance 1/gx and
/// of RE; shot noise 2q|Ic| (collector to emitter) and 2q|Ib| (base to emitter), with Ic and Ib the operating-point
/// currents; flicker KF·|Ib|^AF/f from base to emitter. Sources uncorrelated, all at the internal nodes.</item>
/// </list>
/// Not modelled: the substrate diode current ISS (only gmin across the substrate junction, ngspice's
/// default ISS = 0), quasi-saturation, self-heating, the substrate current's shot noise, ngspice's temperature coefficients (TLEV, TBF1, ...).
/// </summary>
public sealed class Bjt(string name, string collector, string @base, string emitter, string substrate, BjtModel model, double area = 1)
    : Entity(name)
{
    /// <summary>Collector node.</summary>
    public string Collector { get; } = collector;
    /// <summary>Base node.</summary>
    public string Base { get; } = @base;
    /// <summary>Emitter node.</summary>
    public string Emitter { get; } = emitter;
    /// <summary>Substrate node ("0" for a three-terminal transistor).</summary>
    public string Substrate { get; } = substrate;
    /// <summary>Gummel-Poon model card parameters.</summary>
    public BjtModel Model { get; } = model;
    /// <summary>Area factor: currents and capacitances scale with it, resistances with its inverse.</summary>
    public double Area { get; } = area;
    /// <summary>SPICE OFF: the first DC iteration starts with vbe = vbc = 0.</summary>
    public bool Off { get; init; }

    /// <inheritdoc/>
    public override IReadOnlyList<string> Nodes => [Collector, Base, Emitter, Substrate];

    /// <summary>Both junctions and the substrate junction carry gmin, so every pin has a DC path.</summary>
    public override void DescribeTopology(TopologyBuilder topology)
    {
        topology.Conductive(Base, Emitter);
        topology.Conductive(Base, Collector);
        topology.Conductive(Substrate, Model.SubstrateGeometry > 0 ? Collector : Base);
    }

    /// <inheritdoc/>
    public override Behavior CreateBehavior(SetupContext setup)
    {
        if (!(Area > 0)) throw new CircuitException($"BJT '{Name}': area {Area:G4} must be positive.");
        if (!(Model.Is > 0) || !(Model.Bf > 0) || !(Model.Br > 0) || !(Model.Nf > 0) || !(Model.Nr > 0))
            throw new CircuitException($"BJT model '{Model.Name}': IS, BF, BR, NF and NR must be positive.");
        int c = setup.Node(Collector), b = setup.Node(Base), e = setup.Node(Emitter), s = setup.Node(Substrate);
        int cp = Model.Rc > 0 ? setup.AddInternalNode($"{Name}#collector") : c;
        int bp = Model.Rb > 0 ? setup.AddInternalNode($"{Name}#base") : b;
        int ep = Model.Re > 0 ? setup.AddInternalNode($"{Name}#emitter") : e;
        return new BjtBehavior(this, c, b, e, s, cp, bp, ep, setup.AllocateStates(StateCount), setup.Options);
    }

    // State slots: NPN-normalized junction voltages, then each charge followed by its dq/dt (the Integrator's convention).
    private const int Vbe = 0, Vbc = 1, Vbx = 2, Vsub = 3, Qbe = 4, Qbc = 6, Qbx = 8, Qsub = 10, Cexbc = 12, StateCount = 13;

    /// <summary>DC currents and their derivatives at one bias point (ngspice bjtload.c names).</summary>
    private readonly record struct DcPoint(double Cbe, double Gbe, double Cbc, double Gbc, double Qb, double DqbDve, double DqbDvc,
        double Cc, double Cb, double Gpi, double Gmu, double Gm, double Go, double Gx, double Cexbc);

    /// <summary>Charges (C), capacitances (F) and the transit-time transcapacitance dQbe/dvbc (F) at one bias point.</summary>
    private readonly record struct ChargePoint(double Qbe, double Capbe, double Qbc, double Capbc, double Qbx, double Capbx,
        double Qsub, double Capsub, double Geqcb);

    private sealed class BjtBehavior : Behavior, IAcBehavior, INoiseBehavior
    {
        private readonly int _c, _b, _e, _s, _cp, _bp, _ep, _sc, _st;
        private readonly double _type, _subs, _vt, _vcrit, _csat, _c2, _c4, _vte, _vtc, _vtf, _vtr, _betaF, _betaR;
        private readonly double _invVaf, _invVar, _oik, _oikr, _rbpr, _rbpi, _xjrb, _gcpr, _gepr;
        private readonly double _td, _tf, _tr, _xtf, _ovtf, _xjtf, _czsub, _vjs, _mjs;
        private readonly JunctionCapacitance _be, _bc, _bx;
        private readonly bool _off, _hasCharge;
        private readonly double _kelvin, _kf, _af;

        // Linearization of the last load, for the current convergence test (ngspice keeps these in state0).
        private double _cc, _cb, _gpi, _gmu, _gm, _go;

        private MatrixElement _ccp, _cpc, _cc0, _bb, _bbp, _bpb, _ee, _eep, _epe, _cpcp, _bpbp, _epep, _cpbp, _cpep, _bpcp, _bpep,
            _epcp, _epbp, _ss, _scsc, _ssc, _scs, _bcp, _cpb;

        public BjtBehavior(Bjt q, int c, int b, int e, int s, int cp, int bp, int ep, int st, SimulationOptions o) : base(q.Name)
        {
            _c = c; _b = b; _e = e; _s = s; _cp = cp; _bp = bp; _ep = ep; _st = st; _off = q.Off;
            var m = q.Model; double area = q.Area;
            _type = m.Type; _subs = m.SubstrateGeometry;
            _sc = _subs > 0 ? cp : bp;
            var t = BjtTemperature.Of(m, o.Temperature, area);
            _vt = t.Vt;
            _csat = t.Is; _c2 = t.Ise; _c4 = t.Isc;
            _vtf = m.Nf * _vt; _vtr = m.Nr * _vt; _vte = m.Ne * _vt; _vtc = m.Nc * _vt;
            _betaF = t.Bf; _betaR = t.Br;
            _vcrit = Junction.CriticalVoltage(_vt, _csat);
            _invVaf = Inverse(m.Vaf); _invVar = Inverse(m.Var);
            _oik = Inverse(m.Ikf * area); _oikr = Inverse(m.Ikr * area);
            _rbpr = m.MinimumBaseResistance / area;
            _rbpi = m.Rb / area - _rbpr;
            _xjrb = double.IsFinite(m.Irb) ? m.Irb * area : 0;
            _gcpr = m.Rc > 0 ? area / m.Rc : 0;
            _gepr = m.Re > 0 ? area / m.Re : 0;
            _tf = m.Tf; _tr = m.Tr; _xtf = m.Xtf; _td = m.ExcessPhaseDelay;
            _ovtf = double.IsFinite(m.Vtf) && m.Vtf != 0 ? 1 / (1.44 * m.Vtf) : 0;
            _xjtf = m.Itf * area;
            double ctot = t.Cjc;
            _be = new JunctionCapacitance(t.Cje, 0, m.Mje, 0.5, t.Vje, m.Fc);
            _bc = new JunctionCapacitance(ctot * m.Xcjc, 0, m.Mjc, 0.5, t.Vjc, m.Fc);
            _bx = new JunctionCapacitance(ctot - ctot * m.Xcjc, 0, m.Mjc, 0.5, t.Vjc, m.Fc);
            _czsub = t.Cjs; _vjs = t.Vjs; _mjs = m.Mjs;
            _kelvin = o.Temperature; _kf = m.Kf; _af = m.Af;
            _hasCharge = _tf != 0 || _tr != 0 || _be.Exists || _bc.Exists || _bx.Exists || _czsub != 0;
        }

        private static double Inverse(double v) => double.IsFinite(v) && v != 0 ? 1 / v : 0;

        public override bool IsNonlinear => true;

        public override void Bind(SetupContext setup)
        {
            MatrixElement E(int r, int col) => setup.Element(r, col);
            _cc0 = E(_c, _c); _ccp = E(_c, _cp); _cpc = E(_cp, _c);
            _bb = E(_b, _b); _bbp = E(_b, _bp); _bpb = E(_bp, _b);
            _ee = E(_e, _e); _eep = E(_e, _ep); _epe = E(_ep, _e);
            _cpcp = E(_cp, _cp); _bpbp = E(_bp, _bp); _epep = E(_ep, _ep);
            _cpbp = E(_cp, _bp); _cpep = E(_cp, _ep); _bpcp = E(_bp, _cp); _bpep = E(_bp, _ep); _epcp = E(_ep, _cp); _epbp = E(_ep, _bp);
            _ss = E(_s, _s); _scsc = E(_sc, _sc); _ssc = E(_s, _sc); _scs = E(_sc, _s);
            _bcp = E(_b, _cp); _cpb = E(_cp, _b);
        }

        public override void Load(LoadContext ctx)
        {
            var s0 = ctx.States.Current;
            double t = _type;
            double vbx = t * ctx.Voltage(_b, _cp), vsub = t * _subs * ctx.Voltage(_s, _sc);
            var (vbe, vbc, check, limited) = JunctionVoltages(ctx, s0, t);
            // Linear prediction of Ic and Ib from the previous linearization (ngspice cchat, cbhat).
            double cchat = 0, cbhat = 0;
            if (check)
            {
                double dvbe = vbe - s0[_st + Vbe], dvbc = vbc - s0[_st + Vbc];
                cchat = _cc + (_gm + _go) * dvbe - (_go + _gmu) * dvbc;
                cbhat = _cb + _gpi * dvbe + _gmu * dvbc;
            }
            var p = Evaluate(vbe, vbc, ctx.Gmin, ExcessPhase(ctx));
            if (_td != 0 && ctx.Mode == LoadMode.TimeStep) s0[_st + Cexbc] = p.Cexbc;
            else if (_td != 0 && ctx.Mode.TracksCharge()) s0[_st + Cexbc] = p.Cbe / p.Qb; // history starts in steady state
            double cc = p.Cc, cb = p.Cb, gpi = p.Gpi, gmu = p.Gmu, gm = p.Gm, go = p.Go, gx = p.Gx;
            if (check)
            {
                var o = ctx.Options;
                if (Math.Abs(cchat - cc) > o.RelTol * Math.Max(Math.Abs(cchat), Math.Abs(cc)) + o.AbsTol
                    || Math.Abs(cbhat - cb) > o.RelTol * Math.Max(Math.Abs(cbhat), Math.Abs(cb)) + o.AbsTol)
                    limited = true;
            }
            if (limited) ctx.NotConverged(Name);
            (_cc, _cb, _gpi, _gmu, _gm, _go) = (cc, cb, gpi, gmu, gm, go);

            // Substrate junction: gmin only (ISS = 0), as ngspice's default.
            double gsub = ctx.Gmin, csub = ctx.Gmin * vsub;
            double geqcb = 0, geqbx = 0, cqbx = 0;
            if (_hasCharge && ctx.Mode.TracksCharge())
            {
                var q = Charges(p, vbe, vbc, vbx, vsub);
                s0[_st + Qbe] = q.Qbe; s0[_st + Qbc] = q.Qbc; s0[_st + Qbx] = q.Qbx; s0[_st + Qsub] = q.Qsub;
                if (ctx.Mode.SolvesDc())
                {
                    s0[_st + Qbe + 1] = 0; s0[_st + Qbc + 1] = 0; s0[_st + Qbx + 1] = 0; s0[_st + Qsub + 1] = 0;
                }
                else
                {
                    // Companion models (ngspice bjtload.c): the charge currents join Ib, Ic and the junction conductances.
                    var integ = ctx.Integrator;
                    double ag0 = integ.Slope;
                    double cqbe = integ.Integrate(_st + Qbe), cqbc = integ.Integrate(_st + Qbc);
                    cqbx = integ.Integrate(_st + Qbx);
                    double cqsub = integ.Integrate(_st + Qsub);
                    geqcb = q.Geqcb * ag0;
                    gpi += ag0 * q.Capbe; cb += cqbe;
                    gmu += ag0 * q.Capbc; cb += cqbc; cc -= cqbc;
                    geqbx = ag0 * q.Capbx;
                    gsub += ag0 * q.Capsub; csub += cqsub;
                }
            }
            s0[_st + Vbe] = vbe; s0[_st + Vbc] = vbc; s0[_st + Vbx] = vbx; s0[_st + Vsub] = vsub;

            // Right-hand side = current into the node; terms as ngspice bjtload.c.
            double ceqbe = t * (cc + cb - vbe * (gm + go + gpi) + vbc * (go - geqcb));
            double ceqbc = t * (-cc + vbe * (gm + go) - vbc * (gmu + go));
            double ceqbx = t * (cqbx - geqbx * vbx);
            double ceqsub = t * _subs * (csub - vsub * gsub);
            ctx.AddRhs(_b, -ceqbx);
            ctx.AddRhs(_cp, ceqbx + ceqbc);
            ctx.AddRhs(_bp, -ceqbe - ceqbc);
            ctx.AddRhs(_ep, ceqbe);
            ctx.AddRhs(_s, -ceqsub);
            ctx.AddRhs(_sc, ceqsub);

            ctx.Add(_cc0, _gcpr);
            ctx.Add(_bb, gx + geqbx);
            ctx.Add(_ee, _gepr);
            ctx.Add(_cpcp, gmu + go + _gcpr + geqbx);
            ctx.Add(_bpbp, gx + gpi + gmu + geqcb);
            ctx.Add(_epep, gpi + _gepr + gm + go);
            ctx.Add(_ccp, -_gcpr);
            ctx.Add(_bbp, -gx);
            ctx.Add(_eep, -_gepr);
            ctx.Add(_cpc, -_gcpr);
            ctx.Add(_cpbp, -gmu + gm);
            ctx.Add(_cpep, -gm - go);
            ctx.Add(_bpb, -gx);
            ctx.Add(_bpcp, -gmu - geqcb);
            ctx.Add(_bpep, -gpi);
            ctx.Add(_epe, -_gepr);
            ctx.Add(_epcp, -go + geqcb);
            ctx.Add(_epbp, -gpi - gm - geqcb);
            ctx.Add(_ss, gsub);
            ctx.Add(_scsc, gsub);
            ctx.Add(_ssc, -gsub);
            ctx.Add(_scs, -gsub);
            ctx.Add(_bcp, -geqbx);
            ctx.Add(_cpb, -geqbx);
        }

        /// <summary>
        /// Small-signal capacitances at the operating point (ngspice bjtacld.c): Cπ = dQbe/dvbe, Cμ = dQbc/dvbc, the
        /// external-base part Cbx, the substrate capacitance, and the transcapacitance dQbe/dvbc. gm, gπ, gμ, go, gx
        /// and the series resistances are already in the DC stamp loaded at the operating point.
        /// </summary>
        public void LoadAc(AcLoadContext ctx)
        {
            if (!_hasCharge) return;
            var s0 = ctx.OperatingPoint.States.Current;
            double vbe = s0[_st + Vbe], vbc = s0[_st + Vbc];
            var p = Evaluate(vbe, vbc, ctx.OperatingPoint.Gmin);
            var q = Charges(p, vbe, vbc, s0[_st + Vbx], s0[_st + Vsub]);
            double w = ctx.Omega;
            if (_td != 0)
            {
                // Excess phase (bjtacld.c): gm + go delayed by td, i.e. times e^(−jω·td); the DC stamp holds the undelayed gm.
                double arg = _td * w, gmo = p.Gm + p.Go;
                double dgm = gmo * Math.Cos(arg) - p.Go - p.Gm, xgm = -gmo * Math.Sin(arg);
                ctx.AddReal(_cpbp, dgm); ctx.AddReal(_cpep, -dgm); ctx.AddReal(_epep, dgm); ctx.AddReal(_epbp, -dgm);
                ctx.AddImaginary(_cpbp, xgm); ctx.AddImaginary(_cpep, -xgm); ctx.AddImaginary(_epep, xgm); ctx.AddImaginary(_epbp, -xgm);
            }
            double xcpi = w * q.Capbe, xcmu = w * q.Capbc, xcbx = w * q.Capbx, xcsub = w * q.Capsub, xcmcb = w * q.Geqcb;
            ctx.AddImaginary(_bpbp, xcpi + xcmu + xcmcb);
            ctx.AddImaginary(_epep, xcpi);
            ctx.AddImaginary(_cpcp, xcmu + xcbx);
            ctx.AddImaginary(_bpcp, -xcmu - xcmcb);
            ctx.AddImaginary(_bpep, -xcpi);
            ctx.AddImaginary(_epbp, -xcpi - xcmcb);
            ctx.AddImaginary(_epcp, xcmcb);
            ctx.AddImaginary(_cpbp, -xcmu);
            ctx.AddImaginary(_bb, xcbx);
            ctx.AddImaginary(_bcp, -xcbx);
            ctx.AddImaginary(_cpb, -xcbx);
            ctx.AddImaginary(_ss, xcsub);
            ctx.AddImaginary(_scsc, xcsub);
            ctx.AddImaginary(_ssc, -xcsub);
            ctx.AddImaginary(_scs, -xcsub);
        }

        /// <summary>
        /// Noise sources at the operating point (class summary; ngspice 39 bjtnoise.c order: rc, rb, re, ic, ib,
        /// 1/f). Ic, Ib and gx are re-evaluated at the stored OP junction voltages, as the DC load had them.
        /// </summary>
        public void LoadNoise(NoiseLoadContext ctx)
        {
            var s0 = ctx.OperatingPoint.States.Current;
            var p = Evaluate(s0[_st + Vbe], s0[_st + Vbc], ctx.OperatingPoint.Gmin);
            ctx.AddCurrentNoise(Name + " rc", _cp, _c, NoiseLoadContext.Thermal(_kelvin, _gcpr));
            ctx.AddCurrentNoise(Name + " rb", _bp, _b, NoiseLoadContext.Thermal(_kelvin, _bp != _b ? p.Gx : 0));
            ctx.AddCurrentNoise(Name + " re", _ep, _e, NoiseLoadContext.Thermal(_kelvin, _gepr));
            ctx.AddCurrentNoise(Name + " ic", _cp, _ep, NoiseLoadContext.Shot(p.Cc));
            ctx.AddCurrentNoise(Name + " ib", _bp, _ep, NoiseLoadContext.Shot(p.Cb));
            ctx.AddCurrentNoise(Name + " 1overf", _bp, _ep, _kf * Math.Exp(_af * Math.Log(Math.Max(Math.Abs(p.Cb), 1e-38))) / ctx.Frequency);
        }

        /// <summary>
        /// The junction voltages vbe and vbc in V this load linearizes at; Check says the currents are to be tested
        /// against their linear prediction, Limited that a step was cut.
        /// </summary>
        private (double Vbe, double Vbc, bool Check, bool Limited) JunctionVoltages(LoadContext ctx, double[] s0, double t)
        {
            switch (ctx.Mode)
            {
                case LoadMode.JunctionStart: return (_off ? 0 : _vcrit, 0, false, false); // no iterate yet
                case LoadMode.TransientStartFromInitialConditions:                          // the .ic values as given
                    return (t * ctx.Voltage(_bp, _ep), t * ctx.Voltage(_bp, _cp), false, false);
            }
            double vbe = Junction.LimitPn(t * ctx.Voltage(_bp, _ep), s0[_st + Vbe], _vt, _vcrit, out bool l1);
            double vbc = Junction.LimitPn(t * ctx.Voltage(_bp, _cp), s0[_st + Vbc], _vt, _vcrit, out bool l2);
            return (vbe, vbc, true, l1 || l2);
        }

        /// <summary>
        /// Weil's excess-phase coefficients for this time step (ngspice bjtload.c): the transported current already on
        /// its way, from the two previous points, and the fraction a3 of the present Ibe; null outside transient steps.
        /// </summary>
        private (double History, double A3)? ExcessPhase(LoadContext ctx)
        {
            if (_td == 0 || ctx.Mode.SolvesDc()) return null;
            var integ = ctx.Integrator;
            double h = integ.Step, h1 = integ.Deltas[1];
            double a2 = 3 * h / _td, a1 = a2 * h / _td, denom = 1 + a1 + a2;
            double c1 = ctx.States.Previous[_st + Cexbc], c2 = ctx.States[2][_st + Cexbc];
            return ((c1 * (1 + h / h1 + a2) - c2 * h / h1) / denom, a1 / denom);
        }

        /// <summary>SPICE junction current: exponential above −3·n·Vt, the cubic tail −Is·(1 + (3·n·Vt/(e·v))³) below.</summary>
        private static (double I, double G) Diode(double v, double isat, double vtn)
        {
            if (isat == 0) return (0, 0);
            if (v >= -3 * vtn)
            {
                double ev = Math.Exp(Math.Min(709, v / vtn));
                return (isat * (ev - 1), isat * ev / vtn);
            }
            double arg = 3 * vtn / (v * Math.E);
            arg = arg * arg * arg;
            return (-isat * (1 + arg), isat * 3 * arg / v);
        }

        /// <summary>Gummel-Poon DC currents and conductances (equations in the class summary).</summary>
        private DcPoint Evaluate(double vbe, double vbc, double gmin, (double History, double A3)? excess = null)
        {
            var (cbe, gbe) = Diode(vbe, _csat, _vtf);
            var (cben, gben) = Diode(vbe, _c2, _vte);
            gben += gmin; cben += gmin * vbe;
            var (cbc, gbc) = Diode(vbc, _csat, _vtr);
            var (cbcn, gbcn) = Diode(vbc, _c4, _vtc);
            gbcn += gmin; cbcn += gmin * vbc;

            double q1 = 1 / (1 - _invVaf * vbc - _invVar * vbe);
            double qb, dqbdve, dqbdvc;
            if (_oik == 0 && _oikr == 0)
            {
                qb = q1;
                dqbdve = q1 * qb * _invVar;
                dqbdvc = q1 * qb * _invVaf;
            }
            else
            {
                double q2 = _oik * cbe + _oikr * cbc;
                double arg = Math.Max(0, 1 + 4 * q2);
                double sqarg = arg != 0 ? Math.Sqrt(arg) : 1;
                qb = q1 * (1 + sqarg) / 2;
                dqbdve = q1 * (qb * _invVar + _oik * gbe / sqarg);
                dqbdvc = q1 * (qb * _invVaf + _oikr * gbc / sqarg);
            }
            double cc = 0, cex = cbe, gex = gbe, cexbc = 0;
            if (excess is var (history, a3))
            {
                cc = history; cex = cbe * a3; gex = gbe * a3;
                cexbc = cc + cex / qb;
            }
            cc += (cex - cbc) / qb - cbc / _betaR - cbcn;
            double cb = cbe / _betaF + cben + cbc / _betaR + cbcn;
            double gx = _rbpr + _rbpi / qb;
            if (_xjrb != 0)
            {
                // Base resistance with current crowding (SPICE2): 14.59025 = 144/π², 2.4317 = 24/π².
                double a1 = Math.Max(cb / _xjrb, 1e-9);
                double z = (-1 + Math.Sqrt(1 + 14.59025 * a1)) / 2.4317 / Math.Sqrt(a1);
                double tz = Math.Tan(z);
                gx = _rbpr + 3 * _rbpi * (tz - z) / z / tz / tz;
            }
            if (gx != 0) gx = 1 / gx;
            double gpi = gbe / _betaF + gben;
            double gmu = gbc / _betaR + gbcn;
            double go = (gbc + (cex - cbc) * dqbdvc / qb) / qb;
            double gm = (gex - (cex - cbc) * dqbdve / qb) / qb - go;
            return new DcPoint(cbe, gbe, cbc, gbc, qb, dqbdve, dqbdvc, cc, cb, gpi, gmu, gm, go, gx, cexbc);
        }

        /// <summary>Stored charges and capacitances (equations in the class summary, ngspice bjtload.c).</summary>
        private ChargePoint Charges(in DcPoint p, double vbe, double vbc, double vbx, double vsub)
        {
            double cbe = p.Cbe, gbe = p.Gbe, geqcb = 0;
            if (_tf != 0 && vbe > 0)
            {
                double argtf = 0, arg2 = 0, arg3 = 0;
                if (_xtf != 0)
                {
                    argtf = _xtf;
                    if (_ovtf != 0) argtf *= Math.Exp(vbc * _ovtf);
                    arg2 = argtf;
                    if (_xjtf != 0)
                    {
                        double temp = cbe / (cbe + _xjtf);
                        argtf = argtf * temp * temp;
                        arg2 = argtf * (3 - temp - temp);
                    }
                    arg3 = cbe * argtf * _ovtf;
                }
                cbe = cbe * (1 + argtf) / p.Qb;
                gbe = (gbe * (1 + arg2) - cbe * p.DqbDve) / p.Qb;
                geqcb = _tf * (arg3 - cbe * p.DqbDvc) / p.Qb;
            }
            var (qdbe, cdbe) = _be.Exists ? _be.At(vbe) : (0, 0);
            var (qdbc, cdbc) = _bc.Exists ? _bc.At(vbc) : (0, 0);
            var (qbx, capbx) = _bx.Exists ? _bx.At(vbx) : (0, 0);
            double qsub = 0, capsub = 0;
            if (_czsub != 0)
            {
                if (vsub < 0)
                {
                    double arg = 1 - vsub / _vjs, sarg = Math.Exp(-_mjs * Math.Log(arg));
                    qsub = _vjs * _czsub * (1 - arg * sarg) / (1 - _mjs);
                    capsub = _czsub * sarg;
                }
                else
                {
                    qsub = vsub * _czsub * (1 + _mjs * vsub / (2 * _vjs));
                    capsub = _czsub * (1 + _mjs * vsub / _vjs);
                }
            }
            return new ChargePoint(_tf * cbe + qdbe, _tf * gbe + cdbe, _tr * p.Cbc + qdbc, _tr * p.Gbc + cdbc, qbx, capbx, qsub, capsub, geqcb);
        }

        /// <summary>As ngspice BJTtrunc: the base-emitter, base-collector and substrate charges limit the step.</summary>
        public override double TruncationStep(LoadContext ctx)
        {
            if (!_hasCharge) return double.PositiveInfinity;
            var integ = ctx.Integrator;
            return Math.Min(integ.TruncationStep(_st + Qbe), Math.Min(integ.TruncationStep(_st + Qbc), integ.TruncationStep(_st + Qsub)));
        }
    }
}
