using System.Diagnostics;
using MemristorSpice.Benchmarks.Compare;
using MemristorSpice.Cosim.Backends;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Driver;
using MemristorSpice.Cosim.Metrics;
using MemristorSpice.Cosim.Reports;
using MemristorSpice.Network.Data;
using MemristorSpice.Network.Evaluation;
using MemristorSpice.Network.IO;
using MemristorSpice.Network.Layers;

namespace MemristorSpice.Benchmarks.Cosim;

/// <summary>One side-by-side measurement: the float network and the co-simulation on the same images in one process.</summary>
/// <param name="FloatSeconds">Median wall time of the ideal float network (BN folded, batched) on the images.</param>
/// <param name="CosimSeconds">Median wall time of the co-simulation of the same images (setup excluded).</param>
/// <param name="SetupSeconds">Folding, converter calibration, tile generation, factoring and transfer-matrix extraction.</param>
/// <param name="PeakMegabytes">Peak resident memory of the process over setup and the co-simulation runs.</param>
/// <param name="Profile">Time breakdown of the last co-simulation run (thread-seconds).</param>
/// <param name="FloatCpuSeconds">Median process CPU time (all threads, including the GC) of the float runs.</param>
/// <param name="CosimCpuSeconds">Median process CPU time of the co-simulation runs.</param>
public sealed record CosimMeasurement(int Images, int Threads, int Repeats, double FloatSeconds, double CosimSeconds, double FloatCpuSeconds,
    double CosimCpuSeconds, double SetupSeconds, double PeakMegabytes, double AnalogAccuracy, double FloatAccuracy, int PredictionsDiffering,
    CosimProfile Profile)
{
    /// <summary>Co-simulation wall time over float wall time (the target: at most 3).</summary>
    public double Ratio => CosimSeconds / FloatSeconds;

    /// <summary>The same ratio in CPU time, less sensitive to other jobs on a shared machine.</summary>
    public double CpuRatio => CosimCpuSeconds / FloatCpuSeconds;
}

/// <summary>
/// Co-simulation vs the ideal float network (speed target: at most 3x): the shipped MSCCNN on the first N MNIST test
/// images, native dc backend, 1 Ω row and column wire segments, ideal devices, op-amp A0 = 1e5, 8-bit DAC and ADC
/// (the benchmark configuration); the float network is the same folded network's batched forward pass. Both run with
/// the same number of threads (<see cref="Par.MaxThreads"/> is set to it for the float run), interleaved, after a JIT
/// warm-up, and the medians of the repeats are reported.
/// </summary>
public static class CosimBenchmark
{
    public static NonIdealities IssueSettings => new()
    {
        WireRowOhms = 1, WireColumnOhms = 1, OpAmpGain = 1e5, DacBits = 8, AdcBits = 8,
    };

    public static CosimMeasurement Measure(int images, int threads, int repeats, TextWriter log, NonIdealities? settings = null) =>
        MeasureInterleaved(images, threads, repeats, log, [settings ?? IssueSettings])[0];

    /// <summary>
    /// One measurement per entry of <paramref name="settings"/> on the same images: every session is set up first, then
    /// each repeat runs the float network once and the co-simulations one after the other, so a change of the machine's
    /// load during the run hits all of them alike (their ratios are what the noise section reports). The float times of
    /// every measurement are those of the shared float runs.
    /// </summary>
    public static CosimMeasurement[] MeasureInterleaved(int images, int threads, int repeats, TextWriter log, IReadOnlyList<NonIdealities> settings)
    {
        var root = RepositoryRoot.Find();
        var weights = Path.Combine(root, "weights", "msccnn.msw");
        var mnist = Path.Combine(root, "data", "mnist");
        var model = WeightsFile.Load(weights);
        var test = Datasets.MnistTest(mnist);
        var train = Datasets.MnistTrain(mnist);
        images = Math.Min(images, test.Count);
        PeakMemory.Reset();
        var sessions = settings.Select(s => new CosimSession(model, RunSettings.FileSha256(weights), s, new CircuitDcBackend(s),
            "dc", train, test, images)).ToArray();
        var data = sessions[0].Data;

        // JIT warm-up of both paths (tiered compilation reaches its optimized code after a few dozen calls).
        var warm = data.Take(Math.Min(16, data.Count));
        FloatReference.Run(sessions[0].Network, warm, threads);
        foreach (var session in sessions) new CosimRunner(session.Controller) { Threads = threads }.Run(warm, Shard.Whole);

        var floatTimes = new List<double>();
        var floatCpu = new List<double>();
        var cosimTimes = sessions.Select(_ => new List<double>()).ToArray();
        var cosimCpu = sessions.Select(_ => new List<double>()).ToArray();
        var process = Process.GetCurrentProcess();
        double Cpu() { process.Refresh(); return process.TotalProcessorTime.TotalSeconds; }
        EvaluationResult floatResult = null!;
        var outcomes = new CosimOutcome[sessions.Length];
        var profiles = new CosimProfile[sessions.Length];
        for (int r = 0; r < repeats; r++)
        {
            // Every run starts from a collected heap, outside its measured window (FloatReference collects again,
            // which is then nearly free).
            Collect();
            var gc0 = GcState.Now();
            double cpu0 = Cpu();
            (floatResult, double floatWall) = FloatReference.Run(sessions[0].Network, data, threads);
            floatTimes.Add(floatWall);
            floatCpu.Add(Cpu() - cpu0);
            log.WriteLine($"GC float: {GcState.Now() - gc0}");
            for (int i = 0; i < sessions.Length; i++)
            {
                Collect();
                var gc1 = GcState.Now();
                profiles[i] = new CosimProfile(sessions[i].Network.Stages.Select(s => s.Name).ToList());
                double cpu2 = Cpu();
                var sw = Stopwatch.StartNew();
                outcomes[i] = new CosimRunner(sessions[i].Controller) { Threads = threads, Profile = profiles[i] }.Run(data, Shard.Whole);
                cosimTimes[i].Add(sw.Elapsed.TotalSeconds);
                cosimCpu[i].Add(Cpu() - cpu2);
                log.WriteLine($"GC co-simulation{(sessions.Length > 1 ? $" {i + 1}" : "")}: {GcState.Now() - gc1}");
            }
            log.WriteLine($"COSIM {images} images, {threads} thread(s), repeat {r + 1}/{repeats}: float {floatTimes[^1]:F3} s (CPU {floatCpu[^1]:F3} s), " +
                          "co-simulation " + string.Join(", ", cosimTimes.Select((t, i) => $"{t[^1]:F3} s (CPU {cosimCpu[i][^1]:F3} s)")));
        }
        double peak = PeakMemory.PeakMegabytes();
        return sessions.Select((session, i) => new CosimMeasurement(images, threads, repeats, Median(floatTimes), Median(cosimTimes[i]),
            Median(floatCpu), Median(cosimCpu[i]), session.SetupSeconds, peak, outcomes[i].Analog.Accuracy, floatResult.Accuracy,
            outcomes[i].Predictions.Count(p => p.Analog != p.Ideal), profiles[i])).ToArray();
    }

    private static void Collect() => GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: false);

    /// <summary>The breakdown table of <paramref name="m"/>: thread-seconds per part and share of the total.</summary>
    public static ResultTable Breakdown(CosimMeasurement m)
    {
        var table = new ResultTable($"Where the co-simulation time goes ({m.Images} images)",
            (CosimProfile.IsThreadCpuTime
                ? "Thread CPU time (clock_gettime CLOCK_THREAD_CPUTIME_ID, so waiting for a core on the loaded machine is not counted) "
                : "Stopwatch time ") +
            "per part, measured in the controller and the runner (`CosimProfile`) and summed over the worker threads. An analog stage includes its DAC, the tile reads (V·T + offset), " +
            "ADC, digital correction and the ideal layer fed the same input; digital stages are the network's own ReLU, " +
            "pooling and global average pooling; the ideal float network is the per-image reference of every comparison.",
            "part", "thread seconds", "share", "µs per image");
        var parts = m.Profile.Parts();
        double total = parts.Sum(p => p.Seconds);
        foreach (var (part, s) in parts)
            table.Add(part, Format.Seconds(s), $"{Format.Fixed(100 * s / total, 1)} %", Format.Fixed(1e6 * s / Math.Max(1, m.Profile.Images), 1));
        return table;
    }

    private static double Median(List<double> values)
    {
        var v = values.Order().ToList();
        return v.Count % 2 == 1 ? v[v.Count / 2] : (v[v.Count / 2 - 1] + v[v.Count / 2]) / 2;
    }
}

/// <summary>Garbage-collection counters, to see how much of a run the GC takes.</summary>
internal readonly record struct GcState(int Gen0, int Gen1, int Gen2, TimeSpan Pause)
{
    public static GcState Now() => new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());

    public static GcState operator -(GcState a, GcState b) => new(a.Gen0 - b.Gen0, a.Gen1 - b.Gen1, a.Gen2 - b.Gen2, a.Pause - b.Pause);

    public override string ToString() => $"{Gen0}/{Gen1}/{Gen2} collections (gen 0/1/2), paused {Pause.TotalSeconds:F3} s";
}
