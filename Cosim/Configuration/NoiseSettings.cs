using MemristorSpice.Devices.OpAmps;

namespace MemristorSpice.Cosim.Configuration;

/// <summary>
/// Noise of the analog reads (JSON object <c>noise</c>, docs/cosim.md "Noise"). Off by default, so results without
/// the object stay as they were; when enabled every tile output gets, per read, a Gaussian sample whose variance is
/// the tile's own thermal noise (cells 4kTG, Rf and the other resistors 4kT/R, op-amp en and in through the
/// circuit) integrated over the read bandwidth, plus the cells' read noise (1/f and RTN) for that read's currents.
/// </summary>
public sealed record NoiseSettings
{
    /// <summary>Adds noise to the reads (JSON noise.enabled); default false.</summary>
    public bool Enabled { get; init; }
    /// <summary>Seed of the per-read noise samples (JSON noise.seed).</summary>
    public int Seed { get; init; } = 1;
    /// <summary>Op-amp input voltage noise en in V/√Hz (JSON noise.opAmpVoltage); default that of the CMOS op-amp presets.</summary>
    public double OpAmpNoiseVoltage { get; init; } = OpAmpPresets.CmosNoiseVoltage;
    /// <summary>Op-amp input current noise in in A/√Hz at each input (JSON noise.opAmpCurrent).</summary>
    public double OpAmpNoiseCurrent { get; init; } = OpAmpPresets.CmosNoiseCurrent;
    /// <summary>Adds the cells' 1/f and RTN read noise of the device preset (JSON noise.readNoise); default true.</summary>
    public bool ReadNoise { get; init; } = true;
    /// <summary>
    /// Read slot T in seconds over which the ADC input is averaged; it sets the read bandwidth. Taken from the design
    /// point's read.timeSeconds (not a field of the noise object).
    /// </summary>
    public double ReadTimeSeconds { get; init; } = TranOptions.DefaultReadTimeSeconds;
    /// <summary>Circuit temperature in K of the thermal noise (27 °C, SPICE's default).</summary>
    public double Kelvin { get; init; } = 300.15;

    /// <summary>The first invalid field as (JSON field path, problem), or null.</summary>
    public (string Field, string Problem)? FirstProblem()
    {
        if (!(OpAmpNoiseVoltage >= 0 && OpAmpNoiseVoltage <= 1e-3)) return ("noise.opAmpVoltage", $"must be in [0, 1e-3] V/sqrt(Hz) (got {OpAmpNoiseVoltage})");
        if (!(OpAmpNoiseCurrent >= 0 && OpAmpNoiseCurrent <= 1e-6)) return ("noise.opAmpCurrent", $"must be in [0, 1e-6] A/sqrt(Hz) (got {OpAmpNoiseCurrent})");
        if (!(ReadTimeSeconds > 0 && double.IsFinite(ReadTimeSeconds))) return ("read.timeSeconds", $"must be > 0 s (got {ReadTimeSeconds})");
        return null;
    }

    /// <summary>
    /// Equivalent noise bandwidth in Hz of a read: the ADC reports the average of its input over the read slot T, and
    /// the TIA passes noise up to its closed-loop pole fc (τ = 1/(2π·fc)). For white noise S through the single pole
    /// averaged over T the variance is S·B with B = (1/(2T))·[1 − (τ/T)·(1 − e^(−T/τ))] (the variance of the mean of an
    /// Ornstein-Uhlenbeck process); fc = ∞ (ideal op-amp or no GBW) and T ≫ τ give B → 1/(2T), the boxcar's noise
    /// bandwidth; T ≪ τ gives (π/2)·fc, the whole single-pole noise bandwidth (kT/C for an RC).
    /// </summary>
    public static double NoiseBandwidthHz(double readSeconds, double closedLoopHz)
    {
        double b = 1 / (2 * readSeconds);
        if (!double.IsFinite(closedLoopHz)) return b;
        double tau = 1 / (2 * Math.PI * closedLoopHz), r = tau / readSeconds;
        double x = 1 / r;
        // 1 − (1 − e^(−x))/x, by its series when x is small (the difference cancels).
        double bracket = x < 1e-4 ? x / 2 - x * x / 6 : 1 - (1 - Math.Exp(-x)) / x;
        return b * bracket;
    }
}
