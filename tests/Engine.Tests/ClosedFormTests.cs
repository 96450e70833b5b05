using MemristorSpice.Engine.Analyses;
using MemristorSpice.Engine.Components;
using MemristorSpice.Engine.Core;
using MemristorSpice.Engine.Results;
using MemristorSpice.Engine.Waveforms;

namespace MemristorSpice.Engine.Tests;

/// <summary>Checks against analytic solutions (no ngspice involved).</summary>
public sealed class ClosedFormTests
{
    [Fact]
    public void Divider_is_exact()
    {
        var op = new OperatingPoint(new Circuit().Add(
            new VoltageSource("V1", "in", "gnd", 10), new Resistor("R1", "in", "out", 1e3), new Resistor("R2", "OUT", "0", 3e3))).Run();
        // Linear circuit, one LU solve: only rounding error (1e-12 relative).
        Assert.Equal(7.5, op.Voltage("out"), 12);
        Assert.Equal(-10.0 / 4e3, op.Current("v1"), 15);
    }

    [Fact]
    public void An_analysis_can_run_twice_and_tables_interpolate()
    {
        var op = new OperatingPoint(new Circuit().Add(new VoltageSource("V1", "a", "0", 2), new Resistor("R1", "a", "0", 4)));
        Assert.Equal(op.Run().Current("V1"), op.Run().Current("V1"));
        var table = new WaveformTable("time", [0.0, 1.0, 3.0], [new("v(x)", [0.0, 10.0, 30.0])]);
        Assert.Equal(5.0, table.Interpolate("v(x)", 0.5), 12);
        Assert.Equal(20.0, table.Interpolate("V(X)", 2.0), 12);
        Assert.Equal(30.0, table.Interpolate("v(x)", 9.0), 12); // held after the end
    }

    [Fact]
    public void Rc_step_reaches_63_percent_at_one_time_constant()
    {
        const double r = 1e3, c = 1e-6, tau = r * c;
        var circuit = new Circuit().Add(
            new VoltageSource("V1", "in", "0", null, new PulseWaveform(0, 1, 0, 1e-9, 1e-9, 1, 2)),
            new Resistor("R1", "in", "out", r), new Capacitor("C1", "out", "0", c));
        var table = new Transient(circuit, 10e-6, 5 * tau).Run();
        // Default LTE control (RELTOL 1e-3, TRTOL 7) keeps the error of v(out) well below 1e-3 V.
        foreach (var t in new[] { 0.5e-3, 1e-3, 2e-3, 4e-3 })
            Assert.Equal(1 - Math.Exp(-t / tau), table.Interpolate("v(out)", t), 3);
    }

    [Fact]
    public void Rlc_rings_at_the_damped_frequency_with_the_right_decay()
    {
        const double r = 10, l = 1e-3, c = 1e-6;
        double alpha = r / (2 * l), w0 = 1 / Math.Sqrt(l * c), wd = Math.Sqrt(w0 * w0 - alpha * alpha);
        var circuit = new Circuit().Add(
            new VoltageSource("V1", "in", "0", null, new PulseWaveform(0, 1, 0, 1e-9, 1e-9, 1, 2)),
            new Resistor("R1", "in", "a", r), new Inductor("L1", "a", "out", l), new Capacitor("C1", "out", "0", c));
        var table = new Transient(circuit, 1e-6, 1e-3).Run();
        double worst = 0;
        for (double t = 0; t <= 1e-3; t += 1e-6)
        {
            double exact = 1 - Math.Exp(-alpha * t) * (Math.Cos(wd * t) + alpha / wd * Math.Sin(wd * t));
            worst = Math.Max(worst, Math.Abs(table.Interpolate("v(out)", t) - exact));
        }
        // Amplitude ~1.85 V peak-to-peak; trapezoidal with LTE control: expect < 0.5 % of it.
        Assert.True(worst < 0.01, $"max error {worst:G3} V");
    }

    [Theory]
    [InlineData(IntegrationMethod.Trapezoidal)]
    [InlineData(IntegrationMethod.Gear)]
    public void Integration_is_second_order_on_an_rc_discharge(IntegrationMethod method)
    {
        // Fixed steps: TRTOL huge so LTE never limits; step = maxstep. Error at t = 1 ms vs e^(−1).
        double Error(double h)
        {
            var circuit = new Circuit().Add(new Resistor("R1", "out", "0", 1e3), new Capacitor("C1", "out", "0", 1e-6, 1.0));
            circuit.InitialConditions["out"] = 1.0;
            var options = new SimulationOptions { Method = method, TrTol = 1e12, MaxStep = h };
            var table = new Transient(circuit, h, 1e-3, options) { UseInitialConditions = true }.Run();
            return Math.Abs(table["v(out)"][^1] - Math.Exp(-1));
        }
        double e1 = Error(20e-6), e2 = Error(10e-6), e3 = Error(5e-6);
        // Second order: halving h divides the error by ~4 (3..5.5 allows for the backward-Euler first step).
        Assert.InRange(e1 / e2, 3, 5.5);
        Assert.InRange(e2 / e3, 3, 5.5);
    }
}
