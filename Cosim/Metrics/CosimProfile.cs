using System.Diagnostics;
using System.Runtime.InteropServices;

namespace MemristorSpice.Cosim.Metrics;

/// <summary>
/// Where a co-simulation's time goes: time per network stage of the analog path (an analog stage's time includes
/// its DAC, tile reads, ADC, correction and the ideal layer fed the same input), the fully ideal float network, and
/// the comparison statistics. On Linux the clock is the calling thread's CPU time (clock_gettime
/// CLOCK_THREAD_CPUTIME_ID), so time the thread spent waiting for a core on a loaded machine is not counted;
/// elsewhere it is the Stopwatch. Times are summed over all worker threads. Thread-safe; costs two clock reads
/// (about 0.1–0.5 µs each) per stage per image.
/// </summary>
public sealed class CosimProfile(IReadOnlyList<string> stageNames)
{
    private readonly long[] _stageTicks = new long[stageNames.Count];
    private long _idealTicks, _statisticsTicks, _images;

    /// <summary>Names of the network stages, in stage order.</summary>
    public IReadOnlyList<string> StageNames { get; } = stageNames;

    /// <summary>True when <see cref="Now"/> is thread CPU time, false when it is wall time.</summary>
    public static bool IsThreadCpuTime { get; } = ProbeThreadClock();

    /// <summary>The profile's clock in <see cref="Stopwatch.Frequency"/> ticks.</summary>
    public static long Now()
    {
        if (IsThreadCpuTime && clock_gettime(ClockThreadCpuTime, out var ts) == 0)
            return (long)((ts.Seconds * 1_000_000_000L + ts.Nanoseconds) * (Stopwatch.Frequency / 1e9));
        return Stopwatch.GetTimestamp();
    }

    /// <summary>Adds <paramref name="ticks"/> clock ticks to stage <paramref name="stage"/>.</summary>
    public void AddStage(int stage, long ticks) => Interlocked.Add(ref _stageTicks[stage], ticks);
    /// <summary>Adds clock ticks spent in the fully ideal network.</summary>
    public void AddIdealNetwork(long ticks) => Interlocked.Add(ref _idealTicks, ticks);
    /// <summary>Adds clock ticks spent on the comparison statistics.</summary>
    public void AddStatistics(long ticks) => Interlocked.Add(ref _statisticsTicks, ticks);
    /// <summary>Counts one finished image.</summary>
    public void AddImage() => Interlocked.Increment(ref _images);

    /// <summary>Images finished so far.</summary>
    public long Images => Interlocked.Read(ref _images);
    /// <summary>Thread-seconds spent in stage <paramref name="stage"/>.</summary>
    public double StageSeconds(int stage) => Seconds(Interlocked.Read(ref _stageTicks[stage]));
    /// <summary>Thread-seconds spent in the fully ideal network.</summary>
    public double IdealNetworkSeconds => Seconds(Interlocked.Read(ref _idealTicks));
    /// <summary>Thread-seconds spent on the comparison statistics.</summary>
    public double StatisticsSeconds => Seconds(Interlocked.Read(ref _statisticsTicks));

    /// <summary>(part, thread-seconds): every stage of the analog path, then the ideal network and the statistics.</summary>
    public IReadOnlyList<(string Part, double Seconds)> Parts() =>
        [.. StageNames.Select((n, s) => ($"analog path: {n}", StageSeconds(s))),
         ("ideal float network (reference)", IdealNetworkSeconds), ("comparison statistics", StatisticsSeconds)];

    private static double Seconds(long ticks) => (double)ticks / Stopwatch.Frequency;

    private const int ClockThreadCpuTime = 3; // CLOCK_THREAD_CPUTIME_ID on Linux

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec { public long Seconds; public long Nanoseconds; }

    [DllImport("libc", SetLastError = false)]
    private static extern int clock_gettime(int clock, out TimeSpec time);

    private static bool ProbeThreadClock()
    {
        if (!OperatingSystem.IsLinux() || IntPtr.Size != 8) return false;
        try { return clock_gettime(ClockThreadCpuTime, out _) == 0; }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { return false; }
    }
}
