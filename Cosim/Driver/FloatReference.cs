using MemristorSpice.Network;

namespace MemristorSpice.Cosim;

/// <summary>
/// The ideal float network run side by side with a co-simulation (the speed reference of issue 9): the same
/// BN-folded network's batched forward pass on the same images, with the same number of threads as the
/// co-simulation (<see cref="Par.MaxThreads"/> is set for the run and restored).
/// </summary>
public static class FloatReference
{
    /// <summary>
    /// Images per batch. 100 keeps the largest activation (conv1, 100 × 32 × 28 × 28 floats) at 10 MB; batches of 500
    /// were no faster and pushed the CLI's peak memory from about 0.6 to 1.2 GB after a 10,000-image run.
    /// </summary>
    public const int BatchSize = 100;

    public static EvaluationResult Run(CrossbarNetwork network, Dataset data, int threads)
    {
        int saved = Par.MaxThreads;
        Par.MaxThreads = Math.Max(1, threads);
        try { return Evaluator.Evaluate(network.Forward, network.Stages[^1].OutputShape.Size, data, BatchSize); }
        finally { Par.MaxThreads = saved; }
    }
}
