using MemristorSpice.Devices.Memristors;
using MemristorSpice.Devices.Native;
using MemristorSpice.Engine.Analyses;
using MemristorSpice.Engine.Components;
using MemristorSpice.Engine.Core;
using MemristorSpice.Engine.Waveforms;

namespace MemristorSpice.Devices.Programming;

/// <summary>
/// A memristor programmed through the circuit engine: every pulse and every read is a transient of an ideal
/// voltage source (with 1 % rise/fall edges) across a native <see cref="Memristor"/> started from the present
/// state; the state at the end of the pulse carries over. Optional series resistance models a driver or line.
/// </summary>
public sealed class EngineDevice(IMemristorModel model, double? initialState = null, double seriesOhms = 0.0, int pointsPerPulse = 200) : IProgrammableDevice
{
    /// <summary>Current normalized state.</summary>
    public double State { get; private set; } = initialState ?? model.InitialState;

    /// <inheritdoc/>
    public double MinResistanceOhms => model.MinResistanceOhms;
    /// <inheritdoc/>
    public double MaxResistanceOhms => model.MaxResistanceOhms;
    /// <inheritdoc/>
    public int SetPolarity => model.SetPolarity;

    /// <inheritdoc/>
    public void ApplyPulse(double volts, double seconds) => Run(volts, seconds);

    /// <inheritdoc/>
    public double ReadOhms(double readVolts, double readSeconds)
    {
        if (readVolts == 0.0) throw new ArgumentException("read voltage must be non-zero.");
        var amperes = Run(readVolts, readSeconds);
        // The read current flows through the device only; subtract the series drop.
        return readVolts / amperes - seriesOhms;
    }

    /// <summary>Runs one pulse; returns the device current at the end of the flat top, Amperes.</summary>
    private double Run(double volts, double seconds)
    {
        if (!(seconds > 0.0)) throw new ArgumentOutOfRangeException(nameof(seconds), $"pulse width must be > 0 s, got {seconds}.");
        var edge = 0.01 * seconds;
        var stop = seconds + 2 * edge;
        var circuit = new Circuit("pulse");
        var node = seriesOhms > 0 ? "d" : "a";
        circuit.Add(new VoltageSource("V1", "a", "0", null, new PulseWaveform(0, volts, 0, edge, edge, seconds, 10 * stop)));
        if (seriesOhms > 0) circuit.Add(new Resistor("RS", "a", "d", seriesOhms));
        circuit.Add(new Memristor("M1", node, "0", model, State));
        var result = new Transient(circuit, stop / pointsPerPulse, stop, new SimulationOptions { MaxStep = stop / pointsPerPulse }).Run();
        var x = result["x(m1)"];
        var endOfTop = edge + seconds;
        var current = -result.Interpolate("i(v1)", endOfTop);
        State = Smooth.ClampUnit(x[^1]);
        return current;
    }
}
