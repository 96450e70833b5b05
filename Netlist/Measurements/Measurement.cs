using MemristorSpice.Netlist.Diagnostics;

namespace MemristorSpice.Netlist.Measurements;

/// <summary>What a <c>.meas</c> line computes (ngspice's measure functions).</summary>
public enum MeasureFunction
{
    /// <summary>TRIG ... TARG ...: target time (or sweep value) minus trigger time.</summary>
    TrigTarg,
    /// <summary>FIND signal AT=x or FIND signal WHEN ...: the signal's value at a point, interpolated linearly.</summary>
    Find,
    /// <summary>WHEN signal=value: the axis value (time, frequency, sweep value) of a crossing.</summary>
    When,
    /// <summary>AVG: trapezoidal mean over the samples in FROM..TO.</summary>
    Average,
    /// <summary>RMS: square root of the integral of the square over FROM..TO divided by the window.</summary>
    Rms,
    /// <summary>MIN over the samples in FROM..TO.</summary>
    Minimum,
    /// <summary>MAX over the samples in FROM..TO.</summary>
    Maximum,
    /// <summary>MIN_AT: the axis value where the minimum is.</summary>
    MinimumAt,
    /// <summary>MAX_AT: the axis value where the maximum is.</summary>
    MaximumAt,
    /// <summary>PP: maximum minus minimum over FROM..TO.</summary>
    PeakToPeak,
    /// <summary>INTEG: integral over FROM..TO (units of signal times axis).</summary>
    Integral,
    /// <summary>DERIV signal AT=x or DERIV signal WHEN ...: slope of the signal (ngspice 39 does not evaluate it).</summary>
    Derivative,
}

/// <summary>
/// A crossing condition: the <paramref name="Signal"/> passes <paramref name="Level"/> (or another signal,
/// <paramref name="OtherSignal"/>) for the <paramref name="Rise"/>-th rising, <paramref name="Fall"/>-th falling or
/// <paramref name="Cross"/>-th crossing. Counts are <see cref="NotGiven"/> when absent and <see cref="Last"/> for LAST;
/// with none given the first crossing counts. Samples before <paramref name="Delay"/> (TD, transient only) are skipped.
/// </summary>
/// <param name="Signal">Vector name as ngspice writes it: v(node), i(source), and for AC vdb/vm/vp/vr/vi(node).</param>
/// <param name="Level">VAL= or the right-hand side of WHEN signal=value; null when <paramref name="OtherSignal"/> is set.</param>
/// <param name="OtherSignal">Right-hand signal of WHEN a=b; null for a level.</param>
/// <param name="Rise">RISE=n.</param>
/// <param name="Fall">FALL=n.</param>
/// <param name="Cross">CROSS=n.</param>
/// <param name="Delay">TD= in the axis unit (Seconds for TRAN); 0 when absent.</param>
public sealed record MeasureCrossing(string Signal, double? Level, string? OtherSignal, int Rise, int Fall, int Cross, double Delay)
{
    /// <summary>Count not given.</summary>
    public const int NotGiven = -1;
    /// <summary>RISE/FALL/CROSS=LAST: the last such crossing.</summary>
    public const int Last = -2;
}

/// <summary>
/// One <c>.meas</c>/<c>.measure</c> line (or <c>meas</c> command) as read: result name, analysis (tran, ac, dc), function and
/// its operands. Evaluate it with <see cref="MeasurementEvaluator.Evaluate"/>.
/// </summary>
/// <param name="Name">Result name, lower case (ngspice prints it so).</param>
/// <param name="AnalysisKind">tran, ac or dc.</param>
/// <param name="Function">What is computed.</param>
/// <param name="Location">Where the line starts, for messages.</param>
public sealed record Measurement(string Name, string AnalysisKind, MeasureFunction Function, SourceLocation Location)
{
    /// <summary>The measured signal of FIND, DERIV, AVG, RMS, MIN, MAX, MIN_AT, MAX_AT, PP and INTEG.</summary>
    public string? Signal { get; init; }
    /// <summary>AT= of FIND or DERIV, or the AT= of TRIG AT=x.</summary>
    public double? At { get; init; }
    /// <summary>TRIG clause (null with TRIG AT=x, whose time is <see cref="At"/>).</summary>
    public MeasureCrossing? Trigger { get; init; }
    /// <summary>TARG clause.</summary>
    public MeasureCrossing? Target { get; init; }
    /// <summary>WHEN clause of WHEN, FIND ... WHEN and DERIV ... WHEN.</summary>
    public MeasureCrossing? When { get; init; }
    /// <summary>FROM= (axis unit); null when absent.</summary>
    public double? From { get; init; }
    /// <summary>TO= (axis unit); null when absent.</summary>
    public double? To { get; init; }
    /// <summary>The line as written (tokens joined), for messages.</summary>
    public string Text { get; init; } = "";

    /// <summary>True for results that are an axis value (a time, frequency or sweep value) rather than a signal value.</summary>
    public bool IsAxisValue => Function is MeasureFunction.TrigTarg or MeasureFunction.When or MeasureFunction.MinimumAt or MeasureFunction.MaximumAt;

    /// <summary>The signals the measurement reads.</summary>
    public IEnumerable<string> Signals()
    {
        if (Signal is not null) yield return Signal;
        foreach (var c in new[] { Trigger, Target, When })
        {
            if (c is null) continue;
            yield return c.Signal;
            if (c.OtherSignal is not null) yield return c.OtherSignal;
        }
    }
}

/// <summary>The value of one measurement, or why there is none (ngspice's "out of interval" and the like).</summary>
/// <param name="Name">Result name, lower case.</param>
/// <param name="AnalysisKind">tran, ac or dc.</param>
/// <param name="Value">The value; null when the measurement failed.</param>
/// <param name="Failure">Why it failed; null on success.</param>
public sealed record MeasurementResult(string Name, string AnalysisKind, double? Value, string? Failure)
{
    /// <summary>The definition it came from (null for values read from ngspice's output without one).</summary>
    public Measurement? Definition { get; init; }
}
