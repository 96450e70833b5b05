namespace MemristorSpice.Engine.Core;

/// <summary>
/// Sorted set of times in s that the transient must hit exactly (source corners), bounded by <see cref="Capacity"/>:
/// every corner costs at least one time step and one stored point, so a waveform that would add more is refused.
/// </summary>
public sealed class Breakpoints(long capacity = long.MaxValue)
{
    private readonly SortedSet<double> _times = new();

    /// <summary>Most breakpoints this set takes (the analysis's point limit).</summary>
    public long Capacity { get; } = capacity;

    /// <summary>Adds a corner at time in s; ignores negative and non-finite times, throws when <see cref="Capacity"/> is exceeded.</summary>
    public void Add(double time)
    {
        if (!double.IsFinite(time) || time < 0) return;
        if (_times.Count >= Capacity && !_times.Contains(time))
            throw new CircuitException($"source corners (breakpoints) exceed the point limit of {Capacity:N0}; " +
                                       "raise it with --max-points (SimulationOptions.MaxPoints) if this is intended");
        _times.Add(time);
    }

    /// <summary>Breakpoint times in s, ascending, without duplicates.</summary>
    public IReadOnlyCollection<double> Times => _times;

    /// <summary>First breakpoint strictly later than time + tolerance, or +∞.</summary>
    public double Next(double time, double tolerance)
    {
        foreach (var t in _times.GetViewBetween(time + tolerance, double.MaxValue)) return t;
        return double.PositiveInfinity;
    }

    /// <summary>
    /// Indices k of the repetitions first + k·period (k ≥ 0) whose span [start, start + length] meets [0, stop], for a
    /// periodic waveform adding <paramref name="cornersPerPeriod"/> corners per period. Refuses, naming the
    /// <paramref name="what"/>, a period so short that the corners would exceed <see cref="Capacity"/>, or a start so far
    /// before 0 that the period's phase is lost to rounding (|first| / period beyond 1e12).
    /// </summary>
    public (long First, long Last) Repetitions(double first, double period, double length, double stop, int cornersPerPeriod, string what)
    {
        long kFirst = 0;
        if (first + length < 0)
        {
            double skipped = Math.Floor(-(first + length) / period);
            if (!(skipped <= 1e12))
                throw new CircuitException($"{what}: the start {first:G6} s lies more than 1e12 periods of {period:G6} s before time 0; " +
                                           "the phase is lost to rounding (use a start within a few periods of 0)");
            kFirst = (long)skipped;
        }
        double start = first + kFirst * period;
        if (start > stop) return (0, -1);
        double count = Math.Floor((stop - start) / period) + 1;
        if (!(count * cornersPerPeriod <= Capacity - _times.Count))
            throw new CircuitException($"{what}: a period of {period:G6} s repeats {count:G3} times up to tstop {stop:G6} s, more source " +
                                       $"corners than the point limit of {Capacity:N0}; lengthen the period or raise --max-points " +
                                       "(SimulationOptions.MaxPoints)");
        return (kFirst, kFirst + (long)count - 1);
    }
}
