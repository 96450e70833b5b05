using MemristorSpice.Engine.Core;

namespace MemristorSpice.Engine.Components;

/// <summary>
/// Linear inductor with branch current unknown i (signal "i(name)"), flux φ = L·i, v = dφ/dt. DC: short
/// (v+ − v− = 0). Transient branch row: v+ − v− − ag0·L·i = dφ/dt − ag0·L·i (SPICE indload.c).
/// </summary>
public sealed class Inductor : TwoTerminal
{
    /// <summary>Inductor named name between positive and negative of inductance Henries; initialCurrent is IC in Amperes (uic), null if not given.</summary>
    public Inductor(string name, string positive, string negative, double inductance, double? initialCurrent = null)
        : base(name, positive, negative)
    {
        Inductance = inductance; InitialCurrent = initialCurrent;
    }

    /// <summary>Inductance in H.</summary>
    public double Inductance { get; }
    /// <summary>IC in A (used only with uic).</summary>
    public double? InitialCurrent { get; }

    /// <inheritdoc/>
    public override void DescribeTopology(TopologyBuilder topology) => topology.Inductor(Positive, Negative, Name);

    /// <inheritdoc/>
    public override Behavior CreateBehavior(SetupContext setup) =>
        new InductorBehavior(this, setup.Node(Positive), setup.Node(Negative), setup.AddBranch(Name), setup.AllocateStates(2),
            setup.InductorsOpenAtOperatingPoint.Contains(Name));

    private sealed class InductorBehavior(Inductor l, int p, int n, int b, int flux, bool openAtOperatingPoint) : Behavior(l.Name), IAcBehavior
    {
        // Branch row v(+) − v(−) − jωL·i = 0 (the DC stamp is the short v(+) − v(−) = 0).
        public void LoadAc(AcLoadContext ctx) => ctx.AddImaginary(_bb, -ctx.Omega * l.Inductance);

        private BranchStamp _s;
        private MatrixElement _bb;

        public override void Bind(SetupContext setup)
        {
            _s = new BranchStamp(setup, p, n, b);
            _bb = setup.Element(b, b);
        }

        public override void Load(LoadContext ctx)
        {
            _s.Add(ctx);
            double i = ctx.Solution[b];
            var s0 = ctx.States.Current;
            if (ctx.Mode.SolvesDc())
            {
                // A short in DC; the flux is the history of the first time step (at the IC with uic).
                if (ctx.Mode == LoadMode.TransientStartFromInitialConditions && l.InitialCurrent is double ic) i = ic;
                // Closing a loop with voltage sources: v − i/GMIN = 0 leaves the current (numerically) 0, as ngspice's transient op.
                else if (openAtOperatingPoint) ctx.Add(_bb, -1 / ctx.Options.Gmin);
                s0[flux] = l.Inductance * i;
                s0[flux + 1] = 0;
                return;
            }
            s0[flux] = l.Inductance * i;
            double v = ctx.Integrator.Integrate(flux);
            double req = ctx.Integrator.Slope * l.Inductance;
            ctx.Add(_bb, -req);
            ctx.AddRhs(b, v - req * i);
        }

        public override double TruncationStep(LoadContext ctx) => ctx.Integrator.TruncationStep(flux);
    }
}
