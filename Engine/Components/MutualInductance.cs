using MemristorSpice.Engine.Core;

namespace MemristorSpice.Engine.Components;

/// <summary>
/// K: magnetic coupling of two inductors, M = k·√(L1·L2) (SPICE mutual inductance). The branch equations become
/// v1 = L1·di1/dt + M·di2/dt and v2 = L2·di2/dt + M·di1/dt; each inductor keeps its own term, this entity adds the
/// mutual ones from two flux states φ12 = M·i2 and φ21 = M·i1 integrated like the inductors' (SPICE mutload.c
/// linearization: −ag0·M between the branches, dφ/dt − ag0·M·i on the right-hand side). DC: no effect; AC: −jωM
/// between the branch rows.
/// </summary>
public sealed class MutualInductance(string name, string inductor1, string inductor2, double mutual) : Entity(name)
{
    /// <summary>Name of the first coupled inductor.</summary>
    public string Inductor1 { get; } = inductor1;
    /// <summary>Name of the second coupled inductor.</summary>
    public string Inductor2 { get; } = inductor2;
    /// <summary>Mutual inductance M in H.</summary>
    public double Mutual { get; } = mutual;

    /// <summary>None: the coupling acts on the inductors' branches, not on nodes.</summary>
    public override IReadOnlyList<string> Nodes => [];

    /// <inheritdoc/>
    public override Behavior CreateBehavior(SetupContext setup) => new B(this, setup.AllocateStates(4));

    private sealed class B(MutualInductance k, int states) : Behavior(k.Name), IAcBehavior
    {
        // Small signal: the branch rows v1 − jωL1·i1 − jωM·i2 = 0 and v2 − jωL2·i2 − jωM·i1 = 0 (the inductors add jωL).
        public void LoadAc(AcLoadContext ctx)
        {
            ctx.AddImaginary(_12, -ctx.Omega * k.Mutual);
            ctx.AddImaginary(_21, -ctx.Omega * k.Mutual);
        }

        private int _b1, _b2;
        private MatrixElement _12, _21;

        public override void Bind(SetupContext setup)
        {
            _b1 = setup.Branch(k.Inductor1);
            _b2 = setup.Branch(k.Inductor2);
            _12 = setup.Element(_b1, _b2);
            _21 = setup.Element(_b2, _b1);
        }

        public override void Load(LoadContext ctx)
        {
            double i1 = ctx.Solution[_b1], i2 = ctx.Solution[_b2];
            var s0 = ctx.States.Current;
            s0[states] = k.Mutual * i2;     // φ12: flux in inductor 1 from the current of inductor 2
            s0[states + 2] = k.Mutual * i1; // φ21
            if (ctx.Mode.SolvesDc())
            {
                s0[states + 1] = 0;
                s0[states + 3] = 0;
                return;
            }
            double v12 = ctx.Integrator.Integrate(states), v21 = ctx.Integrator.Integrate(states + 2);
            double req = ctx.Integrator.Slope * k.Mutual;
            ctx.Add(_12, -req);
            ctx.Add(_21, -req);
            ctx.AddRhs(_b1, v12 - req * i2);
            ctx.AddRhs(_b2, v21 - req * i1);
        }
    }
}
