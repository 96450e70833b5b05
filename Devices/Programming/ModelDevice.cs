using MemristorSpice.Devices.Memristors;

namespace MemristorSpice.Devices.Programming;

/// <summary>A single memristor driven directly by an ideal voltage source, integrated with <see cref="StateIntegrator"/>.
/// Reads are real pulses too (they integrate the state), so read disturbance is part of the result.</summary>
public sealed class ModelDevice(IMemristorModel model, double? initialState = null, int stepsPerPulse = 50) : IProgrammableDevice
{
    private readonly StateIntegrator _integrator = new(model);

    /// <summary>Current normalized state.</summary>
    public double State { get; private set; } = initialState ?? model.InitialState;

    /// <inheritdoc/>
    public double MinResistanceOhms => model.MinResistanceOhms;
    /// <inheritdoc/>
    public double MaxResistanceOhms => model.MaxResistanceOhms;
    /// <inheritdoc/>
    public int SetPolarity => model.SetPolarity;

    /// <inheritdoc/>
    public void ApplyPulse(double volts, double seconds) => State = _integrator.Hold(State, volts, seconds, stepsPerPulse);

    /// <inheritdoc/>
    public double ReadOhms(double readVolts, double readSeconds)
    {
        if (readVolts == 0.0) throw new ArgumentException("read voltage must be non-zero.");
        State = _integrator.Hold(State, readVolts, readSeconds, stepsPerPulse);
        var amperes = MemristorCurrent.Amperes(model, State, readVolts);
        return readVolts / amperes;
    }
}
