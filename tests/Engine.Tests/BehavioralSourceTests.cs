using MemristorSpice.Engine.Analyses;
using MemristorSpice.Engine.Behavioral;
using MemristorSpice.Engine.Components;
using MemristorSpice.Engine.Core;

namespace MemristorSpice.Engine.Tests;

/// <summary>
/// The engine's behavioral elements driven by hand-written <see cref="BehavioralFunction"/>s (no expression
/// compiler): closed-form operating points, Newton on a nonlinear law, and the run-time error.
/// </summary>
public class BehavioralSourceTests
{
    private static BehavioralFunction Of(BehavioralEvaluator f, string text, params BehavioralInput[] inputs) => new(inputs, f, text);

    private static BehavioralInput V(string node) => new(BehavioralInputKind.NodeVoltage, node);

    [Fact]
    public void Voltage_source_doubles_a_node_voltage()
    {
        var f = Of((a, g) => { g[0] = 2; return 2 * a[0]; }, "2*v(a)", V("a"));
        var c = new Circuit("b").Add(new VoltageSource("V1", "a", "0", 1.5), new BehavioralSource("B1", "b", "0", true, f),
            new Resistor("R1", "b", "0", 1e3));
        var op = new OperatingPoint(c).Run();
        Assert.Equal(3.0, op.Voltage("b"), 12);
        Assert.Equal(3e-3, -op.Current("b1"), 12); // the source delivers 3 mA out of its + pin
    }

    [Fact]
    public void Square_law_current_source_converges_to_the_closed_form()
    {
        // I = k·v² from node a to ground, fed by 1 V through 1 kΩ: (1 − v)/1k = k·v² → v = (−1 + √(1 + 4k·1k))/(2k·1k).
        const double k = 2e-3;
        var f = Of((a, g) => { g[0] = 2 * k * a[0]; return k * a[0] * a[0]; }, "k*v(a)^2", V("a"));
        var c = new Circuit("sq").Add(new VoltageSource("V1", "in", "0", 1), new Resistor("R1", "in", "a", 1e3),
            new BehavioralSource("B1", "a", "0", false, f));
        double expected = (-1 + Math.Sqrt(1 + 4 * k * 1e3)) / (2 * k * 1e3);
        Assert.Equal(expected, new OperatingPoint(c).Run().Voltage("a"), 9);
    }

    [Fact]
    public void Behavioral_resistor_follows_its_control_voltage()
    {
        // R = 1k·(1 + v(c)) with v(c) = 1 V: a 2 kΩ / 2 kΩ divider gives 0.5 V.
        var r = Of((a, g) => { g[0] = 1e3; return 1e3 * (1 + a[0]); }, "1k*(1+v(c))", V("c"));
        var c = new Circuit("r").Add(new VoltageSource("V1", "in", "0", 1), new VoltageSource("VC", "c", "0", 1),
            new BehavioralResistor("R1", "in", "out", r), new Resistor("R2", "out", "0", 2e3));
        Assert.Equal(0.5, new OperatingPoint(c).Run().Voltage("out"), 12);
    }

    [Fact]
    public void Non_finite_value_names_element_and_time()
    {
        var f = Of((a, g) => { g[0] = 0; return Math.Log(a[0] - 2); }, "ln(v(a)-2)", V("a"));
        var c = new Circuit("e").Add(new VoltageSource("V1", "a", "0", 1), new BehavioralSource("B1", "b", "0", false, f),
            new Resistor("R1", "b", "0", 1));
        var ex = Assert.Throws<BehavioralEvaluationException>(() => new OperatingPoint(c).Run());
        Assert.Equal("B1", ex.Element);
        Assert.Contains("ln(v(a)-2)", ex.Message);
        Assert.True(ex.IsDc);
        Assert.Contains("DC solution", ex.Message);
    }
}
