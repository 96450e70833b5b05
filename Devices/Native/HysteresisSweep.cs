using MemristorSpice.Devices.Memristors;
using MemristorSpice.Engine.Analyses;
using MemristorSpice.Engine.Components;
using MemristorSpice.Engine.Core;
using MemristorSpice.Engine.Waveforms;

namespace MemristorSpice.Devices.Native;

/// <summary>One sampled I-V loop of a memristor under a sine voltage.</summary>
/// <param name="FrequencyHertz">Drive frequency, Hertz.</param>
/// <param name="AmplitudeVolts">Drive amplitude, Volts.</param>
/// <param name="TimeSeconds">Sample times, Seconds.</param>
/// <param name="Volts">Device voltage, Volts.</param>
/// <param name="Amperes">Device current (pos → neg), Amperes.</param>
/// <param name="State">Normalized state x.</param>
public sealed record IvLoop(double FrequencyHertz, double AmplitudeVolts, double[] TimeSeconds, double[] Volts, double[] Amperes, double[] State)
{
    /// <summary>Area enclosed by the loop over the last full period, ∮|i dv| summed per lobe, Watts.</summary>
    public double LastPeriodAreaWatts()
    {
        var period = 1.0 / FrequencyHertz;
        var end = TimeSeconds[^1];
        var start = end - period - 1e-12 * period;
        double pos = 0, neg = 0;
        for (var k = 1; k < TimeSeconds.Length; k++)
        {
            if (TimeSeconds[k - 1] < start) continue;
            var segment = 0.5 * (Amperes[k - 1] + Amperes[k]) * (Volts[k] - Volts[k - 1]);
            if (Volts[k - 1] + Volts[k] >= 0) pos += segment; else neg += segment;
        }
        return Math.Abs(pos) + Math.Abs(neg);
    }
}

/// <summary>Runs a memristor alone under a sine voltage in the native engine and returns its I-V loop.</summary>
public static class HysteresisSweep
{
    /// <summary>Drives <paramref name="model"/> with a sine of <paramref name="amplitudeVolts"/> (V) at <paramref name="frequencyHertz"/> (Hz) for <paramref name="periods"/> periods, sampled <paramref name="pointsPerPeriod"/> times per period, and returns the current-voltage loop.</summary>
    public static IvLoop Run(IMemristorModel model, double amplitudeVolts, double frequencyHertz, int periods = 2, int pointsPerPeriod = 1000)
    {
        if (!(amplitudeVolts > 0)) throw new ArgumentOutOfRangeException(nameof(amplitudeVolts), $"amplitude must be > 0 V, got {amplitudeVolts}.");
        if (!(frequencyHertz > 0)) throw new ArgumentOutOfRangeException(nameof(frequencyHertz), $"frequency must be > 0 Hz, got {frequencyHertz}.");
        if (periods < 1 || pointsPerPeriod < 20) throw new ArgumentOutOfRangeException(nameof(periods), "need at least 1 period of 20 points.");
        var stop = periods / frequencyHertz;
        var step = 1.0 / (frequencyHertz * pointsPerPeriod);
        var circuit = new Circuit("iv").Add(
            new VoltageSource("V1", "a", "0", null, new SineWaveform(0, amplitudeVolts, frequencyHertz)),
            new Memristor("M1", "a", "0", model));
        var r = new Transient(circuit, step, stop, new SimulationOptions { MaxStep = step }).Run();
        var current = r["i(v1)"].Select(i => -i).ToArray();
        return new IvLoop(frequencyHertz, amplitudeVolts, r.Axis, r["v(a)"], current, r["x(m1)"]);
    }
}
