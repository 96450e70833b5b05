using MemristorSpice.Engine.Analyses;
using MemristorSpice.Engine.Core;

namespace MemristorSpice.Engine.Components;

/// <summary>
/// A diode in one simulation. Each load picks the junction voltage by <see cref="LoadContext.Mode"/>, stamps the
/// bias part (<see cref="DiodeCurrent"/>), and from the transient start on adds the charge part
/// (<see cref="DiodeCharge"/>): stored as history at t = 0, a companion conductance and current in a time step.
/// The small-signal load adds jω·C at the operating point.
/// </summary>
internal sealed class DiodeBehavior : Behavior, IAcBehavior, INoiseBehavior
{
    // State slots: vd, id, gd, q, dq/dt
    private const int Vd = 0, Id = 1, Gd = 2, Q = 3;
    public const int StateCount = 5;

    private readonly DiodeCurrent _current;
    private readonly DiodeCharge _charge;
    private readonly double _rs, _kelvin, _kf, _af;
    private readonly int _a, _ai, _k, _s;
    private ConductanceStamp _junction, _series;

    /// <summary>Anode a, internal anode ai (= a without RS), cathode k; state slots from s.</summary>
    public DiodeBehavior(Diode d, int a, int ai, int k, int s, SimulationOptions o) : base(d.Name)
    {
        _a = a; _ai = ai; _k = k; _s = s;
        var t = DiodeTemperature.Of(d.Model, d.DeviceKelvin(o.Temperature));
        _rs = t.Rs;
        _kelvin = d.DeviceKelvin(o.Temperature);
        _kf = d.Model.Kf;
        _af = d.Model.Af;
        _current = new DiodeCurrent(d.Model, t, o.RelTol);
        _charge = new DiodeCharge(d.Model, t);
    }

    public override bool IsNonlinear => true;

    /// <summary>
    /// Noise as ngspice 39 dionoi.c: thermal 4kT/RS of the series resistance, shot 2q|Id| and flicker
    /// KF·|Id|^AF/f across the junction, Id the operating-point junction current.
    /// </summary>
    public void LoadNoise(NoiseLoadContext ctx)
    {
        if (_ai != _a) ctx.AddCurrentNoise(Name + " rs", _a, _ai, NoiseLoadContext.Thermal(_kelvin, 1 / _rs));
        double id = ctx.OperatingPoint.States.Current[_s + Id];
        ctx.AddCurrentNoise(Name + " shot", _ai, _k, NoiseLoadContext.Shot(id));
        ctx.AddCurrentNoise(Name + " flicker", _ai, _k, _kf * Math.Exp(_af * Math.Log(Math.Max(Math.Abs(id), 1e-38))) / ctx.Frequency);
    }

    public override void Bind(SetupContext setup)
    {
        _junction = new ConductanceStamp(setup, _ai, _k);
        if (_ai != _a) _series = new ConductanceStamp(setup, _a, _ai);
    }

    public override void Load(LoadContext ctx)
    {
        if (_ai != _a) _series.Add(ctx, 1 / _rs);
        double vd = JunctionVoltage(ctx);
        var (id, gd) = _current.At(vd, ctx.Gmin);
        var s0 = ctx.States.Current;
        s0[_s + Vd] = vd; s0[_s + Id] = id; s0[_s + Gd] = gd; // static part, for the convergence test
        if (ctx.Mode.TracksCharge()) (id, gd) = AddCharge(ctx, vd, id, gd);
        double ieq = id - gd * vd;
        _junction.Add(ctx, gd);
        ctx.AddRhs(_ai, -ieq);
        ctx.AddRhs(_k, ieq);
    }

    /// <summary>The junction voltage in V this load linearizes at.</summary>
    private double JunctionVoltage(LoadContext ctx) => ctx.Mode switch
    {
        LoadMode.JunctionStart => _current.CriticalVoltage,                       // no iterate yet
        LoadMode.TransientStartFromInitialConditions => ctx.Voltage(_ai, _k),      // the .ic values as given
        _ => LimitedVoltage(ctx),                                                  // Dc, TransientStart, TimeStep
    };

    /// <summary>The iterate's junction voltage, limited; flags Newton when limited or when id was mispredicted.</summary>
    private double LimitedVoltage(LoadContext ctx)
    {
        var s0 = ctx.States.Current;
        double vd = ctx.Voltage(_ai, _k), vold = s0[_s + Vd];
        // Current-based convergence test (ngspice DIOconvTest): the linearization must predict id.
        double idHat = s0[_s + Id] + s0[_s + Gd] * (vd - vold);
        vd = _current.Limit(vd, vold, out bool limited);
        var (idNew, _) = _current.At(vd, ctx.Gmin);
        double tol = ctx.Options.RelTol * Math.Max(Math.Abs(idHat), Math.Abs(idNew)) + ctx.Options.AbsTol;
        if (limited || Math.Abs(idHat - idNew) > tol) ctx.NotConverged(Name);
        return vd;
    }

    /// <summary>
    /// Stores the charge at vd; in a time step adds its companion current dq/dt (A) and conductance Slope·C (S) to the
    /// junction's, at the transient start the charge only becomes history (dq/dt = 0).
    /// </summary>
    private (double Id, double Gd) AddCharge(LoadContext ctx, double vd, double id, double gd)
    {
        var s0 = ctx.States.Current;
        var (q, c) = _charge.At(vd, id, gd);
        s0[_s + Q] = q;
        if (ctx.Mode.SolvesDc())
        {
            s0[_s + Q + 1] = 0;
            return (id, gd);
        }
        double iq = ctx.Integrator.Integrate(_s + Q);
        double geq = ctx.Integrator.Slope * c;
        return (id + iq, gd + geq);
    }

    public override double TruncationStep(LoadContext ctx) =>
        _charge.Exists ? ctx.Integrator.TruncationStep(_s + Q) : double.PositiveInfinity;

    /// <summary>
    /// Small signal: gd (+ gmin) comes from the DC stamp at the OP; adds jω·Cd with Cd = dq/dv at the OP
    /// (transit-time TT·gd plus depletion capacitance), as ngspice's dioacld.c.
    /// </summary>
    public void LoadAc(AcLoadContext ctx)
    {
        if (!_charge.HasCapacitance) return;
        var s0 = ctx.OperatingPoint.States.Current;
        var (_, c) = _charge.At(s0[_s + Vd], s0[_s + Id], s0[_s + Gd]);
        ctx.AddSusceptance(_junction, ctx.Omega * c);
    }
}
