namespace MemristorSpice.Devices.OpAmps;

/// <summary>
/// Op-amp macro model (pins: non-inverting input, inverting input, output; output referred to ground):
///   vd = V(inp) − V(inn) + Vos
///   ideal / finite gain:  a = A0·vd
///   single pole:          da/dt = 2π·fp·(A0·vd − a),  fp = GBW / A0   (one RC pole)
///   output:               out = clamp(a) = a − sp(a − Vhigh, s) + sp(Vlow − a, s)  (when a swing limit is set)
/// with sp the softplus of <see cref="Memristors.Smooth"/> (width s Volts, error s·ln 2 at the rail).
/// Noise (.noise): a white input voltage noise en in series with vd and a white current noise in from each input to
/// ground (uncorrelated), given at <see cref="NoiseReferenceKelvin"/>; both scale as √(T/300.15 K) with the circuit
/// temperature, as the resistor's thermal noise that carries them in the ngspice form does.
/// </summary>
/// <param name="Name">Preset or user name.</param>
/// <param name="Source">Where the numbers come from.</param>
/// <param name="OpenLoopGain">DC open-loop gain A0 (V/V, &gt; 1).</param>
/// <param name="GainBandwidthHertz">Unity-gain bandwidth GBW in Hertz; null for no pole.</param>
/// <param name="OutputHighVolts">Upper output rail in Volts; null for no swing limit (then Low must be null too).</param>
/// <param name="OutputLowVolts">Lower output rail in Volts.</param>
/// <param name="InputOffsetVolts">Input offset Vos in Volts, added to V(inp) − V(inn).</param>
/// <param name="ClampWidthVolts">Softness s of the swing clamp in Volts.</param>
/// <param name="NoiseVoltage">Input voltage noise density en in V/√Hz (white); 0 = noiseless, the default.</param>
/// <param name="NoiseCurrent">Input current noise density in in A/√Hz at each input (white); 0 = noiseless, the default.</param>
public sealed record OpAmpParameters(
    string Name,
    string Source,
    double OpenLoopGain,
    double? GainBandwidthHertz = null,
    double? OutputHighVolts = null,
    double? OutputLowVolts = null,
    double InputOffsetVolts = 0.0,
    double ClampWidthVolts = 0.01,
    double NoiseVoltage = 0.0,
    double NoiseCurrent = 0.0)
{
    /// <summary>Temperature in K at which <see cref="NoiseVoltage"/> and <see cref="NoiseCurrent"/> are given (27 °C, SPICE's TNOM).</summary>
    public const double NoiseReferenceKelvin = 300.15;

    /// <summary>True when en or in is nonzero.</summary>
    public bool IsNoisy => NoiseVoltage > 0 || NoiseCurrent > 0;

    /// <summary>Dominant pole fp = GBW / A0 in Hertz, or null.</summary>
    public double? PoleHertz => GainBandwidthHertz / OpenLoopGain;

    /// <summary>True when an output swing limit is set.</summary>
    public bool HasSwingLimit => OutputHighVolts.HasValue;

    /// <summary>Throws <see cref="ArgumentException"/> with the broken rule and the values.</summary>
    public OpAmpParameters Validate()
    {
        if (!(OpenLoopGain > 1.0 && double.IsFinite(OpenLoopGain)))
            throw new ArgumentException($"{Name}: open-loop gain A0 must be a finite number > 1, got {OpenLoopGain}.");
        if (GainBandwidthHertz is { } gbw && !(gbw > 0.0 && double.IsFinite(gbw)))
            throw new ArgumentException($"{Name}: GBW must be > 0 Hz, got {gbw}.");
        if (OutputHighVolts.HasValue != OutputLowVolts.HasValue)
            throw new ArgumentException($"{Name}: give both output rails or neither.");
        if (OutputHighVolts is { } hi && OutputLowVolts is { } lo && !(hi > lo + 4 * ClampWidthVolts))
            throw new ArgumentException($"{Name}: output high rail ({hi} V) must exceed the low rail ({lo} V) by more than 4 clamp widths.");
        if (!double.IsFinite(InputOffsetVolts))
            throw new ArgumentException($"{Name}: input offset must be finite, got {InputOffsetVolts}.");
        if (!(NoiseVoltage >= 0.0 && double.IsFinite(NoiseVoltage)) || !(NoiseCurrent >= 0.0 && double.IsFinite(NoiseCurrent)))
            throw new ArgumentException($"{Name}: noise densities en and in must be finite and >= 0, got {NoiseVoltage} V/sqrt(Hz), {NoiseCurrent} A/sqrt(Hz).");
        if (!(ClampWidthVolts > 0.0 && double.IsFinite(ClampWidthVolts)))
            throw new ArgumentException($"{Name}: clamp width must be > 0 V, got {ClampWidthVolts}.");
        return this;
    }
}
