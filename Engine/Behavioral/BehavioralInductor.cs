using MemristorSpice.Engine.Analyses;
using MemristorSpice.Engine.Components;
using MemristorSpice.Engine.Core;

namespace MemristorSpice.Engine.Behavioral;

/// <summary>
/// Inductor with <c>l={f}</c>, with ngspice's semantics v = L(x)·di/dt (flux-free form; ngspice rewrites the
/// card to a unit inductor carrying a copy of the current and a B source V = v(aux)·f). Branch current
/// "i(name)" is the state, integrated by the engine. DC: short. IC (uic) sets i at t = 0.
/// Branch row: v(+) − v(−) − L·di/dt = 0, with ∂/∂i = −L·a₀ and ∂/∂x_k = −∂L/∂x_k·di/dt.
/// </summary>
public sealed class BehavioralInductor(string name, string positive, string negative, BehavioralFunction inductance,
    double? initialCurrent = null) : TwoTerminal(name, positive, negative)
{
    /// <summary>Inductance expression L(x) in Henries.</summary>
    public BehavioralFunction Inductance { get; } = inductance;
    /// <summary>Initial current IC in Amperes at t = 0 with uic; null if not given.</summary>
    public double? InitialCurrent { get; } = initialCurrent;

    /// <inheritdoc/>
    public override void DescribeTopology(TopologyBuilder topology) => topology.Inductor(Positive, Negative, Name);

    /// <inheritdoc/>
    public override Behavior CreateBehavior(SetupContext setup) =>
        new InductorBehavior(this, setup.Node(Positive), setup.Node(Negative), setup.AddBranch(Name), setup.AllocateStates(2));

    private sealed class InductorBehavior(BehavioralInductor l, int p, int n, int b, int slot) : Behavior(l.Name), IAcBehavior, IBehavioralFunctions
    {
        IEnumerable<BoundFunction> IBehavioralFunctions.Functions => [_f];

        // v = L(x)·di/dt linearized at the OP (di/dt = 0 there): branch row gets −jω·L(x_op).
        public void LoadAc(AcLoadContext ctx) => ctx.AddImaginary(_bb, -ctx.Omega * _f.Evaluate(ctx.OperatingPoint, 0));

        private readonly BoundFunction _f = new(l.Inductance, l.Name);
        private BranchStamp _s;
        private MatrixElement _bb;
        private MatrixElement[] _bk = [];

        public override bool IsNonlinear => true;

        public override void Bind(SetupContext setup)
        {
            _f.Bind(setup);
            _s = new BranchStamp(setup, p, n, b);
            _bb = setup.Element(b, b);
            _bk = _f.Unknowns.Select(k => setup.Element(b, k)).ToArray();
        }

        public override void Load(LoadContext ctx)
        {
            double current = ctx.Solution[b];
            var s0 = ctx.States.Current;
            _s.Add(ctx);
            if (ctx.Mode.SolvesDc())
            {
                if (ctx.Mode == LoadMode.TransientStartFromInitialConditions && l.InitialCurrent is double ic) current = ic;
                s0[slot] = current;
                s0[slot + 1] = 0;
                return;
            }
            double inductance = _f.Evaluate(ctx, 0);
            s0[slot] = current;
            double didt = ctx.Integrator.Integrate(slot);
            double req = inductance * ctx.Integrator.Slope;
            ctx.Add(_bb, -req);
            double constant = inductance * didt - req * current;
            var gl = _f.Gradient;
            var x = ctx.Solution;
            for (int k = 0; k < gl.Length; k++)
            {
                double gk = gl[k] * didt;
                ctx.Add(_bk[k], -gk);
                constant -= gk * x[_f.Unknowns[k]];
            }
            ctx.AddRhs(b, constant);
        }

        public override double TruncationStep(LoadContext ctx) => ctx.Integrator.TruncationStep(slot);
    }
}
