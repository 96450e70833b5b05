using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Network.Data;
using MemristorSpice.Network.Evaluation;
using MemristorSpice.Network.Layers;

namespace MemristorSpice.Cosim.Driver;

/// <summary>
/// The ideal float network run side by side with a co-simulation (the speed reference of the co-simulation benchmark): the same
/// BN-folded network's forward pass on the same images, parallel over images with the co-simulation's thread count,
/// one image per forward pass, exactly as <see cref="CosimRunner"/> schedules the co-simulated images. (Batches of
/// 500 through <see cref="Evaluator"/> were not faster per image here; their activation arrays pushed the CLI's peak
/// memory after a 10,000-image run to 1.4 GB.)
/// </summary>
public static class FloatReference
{
    /// <summary>Images per parallel chunk (the heap is collected between chunks, outside the measured time).</summary>
    public const int ChunkImages = 1000;

    /// <summary>Runs the float network on <paramref name="data"/>; Seconds is the wall time of the forward passes only.</summary>
    public static (EvaluationResult Result, double Seconds) Run(CrossbarNetwork network, Dataset data, int threads)
    {
        // Start from a collected heap: the co-simulation just before leaves garbage whose collection would otherwise
        // be charged to the float run. Not compacting: moving the live data sets would commit new memory.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: false);
        int classes = network.Stages[^1].OutputShape.Size;
        var predicted = new int[data.Count];
        var sw = new System.Diagnostics.Stopwatch();
        for (int start = 0; start < data.Count; start += ChunkImages)
        {
            // Collected between chunks, outside the timed part: the layers allocate every activation anew, and left
            // alone the GC let the heap grow by about 400 MB over 10,000 images (peak 1.0–1.1 GB, 0.69 GB without).
            if (start > 0) GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: false);
            sw.Start();
            Parallel.For(start, Math.Min(data.Count, start + ChunkImages), new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) }, i =>
            {
                var (x, _) = data.Batch(i, 1);
                predicted[i] = SoftmaxCrossEntropy.ArgMax(network.Forward(x).Data);
            });
            sw.Stop();
        }
        double seconds = sw.Elapsed.TotalSeconds;
        var confusion = new int[classes, classes];
        int correct = 0;
        for (int i = 0; i < data.Count; i++)
        {
            confusion[data.Labels[i], predicted[i]]++;
            if (predicted[i] == data.Labels[i]) correct++;
        }
        return (new EvaluationResult(correct, data.Count, confusion), seconds);
    }
}
