using MemristorSpice.Devices.Native;
using MemristorSpice.Devices.OpAmps;
using MemristorSpice.Engine.Analyses;
using MemristorSpice.Engine.Components;
using MemristorSpice.Engine.Core;
using MemristorSpice.Engine.Waveforms;

namespace MemristorSpice.Devices.Tests;

/// <summary>Native op-amp entity against the closed forms and against the ngspice subcircuit.</summary>
public class NativeOpAmpTests
{
    private static Circuit Inverting(OpAmpParameters p, Entity source, double rin, double rf) =>
        new Circuit("inv").Add(source, new Resistor("RIN", "in", "m", rin), new Resistor("RF", "m", "o", rf), new OpAmp("U1", "0", "m", "o", p));

    /// <summary>Inverting gain with A0 = 1e3, 1e4 and the ideal model equals −(Rf/Rin)/(1 + (1 + Rf/Rin)/A0)
    /// to 1e-9 relative (linear circuit, direct solve).</summary>
    [Theory]
    [InlineData(1e3)]
    [InlineData(1e4)]
    [InlineData(1e8)]
    public void InvertingGain(double a0)
    {
        var op = new OperatingPoint(Inverting(OpAmpPresets.FiniteGain(a0), new VoltageSource("VIN", "in", "0", 0.1), 1e3, 10e3)).Run();
        var expected = OpAmpMath.InvertingGain(a0, 10e3, 1e3);
        Assert.Equal(expected, op.Voltage("o") / 0.1, 1e-9 * Math.Abs(expected));
    }

    /// <summary>Offset: grounded input gives vos·(1 + Rf/Rin)/(1 + (1 + Rf/Rin)/A0), 1e-9 relative.</summary>
    [Fact]
    public void InputOffset()
    {
        var p = OpAmpPresets.FiniteGain() with { InputOffsetVolts = 1e-3 };
        var op = new OperatingPoint(Inverting(p, new VoltageSource("VIN", "in", "0", 0.0), 1e3, 10e3)).Run();
        var expected = 1e-3 * 11 / (1 + 11 / 1e4);
        Assert.Equal(expected, op.Voltage("o"), 1e-9 * expected);
    }

    /// <summary>Single-pole rise time (A0 1e5, GBW 10 MHz, β = 1/2): ln 9/(2π·fp·(1 + A0·β)) within 10 % (closed form: docs/devices.md, "Op-amp closed forms").</summary>
    [Fact]
    public void SinglePoleRiseTime()
    {
        var p = OpAmpPresets.SinglePole();
        var expected = OpAmpMath.RiseTimeSeconds(p, 0.5);
        var circuit = Inverting(p, new VoltageSource("VIN", "in", "0", null, new PulseWaveform(0, 10e-3, 10e-9, 1e-9, 1e-9, 10e-6, 20e-6)), 10e3, 10e3);
        var r = new Transient(circuit, 0.5e-9, 1e-6, new SimulationOptions { MaxStep = 0.5e-9 }).Run();
        var o = r["v(o)"];
        var final = o[^1];
        var rise = Waveforms.Crossing(r.Axis, o, 0.9 * final) - Waveforms.Crossing(r.Axis, o, 0.1 * final);
        Assert.True(Math.Abs(rise - expected) <= 0.1 * expected, $"rise {rise} s, expected {expected} s");
        Assert.Equal(10e-3 * OpAmpMath.InvertingGain(1e5, 10e3, 10e3), final, 1e-9);
    }

    /// <summary>Swing limit (TIA preset, rails ±2.5 V, gain −10): linear within 1 mV inside ±0.2 V input, on the
    /// rail within 1 mV beyond ±0.3 V, never past a rail.</summary>
    [Fact]
    public void SwingLimit()
    {
        var circuit = Inverting(OpAmpPresets.Tia(), new VoltageSource("VIN", "in", "0", 0.0), 1e3, 10e3);
        var r = new DcSweep(circuit, new SweepSpec("VIN", -1, 1, 0.01)).Run();
        var vin = r.Axis;
        var o = r["v(o)"];
        for (var k = 0; k < vin.Length; k++)
        {
            if (Math.Abs(vin[k]) <= 0.2) Assert.True(Math.Abs(o[k] + 10 * vin[k]) <= 1e-3, $"vin={vin[k]}: out {o[k]}");
            if (vin[k] >= 0.3) Assert.True(Math.Abs(o[k] + 2.5) <= 1e-3, $"vin={vin[k]}: out {o[k]}");
            if (vin[k] <= -0.3) Assert.True(Math.Abs(o[k] - 2.5) <= 1e-3, $"vin={vin[k]}: out {o[k]}");
            Assert.InRange(o[k], -2.5 - 1e-9, 2.5 + 1e-9);
        }
    }

    /// <summary>Native TIA op-amp versus the ngspice OPAMP_TIA subcircuit under a sine that drives it into both rails:
    /// output waveforms within 1 % RMS of the peak output.</summary>
    [Fact]
    public void TiaMatchesNgspiceUnderClippingSine()
    {
        var ng = NgspiceBatch.Run(Decks.With(
            "VIN in 0 SIN(0 0.5 100k)", "RIN in m 1k", "RF m o 10k", "X1 0 m o OPAMP_TIA", ".tran 10n 20u 0 10n"));
        var circuit = Inverting(OpAmpPresets.Tia(), new VoltageSource("VIN", "in", "0", null, new SineWaveform(0, 0.5, 100e3)), 1e3, 10e3);
        var native = new Transient(circuit, 10e-9, 20e-6, new SimulationOptions { MaxStep = 10e-9 }).Run();
        double sum = 0, peak = 0;
        for (var k = 0; k <= 2000; k++)
        {
            var t = 20e-6 * k / 2000;
            var a = native.Interpolate("v(o)", t);
            var b = Waveforms.At(ng["time"], ng["v(o)"], t);
            sum += (a - b) * (a - b);
            peak = Math.Max(peak, Math.Abs(b));
        }
        Assert.True(peak > 2.4, $"the sine should clip at the rails, peak {peak} V");
        Assert.True(Math.Sqrt(sum / 2001) <= 0.01 * peak, $"RMS {Math.Sqrt(sum / 2001)} V vs peak {peak} V");
    }
}
