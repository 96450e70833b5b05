using MemristorSpice.Engine.Analyses;
using MemristorSpice.Engine.Core;

namespace MemristorSpice.Engine.Components;

/// <summary>SPICE diode model parameters (level 1; names as in SPICE). Defaults are SPICE's.</summary>
public sealed record DiodeModel
{
    public string Name { get; init; } = "d";
    /// <summary>Saturation current IS in A.</summary>
    public double Is { get; init; } = 1e-14;
    /// <summary>Emission coefficient N.</summary>
    public double N { get; init; } = 1;
    /// <summary>Series resistance RS in Ω (0 = none, no internal node).</summary>
    public double Rs { get; init; }
    /// <summary>Zero-bias junction capacitance CJO in F.</summary>
    public double Cjo { get; init; }
    /// <summary>Junction potential VJ in V.</summary>
    public double Vj { get; init; } = 1;
    /// <summary>Grading coefficient M.</summary>
    public double M { get; init; } = 0.5;
    /// <summary>Transit time TT in s.</summary>
    public double Tt { get; init; }
    /// <summary>Forward-bias depletion capacitance coefficient FC.</summary>
    public double Fc { get; init; } = 0.5;
    /// <summary>Reverse breakdown voltage BV in V (positive number); null = no breakdown.</summary>
    public double? Bv { get; init; }
    /// <summary>Current IBV in A at the breakdown voltage (the knee is adjusted to pass through it).</summary>
    public double Ibv { get; init; } = 1e-3;

    // Temperature parameters (ngspice 39 dio names); see DiodeTemperature for the equations.
    /// <summary>TNOM in K: the temperature at which the parameters above were measured (default 27 °C).</summary>
    public double Tnom { get; init; } = SiliconJunction.ReferenceKelvin;
    /// <summary>Activation energy EG in eV (silicon 1.11).</summary>
    public double Eg { get; init; } = 1.11;
    /// <summary>Saturation-current temperature exponent XTI.</summary>
    public double Xti { get; init; } = 3;
    /// <summary>TLEV: 0 → BV(T) = BV − TCV·(T − TNOM); 1 → BV(T) = BV·(1 − TCV·(T − TNOM)).</summary>
    public int Tlev { get; init; }
    /// <summary>Breakdown-voltage temperature coefficient TCV in V/K (TLEV 0) or 1/K (TLEV 1).</summary>
    public double Tcv { get; init; }
    /// <summary>TLEVC: 0 → VJ and CJO from the silicon band gap; 1 → linear in TPB and CTA.</summary>
    public int Tlevc { get; init; }
    /// <summary>Junction-potential temperature coefficient TPB in V/K (TLEVC 1).</summary>
    public double Tpb { get; init; }
    /// <summary>Junction-capacitance temperature coefficient CTA in 1/K (TLEVC 1).</summary>
    public double Cta { get; init; }
    /// <summary>Series-resistance temperature coefficients TRS1 (1/K) and TRS2 (1/K²).</summary>
    public double Trs1 { get; init; }
    /// <inheritdoc cref="Trs1"/>
    public double Trs2 { get; init; }
    /// <summary>Transit-time temperature coefficients TTT1 (1/K) and TTT2 (1/K²).</summary>
    public double Ttt1 { get; init; }
    /// <inheritdoc cref="Ttt1"/>
    public double Ttt2 { get; init; }
    /// <summary>Grading-coefficient temperature coefficients TM1 (1/K) and TM2 (1/K²).</summary>
    public double Tm1 { get; init; }
    /// <inheritdoc cref="Tm1"/>
    public double Tm2 { get; init; }
}

/// <summary>
/// Junction diode, SPICE2 model (L. W. Nagel, "SPICE2: A computer program to simulate semiconductor
/// circuits", ERL-M520, UC Berkeley 1975; ngspice dioload.c), vte = N·kT/q:
///   vd ≥ −3·vte:        id = IS·(e^(vd/vte) − 1) + gmin·vd
///   −BV &lt; vd &lt; −3·vte: id = −IS·(1 + (3·vte/(e·vd))³) + gmin·vd
///   vd ≤ −BV:           id = −IS·e^(−(BV + vd)/vte) + gmin·vd
/// Charge: q = TT·id + depletion charge; vd &lt; FC·VJ: CJO·VJ·(1 − (1 − vd/VJ)^(1−M))/(1 − M), else the linear
/// extension CJO·(F1 + (F3·(vd − FC·VJ) + M/(2·VJ)·(vd² − (FC·VJ)²))/F2). As in SPICE2/ngspice diotemp.c the
/// breakdown voltage used in the equations is xbv, solved so that the current at −BV equals IBV:
/// xbv = BV − vte·ln(IBV/IS + 1 − xbv/vt) (fixed-point iteration, tolerance RELTOL·IBV; xbv = BV when IBV &lt; IS·BV/vt).
/// All parameters are taken at the device temperature (<see cref="DiodeTemperature"/>): the circuit temperature, or the
/// instance's <see cref="Kelvin"/>, or the circuit temperature plus <see cref="DeltaKelvin"/> (ngspice TEMP and DTEMP).
/// </summary>
public sealed class Diode(string name, string anode, string cathode, DiodeModel model) : TwoTerminal(name, anode, cathode)
{
    public DiodeModel Model { get; } = model;

    /// <summary>Instance temperature in K (ngspice TEMP); null = the circuit temperature plus <see cref="DeltaKelvin"/>.</summary>
    public double? Kelvin { get; init; }

    /// <summary>Instance temperature above the circuit's in K (ngspice DTEMP; unused when <see cref="Kelvin"/> is set).</summary>
    public double DeltaKelvin { get; init; }

    /// <summary>The device temperature in K for a circuit at <paramref name="circuitKelvin"/>.</summary>
    public double DeviceKelvin(double circuitKelvin) => Kelvin ?? circuitKelvin + DeltaKelvin;

    public override void DescribeTopology(TopologyBuilder topology) => topology.Conductive(Positive, Negative);

    public override Behavior CreateBehavior(SetupContext setup)
    {
        int a = setup.Node(Positive), k = setup.Node(Negative);
        int ai = Model.Rs > 0 ? setup.AddInternalNode($"{Name}#internal") : a;
        return new DiodeBehavior(this, a, ai, k, setup.AllocateStates(StateCount), setup.Options);
    }

    // State slots: vd, id, gd, q, dq/dt
    private const int Vd = 0, Id = 1, Gd = 2, Q = 3, StateCount = 5;

    private sealed class DiodeBehavior : Behavior, IAcBehavior
    {
        /// <summary>
        /// Small signal: gd (+ gmin) comes from the DC stamp at the OP; adds jω·Cd with Cd = dq/dv at the OP
        /// (transit-time TT·gd plus depletion capacitance), as ngspice's dioacld.c.
        /// </summary>
        public void LoadAc(AcLoadContext ctx)
        {
            if (_t.Cjo == 0 && _t.Tt == 0) return;
            var s0 = ctx.OperatingPoint.States.Current;
            double vd = s0[_s + Vd];
            var (_, c) = Charge(vd, s0[_s + Id], s0[_s + Gd]);
            ctx.AddSusceptance(_junction, ctx.Omega * c);
        }

        private readonly DiodeModel _m;
        private readonly DiodeTemperature _t;
        private readonly int _a, _ai, _k, _s;
        private readonly double _vte, _vcrit;
        private ConductanceStamp _junction, _series;

        public DiodeBehavior(Diode d, int a, int ai, int k, int s, SimulationOptions o) : base(d.Name)
        {
            _m = d.Model; _a = a; _ai = ai; _k = k; _s = s;
            _t = DiodeTemperature.Of(_m, d.DeviceKelvin(o.Temperature));
            _vte = _t.Vte;
            _vcrit = Junction.CriticalVoltage(_vte, _t.Is);
            if (_t.Bv is double bv) _bv = EffectiveBreakdown(bv, o.RelTol);
        }

        private readonly double? _bv;

        private double EffectiveBreakdown(double bv, double reltol)
        {
            // vt without N where ngspice's diotemp.c has it; the breakdown emission coefficient NBV is N (ngspice's default).
            double isat = _t.Is, vte = _vte, vt = _vte / _m.N, cbv = _m.Ibv;
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

        public override bool IsNonlinear => true;

        public override void Bind(SetupContext setup)
        {
            _junction = new ConductanceStamp(setup, _ai, _k);
            if (_ai != _a) _series = new ConductanceStamp(setup, _a, _ai);
        }

        public override void Load(LoadContext ctx)
        {
            var s0 = ctx.States.Current;
            if (_ai != _a) _series.Add(ctx, 1 / _t.Rs);
            double vd;
            bool limited = false;
            if (ctx.InitJunctions) vd = _vcrit;
            else if (ctx.InitializingTransient && ctx.UseInitialConditions) vd = ctx.Voltage(_ai, _k);
            else
            {
                vd = ctx.Voltage(_ai, _k);
                double vold = s0[_s + Vd];
                // Current-based convergence test (ngspice DIOconvTest): the linearization must predict id.
                double idHat = s0[_s + Id] + s0[_s + Gd] * (vd - vold);
                if (_bv is double bv0 && vd < Math.Min(0, -bv0 + 10 * _vte))
                {
                    double t = Junction.LimitPn(-(vd + bv0), -(vold + bv0), _vte, _vcrit, out limited);
                    vd = -(t + bv0);
                }
                else vd = Junction.LimitPn(vd, vold, _vte, _vcrit, out limited);
                var (idNew, _) = Current(vd, ctx.Gmin);
                double tol = ctx.Options.RelTol * Math.Max(Math.Abs(idHat), Math.Abs(idNew)) + ctx.Options.AbsTol;
                if (Math.Abs(idHat - idNew) > tol) limited = true;
            }
            if (limited) ctx.NotConverged(Name);
            var (id, gd) = Current(vd, ctx.Gmin);
            s0[_s + Vd] = vd; s0[_s + Id] = id; s0[_s + Gd] = gd; // static part, for the convergence test

            if (!ctx.IsDc || ctx.InitializingTransient)
            {
                var (q, c) = Charge(vd, id, gd);
                s0[_s + Q] = q;
                if (!ctx.IsDc)
                {
                    double iq = ctx.Integrator.Integrate(_s + Q);
                    double geq = ctx.Integrator.Slope * c;
                    id += iq; gd += geq;
                }
                else s0[_s + Q + 1] = 0;
            }
            double ieq = id - gd * vd;
            _junction.Add(ctx, gd);
            ctx.AddRhs(_ai, -ieq);
            ctx.AddRhs(_k, ieq);
        }

        private (double Id, double Gd) Current(double vd, double gmin)
        {
            double isat = _t.Is, vte = _vte;
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

        private (double Q, double C) Charge(double vd, double id, double gd)
        {
            double cjo = _t.Cjo, vj = _t.Vj, m = _t.M, fc = _m.Fc;
            double q = _t.Tt * id, c = _t.Tt * gd;
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

        public override double TruncationStep(LoadContext ctx) =>
            _t.Cjo > 0 || _t.Tt > 0 ? ctx.Integrator.TruncationStep(_s + Q) : double.PositiveInfinity;
    }
}
