namespace MemristorSpice.Devices.Programming;

/// <summary>Settings of the write-verify loop.</summary>
/// <param name="PulseVolts">Magnitude of the write pulses, Volts (the sign is chosen per pulse from the device polarity).</param>
/// <param name="PulseSeconds">Width of the first write pulses, Seconds.</param>
/// <param name="ReadVolts">Verify read voltage, Volts.</param>
/// <param name="ReadSeconds">Verify read duration, Seconds.</param>
/// <param name="RelativeTolerance">Accept when |R − target| ≤ tolerance·target.</param>
/// <param name="MaxPulses">Give up after this many write pulses.</param>
/// <param name="ShrinkOnOvershoot">Width factor applied each time the error changes sign (0 &lt; f ≤ 1), so the
/// loop converges instead of bouncing around the target.</param>
public sealed record WriteVerifyOptions(
    double PulseVolts,
    double PulseSeconds,
    double ReadVolts = 0.2,
    double ReadSeconds = 1e-6,
    double RelativeTolerance = 0.01,
    int MaxPulses = 1000,
    double ShrinkOnOvershoot = 0.5)
{
    /// <summary>Returns these options, or throws <see cref="ArgumentOutOfRangeException"/> naming the first value out of range.</summary>
    public WriteVerifyOptions Validate()
    {
        if (!(PulseVolts > 0.0)) throw new ArgumentException($"pulse amplitude must be > 0 V, got {PulseVolts}.");
        if (!(PulseSeconds > 0.0)) throw new ArgumentException($"pulse width must be > 0 s, got {PulseSeconds}.");
        if (!(ReadVolts != 0.0 && double.IsFinite(ReadVolts))) throw new ArgumentException($"read voltage must be non-zero, got {ReadVolts}.");
        if (!(ReadSeconds > 0.0)) throw new ArgumentException($"read duration must be > 0 s, got {ReadSeconds}.");
        if (!(RelativeTolerance > 0.0 && RelativeTolerance < 1.0)) throw new ArgumentException($"tolerance must be in (0, 1), got {RelativeTolerance}.");
        if (MaxPulses < 1) throw new ArgumentException($"pulse limit must be >= 1, got {MaxPulses}.");
        if (!(ShrinkOnOvershoot > 0.0 && ShrinkOnOvershoot <= 1.0)) throw new ArgumentException($"shrink factor must be in (0, 1], got {ShrinkOnOvershoot}.");
        return this;
    }
}
