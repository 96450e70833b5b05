using System.Diagnostics;
using MemristorSpice.Cosim.Backends;
using MemristorSpice.Cosim.Controller;
using MemristorSpice.Cosim.Metrics;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Network.Core;
using MemristorSpice.Network.Data;
using MemristorSpice.Network.Layers;

namespace MemristorSpice.Cosim.Driver;

/// <summary>
/// Co-simulation over a data set: every image of the shard goes through the digital controller (analog path) and
/// through the fully ideal float network; every analog layer is compared (a) with the ideal float layer fed the same
/// input and (b) with the ideal network's activation. Images run in parallel; all statistics are exact sums, so the
/// result does not depend on the thread count or scheduling.
/// </summary>
public sealed class CosimRunner(DigitalController controller)
{
    /// <summary>Values per layer kept for the scatter plot (from the first image of the run).</summary>
    public int ScatterValuesPerLayer { get; init; } = 4096;
    /// <summary>Images evaluated in parallel (1 = sequential).</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;
    /// <summary>Optional time breakdown (per stage of the analog path, ideal network, statistics).</summary>
    public CosimProfile? Profile { get; init; }

    /// <summary>Runs the images of one shard and compares every analog layer with the ideal network.</summary>
    /// <param name="data">Selected images.</param>
    /// <param name="shard">Slice of the images to run.</param>
    /// <param name="progress">Called with (done, total) images; may be null.</param>
    /// <param name="cancel">Stops between images.</param>
    public CosimOutcome Run(Dataset data, Shard shard, Action<int, int>? progress = null, CancellationToken cancel = default)
    {
        var sw = Stopwatch.StartNew();
        var (start, count) = shard.Range(data.Count);
        var network = controller.Network;
        var template = controller.Plans.Select(Template).ToList();
        var predictions = new ImagePrediction[count];
        var total = template.Select(t => t.EmptyCopy()).ToList();
        var scatter = new List<ScatterSample>();
        int done = 0;
        var gate = new object();

        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Threads), CancellationToken = cancel },
            () => new WorkerState(template.Select(t => t.EmptyCopy()).ToList(), new ActivationPool()),
            (i, state, worker) =>
            {
                var local = worker.Statistics;
                int image = start + i;
                var (x, labels) = data.Batch(image, 1);
                var profile = Profile;
                IReadOnlyList<StageTrace> traces;
                using (ReadNoiseContext.For(image)) traces = controller.Run(x, profile, worker.Pool);
                long t0 = profile is null ? 0 : CosimProfile.Now();
                var ideal = IdealNetwork(network, x, traces);
                long t1 = profile is null ? 0 : CosimProfile.Now();
                for (int l = 0; l < local.Count; l++)
                {
                    var s = local[l];
                    var trace = traces[s.StageIndex];
                    s.Images++;
                    ErrorStatistics.AddPair(s.VsSameInput, trace.IdealSameInput!.Data, s.VsIdealNetwork, ideal[s.StageIndex].Data, trace.Output.Data);
                    s.AdcClipped += trace.AdcClipped;
                    s.DacClipped += trace.DacClipped;
                }
                if (profile is not null)
                {
                    profile.AddIdealNetwork(t1 - t0);
                    profile.AddStatistics(CosimProfile.Now() - t1);
                    profile.AddImage();
                }
                predictions[i] = new ImagePrediction(image, labels[0],
                    SoftmaxCrossEntropy.ArgMax(traces[^1].Output.Data), SoftmaxCrossEntropy.ArgMax(ideal[^1].Data));
                if (i == 0)
                {
                    var samples = local.Select(s => new ScatterSample(s.Layer, image,
                        Head(ideal[s.StageIndex].Data), Head(traces[s.StageIndex].Output.Data))).ToList();
                    lock (gate) scatter.AddRange(samples);
                }
                // Nothing of this image is used after this point (the scatter samples are copies).
                worker.Pool.Return(traces);
                int finished = Interlocked.Increment(ref done);
                progress?.Invoke(finished, count);
                return worker;
            },
            worker => { lock (gate) for (int l = 0; l < total.Count; l++) total[l].Merge(worker.Statistics[l]); });

        return new CosimOutcome
        {
            Layers = total, Predictions = predictions, Classes = network.Stages[^1].OutputShape.Size,
            Scatter = scatter, Seconds = sw.Elapsed.TotalSeconds,
        };
    }

    /// <summary>
    /// The fully ideal network's output of every stage. A first analog stage sees the image on both paths, and for
    /// convolutions the controller's ideal-same-input result is the layer's own float arithmetic (same im2col
    /// values, same GEMM), so it is reused instead of computed twice; the test suite checks it equals
    /// <see cref="CrossbarNetwork.ForwardAll"/> bit for bit.
    /// </summary>
    public static IReadOnlyList<Tensor> IdealNetwork(CrossbarNetwork network, Tensor image, IReadOnlyList<StageTrace> traces)
    {
        var stages = network.Stages;
        var outputs = new List<Tensor>(stages.Count);
        int s = 0;
        if (stages[0] is AnalogStage { Layer: Conv2d or DepthwiseConv } && traces[0].IdealSameInput is { } first)
        {
            outputs.Add(first);
            s = 1;
        }
        for (; s < stages.Count; s++) outputs.Add(stages[s].Forward(network.StageInputs(s, image, outputs)));
        return outputs;
    }

    /// <summary>
    /// Empty statistics of a layer with its converter facts: the coarsest tile ADC's LSB and full scale in output
    /// (activation) units, ·amax/Vread as the controller converts tile sums back (an ideal ADC is given the LSB of an
    /// 8-bit ADC over its calibrated range), and the conversions per image the clipping counts are shares of.
    /// </summary>
    internal static LayerStatistics Template(AnalogLayerPlan p)
    {
        double toActivation = 1 / p.VoltsPerActivation;
        var coarsest = p.Adcs.MaxBy(a => a.FullScale)!;
        double lsb = coarsest.Bits > 0 ? coarsest.Lsb : coarsest.FullScale / 127;
        long adcPerImage = 0, dacPerImage = 0;
        foreach (var xb in p.Stage.Crossbars)
        {
            adcPerImage += (long)p.Stage.Positions * p.TileCount * xb.Outputs;
            dacPerImage += (long)p.Stage.Positions * (xb.Rows - 1);
        }
        return new LayerStatistics(p.StageIndex, p.Stage.Name, p.Stage.Kind, p.Stage.Crossbars.Count, p.TileCount, p.Stage.Positions)
        {
            AdcBits = coarsest.Bits, AdcLsb = lsb * toActivation, AdcFullScale = coarsest.FullScale * toActivation,
            AdcConversionsPerImage = adcPerImage, DacConversionsPerImage = dacPerImage,
        };
    }

    /// <summary>One worker thread's statistics and its recycled activation arrays.</summary>
    private sealed record WorkerState(List<LayerStatistics> Statistics, ActivationPool Pool);

    private float[] Head(float[] values) => values.AsSpan(0, Math.Min(values.Length, ScatterValuesPerLayer)).ToArray();
}
