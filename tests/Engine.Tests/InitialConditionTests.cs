using MemristorSpice.Engine.Analyses;
using MemristorSpice.Engine.Components;
using MemristorSpice.Engine.Core;

namespace MemristorSpice.Engine.Tests;

public sealed class InitialConditionTests
{
    private static Circuit Rc() => new Circuit().Add(
        new VoltageSource("V1", "in", "0", 0), new Resistor("R1", "in", "out", 1e3), new Capacitor("C1", "out", "0", 1e-6));

    [Fact]
    public void Ic_without_uic_forces_the_initial_operating_point()
    {
        var c = Rc();
        c.InitialConditions["out"] = 2.0;
        var t = new Transient(c, 10e-6, 3e-3).Run();
        // OP with v(out) held at 2 V through 1e10 S, then free RC discharge, τ = 1 ms; LTE error ≪ 1e-3 V.
        Assert.Equal(2.0, t["v(out)"][0], 6);
        Assert.Equal(2 * Math.Exp(-1), t.Interpolate("v(out)", 1e-3), 3);
    }

    [Fact]
    public void Uic_takes_capacitor_ic_without_an_operating_point()
    {
        var c = new Circuit().Add(new Resistor("R1", "out", "0", 1e3), new Capacitor("C1", "out", "0", 1e-6, 1.0));
        c.InitialConditions["out"] = 1.0;
        var t = new Transient(c, 10e-6, 2e-3) { UseInitialConditions = true }.Run();
        Assert.Equal(Math.Exp(-2), t["v(out)"][^1], 3);
    }

    [Fact]
    public void Inductor_ic_with_uic_sets_the_initial_current()
    {
        // L = 1 mH into R = 1 Ω: i(t) = 1 A · e^(−t·R/L), τ = 1 ms.
        var c = new Circuit().Add(new Inductor("L1", "a", "0", 1e-3, 1.0), new Resistor("R1", "a", "0", 1));
        var t = new Transient(c, 10e-6, 1e-3) { UseInitialConditions = true }.Run();
        Assert.Equal(Math.Exp(-1), t["i(l1)"][^1], 3);
    }

    [Fact]
    public void Nodeset_is_released_after_the_first_solution()
    {
        var c = new Circuit().Add(new VoltageSource("V1", "a", "0", 5), new Resistor("R1", "a", "b", 1e3),
            new Diode("D1", "b", "0", new DiodeModel()));
        var plain = new OperatingPoint(c).Run().Voltage("b");
        c.Nodesets["b"] = 0.3;
        // A nodeset only guides Newton: the final answer is the same operating point (Newton tolerance 1e-6 V).
        Assert.Equal(plain, new OperatingPoint(c).Run().Voltage("b"), 6);
    }

    [Fact]
    public void Source_stepping_rescues_an_operating_point_that_plain_newton_cannot_reach()
    {
        // A stack of diodes from 50 V through 10 Ω: with only 4 Newton iterations allowed per attempt,
        // plain Newton (and no gmin stepping) fails; ramping the source in small steps succeeds.
        Circuit Build()
        {
            var c = new Circuit().Add(new VoltageSource("V1", "a", "0", 50), new Resistor("R1", "a", "d0", 10));
            for (int k = 0; k < 5; k++) c.Add(new Diode($"D{k}", $"d{k}", k == 4 ? "0" : $"d{k + 1}", new DiodeModel()));
            return c;
        }
        var strict = new SimulationOptions { DcMaxIterations = 4, GminSteps = 0, SourceSteps = 0 };
        Assert.Throws<ConvergenceException>(() => new OperatingPoint(Build(), strict).Run());
        var stepped = new OperatingPoint(Build(), strict with { SourceSteps = 10 }).Run();
        var reference = new OperatingPoint(Build()).Run();
        Assert.Equal(reference.Voltage("d0"), stepped.Voltage("d0"), 3);
    }
}
