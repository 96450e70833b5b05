using System.Diagnostics;
using MemristorSpice.Benchmarks.Cosim;
using MemristorSpice.Cosim.Backends;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Driver;
using MemristorSpice.Cosim.Reports;
using MemristorSpice.Network.Data;
using MemristorSpice.Network.IO;

namespace MemristorSpice.Benchmarks.Compare;

/// <summary>
/// Tran-mode co-simulation side by side with dc mode on the same design point: the shipped MSCCNN on the first N MNIST
/// test images with 1 Ω wires, 0.2 fF per wire segment, A0 = 1e5, GBW 10 MHz, 8-bit DAC and ADC, 1 µs read slots.
/// Tran reads every tile by superposition of its per-row step responses (computed once per tile when it is
/// programmed); dc reads the transfer matrices. Each mode is timed from a fresh session (setup: folding, calibration,
/// generation, factoring, transfer matrices and, for tran, the step responses) through all images, so the ratio is
/// what a user waits for. Tran is also run on a tenth of the images to show how time grows with images, and the
/// per-tile table shows how the step-response cost grows with tile size.
/// </summary>
public sealed class TranCosimSection(ComparisonOptions options, TextWriter log)
{
    public const string Title = "Tran co-simulation vs dc";

    /// <summary>The design point of the tran benchmark.</summary>
    public static NonIdealities Settings => new()
    {
        WireRowOhms = 1, WireColumnOhms = 1, WireCapacitanceFarads = 0.2e-15, OpAmpGain = 1e5, OpAmpGbwHz = 1e7, DacBits = 8, AdcBits = 8,
    };

    private sealed record Measured(string Mode, int Images, double SetupSeconds, double RunSeconds, double CpuSeconds, double PeakMegabytes, double Accuracy,
        IReadOnlyList<string[]> Tiles);

    public SectionResult Run()
    {
        int threads = Environment.ProcessorCount, images = options.TranImages;
        var root = RepositoryRoot.Find();
        var weights = Path.Combine(root, "weights", "msccnn.msw");
        var model = WeightsFile.Load(weights);
        var mnist = Path.Combine(root, "data", "mnist");
        var test = Datasets.MnistTest(mnist);
        var train = Datasets.MnistTrain(mnist);
        images = Math.Min(images, test.Count);
        var tranOptions = new TranOptions { ReadTimeSeconds = 1e-6 };

        Measured Measure(string mode, int n)
        {
            PeakMemory.Reset();
            var process = Process.GetCurrentProcess();
            process.Refresh();
            double cpu0 = process.TotalProcessorTime.TotalSeconds;
            ICrossbarBackend backend = mode == "dc" ? new CircuitDcBackend(Settings) : new TranBackend(Settings, tranOptions) { Threads = threads };
            var session = new CosimSession(model, RunSettings.FileSha256(weights), Settings, backend, mode, train, test, n);
            var sw = Stopwatch.StartNew();
            var outcome = new CosimRunner(session.Controller) { Threads = threads }.Run(session.Data, Shard.Whole);
            double wall = sw.Elapsed.TotalSeconds;
            process.Refresh();
            var run = new Measured(mode, n, session.SetupSeconds, wall, process.TotalProcessorTime.TotalSeconds - cpu0, PeakMemory.PeakMegabytes(),
                outcome.Analog.Accuracy, backend is TranBackend tb ? TileRows(tb) : []);
            log.WriteLine($"TRAN {mode} {n} images: setup {run.SetupSeconds:F2} s, run {run.RunSeconds:F2} s, CPU {run.CpuSeconds:F2} s, peak {run.PeakMegabytes:F0} MB, accuracy {100 * run.Accuracy:F2} %");
            return run;
        }

        // JIT warm-up of both read paths on a few images.
        Measure("dc", 16);
        var dc = Measure("dc", images);
        var tenth = Measure("tran", Math.Max(1, images / 10));
        var tran = Measure("tran", images);
        double ratio = (tran.SetupSeconds + tran.RunSeconds) / (dc.SetupSeconds + dc.RunSeconds);
        double cpuRatio = tran.CpuSeconds / dc.CpuSeconds;

        var table = new ResultTable(Title,
            "`memspice cosim --mode tran` vs `--mode dc` on the same design point: shipped weights/msccnn.msw, 1 Ω row and column wire segments, " +
            "0.2 fF per segment to ground, op-amp A0 = 1e5 and GBW 10 MHz, 8-bit DAC and ADC, 1 µs read slot (40 BDF2 steps) in tran. " +
            $"{threads} threads. Each row is a fresh session: setup (folding, calibration, tile generation, factoring, transfer matrices; " +
            "tran also the per-row step responses of every tile) plus the run over all images. Total ratio: (setup + run) tran / dc. " +
            "Peak RSS: the process from the session's start to the end of its run. A tenth of the images shows growth with images.",
            "mode", "images", "setup (s)", "run (s)", "setup + run (s)", "ratio to dc", "CPU (s)", "peak RSS (MB)", "accuracy (%)");
        foreach (var r in new[] { dc, tenth, tran })
            table.Add(r.Mode, $"{r.Images}", Format.Seconds(r.SetupSeconds), Format.Seconds(r.RunSeconds), Format.Seconds(r.SetupSeconds + r.RunSeconds),
                r.Mode == "dc" ? "1" : r.Images == dc.Images ? Format.Fixed(ratio, 2) + "x" : "-", Format.Seconds(r.CpuSeconds),
                Format.Fixed(r.PeakMegabytes, 0), Format.Fixed(100 * r.Accuracy, 2));
        log.WriteLine($"TRAN {string.Join(" | ", table.Rows[^1])}");

        var tiles = new ResultTable("Tran step responses per tile size",
            "One tile per distinct size of the tran run above (the first crossbar of each layer): transient circuit unknowns, non-zeros of " +
            "its LU factors, read slots until every row's residue is below 1e-6 of the tile's output bound (taps), and the wall time of its " +
            "step responses (all rows as blocks of right-hand sides of one factored matrix, one forward/backward pass per BDF2 step). The cost " +
            "is rows × steps × LU non-zeros; each read then costs (taps + 1) times a dc read.",
            "tile", "rows", "outputs", "unknowns", "LU non-zeros", "taps", "step responses (s)");
        foreach (var row in tran.Tiles) tiles.Add(row);

        var targets = new List<TargetCheck>();
        if (!options.IsQuick)
        {
            targets.Add(new($"Tran co-simulation of {images} images (1 Ω, 0.2 fF, A0 1e5, GBW 10 MHz, 8-bit) at most 3x dc on the same settings",
                ratio <= 3, $"{Format.Seconds(tran.SetupSeconds + tran.RunSeconds)} s vs {Format.Seconds(dc.SetupSeconds + dc.RunSeconds)} s: {Format.Fixed(ratio, 2)}x (CPU {Format.Fixed(cpuRatio, 2)}x)"));
            targets.Add(new("Tran peak memory at most 1 GB", tran.PeakMegabytes <= 1024, $"{Format.Fixed(tran.PeakMegabytes, 0)} MB"));
        }
        return new SectionResult([table, tiles], [], targets);
    }

    /// <summary>One row per distinct tile size (only numbers: the backend itself is not kept alive past its run).</summary>
    private static IReadOnlyList<string[]> TileRows(TranBackend backend) =>
        backend.Readers.GroupBy(r => (r.Tile.Rows, r.Tile.Outputs)).Select(g => g.First()).OrderBy(r => r.Model.FactorNonZeros)
            .Select(r => new[]
            {
                r.Tile.Id, $"{r.Tile.Rows}", $"{r.Tile.Outputs}", $"{r.Model.Unknowns}", $"{r.Model.FactorNonZeros}",
                r.SettlingTaps is { } t ? $"{t.Count}" : "full solver", Format.Seconds(r.ResponseSeconds),
            }).ToList();
}
