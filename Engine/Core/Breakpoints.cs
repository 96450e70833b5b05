namespace MemristorSpice.Engine;

/// <summary>Sorted set of times in s that the transient must hit exactly (source corners).</summary>
public sealed class Breakpoints
{
    private readonly SortedSet<double> _times = new();

    public void Add(double time)
    {
        if (double.IsFinite(time) && time >= 0) _times.Add(time);
    }

    public IReadOnlyCollection<double> Times => _times;

    /// <summary>First breakpoint strictly later than time + tolerance, or +∞.</summary>
    public double Next(double time, double tolerance)
    {
        foreach (var t in _times.GetViewBetween(time + tolerance, double.MaxValue)) return t;
        return double.PositiveInfinity;
    }
}
