namespace MemristorSpice.Network.Core;

/// <summary>
/// Parallel loops with results that do not depend on thread scheduling: work items write disjoint outputs,
/// and reductions go through a fixed number of chunks that are summed in chunk order.
/// </summary>
public static class Par
{
    /// <summary>Fixed chunk count for reductions: independent of the core count so results are bit-identical everywhere.</summary>
    public const int ReductionChunks = 8;

    /// <summary>Degree of parallelism; defaults to all cores, settable (e.g. 1) for profiling.</summary>
    public static int MaxThreads { get; set; } = Environment.ProcessorCount;

    /// <summary>Runs <paramref name="body"/> for indices 0..count-1, in parallel up to <see cref="MaxThreads"/>; each index must write only its own outputs.</summary>
    public static void For(int count, Action<int> body)
    {
        if (count <= 0) return;
        if (MaxThreads <= 1 || count == 1) { for (int i = 0; i < count; i++) body(i); return; }
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = MaxThreads }, body);
    }

    /// <summary>
    /// Sums per-item contributions into <paramref name="target"/>: items are split into
    /// <see cref="ReductionChunks"/> contiguous chunks, each chunk accumulates into its own buffer in item order,
    /// and the buffers are added to the target in chunk order.
    /// </summary>
    public static void Reduce(int count, float[] target, Action<int, float[]> accumulate)
    {
        int chunks = Math.Min(ReductionChunks, count);
        var partial = new float[chunks][];
        For(chunks, ch =>
        {
            var buf = new float[target.Length];
            int lo = (int)((long)count * ch / chunks), hi = (int)((long)count * (ch + 1) / chunks);
            for (int i = lo; i < hi; i++) accumulate(i, buf);
            partial[ch] = buf;
        });
        foreach (var buf in partial)
            System.Numerics.Tensors.TensorPrimitives.Add(target, buf, target);
    }
}
