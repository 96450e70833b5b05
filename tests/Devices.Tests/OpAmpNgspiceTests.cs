using System.Globalization;
using MemristorSpice.Devices.OpAmps;

namespace MemristorSpice.Devices.Tests;

/// <summary>The op-amp subcircuits against closed forms.</summary>
public class OpAmpNgspiceTests
{
    private static string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Inverting amplifier (Rin 1 kOhm, Rf 10 kOhm, input 0.1 V) with A0 = 1e4, 1e3 and the ideal model: the
    /// gain equals −(Rf/Rin)/(1 + (1 + Rf/Rin)/A0). Tolerance 1e-7 relative: the circuit is linear, OP solves it
    /// to machine precision; the gain error itself is 1.1e-3 (A0 = 1e4) and 1.1e-2 (A0 = 1e3), so the test sees it.</summary>
    [Fact]
    public void InvertingAmplifierGainError()
    {
        double[] gains = [1e4, 1e3, OpAmpPresets.Ideal().OpenLoopGain];
        string[] models = ["OPAMP_FINITE a0=1e4", "OPAMP_FINITE a0=1e3", "OPAMP_IDEAL"];
        var lines = new List<string> { "Vin in 0 0.1" };
        for (var k = 0; k < models.Length; k++)
        {
            lines.Add($"Rin{k} in m{k} 1k");
            lines.Add($"Rf{k} m{k} o{k} 10k");
            lines.Add($"X{k} 0 m{k} o{k} {models[k]}");
        }
        lines.Add(".op");
        var r = NgspiceBatch.Run(Decks.With([.. lines]));
        for (var k = 0; k < models.Length; k++)
        {
            var gain = r[$"v(o{k})"][0] / 0.1;
            var expected = OpAmpMath.InvertingGain(gains[k], 10e3, 1e3);
            Assert.True(Math.Abs(gain - expected) <= 1e-7 * Math.Abs(expected), $"{models[k]}: gain {gain}, closed form {expected}");
        }
        // The gain error is visible: A0 = 1e3 is 1.1 % below the ideal 10.
        Assert.True(Math.Abs(r["v(o1)"][0] / 0.1 + 10) > 0.1);
    }

    /// <summary>Input offset: with the input grounded the inverting amplifier outputs
    /// vos·(1 + Rf/Rin)/(1 + (1 + Rf/Rin)/A0). Tolerance 1e-7 relative (linear OP).</summary>
    [Fact]
    public void InputOffsetIsAmplifiedByTheNoiseGain()
    {
        var r = NgspiceBatch.Run(Decks.With("Rin in 0 1k", "Rf in o 10k", "X1 0 in o OPAMP_FINITE vos=1m", ".op"));
        var expected = 1e-3 * 11 / (1 + 11 / 1e4);
        Assert.True(Math.Abs(r["v(o)"][0] - expected) <= 1e-7 * expected, $"offset output {r["v(o)"][0]} V, expected {expected} V");
    }

    /// <summary>Single pole (A0 1e5, GBW 10 MHz) in an inverting amplifier with Rf = Rin (β = 1/2): the 10–90 % rise
    /// time of a 10 mV input step is ln 9/(2π·fp·(1 + A0·β)) ≈ 70 ns. Tolerance 10 %; the 1 ns input edge
    /// adds under 1 %.</summary>
    [Fact]
    public void SinglePoleRiseTimeFollowsGbw()
    {
        var p = OpAmpPresets.SinglePole();
        var expected = OpAmpMath.RiseTimeSeconds(p, 0.5);
        var r = NgspiceBatch.Run(Decks.With(
            "Vin in 0 PULSE(0 10m 10n 1n 1n 10u 20u)",
            "Rin in m 10k", "Rf m o 10k",
            "X1 0 m o OPAMP_POLE",
            ".tran 0.5n 1u 0 0.5n"));
        var t = r["time"];
        var o = r["v(o)"];
        var final = o[^1];
        var t10 = Waveforms.Crossing(t, o, 0.1 * final);
        var t90 = Waveforms.Crossing(t, o, 0.9 * final);
        var rise = t90 - t10;
        Assert.True(Math.Abs(rise - expected) <= 0.1 * expected, $"rise time {rise} s, GBW predicts {expected} s");
        // Settled (30 closed-loop time constants) at the DC closed form, to 1e-9 V.
        Assert.Equal(10e-3 * OpAmpMath.InvertingGain(1e5, 10e3, 10e3), final, 1e-9);
    }

    /// <summary>Swing limit (TIA model, rails ±2.5 V, gain −10): DC sweep of the input from −1 V to 1 V. Inside
    /// ±0.2 V the output is the linear −10·vin within 1 mV (gain error 1e-4·2 V plus the clamp tail
    /// s·e^(−0.5 V/s) ≈ 0); beyond ±0.3 V it sits on the rail within 1 mV; it never passes a rail.</summary>
    [Fact]
    public void SwingLimitClipsAtTheRails()
    {
        var r = NgspiceBatch.Run(Decks.With(
            "Vin in 0 0", "Rin in m 1k", "Rf m o 10k", "X1 0 m o OPAMP_TIA", ".dc Vin -1 1 0.01"));
        var vin = r["v(in)"];
        var o = r["v(o)"];
        for (var k = 0; k < vin.Length; k++)
        {
            if (Math.Abs(vin[k]) <= 0.2) Assert.True(Math.Abs(o[k] + 10 * vin[k]) <= 1e-3, $"vin={vin[k]}: out {o[k]}");
            if (vin[k] >= 0.3) Assert.True(Math.Abs(o[k] + 2.5) <= 1e-3, $"vin={vin[k]}: out {o[k]}, expected the -2.5 V rail");
            if (vin[k] <= -0.3) Assert.True(Math.Abs(o[k] - 2.5) <= 1e-3, $"vin={vin[k]}: out {o[k]}, expected the 2.5 V rail");
            Assert.InRange(o[k], -2.5 - 1e-9, 2.5 + 1e-9);
        }
    }
}
