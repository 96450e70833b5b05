namespace MemristorSpice.Netlist.Model;

/// <summary>
/// Transient waveform of an independent source. Optional arguments stay null when the netlist leaves them
/// out, so the writer can reproduce the card; <see cref="WaveformDefaults"/> fills them as ngspice does.
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

    public virtual bool Equals(Waveform? other) =>
        other is not null && other.GetType() == GetType() && Arguments.SequenceEqual(other.Arguments);

    public override int GetHashCode() => HashCode.Combine(Keyword, Arguments.Count);

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
public sealed record PulseWaveform(double Initial, double Pulsed, double? Delay = null, double? Rise = null, double? Fall = null,
    double? Width = null, double? Period = null) : Waveform
{
    public override string Keyword => "PULSE";
    public override double InitialValue => Initial;
    public override IReadOnlyList<double> Arguments => Trim(Initial, Pulsed, Delay, Rise, Fall, Width, Period);
}

/// <summary>SIN(vo va freq td theta phase); phase in degrees.</summary>
public sealed record SineWaveform(double Offset, double Amplitude, double? Frequency = null, double? Delay = null, double? Damping = null,
    double? PhaseDegrees = null) : Waveform
{
    public override string Keyword => "SIN";
    public override double InitialValue => Offset + (Delay is > 0 ? 0 : Amplitude * Math.Sin((PhaseDegrees ?? 0) * Math.PI / 180));
    public override IReadOnlyList<double> Arguments => Trim(Offset, Amplitude, Frequency, Delay, Damping, PhaseDegrees);
}

/// <summary>EXP(v1 v2 td1 tau1 td2 tau2).</summary>
public sealed record ExponentialWaveform(double Initial, double Pulsed, double? RiseDelay = null, double? RiseTau = null,
    double? FallDelay = null, double? FallTau = null) : Waveform
{
    public override string Keyword => "EXP";
    public override double InitialValue => Initial;
    public override IReadOnlyList<double> Arguments => Trim(Initial, Pulsed, RiseDelay, RiseTau, FallDelay, FallTau);
}

/// <summary>
/// PWL(t1 v1 t2 v2 ...) [r=repeat] [td=delay], times non-decreasing. With r the part from time r to the last
/// point repeats forever (ngspice); td shifts the whole waveform later.
/// </summary>
public sealed record PwlWaveform(IReadOnlyList<(double Time, double Value)> Points, double? Repeat = null, double? Delay = null) : Waveform
{
    public override string Keyword => "PWL";
    public override double InitialValue => Delay is > 0 || Points.Count == 0 || Points[0].Time > 0 ? (Points.Count == 0 ? 0 : Points[0].Value) : Points.Last(p => p.Time <= 0).Value;

    public override string Options =>
        (Repeat is { } r ? " r=" + Writing.NumberFormat.Format(r) : "") + (Delay is { } d ? " td=" + Writing.NumberFormat.Format(d) : "");

    public bool Equals(PwlWaveform? other) => other is not null && Points.SequenceEqual(other.Points) && Repeat == other.Repeat && Delay == other.Delay;

    public override int GetHashCode() => Points.Count;
    public override IReadOnlyList<double> Arguments => Points.SelectMany(p => new[] { p.Time, p.Value }).ToArray();
}

/// <summary>
/// SFFM(vo va fc mdi fs phasec phases): single-frequency FM, vo + va·sin(2π·fc·t + phasec + mdi·sin(2π·fs·t + phases)),
/// phases in degrees; fc and fs default to 1/tstop (ngspice 39 vsrcload.c).
/// </summary>
public sealed record SffmWaveform(double Offset, double Amplitude, double? CarrierFrequency = null, double? ModulationIndex = null,
    double? SignalFrequency = null, double? CarrierPhaseDegrees = null, double? SignalPhaseDegrees = null) : Waveform
{
    public override string Keyword => "SFFM";
    public override double InitialValue =>
        Offset + Amplitude * Math.Sin((CarrierPhaseDegrees ?? 0) * Math.PI / 180 + (ModulationIndex ?? 0) * Math.Sin((SignalPhaseDegrees ?? 0) * Math.PI / 180));
    public override IReadOnlyList<double> Arguments =>
        Trim(Offset, Amplitude, CarrierFrequency, ModulationIndex, SignalFrequency, CarrierPhaseDegrees, SignalPhaseDegrees);
}
