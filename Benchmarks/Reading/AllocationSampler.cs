using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace MemristorSpice.Benchmarks.Reading;

/// <summary>
/// Which types the managed heap allocates, from the runtime's allocation-tick events (one about every 100 kB
/// allocated, naming the type of the object that crossed the mark): a sampled histogram for profiling, in process.
/// </summary>
public sealed class AllocationSampler : EventListener
{
    private readonly ConcurrentDictionary<string, long> _bytes = new();
    private volatile bool _on;

    /// <summary>Starts or stops counting (events arriving while stopped are ignored).</summary>
    public bool Enabled { get => _on; set => _on = value; }

    protected override void OnEventSourceCreated(EventSource source)
    {
        // Keyword 0x1 = GC; the allocation tick is a verbose-level GC event.
        if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!_on || e.EventName is null || !e.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || e.PayloadNames is null) return;
        int type = e.PayloadNames.IndexOf("TypeName"), amount = e.PayloadNames.IndexOf("AllocationAmount64");
        if (type < 0 || amount < 0) return;
        _bytes.AddOrUpdate(e.Payload![type] as string ?? "?", Convert.ToInt64(e.Payload[amount], System.Globalization.CultureInfo.InvariantCulture),
            (_, b) => b + Convert.ToInt64(e.Payload[amount], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The <paramref name="count"/> types with the most sampled bytes, largest first.</summary>
    public IReadOnlyList<(string Type, long Bytes)> Top(int count) =>
        [.. _bytes.OrderByDescending(p => p.Value).Take(count).Select(p => (p.Key, p.Value))];
}
