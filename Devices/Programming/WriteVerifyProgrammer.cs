namespace MemristorSpice.Devices.Programming;

/// <summary>
/// Write-verify programming: read; while |R − target| &gt; tol·target apply one write pulse toward the target
/// (SET polarity when R is too high, RESET when too low) and read again. Each time the error changes sign
/// the pulse width is multiplied by <see cref="WriteVerifyOptions.ShrinkOnOvershoot"/>.
/// </summary>
public static class WriteVerifyProgrammer
{
    /// <summary>Pulses <paramref name="device"/> toward <paramref name="targetOhms"/> (Ω) until a read falls inside the tolerance; throws <see cref="ProgrammingException"/> when the pulse limit is reached first.</summary>
    public static WriteVerifyResult Program(IProgrammableDevice device, double targetOhms, WriteVerifyOptions options)
    {
        options.Validate();
        if (!(targetOhms >= device.MinResistanceOhms && targetOhms <= device.MaxResistanceOhms))
            throw new ArgumentOutOfRangeException(nameof(targetOhms),
                $"target {targetOhms} Ohms is outside the device range [Ron, Roff] = [{device.MinResistanceOhms}, {device.MaxResistanceOhms}] Ohms.");

        var history = new List<double>();
        var width = options.PulseSeconds;
        var r = device.ReadOhms(options.ReadVolts, options.ReadSeconds);
        history.Add(r);
        var lastSign = 0;
        var pulses = 0;
        while (Math.Abs(r - targetOhms) > options.RelativeTolerance * targetOhms)
        {
            if (pulses == options.MaxPulses)
                throw new ProgrammingException(
                    $"write-verify hit the pulse limit of {options.MaxPulses} pulses at {r} Ohms (target {targetOhms} Ohms, " +
                    $"tolerance {options.RelativeTolerance:P2}, pulses {options.PulseVolts} V / {options.PulseSeconds} s).",
                    pulses, r);
            var tooHigh = r > targetOhms;
            var sign = tooHigh ? 1 : -1;
            if (lastSign != 0 && sign != lastSign) width *= options.ShrinkOnOvershoot;
            lastSign = sign;
            // SET (lower R) uses the device's set polarity, RESET the opposite one.
            var volts = (tooHigh ? device.SetPolarity : -device.SetPolarity) * options.PulseVolts;
            device.ApplyPulse(volts, width);
            pulses++;
            r = device.ReadOhms(options.ReadVolts, options.ReadSeconds);
            history.Add(r);
        }
        return new WriteVerifyResult(targetOhms, r, pulses, history);
    }
}
