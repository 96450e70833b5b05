namespace MemristorSpice.Devices.Programming;

/// <summary>A memristor that can be pulsed and read, either as a bare model or inside a simulated circuit.</summary>
public interface IProgrammableDevice
{
    /// <summary>Smallest reachable resistance, Ohms.</summary>
    double MinResistanceOhms { get; }

    /// <summary>Largest reachable resistance, Ohms.</summary>
    double MaxResistanceOhms { get; }

    /// <summary>+1 when positive pulses lower the resistance, −1 when they raise it.</summary>
    int SetPolarity { get; }

    /// <summary>Applies a rectangular voltage pulse across the device.</summary>
    void ApplyPulse(double volts, double seconds);

    /// <summary>Reads the resistance with a small voltage, Ohms (read current / read voltage).</summary>
    double ReadOhms(double readVolts, double readSeconds);
}
