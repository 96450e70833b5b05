using MemristorSpice.Engine.Analyses;
using MemristorSpice.Engine.Components;
using MemristorSpice.Engine.Core;
using MemristorSpice.Engine.Waveforms;

namespace MemristorSpice.Engine.Tests;

/// <summary>
/// A device written only against the public extension API: an extra state unknown s with
/// ds/dt = (v(p) − v(n) − s)/τ (a leaky integrator, integrated by the engine's method, analytic Jacobian,
/// LTE participation). Driven by the same source as a real RC with RC = τ, s must equal the RC's v(out).
/// </summary>
public sealed class ExtensionApiTests
{
    private sealed class LeakyIntegrator(string name, string p, string n, double tau) : Entity(name)
    {
        public override IReadOnlyList<string> Nodes => [p, n];

        public override Behavior CreateBehavior(SetupContext setup) =>
            new B(Name, setup.Node(p), setup.Node(n), setup.AddUnknown($"s({Name})", UnknownKind.State, 1e-9), setup.AllocateStates(2), tau);

        private sealed class B(string name, int p, int n, int s, int slot, double tau) : Behavior(name)
        {
            private MatrixElement _ss, _sp, _sn;
            public override bool IsNonlinear => true; // exercise Newton path
            public override void Bind(SetupContext setup)
            {
                _ss = setup.Element(s, s); _sp = setup.Element(s, p); _sn = setup.Element(s, n);
            }

            public override void Load(LoadContext ctx)
            {
                double x = ctx.Solution[s];
                ctx.States.Current[slot] = x;
                ctx.Add(_sp, -1 / tau); ctx.Add(_sn, 1 / tau); ctx.Add(_ss, 1 / tau);
                if (ctx.Mode.SolvesDc()) { ctx.States.Current[slot + 1] = 0; return; } // DC: s = v
                double dsdt = ctx.Integrator.Integrate(slot);
                double slope = ctx.Integrator.Slope;
                // Row: ds/dt − (v − s)/τ = 0 linearized: (slope + 1/τ)·s − v/τ = slope·s_old − ds/dt_old.
                ctx.Add(_ss, slope);
                ctx.AddRhs(s, slope * x - dsdt);
            }

            public override double TruncationStep(LoadContext ctx) => ctx.Integrator.TruncationStep(slot);
        }
    }

    [Theory]
    [InlineData(IntegrationMethod.Trapezoidal)]
    [InlineData(IntegrationMethod.Gear)]
    public void State_unknown_device_tracks_an_equivalent_rc(IntegrationMethod method)
    {
        var c = new Circuit().Add(
            new VoltageSource("V1", "in", "0", null, new PulseWaveform(0, 1, 0.1e-3, 10e-6, 10e-6, 0.4e-3, 1e-3)),
            new Resistor("R1", "in", "out", 1e3), new Capacitor("C1", "out", "0", 1e-6),
            new LeakyIntegrator("X1", "in", "0", 1e-3));
        var table = new Transient(c, 5e-6, 3e-3, new SimulationOptions { Method = method }).Run();
        var vout = table["v(out)"]; var s = table["s(x1)"];
        // Same equation, same step sequence and method: agreement to Newton tolerance (≪ 1e-4 V).
        for (int k = 0; k < vout.Length; k++) Assert.True(Math.Abs(vout[k] - s[k]) < 1e-4, $"t={table.Axis[k]}: {vout[k]} vs {s[k]}");
    }
}
