using MemristorSpice.Benchmarks.Cosim;
using MemristorSpice.Cosim.Driver;

namespace MemristorSpice.Benchmarks.Compare;

/// <summary>
/// Co-simulation vs the ideal float network: the shipped MSCCNN on the first N MNIST test images with
/// the benchmark settings (native dc backend, 1 Ω wires, ideal devices, A0 = 1e5, 8-bit DAC/ADC), and the float
/// network on the same images, in this process, with the same thread count (<see cref="CosimBenchmark"/>).
/// </summary>
public sealed class CosimSection(ComparisonOptions options, TextWriter log)
{
    public const string Title = "Co-simulation vs the ideal float network";

    public SectionResult Run()
    {
        int threads = Environment.ProcessorCount;
        var m = CosimBenchmark.Measure(options.CosimImages, threads, options.CosimRepeats, log);
        var table = new ResultTable(Title,
            "`memspice cosim` benchmark settings: shipped weights/msccnn.msw, native dc backend (each tile generated, factored " +
            "once, exact transfer matrix), 1 Ω row and column wire segments, ideal devices, op-amp A0 = 1e5, 8-bit DAC and ADC, " +
            "converter ranges and per-output correction calibrated on the first MNIST training images. Float: the same " +
            "BN-folded network's forward pass (`FloatReference`: parallel over images, one image per pass, as the co-simulation runner) on the same test images. Both with " + threads +
            " threads, after a JIT warm-up, medians of " + m.Repeats + " interleaved run(s); setup (folding, calibration, " +
            "tile generation and factoring) is not in the co-simulation time. CPU ratio: the same ratio in process CPU " +
            "time, less sensitive to other jobs on the machine. Peak RSS: the process over setup and the runs.",
            "images", "float (s)", "co-simulation (s)", "ratio", "CPU ratio", "images/s", "setup (s)", "peak RSS (MB)",
            "accuracy analog / float (%)", "predictions differing");
        table.Add($"{m.Images}", Format.Seconds(m.FloatSeconds), Format.Seconds(m.CosimSeconds), Format.Fixed(m.Ratio, 2) + "x",
            Format.Fixed(m.CpuRatio, 2) + "x", Format.Fixed(m.Images / m.CosimSeconds, 0), Format.Seconds(m.SetupSeconds),
            Format.Fixed(m.PeakMegabytes, 0), $"{Format.Fixed(100 * m.AnalogAccuracy, 2)} / {Format.Fixed(100 * m.FloatAccuracy, 2)}",
            $"{m.PredictionsDiffering}");
        log.WriteLine($"COSIM {string.Join(" | ", table.Rows[^1])}");
        var targets = new List<TargetCheck>();
        if (!options.IsQuick)
        {
            // Both clocks must agree: on the shared machine the wall-time ratio alone swings by ±20 % between runs.
            targets.Add(new("Co-simulation (dc, 1 Ω wires, 8-bit converters) at most 3x the float network on the same images, in wall and CPU time",
                m.Ratio <= 3 && m.CpuRatio <= 3, $"{Format.Seconds(m.CosimSeconds)} s vs {Format.Seconds(m.FloatSeconds)} s on {m.Images} images: {Format.Fixed(m.Ratio, 2)}x (CPU time {Format.Fixed(m.CpuRatio, 2)}x)"));
            if (m.Images == 10000)
            {
                targets.Add(new("All 10,000 test images co-simulated in at most 5 minutes on 2 cores",
                    m.CosimSeconds + m.SetupSeconds <= 300, $"{Format.Seconds(m.CosimSeconds)} s + setup {Format.Seconds(m.SetupSeconds)} s"));
                targets.Add(new("Accuracy on all 10,000 within 0.3 points of float",
                    Math.Abs(m.AnalogAccuracy - m.FloatAccuracy) <= 0.003, $"{Format.Fixed(100 * m.AnalogAccuracy, 2)} % vs {Format.Fixed(100 * m.FloatAccuracy, 2)} %"));
            }
        }
        return new SectionResult([table, CosimBenchmark.Breakdown(m)], [], targets);
    }
}
