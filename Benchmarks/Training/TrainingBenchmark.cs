using System.Diagnostics;
using System.Globalization;
using CsvHelper;
using MemristorSpice.Cosim.Reports;
using MemristorSpice.Network.Core;
using MemristorSpice.Network.Data;
using MemristorSpice.Network.Layers;
using MemristorSpice.Network.Models;
using MemristorSpice.Network.Training;

namespace MemristorSpice.Benchmarks.Training;

/// <summary>
/// Training benchmark: trains msccnn from scratch on the 60,000 MNIST training images with the shipped recipe
/// (<see cref="TrainingRecipe.DefaultOptions"/>: Adam + one-cycle, batch 128, peak LR 0.01) and measures the wall
/// time of every epoch (including the test evaluation after it, so the times are upper bounds), the test accuracy
/// (10,000 images) and the
/// machine's 1-minute load average, so a time can be judged against how busy the shared cores were. Reports the
/// time at which the test accuracy first reaches the 99.0 % target and writes the table as CSV.
/// </summary>
public static class TrainingBenchmark
{
    public const double TargetAccuracy = 0.99;

    public sealed record Row(int Epoch, double EpochSeconds, double TotalSeconds, double TestAccuracy, double TrainLoss, double LoadAverage1Min);

    /// <summary>args: [repo-root] [epochs (10)] [seed (1)] [csv path (out/training-benchmark.csv)].</summary>
    public static int Run(string[] args, TextWriter log)
    {
        string root = args.Length > 0 ? args[0] : Directory.GetCurrentDirectory();
        int epochs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        int seed = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1;
        string csvPath = args.Length > 3 ? args[3] : Path.Combine(root, "out", "training-benchmark.csv");
        var dir = Path.Combine(root, "data", "mnist");
        var train = Datasets.MnistTrain(dir);
        var test = Datasets.MnistTest(dir);
        var options = TrainingRecipe.DefaultOptions("msccnn", epochs, seed);
        log.WriteLine($"msccnn, {epochs} epochs, seed {seed}, {Environment.ProcessorCount} cores, threads {Par.MaxThreads}, " +
                      $"load average at start {LoadAverage():F2}");

        var rows = new List<Row>();
        double total = 0;
        var model = ModelZoo.Create("msccnn", seed);
        Trainer.Train(model, train, options, test, epochDone: e =>
        {
            total += e.Seconds;
            var row = new Row(e.Epoch, e.Seconds, total, e.TestAccuracy ?? double.NaN, e.TrainLoss, LoadAverage());
            rows.Add(row);
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"epoch {row.Epoch,2}: {row.EpochSeconds,6:F1} s (total {row.TotalSeconds,6:F1} s), test accuracy {100 * row.TestAccuracy:F2} %, load {row.LoadAverage1Min:F2}"));
        });

        var hit = rows.FirstOrDefault(r => r.TestAccuracy >= TargetAccuracy);
        log.WriteLine(hit is null
            ? $"target {100 * TargetAccuracy:F1} % not reached in {epochs} epochs ({total:F0} s); final {100 * rows[^1].TestAccuracy:F2} %"
            : $"target {100 * TargetAccuracy:F1} % first reached after epoch {hit.Epoch} at {hit.TotalSeconds:F0} s; " +
              $"final {100 * rows[^1].TestAccuracy:F2} % after {total:F0} s (limit 600 s: {(total <= 600 ? "met" : "exceeded")})");
        AtomicFile.Write(csvPath, temp =>
        {
            using var writer = new StreamWriter(temp);
            using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
            csv.WriteRecords(rows);
        });
        log.WriteLine($"Wrote {csvPath}");
        return 0;
    }

    /// <summary>
    /// Per-layer profile of one training step of msccnn (batch 128, MNIST images): median wall time of each layer's
    /// forward (training mode) and backward over <paramref name="batches"/> steps after two warm-up steps, with the
    /// share of the whole step. Shows which kernels a speed-up has to target.
    /// </summary>
    public static int Profile(string[] args, TextWriter log)
    {
        string root = args.Length > 0 ? args[0] : Directory.GetCurrentDirectory();
        int batches = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
        var train = Datasets.MnistTrain(Path.Combine(root, "data", "mnist"));
        var model = ModelZoo.Create("msccnn", 1);
        var layers = model.Layers;
        var fwd = layers.Select(_ => new List<double>()).ToArray();
        var bwd = layers.Select(_ => new List<double>()).ToArray();
        var step = new List<double>();
        var order = Enumerable.Range(0, train.Count).ToArray();
        var optimizer = new Adam(weightDecay: 1e-4f);
        var parameters = model.TrainableParameters.ToList();
        var opt = new List<double>();
        for (int b = 0; b < batches + 2; b++)
        {
            var (x, labels) = train.Batch(order, b * 128, 128);
            model.ZeroGrad();
            var total = Stopwatch.StartNew();
            for (int i = 0; i < layers.Count; i++)
            {
                var sw = Stopwatch.StartNew();
                x = layers[i].Forward(x, training: true);
                if (b >= 2) fwd[i].Add(sw.Elapsed.TotalMilliseconds);
            }
            var dy = SoftmaxCrossEntropy.Compute(x, labels).Gradient;
            for (int i = layers.Count - 1; i >= 0; i--)
            {
                var sw = Stopwatch.StartNew();
                dy = layers[i].Backward(dy);
                if (b >= 2) bwd[i].Add(sw.Elapsed.TotalMilliseconds);
            }
            var swo = Stopwatch.StartNew();
            optimizer.Step(parameters, 1e-3f);
            if (b >= 2) { opt.Add(swo.Elapsed.TotalMilliseconds); step.Add(total.Elapsed.TotalMilliseconds); }
        }
        static double Median(List<double> v) { var s = v.Order().ToList(); return s[s.Count / 2]; }
        double stepMs = Median(step);
        log.WriteLine($"msccnn training step, batch 128, threads {Par.MaxThreads}, load average {LoadAverage():F2}: median {stepMs:F1} ms " +
                      $"({stepMs * 469 / 1000:F0} s per 60,000-image epoch)");
        log.WriteLine($"{"layer",-12} {"kind",-14} {"forward ms",10} {"backward ms",11} {"share",6}");
        for (int i = 0; i < layers.Count; i++)
        {
            double f = Median(fwd[i]), bk = Median(bwd[i]);
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{layers[i].Name,-12} {layers[i].Kind,-14} {f,10:F2} {bk,11:F2} {100 * (f + bk) / stepMs,5:F1}%"));
        }
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"adam step",-27} {Median(opt),10:F2} {"",11} {100 * Median(opt) / stepMs,5:F1}%"));
        return 0;
    }

    /// <summary>1-minute load average from /proc/loadavg (NaN where it does not exist).</summary>
    private static double LoadAverage()
    {
        try { return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture); }
        catch (IOException) { return double.NaN; }
        catch (UnauthorizedAccessException) { return double.NaN; }
    }
}
