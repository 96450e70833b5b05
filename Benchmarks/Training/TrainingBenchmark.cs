using System.Diagnostics;
using System.Globalization;
using CsvHelper;
using MemristorSpice.Cosim;
using MemristorSpice.Network;

namespace MemristorSpice.Benchmarks.Training;

/// <summary>
/// Issue 8 benchmark: trains msccnn from scratch on the 60,000 MNIST training images with the shipped recipe
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

    /// <summary>1-minute load average from /proc/loadavg (NaN where it does not exist).</summary>
    private static double LoadAverage()
    {
        try { return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture); }
        catch (IOException) { return double.NaN; }
        catch (UnauthorizedAccessException) { return double.NaN; }
    }
}
