namespace MemristorSpice.Netlist.Model;

/// <summary>
/// Transient waveform of an independent source. Optional arguments stay null when the netlist leaves them
/// out, so the writer can reproduce the card; elaboration fills them with ngspice's defaults.
/// </summary>
public abstract record Waveform
{
    /// <summary>The keyword in SPICE (PULSE, SIN, EXP, PWL).</summary>
    public abstract string Keyword { get; }

    /// <summary>The arguments as written, trailing omitted ones dropped.</summary>
    public abstract IReadOnlyList<double> Arguments { get; }

    /// <summary>Text written after the closing parenthesis (PWL's r= and td=), with a leading space, or empty.</summary>
    public virtual string Options => "";

    /// <summary>The value at t = 0 (used as the DC value when the card gives none).</summary>
    public abstract double InitialValue { get; }

    /// <summary>Structural equality: same waveform type and the same written arguments.</summary>
    public virtual bool Equals(Waveform? other) =>
        other is not null && other.GetType() == GetType() && Arguments.SequenceEqual(other.Arguments);

    /// <summary>Hash consistent with <see cref="Equals(Waveform?)"/>.</summary>
    public override int GetHashCode() => HashCode.Combine(Keyword, Arguments.Count);

    /// <summary>The given arguments with trailing omitted (null) ones dropped; an omitted one before a given one becomes 0.</summary>
    protected static IReadOnlyList<double> Trim(params double?[] values)
    {
        int n = values.Length;
        while (n > 0 && values[n - 1] is null) n--;
        var result = new double[n];
        for (int k = 0; k < n; k++) result[k] = values[k] ?? 0.0;
        return result;
    }
}

/// <summary>PULSE(v1 v2 td tr tf pw per).</summary>
/// <param name="Initial">v1: value before the pulse, in Volts (V source) or Amperes (I source).</param>
/// <param name="Pulsed">v2: value during the pulse, same unit.</param>
/// <param name="Delay">td: time of the first rising edge in Seconds.</param>
/// <param name="Rise">tr: rise time in Seconds.</param>
/// <param name="Fall">tf: fall time in Seconds.</param>
/// <param name="Width">pw: time at v2 in Seconds.</param>
/// <param name="Period">per: repetition period in Seconds.</param>
/// <param name="Count">np: number of pulses (ngspice), null or 0 for no limit.</param>
public sealed record PulseWaveform(double Initial, double Pulsed, double? Delay = null, double? Rise = null, double? Fall = null,
    double? Width = null, double? Period = null, double? Count = null) : Waveform
{
    /// <inheritdoc/>
    public override string Keyword => "PULSE";
    /// <inheritdoc/>
    public override double InitialValue => Initial;
    /// <inheritdoc/>
    public override IReadOnlyList<double> Arguments => Trim(Initial, Pulsed, Delay, Rise, Fall, Width, Period, Count);
}

/// <summary>SIN(vo va freq td theta phase); phase in degrees.</summary>
/// <param name="Offset">vo: offset in Volts or Amperes.</param>
/// <param name="Amplitude">va: peak amplitude, same unit.</param>
/// <param name="Frequency">freq: frequency in Hz.</param>
/// <param name="Delay">td: start of the oscillation in Seconds.</param>
/// <param name="Damping">theta: damping factor in 1/Seconds.</param>
/// <param name="PhaseDegrees">phase: phase at the start in degrees.</param>
public sealed record SineWaveform(double Offset, double Amplitude, double? Frequency = null, double? Delay = null, double? Damping = null,
    double? PhaseDegrees = null) : Waveform
{
    /// <inheritdoc/>
    public override string Keyword => "SIN";
    /// <inheritdoc/>
    public override double InitialValue => Offset + (Delay is > 0 ? 0 : Amplitude * Math.Sin((PhaseDegrees ?? 0) * Math.PI / 180));
    /// <inheritdoc/>
    public override IReadOnlyList<double> Arguments => Trim(Offset, Amplitude, Frequency, Delay, Damping, PhaseDegrees);
}

/// <summary>EXP(v1 v2 td1 tau1 td2 tau2).</summary>
/// <param name="Initial">v1: initial value in Volts or Amperes.</param>
/// <param name="Pulsed">v2: value approached after the rise, same unit.</param>
/// <param name="RiseDelay">td1: start of the rise in Seconds.</param>
/// <param name="RiseTau">tau1: rise time constant in Seconds.</param>
/// <param name="FallDelay">td2: start of the fall back to v1 in Seconds.</param>
/// <param name="FallTau">tau2: fall time constant in Seconds.</param>
public sealed record ExponentialWaveform(double Initial, double Pulsed, double? RiseDelay = null, double? RiseTau = null,
    double? FallDelay = null, double? FallTau = null) : Waveform
{
    /// <inheritdoc/>
    public override string Keyword => "EXP";
    /// <inheritdoc/>
    public override double InitialValue => Initial;
    /// <inheritdoc/>
    public override IReadOnlyList<double> Arguments => Trim(Initial, Pulsed, RiseDelay, RiseTau, FallDelay, FallTau);
}

/// <summary>
/// PWL(t1 v1 t2 v2 ...) [r=repeat] [td=delay], times non-decreasing. With r the part from time r to the last
/// point repeats forever (ngspice); td shifts the whole waveform later.
/// </summary>
/// <param name="Points">Corner points: time in Seconds, value in Volts or Amperes.</param>
/// <param name="Repeat">r: time in Seconds from which the tail repeats; null for no repetition.</param>
/// <param name="Delay">td: shift of the whole waveform in Seconds; null for none.</param>
public sealed record PwlWaveform(IReadOnlyList<(double Time, double Value)> Points, double? Repeat = null, double? Delay = null) : Waveform
{
    /// <inheritdoc/>
    public override string Keyword => "PWL";
    /// <inheritdoc/>
    public override double InitialValue => Delay is > 0 || Points.Count == 0 || Points[0].Time > 0 ? (Points.Count == 0 ? 0 : Points[0].Value) : Points.Last(p => p.Time <= 0).Value;

    /// <inheritdoc/>
    public override string Options =>
        (Repeat is { } r ? " r=" + Writing.NumberFormat.Format(r) : "") + (Delay is { } d ? " td=" + Writing.NumberFormat.Format(d) : "");

    /// <summary>Structural equality of the points, r and td.</summary>
    public bool Equals(PwlWaveform? other) => other is not null && Points.SequenceEqual(other.Points) && Repeat == other.Repeat && Delay == other.Delay;

    /// <summary>Hash consistent with <see cref="Equals(PwlWaveform?)"/>.</summary>
    public override int GetHashCode() => Points.Count;
    /// <summary>The points flattened to t1 v1 t2 v2 ...</summary>
    public override IReadOnlyList<double> Arguments => Points.SelectMany(p => new[] { p.Time, p.Value }).ToArray();
}

/// <summary>
/// SFFM(vo va fc mdi fs phasec phases): single-frequency FM, vo + va·sin(2π·fc·t + phasec + mdi·sin(2π·fs·t + phases)),
/// phases in degrees; fc and fs default to 1/tstop (ngspice 39 vsrcload.c).
/// </summary>
/// <param name="Offset">vo: offset in Volts or Amperes.</param>
/// <param name="Amplitude">va: peak amplitude, same unit.</param>
/// <param name="CarrierFrequency">fc: carrier frequency in Hz.</param>
/// <param name="ModulationIndex">mdi: modulation index (dimensionless).</param>
/// <param name="SignalFrequency">fs: modulating signal frequency in Hz.</param>
/// <param name="CarrierPhaseDegrees">phasec: carrier phase in degrees.</param>
/// <param name="SignalPhaseDegrees">phases: signal phase in degrees.</param>
public sealed record SffmWaveform(double Offset, double Amplitude, double? CarrierFrequency = null, double? ModulationIndex = null,
    double? SignalFrequency = null, double? CarrierPhaseDegrees = null, double? SignalPhaseDegrees = null) : Waveform
{
    /// <inheritdoc/>
    public override string Keyword => "SFFM";
    /// <inheritdoc/>
    public override double InitialValue =>
        Offset + Amplitude * Math.Sin((CarrierPhaseDegrees ?? 0) * Math.PI / 180 + (ModulationIndex ?? 0) * Math.Sin((SignalPhaseDegrees ?? 0) * Math.PI / 180));
    /// <inheritdoc/>
    public override IReadOnlyList<double> Arguments =>
        Trim(Offset, Amplitude, CarrierFrequency, ModulationIndex, SignalFrequency, CarrierPhaseDegrees, SignalPhaseDegrees);
}

/// <summary>
/// AM(va vo mf fc td phasec phases): amplitude modulation, va·(vo + sin(2π·mf·t' + phases))·sin(2π·fc·t' + phases) with
/// t' = t − td, 0 up to td; mf defaults to 1/tstop, fc and td to 0 (ngspice 39 vsrcload.c, which applies the signal
/// phase to both sines and reads phasec without using it).
/// </summary>
/// <param name="Amplitude">va: amplitude in Volts or Amperes.</param>
/// <param name="Offset">vo: offset added to the modulating sine (dimensionless).</param>
/// <param name="ModulationFrequency">mf: modulating frequency in Hz.</param>
/// <param name="CarrierFrequency">fc: carrier frequency in Hz.</param>
/// <param name="Delay">td: delay in seconds.</param>
/// <param name="CarrierPhaseDegrees">phasec: carrier phase in degrees (read, unused, as in ngspice 39).</param>
/// <param name="SignalPhaseDegrees">phases: phase in degrees of both sines.</param>
public sealed record AmWaveform(double Amplitude, double Offset, double? ModulationFrequency = null, double? CarrierFrequency = null,
    double? Delay = null, double? CarrierPhaseDegrees = null, double? SignalPhaseDegrees = null) : Waveform
{
    /// <inheritdoc/>
    public override string Keyword => "AM";
    /// <inheritdoc/>
    public override double InitialValue => 0;
    /// <inheritdoc/>
    public override IReadOnlyList<double> Arguments =>
        Trim(Amplitude, Offset, ModulationFrequency, CarrierFrequency, Delay, CarrierPhaseDegrees, SignalPhaseDegrees);
}
