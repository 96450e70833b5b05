namespace MemristorSpice.Devices.OpAmps;

/// <summary>Named op-amp macro models.</summary>
public static class OpAmpPresets
{
    /// <summary>Ideal op-amp: a VCVS with A0 = 1e8 (gain error 1e−8·noise gain), no pole, no rails.</summary>
    public static OpAmpParameters Ideal() =>
        new OpAmpParameters("OPAMP_IDEAL", "ideal VCVS, A0 = 1e8 (MemristorSpice choice)", 1e8).Validate();

    /// <summary>Finite gain only, A0 given (default 1e4 = 80 dB).</summary>
    public static OpAmpParameters FiniteGain(double openLoopGain = 1e4) =>
        new OpAmpParameters("OPAMP_FINITE", "finite-gain VCVS (MemristorSpice choice, 80 dB)", openLoopGain).Validate();

    /// <summary>
    /// Input noise of the single-pole presets: en = 10 nV/√Hz, in = 10 fA/√Hz, white (MemristorSpice choice: the order
    /// of a CMOS op-amp of about 10 MHz GBW; a CMOS input's current noise is fA-level, a bipolar one's pA-level).
    /// </summary>
    public const double CmosNoiseVoltage = 10e-9, CmosNoiseCurrent = 10e-15;

    /// <summary>Single pole: A0 = 1e5 (100 dB), GBW = 10 MHz, typical of a CMOS TIA op-amp; en, in as <see cref="CmosNoiseVoltage"/>.</summary>
    public static OpAmpParameters SinglePole(double openLoopGain = 1e5, double gbwHertz = 10e6) =>
        new OpAmpParameters("OPAMP_POLE", "single-pole macro model, A0 100 dB, GBW 10 MHz, en 10 nV/rtHz, in 10 fA/rtHz (MemristorSpice choice)",
            openLoopGain, gbwHertz, NoiseVoltage: CmosNoiseVoltage, NoiseCurrent: CmosNoiseCurrent).Validate();

    /// <summary>Single pole plus ±2.5 V output rails, the TIA op-amp for crossbar columns; en, in as <see cref="CmosNoiseVoltage"/>.</summary>
    public static OpAmpParameters Tia() =>
        new OpAmpParameters("OPAMP_TIA", "single pole A0 100 dB, GBW 10 MHz, rails +-2.5 V, en 10 nV/rtHz, in 10 fA/rtHz (MemristorSpice choice)",
            1e5, 10e6, 2.5, -2.5, NoiseVoltage: CmosNoiseVoltage, NoiseCurrent: CmosNoiseCurrent).Validate();
}
