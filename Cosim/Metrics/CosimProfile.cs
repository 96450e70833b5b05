using System.Diagnostics;

namespace MemristorSpice.Cosim;

/// <summary>
/// Where a co-simulation's time goes: Stopwatch ticks per network stage of the analog path (an analog stage's time
/// includes its DAC, tile reads, ADC, correction and the ideal layer fed the same input), the fully ideal float
/// network, and the comparison statistics. Times are CPU-thread seconds summed over all worker threads (with 2
/// threads busy they add up to about twice the wall time). Thread-safe; costs two timestamps per stage per image.
/// </summary>
public sealed class CosimProfile(IReadOnlyList<string> stageNames)
{
    private readonly long[] _stageTicks = new long[stageNames.Count];
    private long _idealTicks, _statisticsTicks, _images;

    public IReadOnlyList<string> StageNames { get; } = stageNames;

    public void AddStage(int stage, long ticks) => Interlocked.Add(ref _stageTicks[stage], ticks);
    public void AddIdealNetwork(long ticks) => Interlocked.Add(ref _idealTicks, ticks);
    public void AddStatistics(long ticks) => Interlocked.Add(ref _statisticsTicks, ticks);
    public void AddImage() => Interlocked.Increment(ref _images);

    public long Images => Interlocked.Read(ref _images);
    public double StageSeconds(int stage) => Seconds(Interlocked.Read(ref _stageTicks[stage]));
    public double IdealNetworkSeconds => Seconds(Interlocked.Read(ref _idealTicks));
    public double StatisticsSeconds => Seconds(Interlocked.Read(ref _statisticsTicks));

    /// <summary>(part, thread-seconds): every stage of the analog path, then the ideal network and the statistics.</summary>
    public IReadOnlyList<(string Part, double Seconds)> Parts() =>
        [.. StageNames.Select((n, s) => ($"analog path: {n}", StageSeconds(s))),
         ("ideal float network (reference)", IdealNetworkSeconds), ("comparison statistics", StatisticsSeconds)];

    private static double Seconds(long ticks) => (double)ticks / Stopwatch.Frequency;
}
