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

    /// <summary>Single pole: A0 = 1e5 (100 dB), GBW = 10 MHz, typical of a CMOS TIA op-amp.</summary>
    public static OpAmpParameters SinglePole(double openLoopGain = 1e5, double gbwHertz = 10e6) =>
        new OpAmpParameters("OPAMP_POLE", "single-pole macro model, A0 100 dB, GBW 10 MHz (MemristorSpice choice)",
            openLoopGain, gbwHertz).Validate();

    /// <summary>Single pole plus ±2.5 V output rails, the TIA op-amp for crossbar columns.</summary>
    public static OpAmpParameters Tia() =>
        new OpAmpParameters("OPAMP_TIA", "single pole A0 100 dB, GBW 10 MHz, rails +-2.5 V (MemristorSpice choice)",
            1e5, 10e6, 2.5, -2.5).Validate();
}
