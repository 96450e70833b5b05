using MemristorSpice.Benchmarks.Cosim;

namespace MemristorSpice.Benchmarks.Compare;

/// <summary>
/// Noisy vs noiseless dc co-simulation side by side: the benchmark design (<see cref="CosimBenchmark.IssueSettings"/>)
/// without and with read noise (thermal noise of each tile, op-amp en/in, cells' 1/f and RTN, sampled per read), the
/// same images, threads and repeats. Target: the noise costs at most 1.5x the noiseless run.
/// </summary>
public sealed class NoiseCosimSection(ComparisonOptions options, TextWriter log)
{
    public const string Title = "Co-simulation with read noise vs noiseless (dc)";

    public SectionResult Run()
    {
        int threads = Environment.ProcessorCount;
        var clean = CosimBenchmark.IssueSettings;
        var noisy = clean with { Noise = clean.Noise with { Enabled = true, Seed = 1 } };
        // Interleaved (noiseless, noisy, noiseless, ...) so that the load of the shared machine changes both alike.
        var m = CosimBenchmark.MeasureInterleaved(options.CosimImages, threads, options.CosimRepeats, log, [clean, noisy]);
        var (a, b) = (m[0], m[1]);
        var table = new ResultTable(Title,
            "`memspice cosim` benchmark settings (shipped weights/msccnn.msw, native dc backend, 1 Ω wire segments, op-amp " +
            "A0 = 1e5, 8-bit DAC and ADC), without and with `--noise` (seed 1: thermal noise of each tile from its adjoint " +
            "solves, op-amp en = 10 nV/√Hz and in = 10 fA/√Hz, cells' 1/f and RTN read noise, one sample per output and read). " +
            threads + " threads, after a JIT warm-up, medians of " + a.Repeats + " interleaved run(s) of each; setup not included (its noise " +
            "part, one adjoint solve per output and tile, is in the setup column). Ratio: to the noiseless run.",
            "reads", "images", "co-simulation (s)", "CPU (s)", "ratio", "CPU ratio", "setup (s)", "accuracy analog / float (%)");
        table.Add("noiseless", $"{a.Images}", Format.Seconds(a.CosimSeconds), Format.Seconds(a.CosimCpuSeconds), "1", "1",
            Format.Seconds(a.SetupSeconds), $"{Format.Fixed(100 * a.AnalogAccuracy, 2)} / {Format.Fixed(100 * a.FloatAccuracy, 2)}");
        double ratio = b.CosimSeconds / a.CosimSeconds, cpu = b.CosimCpuSeconds / a.CosimCpuSeconds;
        table.Add("noisy", $"{b.Images}", Format.Seconds(b.CosimSeconds), Format.Seconds(b.CosimCpuSeconds), Format.Fixed(ratio, 2) + "x",
            Format.Fixed(cpu, 2) + "x", Format.Seconds(b.SetupSeconds), $"{Format.Fixed(100 * b.AnalogAccuracy, 2)} / {Format.Fixed(100 * b.FloatAccuracy, 2)}");
        log.WriteLine($"NOISE {string.Join(" | ", table.Rows[^1])}");
        var targets = new List<TargetCheck>();
        if (!options.IsQuick)
            targets.Add(new("Noisy dc co-simulation at most 1.5x the noiseless one (CPU time)", cpu <= 1.5,
                $"{Format.Seconds(b.CosimCpuSeconds)} s vs {Format.Seconds(a.CosimCpuSeconds)} s CPU on {a.Images} images: {Format.Fixed(cpu, 2)}x (wall {Format.Fixed(ratio, 2)}x)"));
        return new SectionResult([table], [], targets);
    }
}
