using MemristorSpice.Engine.Core;
using MemristorSpice.Engine.Results;
using MemristorSpice.Netlist.Reading;
using MemristorSpice.Netlist.Simulation;
using MemristorSpice.Tests.Shared;

namespace MemristorSpice.Netlist.Tests.Behavioral;

/// <summary>
/// Corners of ?: in a feedback loop: a relaxation oscillator whose comparator is a B source with hysteresis
/// written as nested conditionals on its own output. Each switch is a discontinuity Newton must step across
/// (the B-source convergence test forces the extra iterations). The period must be 2·RC·ln(0.6/0.4) (charging
/// between the thresholds 0.4 and 0.6 towards 1 V and back towards 0 V) in our engine and in ngspice, within 2 %:
/// each edge is located to within one 1 µs step of an 811 µs period, plus the thresholds' overshoot.
/// </summary>
public class SwitchingTests
{
    private const string Deck = """
        relaxation oscillator with a behavioral Schmitt trigger
        B1 out 0 V={v(c) > (v(out) > 0.5 ? 0.6 : 0.4) ? 0 : 1}
        R1 out c 1k
        C1 c 0 1u ic=0
        .tran 1u 10m 0 1u uic
        .end
        """;

    private static double MeanPeriod(WaveformTable table)
    {
        var t = table.Axis;
        var v = table["v(out)"];
        var rising = new List<double>();
        for (int k = 1; k < t.Length; k++)
        {
            if (v[k - 1] < 0.5 && v[k] >= 0.5) rising.Add(t[k]);
        }
        Assert.True(rising.Count >= 8, $"only {rising.Count} rising edges");
        return (rising[^1] - rising[1]) / (rising.Count - 2);
    }

    [Fact]
    public void Behavioral_schmitt_oscillator_has_the_rc_period_in_both_engines()
    {
        Dependencies.RequireNgspice();
        double expected = 2 * 1e3 * 1e-6 * Math.Log(0.6 / 0.4);
        var circuit = NetlistReader.ReadText(Deck, "osc.cir").Circuit;
        double ours = MeanPeriod(new SimulationRunner().Run(circuit, Backend.Native).Analyses[0].Table);
        double ng = MeanPeriod(new SimulationRunner().Run(circuit, Backend.Ngspice).Analyses[0].Table);
        Assert.True(Math.Abs(ours - expected) <= 0.02 * expected, $"ours {ours}, expected {expected}");
        Assert.True(Math.Abs(ng - expected) <= 0.02 * expected, $"ngspice {ng}, expected {expected}");
    }
}
