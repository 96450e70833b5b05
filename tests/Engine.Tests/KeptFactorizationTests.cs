using MemristorSpice.Engine.Analyses;
using MemristorSpice.Engine.Components;
using MemristorSpice.Engine.Core;
using MemristorSpice.Engine.Waveforms;

namespace MemristorSpice.Engine.Tests;

/// <summary>
/// MnaSystem keeps the LU factors when the assembled matrix equals the last factored one (a linear circuit between
/// steps of equal size). The factors of an unchanged matrix are the same, so results must not move; a changed
/// matrix must be factored again.
/// </summary>
public sealed class KeptFactorizationTests
{
    [Fact]
    public void Linear_transient_keeps_factors_and_stays_exact()
    {
        const double r = 1e3, c = 1e-6, tau = r * c;
        var circuit = new Circuit().Add(
            new VoltageSource("V1", "in", "0", null, new PulseWaveform(0, 1, 0, 1e-9, 1e-9, 1, 2)),
            new Resistor("R1", "in", "out", r), new Capacitor("C1", "out", "0", c));
        var sim = new Transient(circuit, 10e-6, 5 * tau, new SimulationOptions { MaxStep = 20e-6 });
        var table = sim.Run();
        Assert.True(sim.SkippedFactorizations > 0, "no factorization was kept on a linear transient");
        Assert.True(sim.Factorizations >= 2, "the step-size changes must still refactor");
        foreach (var t in new[] { 0.5e-3, 1e-3, 2e-3, 4e-3 })
            Assert.Equal(1 - Math.Exp(-t / tau), table.Interpolate("v(out)", t), 3);
    }

    [Fact]
    public void Changed_values_are_factored_again()
    {
        var mna = new MnaSystem();
        mna.SetSize(3);
        var a11 = mna.GetElement(1, 1); var a12 = mna.GetElement(1, 2);
        var a21 = mna.GetElement(2, 1); var a22 = mna.GetElement(2, 2);
        mna.Freeze();
        void Load(double g)
        {
            mna.Clear();
            mna.Values[a11.Index] = 2; mna.Values[a12.Index] = -1;
            mna.Values[a21.Index] = -1; mna.Values[a22.Index] = g;
            mna.Rhs[1] = 1; mna.Rhs[2] = 0;
        }
        var x = new double[3];
        Load(2);
        Assert.True(mna.Factor());
        Load(2);
        Assert.True(mna.Factor());
        Assert.Equal(1, mna.SkippedFactorizations);
        mna.Solve(mna.Rhs, x);
        Assert.Equal(2.0 / 3, x[1], 14);     // [2 -1; -1 2] x = [1 0]
        Load(3);
        Assert.True(mna.Factor());
        Assert.Equal(2, mna.Factorizations);
        mna.Solve(mna.Rhs, x);
        Assert.Equal(3.0 / 5, x[1], 14);     // [2 -1; -1 3] x = [1 0]
    }
}
