using MemristorSpice.Engine.Core;

namespace MemristorSpice.Engine.Waveforms;

/// <summary>
/// Time function of an independent source, with ngspice 39 semantics (vsrcload.c), including defaults that
/// depend on the transient's print step tstep and stop time tstop.
/// </summary>
public abstract class Waveform
{
    /// <summary>Value at time t in s.</summary>
    /// <param name="t">Time in s.</param>
    /// <param name="step">Transient tstep in s (for defaults; 0 outside a transient).</param>
    /// <param name="stop">Transient tstop in s (for defaults; 0 outside a transient).</param>
    public abstract double Value(double t, double step, double stop);

    /// <summary>Times of corners up to stop.</summary>
    public virtual void AddBreakpoints(Breakpoints breakpoints, double step, double stop) { }

    /// <summary>Value to use when a parameter is absent or zero: ngspice treats 0 as "not given" for these.</summary>
    protected static double OrDefault(double? value, double fallback) => value is double v && v != 0 ? v : fallback;
}

/// <summary>PULSE(V1 V2 TD TR TF PW PER). TR, TF default tstep; PW, PER default tstop.</summary>
public sealed class PulseWaveform : Waveform
{
    /// <summary>Refuses non-finite values and negative times (they would make the breakpoint schedule run backwards).</summary>
    public PulseWaveform(double v1, double v2, double delay = 0, double? rise = null, double? fall = null,
        double? width = null, double? period = null)
    {
        Finite("V1", v1); Finite("V2", v2); Finite("TD", delay);
        NonNegative("TR", rise); NonNegative("TF", fall); NonNegative("PW", width); NonNegative("PER", period);
        V1 = v1; V2 = v2; Delay = delay; Rise = rise; Fall = fall; Width = width; Period = period;
    }

    private static void Finite(string name, double value)
    {
        if (!double.IsFinite(value)) throw new CircuitException($"PULSE {name} = {value} is not a finite number");
    }

    private static void NonNegative(string name, double? value)
    {
        if (value is double v && !(v >= 0 && double.IsFinite(v)))
            throw new CircuitException($"PULSE {name} = {v:G6} s must be a finite time of at least 0 s");
    }

    /// <summary>Initial value V1 in Volts (or Amperes for a current source).</summary>
    public double V1 { get; }
    /// <summary>Pulsed value V2 in Volts (or Amperes).</summary>
    public double V2 { get; }
    /// <summary>Delay TD before the first rise, in s.</summary>
    public double Delay { get; }
    /// <summary>Rise time TR in s; null means tstep.</summary>
    public double? Rise { get; }
    /// <summary>Fall time TF in s; null means tstep.</summary>
    public double? Fall { get; }
    /// <summary>Pulse width PW in s; null means tstop.</summary>
    public double? Width { get; }
    /// <summary>Period PER in s; null means tstop.</summary>
    public double? Period { get; }

    /// <summary>Number of pulses NP (ngspice's eighth argument); after NP periods the value stays V1. Null: unlimited.</summary>
    public long? PulseCount
    {
        get;
        init => field = value is { } n && n < 1 ? throw new CircuitException($"PULSE NP = {n} must be at least 1") : value;
    }

    private (double Tr, double Tf, double Pw, double Per) Resolve(double step, double stop) =>
        (OrDefault(Rise, step), OrDefault(Fall, step), OrDefault(Width, stop), OrDefault(Period, stop));

    /// <inheritdoc/>
    public override double Value(double t, double step, double stop)
    {
        var (tr, tf, pw, per) = Resolve(step, stop);
        double time = t - Delay;
        if (PulseCount is { } np && per > 0 && time >= np * per) return V1;
        if (per > 0 && time > per) time -= per * Math.Floor(time / per);
        if (time <= 0 || time >= tr + pw + tf) return V1;
        if (time >= tr && time <= tr + pw) return V2;
        if (time < tr) return V1 + (V2 - V1) * time / tr;
        return V2 + (V1 - V2) * (time - (tr + pw)) / tf;
    }

    /// <summary>
    /// Start, end of rise, start of fall and end of fall of every period that starts before stop. A pulse longer than
    /// its period (TR + PW + TF &gt; PER, e.g. PW = PER to hold V2) is cut by the next period's start, where the value
    /// jumps back to V1 and ramps up again within TR: ngspice 39 (vsrcacct.c) then never sets a breakpoint on that jump
    /// nor past it in the cut period, and steps over the TR-wide notch to the end of the next rise. A time point placed
    /// on the jump would instead see V1 there and integrate the whole preceding step against it, so those breakpoints
    /// are left out here as well.
    /// </summary>
    public override void AddBreakpoints(Breakpoints breakpoints, double step, double stop)
    {
        var (tr, tf, pw, per) = Resolve(step, stop);
        var (first, last) = breakpoints.Repetitions(Delay, per, tr + pw + tf, stop, 4, "PULSE");
        if (PulseCount is { } np && per > 0) last = Math.Min(last, np - 1);
        bool cut = per > 0 && tr + pw + tf > per;
        for (long k = first; k <= last; k++)
        {
            double start = Delay + k * per;
            if (!cut || k == 0) breakpoints.Add(start);
            foreach (double offset in (ReadOnlySpan<double>)[tr, tr + pw, tr + pw + tf])
                if (!cut || offset < per) breakpoints.Add(start + offset);
        }
    }
}

/// <summary>SIN(VO VA FREQ TD THETA PHASE): VO + VA·e^(−θ(t−TD))·sin(2πf(t−TD) + φ) after TD; FREQ defaults to 1/tstop, PHASE in degrees.</summary>
public sealed class SineWaveform(double offset, double amplitude, double? frequency = null, double delay = 0,
    double damping = 0, double phaseDegrees = 0) : Waveform
{
    /// <summary>Offset VO in Volts (or Amperes).</summary>
    public double Offset { get; } = offset;
    /// <summary>Amplitude VA in Volts (or Amperes).</summary>
    public double Amplitude { get; } = amplitude;
    /// <summary>Frequency FREQ in Hz; null means 1/tstop.</summary>
    public double? Frequency { get; } = frequency;
    /// <summary>Delay TD in s before the oscillation starts.</summary>
    public double Delay { get; } = delay;
    /// <summary>Damping factor THETA in 1/s.</summary>
    public double Damping { get; } = damping;
    /// <summary>Phase PHASE at t = TD, in degrees.</summary>
    public double PhaseDegrees { get; } = phaseDegrees;

    /// <inheritdoc/>
    public override double Value(double t, double step, double stop)
    {
        double f = OrDefault(Frequency, stop > 0 ? 1 / stop : 0);
        double phase = PhaseDegrees * Math.PI / 180;
        double time = t - Delay;
        if (time <= 0) return Offset + Amplitude * Math.Sin(phase);
        return Offset + Amplitude * Math.Sin(2 * Math.PI * f * time + phase) * Math.Exp(-time * Damping);
    }

    /// <summary>The delay TD, where the constant start ends.</summary>
    public override void AddBreakpoints(Breakpoints breakpoints, double step, double stop)
    {
        if (Delay > 0) breakpoints.Add(Delay);
    }
}

/// <summary>EXP(V1 V2 TD1 TAU1 TD2 TAU2): rise toward V2 from TD1 with TAU1, back toward V1 from TD2 with TAU2. TD1, TAU1, TAU2 default tstep; TD2 defaults TD1 + tstep.</summary>
public sealed class ExponentialWaveform(double v1, double v2, double? riseDelay = null, double? riseTau = null,
    double? fallDelay = null, double? fallTau = null) : Waveform
{
    /// <summary>Initial value V1 in Volts (or Amperes).</summary>
    public double V1 { get; } = v1;
    /// <summary>Target value V2 in Volts (or Amperes) approached after TD1.</summary>
    public double V2 { get; } = v2;

    private (double Td1, double Tau1, double Td2, double Tau2) Resolve(double step)
    {
        double td1 = OrDefault(riseDelay, step);
        return (td1, OrDefault(riseTau, step), OrDefault(fallDelay, td1 + step), OrDefault(fallTau, step));
    }

    /// <inheritdoc/>
    public override double Value(double t, double step, double stop)
    {
        var (td1, tau1, td2, tau2) = Resolve(step);
        if (t <= td1) return V1;
        double v = V1 + (V2 - V1) * (1 - Math.Exp(-(t - td1) / tau1));
        if (t <= td2) return v;
        return v + (V1 - V2) * (1 - Math.Exp(-(t - td2) / tau2));
    }

    /// <summary>The start of the rise TD1 and of the fall TD2.</summary>
    public override void AddBreakpoints(Breakpoints breakpoints, double step, double stop)
    {
        var (td1, _, td2, _) = Resolve(step);
        breakpoints.Add(td1); breakpoints.Add(td2);
    }
}

/// <summary>
/// PWL(t1 v1 t2 v2 ...) r=… td=…: piecewise linear, held constant before the first and after the last point.
/// With <see cref="RepeatFrom"/> = r the segment [r, t_last] repeats with period t_last − r after t_last; <see cref="Delay"/>
/// shifts the whole waveform (ngspice vsrcload.c semantics).
/// </summary>
public sealed class PwlWaveform : Waveform
{
    private readonly double[] _t, _v;

    /// <summary>Takes the points as t1 v1 t2 v2 ... (times in s, non-decreasing); refuses an odd count or decreasing times.</summary>
    public PwlWaveform(params double[] timeValuePairs)
    {
        if (timeValuePairs.Length < 2 || timeValuePairs.Length % 2 != 0)
            throw new CircuitException("PWL needs time/value pairs.");
        int n = timeValuePairs.Length / 2;
        _t = new double[n]; _v = new double[n];
        for (int i = 0; i < n; i++)
        {
            _t[i] = timeValuePairs[2 * i]; _v[i] = timeValuePairs[2 * i + 1];
            if (i > 0 && _t[i] < _t[i - 1]) throw new CircuitException($"PWL times must not decrease (point {i + 1}).");
        }
    }

    /// <summary>Corner times in s, as written (before <see cref="Delay"/>).</summary>
    public IReadOnlyList<double> Times => _t;
    /// <summary>Values at <see cref="Times"/> in Volts (or Amperes).</summary>
    public IReadOnlyList<double> Values => _v;

    /// <summary>Start of the repeated part in s (r=), or null for no repetition.</summary>
    public double? RepeatFrom
    {
        get;
        init
        {
            if (value is { } r && (r < _t[0] || r >= _t[^1]))
                throw new CircuitException($"PWL repeat time r={r} s must lie in [{_t[0]}, {_t[^1]}) s, the span of the points.");
            field = value;
        }
    }

    /// <summary>Delay of the whole waveform in s (td=).</summary>
    public double Delay { get; init; }

    /// <summary>Maps time to the time within the written table.</summary>
    private double Local(double t)
    {
        double time = t - Delay;
        if (RepeatFrom is { } r && time > _t[^1])
        {
            double period = _t[^1] - r;
            time = r + (time - r) % period;
            if (time == r) time = _t[^1]; // the end of one period is the value at the last point
        }
        return time;
    }

    /// <inheritdoc/>
    public override double Value(double t, double step, double stop)
    {
        t = Local(t);
        if (t <= _t[0]) return _v[0];
        if (t >= _t[^1]) return _v[^1];
        int i = Array.BinarySearch(_t, t);
        if (i >= 0) return _v[i];
        int hi = ~i, lo = hi - 1;
        return _v[lo] + (_v[hi] - _v[lo]) * (t - _t[lo]) / (_t[hi] - _t[lo]);
    }

    /// <summary>Every corner, shifted by the delay, including those of the repetitions up to stop.</summary>
    public override void AddBreakpoints(Breakpoints breakpoints, double step, double stop)
    {
        foreach (var t in _t) breakpoints.Add(t + Delay);
        if (RepeatFrom is not { } r) return;
        double period = _t[^1] - r;
        int first = Array.FindIndex(_t, x => x > r);
        // Repetition k (k ≥ 1) covers [t_last + Delay + (k − 1)·period, t_last + Delay + k·period].
        var (k0, k1) = breakpoints.Repetitions(_t[^1] + Delay, period, period, stop, _t.Length - first, "PWL repeat");
        for (long k = k0; k <= k1; k++)
        {
            double shift = (k + 1) * period;
            for (int i = first; i < _t.Length; i++) breakpoints.Add(_t[i] + Delay + shift);
        }
    }
}

/// <summary>
/// SFFM(VO VA FC MDI FS PHASEC PHASES): VO + VA·sin(2π·FC·t + PHASEC + MDI·sin(2π·FS·t + PHASES)); FC and FS default
/// to 1/tstop, phases in degrees (ngspice 39 vsrcload.c).
/// </summary>
public sealed class SffmWaveform(double offset, double amplitude, double? carrierFrequency, double modulationIndex,
    double? signalFrequency, double carrierPhaseDegrees = 0, double signalPhaseDegrees = 0) : Waveform
{
    /// <inheritdoc/>
    public override double Value(double t, double step, double stop)
    {
        double fallback = stop > 0 ? 1 / stop : 0;
        double fc = OrDefault(carrierFrequency, fallback), fs = OrDefault(signalFrequency, fallback);
        double pc = carrierPhaseDegrees * Math.PI / 180, ps = signalPhaseDegrees * Math.PI / 180;
        return offset + amplitude * Math.Sin(2 * Math.PI * fc * t + pc + modulationIndex * Math.Sin(2 * Math.PI * fs * t + ps));
    }
}

/// <summary>
/// AM(VA VO MF FC TD PHASEC PHASES): VA·(VO + sin(2π·MF·t' + PHASES))·sin(2π·FC·t' + PHASES), t' = t − TD, 0 for t' ≤ 0;
/// MF defaults to 1/tstop, FC to 0 (ngspice 39 vsrcload.c, whose carrier also takes PHASES; PHASEC is read and unused).
/// </summary>
public sealed class AmWaveform(double amplitude, double offset, double? modulationFrequency, double carrierFrequency, double delay,
    double signalPhaseDegrees = 0) : Waveform
{
    /// <inheritdoc/>
    public override double Value(double t, double step, double stop)
    {
        double tt = t - delay;
        if (tt <= 0) return 0;
        double mf = OrDefault(modulationFrequency, stop > 0 ? 1 / stop : 0), ps = signalPhaseDegrees * Math.PI / 180;
        return amplitude * (offset + Math.Sin(2 * Math.PI * mf * tt + ps)) * Math.Sin(2 * Math.PI * carrierFrequency * tt + ps);
    }

    /// <inheritdoc/>
    public override void AddBreakpoints(Breakpoints breakpoints, double step, double stop)
    {
        if (delay > 0 && delay < stop) breakpoints.Add(delay);
    }
}
