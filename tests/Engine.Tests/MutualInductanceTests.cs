using MemristorSpice.Engine.Analyses;
using MemristorSpice.Engine.Components;
using MemristorSpice.Engine.Core;
using MemristorSpice.Engine.Waveforms;

namespace MemristorSpice.Engine.Tests;

/// <summary>
/// Coupled inductors against their closed form. Primary L1 driven through 1 Ω, v1 = v(p) across it; secondary L2 open (1 GΩ):
/// i2 ≈ 0, so v2 = M·di1/dt = (M/L1)·v1 = k·√(L2/L1)·v1 at every instant. With L2 = 4·L1 and k = 0.9 the secondary
/// is 1.8·v1. Measured 8.6e-9 V; tolerance 1e-3 of the 1 V amplitude: the 1 GΩ load draws i2 = 1.8e-9 A, whose M·di2/dt back-action
/// and the integration error of the two fluxes (LTE control at RELTOL 1e-3) stay far below it.
/// </summary>
public sealed class MutualInductanceTests
{
    [Fact]
    public void Open_secondary_follows_the_turns_ratio_times_k()
    {
        const double l1 = 1e-3, l2 = 4e-3, k = 0.9;
        var circuit = new Circuit().Add(
            new VoltageSource("V1", "in", "0", null, new SineWaveform(0, 1, 1e3)),
            new Resistor("R1", "in", "p", 1),
            new Inductor("L1", "p", "0", l1),
            new Inductor("L2", "s", "0", l2),
            new Resistor("R2", "s", "0", 1e9),
            new MutualInductance("K1", "L1", "L2", k * Math.Sqrt(l1 * l2)));
        var table = new Transient(circuit, 1e-6, 3e-3).Run();
        double worst = 0;
        for (int n = 0; n < table.Axis.Length; n++)
            worst = Math.Max(worst, Math.Abs(table["v(s)"][n] - 1.8 * table["v(p)"][n]));
        Assert.True(worst < 1e-3, $"max |v2 − 1.8·v1| = {worst}");
        // Without the coupling the secondary stays at 0 V: the test fails if K does nothing.
        Assert.True(table["v(s)"].Max() > 1.7);
    }
}
