using MemristorSpice.Engine.Components;
using MemristorSpice.Engine.Core;

namespace MemristorSpice.Engine.Behavioral;

/// <summary>
/// Resistor with <c>r={f}</c>: i = v(+,−)/R(x), the form ngspice gives it (its front end rewrites the card to a
/// B source I = v(+,−)/(f)). Jacobian: ∂i/∂v(±) = ±1/R and ∂i/∂x_k = −v/R²·∂R/∂x_k.
/// </summary>
public sealed class BehavioralResistor(string name, string positive, string negative, BehavioralFunction resistance)
    : TwoTerminal(name, positive, negative)
{
    /// <summary>Resistance expression R(x) in Ohms.</summary>
    public BehavioralFunction Resistance { get; } = resistance;

    /// <inheritdoc/>
    public override void DescribeTopology(TopologyBuilder topology) => topology.Conductive(Positive, Negative);

    /// <inheritdoc/>
    public override Behavior CreateBehavior(SetupContext setup) =>
        new ResistorBehavior(this, setup.Node(Positive), setup.Node(Negative));

    private sealed class ResistorBehavior(BehavioralResistor r, int p, int n) : Behavior(r.Name), IAcBehavior, IBehavioralFunctions
    {
        IEnumerable<BoundFunction> IBehavioralFunctions.Functions => [_f];

        public void LoadAc(AcLoadContext ctx) { } // Newton stamp at the OP = ∂i/∂v and ∂i/∂x_k

        private readonly BoundFunction _f = new(r.Resistance, r.Name);
        private readonly BranchCurrentStamp _stamp = new();

        public override bool IsNonlinear => true;

        public override void Bind(SetupContext setup)
        {
            _f.Bind(setup);
            _stamp.Bind(setup, p, n, _f);
        }

        public override void Load(LoadContext ctx)
        {
            double resistance = _f.Evaluate(ctx, 0);
            if (resistance == 0)
            {
                _f.Failed(ctx, "gives a resistance of zero");
                return;
            }
            double v = ctx.Voltage(p, n);
            double i = v / resistance;
            // ∂i/∂v = 1/R, ∂i/∂R = −i/R
            _stamp.Load(ctx, v, i, 1 / resistance, -i / resistance);
        }
    }
}
