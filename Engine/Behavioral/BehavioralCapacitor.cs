using MemristorSpice.Engine.Analyses;
using MemristorSpice.Engine.Components;
using MemristorSpice.Engine.Core;

namespace MemristorSpice.Engine.Behavioral;

/// <summary>
/// Capacitor with <c>c={f}</c>, with ngspice's semantics i = C(x)·dv/dt (its front end rewrites the card to a
/// unit capacitor on an auxiliary node and a B source I = i(aux)·f), not the charge form i = dq/dt with
/// q = ∫C dv. State: v(+,−) integrated by the engine's integrator. DC: open. IC (uic) sets v at t = 0.
/// Jacobian: ∂i/∂v = C·a₀ where a₀ = ∂(dv/dt)/∂v, plus ∂C/∂x_k·dv/dt for each input of f.
/// </summary>
public sealed class BehavioralCapacitor(string name, string positive, string negative, BehavioralFunction capacitance,
    double? initialVoltage = null) : TwoTerminal(name, positive, negative)
{
    /// <summary>Capacitance expression C(x) in Farads.</summary>
    public BehavioralFunction Capacitance { get; } = capacitance;
    /// <summary>Initial voltage IC in Volts at t = 0 with uic; null if not given.</summary>
    public double? InitialVoltage { get; } = initialVoltage;

    /// <inheritdoc/>
    public override Behavior CreateBehavior(SetupContext setup) =>
        new CapacitorBehavior(this, setup.Node(Positive), setup.Node(Negative), setup.AllocateStates(2));

    private sealed class CapacitorBehavior(BehavioralCapacitor c, int p, int n, int slot) : Behavior(c.Name), IAcBehavior, IBehavioralFunctions
    {
        IEnumerable<BoundFunction> IBehavioralFunctions.Functions => [_f];

        private ConductanceStamp _ac;

        // i = C(x)·dv/dt linearized at the OP (dv/dt = 0 there): y = jω·C(x_op).
        public void LoadAc(AcLoadContext ctx) => ctx.AddSusceptance(_ac, ctx.Omega * _f.Evaluate(ctx.OperatingPoint, 0));

        private readonly BoundFunction _f = new(c.Capacitance, c.Name);
        private readonly BranchCurrentStamp _stamp = new();

        public override bool IsNonlinear => true;

        public override void Bind(SetupContext setup)
        {
            _f.Bind(setup);
            _stamp.Bind(setup, p, n, _f);
            _ac = new ConductanceStamp(setup, p, n);
        }

        public override void Load(LoadContext ctx)
        {
            double v = ctx.Voltage(p, n);
            var s0 = ctx.States.Current;
            if (ctx.Mode.SolvesDc())
            {
                if (ctx.Mode == LoadMode.TransientStartFromInitialConditions && c.InitialVoltage is double ic) v = ic;
                s0[slot] = v;
                s0[slot + 1] = 0;
                return;
            }
            double capacitance = _f.Evaluate(ctx, 0);
            s0[slot] = v;
            double dvdt = ctx.Integrator.Integrate(slot);
            double i = capacitance * dvdt;
            // ∂i/∂v = C·(integrator slope), ∂i/∂C = dv/dt
            _stamp.Load(ctx, v, i, capacitance * ctx.Integrator.Slope, dvdt);
        }

        public override double TruncationStep(LoadContext ctx) => ctx.Integrator.TruncationStep(slot);
    }
}
