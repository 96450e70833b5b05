using MemristorSpice.Devices.Memristors;
using MemristorSpice.Engine.Components;
using MemristorSpice.Engine.Core;

namespace MemristorSpice.Devices.Native;

/// <summary>
/// Native memristor element for the engine. Pins: positive, negative (v = V(pos) − V(neg), the current i = v/R(x)
/// flows pos → neg through the device). The normalized state x is an extra MNA unknown, signal "x(name)":
///   OP / DC sweep / the transient's initial point:  x = x0 (frozen, the device is the resistor R(x0))
///   transient:                                       dx/dt − rate(x, v) = 0, integrated by the engine's method
/// (an accepted point outside [0, 1] is projected onto the bound) with the analytic Jacobian of <see cref="IMemristorModel"/> (equations and sources there).
/// </summary>
public sealed class Memristor : TwoTerminal
{
    /// <summary>Absolute Newton tolerance of the state unknown (state units).</summary>
    public const double StateAbsTol = 1e-9;

    /// <param name="name">Element name.</param>
    /// <param name="positive">Pin pos.</param>
    /// <param name="negative">Pin neg.</param>
    /// <param name="model">Device equations.</param>
    /// <param name="initialState">x0 in [0, 1]; the model's initial state when null.</param>
    public Memristor(string name, string positive, string negative, IMemristorModel model, double? initialState = null)
        : base(name, positive, negative)
    {
        Model = model;
        InitialState = initialState ?? model.InitialState;
        if (!(InitialState >= 0.0 && InitialState <= 1.0))
            throw new ArgumentOutOfRangeException(nameof(initialState), $"{name}: initial state must be in [0, 1], got {InitialState}.");
    }

    /// <summary>The state equations and resistance law this element integrates.</summary>
    public IMemristorModel Model { get; }

    /// <summary>x0, the state at t = 0 and in OP/DC.</summary>
    public double InitialState { get; }

    /// <summary>Signal name of the state unknown.</summary>
    public string StateSignal => $"x({Name.ToLowerInvariant()})";

    /// <inheritdoc/>
    public override void DescribeTopology(TopologyBuilder topology) => topology.Conductive(Positive, Negative);

    /// <inheritdoc/>
    public override Behavior CreateBehavior(SetupContext setup) =>
        new MemristorBehavior(this, setup.Node(Positive), setup.Node(Negative),
            setup.AddUnknown(StateSignal, UnknownKind.State, StateAbsTol), setup.AllocateStates(2));

    private sealed class MemristorBehavior(Memristor m, int p, int n, int x, int q) : Behavior(m.Name), IAcBehavior, INoiseBehavior
    {
        // Thermal noise 4kT·G of the frozen operating-point conductance G = 1/R(x0), as for a resistor.
        public void LoadNoise(NoiseLoadContext ctx) =>
            ctx.AddCurrentNoise(Name, p, n, NoiseLoadContext.Thermal(ctx.OperatingPoint.Options.Temperature, 1.0 / m.Model.Resistance(m.InitialState)));

        // Small signal: the state is frozen (x = x0, as in OP/DC), so the DC stamp, the resistor R(x0), is the model.
        public void LoadAc(AcLoadContext ctx) { }

        private ConductanceStamp _g;
        private MatrixElement _px, _nx, _xx, _xp, _xn;

        public override bool IsNonlinear => true;

        public override void Bind(SetupContext setup)
        {
            _g = new ConductanceStamp(setup, p, n);
            _px = setup.Element(p, x); _nx = setup.Element(n, x);
            _xx = setup.Element(x, x); _xp = setup.Element(x, p); _xn = setup.Element(x, n);
        }

        public override void Load(LoadContext ctx)
        {
            var model = m.Model;
            var v = ctx.Voltage(p, n);
            var s0 = ctx.States.Current;
            double xs, g, didx, i;
            if (ctx.Mode.SolvesDc())
            {
                // Frozen state: row x reads x = x0; the device is the resistor R(x0).
                xs = m.InitialState;
                s0[q] = xs;
                s0[q + 1] = 0.0;
                ctx.Add(_xx, 1.0);
                ctx.AddRhs(x, xs);
                g = 1.0 / model.Resistance(xs);
                didx = 0.0;
                i = v * g;
            }
            else
            {
                xs = ctx.Solution[x];
                s0[q] = xs;
                var dxdt = ctx.Integrator.Integrate(q);
                var lin = MemristorLinearization.At(model, v, xs, dxdt, ctx.Integrator.Slope);
                // Newton companion form: J·(v, x)_new = J·(v, x)_old − F.
                ctx.Add(_xx, lin.DResidualDx);
                ctx.Add(_xp, lin.DResidualDv);
                ctx.Add(_xn, -lin.DResidualDv);
                ctx.AddRhs(x, -lin.StateResidual + lin.DResidualDx * xs + lin.DResidualDv * v);
                g = lin.DCurrentDv;
                didx = lin.DCurrentDx;
                i = lin.Current;
            }

            // Device current leaving pos, linearized in v and x.
            var ieq = i - g * v - didx * xs;
            _g.Add(ctx, g);
            ctx.Add(_px, didx);
            ctx.Add(_nx, -didx);
            ctx.AddRhs(p, -ieq);
            ctx.AddRhs(n, ieq);
        }

        public override double TruncationStep(LoadContext ctx) => ctx.Integrator.TruncationStep(q);

        /// <summary>
        /// Projection onto [0, 1] of an accepted point. The bound gates stop the state in continuous time, but a
        /// trapezoidal step that jumps across the gate (width δ) can land slightly outside; the accepted state is
        /// then put on the bound with zero rate, so the state never leaves its range.
        /// </summary>
        public override void Accept(LoadContext ctx)
        {
            if (ctx.Mode.SolvesDc()) return;
            var xs = ctx.Solution[x];
            if (xs >= 0.0 && xs <= 1.0) return;
            var clamped = Smooth.ClampUnit(xs);
            ctx.Solution[x] = clamped;
            ctx.States.Current[q] = clamped;
            ctx.States.Current[q + 1] = 0.0;
        }
    }
}
