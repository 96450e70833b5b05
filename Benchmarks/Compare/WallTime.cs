using System.Globalization;

namespace MemristorSpice.Benchmarks.Compare;

/// <summary>A measured wall time, or why there is none (capped, skipped, failed).</summary>
public sealed record WallTime(double? Seconds, string? Reason, bool IsCapped = false)
{
    public static WallTime Of(double seconds) => new(seconds, null);

    public static WallTime Capped(TimeSpan cap) => new(null, $"> {cap.TotalSeconds.ToString("G3", CultureInfo.InvariantCulture)} (cap)", true);

    /// <summary>Not run because a smaller size of the same circuit already hit the cap (so this one would too).</summary>
    public static WallTime CappedBefore(TimeSpan cap, string smaller) =>
        new(null, $"> {cap.TotalSeconds.ToString("G3", CultureInfo.InvariantCulture)} (not run: {smaller} hit the cap)", true);

    public static WallTime Skipped(string reason) => new(null, reason);

    public string Text => Seconds is double s ? Format.Seconds(s) : Reason!;
}

/// <summary>Number formatting for the report (invariant culture).</summary>
public static class Format
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Seconds(double s) => s < 0.1 ? s.ToString("F4", Inv) : s < 10 ? s.ToString("F3", Inv) : s.ToString("F1", Inv);

    public static string Fixed(double v, int digits) => v.ToString("F" + digits, Inv);

    public static string Sci(double v) => v.ToString("0.0E+0", Inv);

    /// <summary>ours/theirs as "0.30", or a bound when ngspice hit its cap.</summary>
    public static string Ratio(double ours, WallTime theirs, TimeSpan cap) => theirs.Seconds is double t
        ? Fixed(ours / t, 2)
        : theirs.IsCapped ? "< " + Fixed(ours / cap.TotalSeconds, 3) : "n/a";

    /// <summary>theirs/ours as "12.3x", or a bound when ngspice hit its cap.</summary>
    public static string SpeedUp(double ours, WallTime theirs, TimeSpan cap) => theirs.Seconds is double t
        ? Fixed(t / ours, 1) + "x"
        : theirs.IsCapped ? "> " + Fixed(cap.TotalSeconds / ours, 0) + "x" : "n/a";
}
