using MemristorSpice.Devices.OpAmps;
using MemristorSpice.Engine.Core;

namespace MemristorSpice.Devices.Native;

/// <summary>
/// Native op-amp macro model (equations in <see cref="OpAmpParameters"/>). Pins: inp, inn, out; the output is a
/// voltage source to ground with branch current "i(name)". With a pole the internal amplifier voltage a is an
/// extra unknown "v(name#a)" obeying τ·da/dt + a − A0·(V(inp) − V(inn) + Vos) = 0, τ = 1/(2π·fp), fp = GBW/A0
/// (in OP/DC: a = A0·vd); the output is V(out) = clamp(a). Without a pole V(out) = clamp(A0·vd).
/// Noise: en in series with vd enters the row that holds A0·vd (the pole row, or the output row times the clamp's slope
/// at the operating point) as an equation-side source A0·en; in is a current from each input to ground. Both scale
/// with T/300.15 K in power, as the resistor noise of the ngspice form (<see cref="Spice.OpAmpSubcircuit"/>).
/// </summary>
public sealed class OpAmp(string name, string nonInverting, string inverting, string output, OpAmpParameters parameters) : Entity(name)
{
    /// <summary>Non-inverting input node.</summary>
    public string NonInverting { get; } = nonInverting;
    /// <summary>Inverting input node.</summary>
    public string Inverting { get; } = inverting;
    /// <summary>Output node (driven with respect to ground).</summary>
    public string Output { get; } = output;
    /// <summary>Gain, pole and rail parameters, validated on construction.</summary>
    public OpAmpParameters Parameters { get; } = parameters.Validate();

    /// <inheritdoc/>
    public override IReadOnlyList<string> Nodes => [NonInverting, Inverting, Output];

    /// <inheritdoc/>
    public override void DescribeTopology(TopologyBuilder topology)
    {
        topology.VoltageDefined(Output, "0", Name);
        topology.Attach(NonInverting);
        topology.Attach(Inverting);
    }

    /// <inheritdoc/>
    public override Behavior CreateBehavior(SetupContext setup)
    {
        int ip = setup.Node(NonInverting), im = setup.Node(Inverting), o = setup.Node(Output);
        int a = Parameters.GainBandwidthHertz is null ? -1 : setup.AddInternalNode($"{Name}#a");
        int q = a < 0 ? -1 : setup.AllocateStates(2);
        return new OpAmpBehavior(this, ip, im, o, a, setup.AddBranch(Name), q);
    }

    private sealed class OpAmpBehavior(OpAmp e, int ip, int im, int o, int a, int b, int q) : Behavior(e.Name), IAcBehavior, INoiseBehavior
    {
        /// <summary>en as a source in the row of A0·vd, in at each input (class summary); white, so the same at every f.</summary>
        public void LoadNoise(NoiseLoadContext ctx)
        {
            var p = e.Parameters;
            if (!p.IsNoisy) return;
            double scale = ctx.OperatingPoint.Options.Temperature / OpAmpParameters.NoiseReferenceKelvin;
            double gain = p.OpenLoopGain;
            if (a < 0) gain *= OpAmpMath.ClampDerivative(p, p.OpenLoopGain * (ctx.OperatingPoint.Voltage(ip, im) + p.InputOffsetVolts));
            ctx.AddCurrentNoise(Name + " en", a < 0 ? b : a, 0, scale * Math.Pow(gain * p.NoiseVoltage, 2));
            ctx.AddCurrentNoise(Name + " in+", ip, 0, scale * p.NoiseCurrent * p.NoiseCurrent);
            ctx.AddCurrentNoise(Name + " in-", im, 0, scale * p.NoiseCurrent * p.NoiseCurrent);
        }

        /// <summary>
        /// Small signal: the DC stamp gives a − A0·vd = 0 and V(out) = clamp'(a_op)·a; the pole row
        /// τ·da/dt + a − A0·vd = 0 adds jωτ, so V(out)/vd = clamp'·A0/(1 + jω/ωp), the transient model's pole.
        /// </summary>
        public void LoadAc(AcLoadContext ctx)
        {
            if (a >= 0) ctx.AddImaginary(_aa, ctx.Omega * _tau);
        }

        private MatrixElement _ob, _bo, _bip, _bim, _ba, _aa, _aip, _aim;
        private readonly double _tau = e.Parameters.PoleHertz is { } fp ? 1.0 / (2.0 * Math.PI * fp) : 0.0;

        public override bool IsNonlinear => e.Parameters.HasSwingLimit;

        public override void Bind(SetupContext setup)
        {
            _ob = setup.Element(o, b); _bo = setup.Element(b, o);
            if (a < 0)
            {
                _bip = setup.Element(b, ip); _bim = setup.Element(b, im);
            }
            else
            {
                _ba = setup.Element(b, a);
                _aa = setup.Element(a, a); _aip = setup.Element(a, ip); _aim = setup.Element(a, im);
            }
        }

        public override void Load(LoadContext ctx)
        {
            var p = e.Parameters;
            var vd = ctx.Voltage(ip, im) + p.InputOffsetVolts;
            // KCL at out: the branch current b leaves out into the source.
            ctx.Add(_ob, 1.0);
            ctx.Add(_bo, 1.0);
            if (a < 0)
            {
                // V(out) − clamp(A0·vd) = 0, linearized in vd.
                var amp = p.OpenLoopGain * vd;
                var c = OpAmpMath.Clamp(p, amp);
                var dc = OpAmpMath.ClampDerivative(p, amp) * p.OpenLoopGain;
                ctx.Add(_bip, -dc);
                ctx.Add(_bim, dc);
                ctx.AddRhs(b, c - dc * ctx.Voltage(ip, im));
                return;
            }

            // Pole row: τ·da/dt + a − A0·vd = 0 (OP/DC: a − A0·vd = 0).
            var va = ctx.Solution[a];
            var jaa = 1.0;
            var rhs = p.OpenLoopGain * p.InputOffsetVolts;
            if (ctx.Mode == LoadMode.TimeStep)
            {
                var s0 = ctx.States.Current;
                s0[q] = va;
                var dadt = ctx.Integrator.Integrate(q);
                jaa += _tau * ctx.Integrator.Slope;
                rhs += -_tau * (dadt - ctx.Integrator.Slope * va);
            }
            else if (q >= 0)
            {
                ctx.States.Current[q] = va;
                ctx.States.Current[q + 1] = 0.0;
            }
            ctx.Add(_aa, jaa);
            ctx.Add(_aip, -p.OpenLoopGain);
            ctx.Add(_aim, p.OpenLoopGain);
            ctx.AddRhs(a, rhs);

            // Output row: V(out) − clamp(a) = 0.
            var cl = OpAmpMath.Clamp(p, va);
            var dcl = OpAmpMath.ClampDerivative(p, va);
            ctx.Add(_ba, -dcl);
            ctx.AddRhs(b, cl - dcl * va);
        }

        public override double TruncationStep(LoadContext ctx) =>
            q >= 0 ? ctx.Integrator.TruncationStep(q) : double.PositiveInfinity;
    }
}
