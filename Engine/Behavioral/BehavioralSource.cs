using MemristorSpice.Engine.Components;
using MemristorSpice.Engine.Core;

namespace MemristorSpice.Engine.Behavioral;

/// <summary>
/// B element: <c>V={f}</c> (voltage source, branch current "i(name)") or <c>I={f}</c> (current flowing from +
/// through the source to −, SPICE convention). Newton stamps use the exact gradient g = ∂f/∂x of the compiled
/// expression: current source J·x = −(f₀ − g·x₀) at the pins; voltage source branch row
/// v(+) − v(−) − g·x = f₀ − g·x₀ (ngspice asrcload.c formulation).
/// </summary>
public sealed class BehavioralSource : TwoTerminal
{
    /// <summary>B source named name between positive and negative: a voltage source V={f} when isVoltage, else a current source I={f}.</summary>
    public BehavioralSource(string name, string positive, string negative, bool isVoltage, BehavioralFunction function)
        : base(name, positive, negative)
    {
        IsVoltage = isVoltage; Function = function;
    }

    /// <summary>True for V={f}, false for I={f}.</summary>
    public bool IsVoltage { get; }

    /// <summary>The expression f, in Volts or Amperes.</summary>
    public BehavioralFunction Function { get; }

    /// <inheritdoc/>
    public override void DescribeTopology(TopologyBuilder topology)
    {
        if (IsVoltage) topology.VoltageDefined(Positive, Negative, Name);
        else if (Function.Inputs.Any(i => i.Kind == BehavioralInputKind.NodeVoltage)) topology.Conductive(Positive, Negative);
        else base.DescribeTopology(topology);
    }

    /// <inheritdoc/>
    public override Behavior CreateBehavior(SetupContext setup)
    {
        int p = setup.Node(Positive), n = setup.Node(Negative);
        return IsVoltage ? new VoltageBehavior(this, p, n, setup.AddBranch(Name)) : new CurrentBehavior(this, p, n);
    }

    private sealed class CurrentBehavior(BehavioralSource e, int p, int n) : Behavior(e.Name), IAcBehavior, IBehavioralFunctions
    {
        IEnumerable<BoundFunction> IBehavioralFunctions.Functions => [_f];

        // Newton stamp at the OP = the gradient ∂f/∂x_k; an expression that reads hertz adds its change at this frequency.
        public void LoadAc(AcLoadContext ctx)
        {
            if (!e.Function.ReadsFrequency || _f.Count == 0) return;
            var d = new double[_f.Count];
            _f.FrequencyCorrection(ctx.OperatingPoint, ctx.Frequency, d);
            for (int k = 0; k < d.Length; k++)
            {
                ctx.AddReal(_pk[k], d[k]);
                ctx.AddReal(_nk[k], -d[k]);
            }
        }

        private readonly BoundFunction _f = new(e.Function, e.Name);
        private MatrixElement[] _pk = [], _nk = [];

        public override bool IsNonlinear => _f.Count > 0;

        public override void Bind(SetupContext setup)
        {
            _f.Bind(setup);
            _pk = _f.Unknowns.Select(k => setup.Element(p, k)).ToArray();
            _nk = _f.Unknowns.Select(k => setup.Element(n, k)).ToArray();
        }

        public override void Load(LoadContext ctx)
        {
            double value = _f.Evaluate(ctx, ctx.Options.AbsTol);
            double constant = value;
            var g = _f.Gradient;
            var x = ctx.Solution;
            for (int k = 0; k < g.Length; k++)
            {
                ctx.Add(_pk[k], g[k]);
                ctx.Add(_nk[k], -g[k]);
                constant -= g[k] * x[_f.Unknowns[k]];
            }
            ctx.AddRhs(p, -constant);
            ctx.AddRhs(n, constant);
        }
    }

    private sealed class VoltageBehavior(BehavioralSource e, int p, int n, int b) : Behavior(e.Name), IAcBehavior, IBehavioralFunctions
    {
        IEnumerable<BoundFunction> IBehavioralFunctions.Functions => [_f];

        // Newton stamp at the OP = the gradient ∂f/∂x_k; an expression that reads hertz adds its change at this frequency.
        public void LoadAc(AcLoadContext ctx)
        {
            if (!e.Function.ReadsFrequency || _f.Count == 0) return;
            var d = new double[_f.Count];
            _f.FrequencyCorrection(ctx.OperatingPoint, ctx.Frequency, d);
            for (int k = 0; k < d.Length; k++) ctx.AddReal(_bk[k], -d[k]);
        }

        private readonly BoundFunction _f = new(e.Function, e.Name);
        private BranchStamp _s;
        private MatrixElement[] _bk = [];

        public override bool IsNonlinear => _f.Count > 0;

        public override void Bind(SetupContext setup)
        {
            _f.Bind(setup);
            _s = new BranchStamp(setup, p, n, b);
            _bk = _f.Unknowns.Select(k => setup.Element(b, k)).ToArray();
        }

        public override void Load(LoadContext ctx)
        {
            double value = _f.Evaluate(ctx, ctx.Options.VnTol);
            double constant = value;
            var g = _f.Gradient;
            var x = ctx.Solution;
            _s.Add(ctx);
            for (int k = 0; k < g.Length; k++)
            {
                ctx.Add(_bk[k], -g[k]);
                constant -= g[k] * x[_f.Unknowns[k]];
            }
            ctx.AddRhs(b, constant);
        }
    }
}
