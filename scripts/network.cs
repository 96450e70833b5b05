#:project ../Network/Network.csproj
// Reproduces the shipped weights until `memspice train/prune/evaluate` exist (see weights/README.md).
// Usage: dotnet run scripts/network.cs -- <command> ... (run from the repository root; MNIST in data/mnist).
using System.Diagnostics;
using System.Globalization;
using MemristorSpice.Network;
//   train <model> <epochs> <seed> <maxlr> <out.msw> <log.csv>
//   prune <in.msw> <ratio> <finetune-epochs> <out.msw> <log.csv>
//   finetune <in.msw> <epochs> <seed> <maxlr> <out.msw> <log.csv>   (continue training a loaded model)
//   evaluate <in.msw>
var dir = Path.Combine("data", "mnist");
var train = Datasets.MnistTrain(dir);
var test = Datasets.MnistTest(dir);
var ic = CultureInfo.InvariantCulture;
var sw = Stopwatch.StartNew();
void Progress(TrainingProgress p) { if (p.Batch % 100 == 0) Console.WriteLine($"  e{p.Epoch} {p.Batch}/{p.Batches} loss {p.Loss:F4} acc {p.Accuracy:F4} lr {p.LearningRate:G3} {sw.Elapsed.TotalSeconds:F0}s"); }
switch (args[0])
{
    case "train":
    {
        var opt = new TrainingOptions { Epochs = int.Parse(args[2]), Seed = int.Parse(args[3]), MaxLearningRate = float.Parse(args[4], ic) };
        var r = TrainingRecipe.Run(args[1], opt, train, test, Progress,
            e => Console.WriteLine($"epoch {e.Epoch} loss {e.TrainLoss:F4} train {e.TrainAccuracy:F4} test {e.TestAccuracy:F4} {e.Seconds:F1}s"),
            args[5], args[6]);
        Console.WriteLine($"DONE {args[1]} test {r.Test.Accuracy:F4} in {r.Seconds:F1}s");
        break;
    }
    case "prune":
    {
        var model = WeightsFile.Load(args[1]);
        var opt = new PruningOptions { Ratio = double.Parse(args[2], ic), FineTune = new PruningOptions().FineTune with { Epochs = int.Parse(args[3]) } };
        var r = PruningRecipe.Run(model, train, test, opt, Console.WriteLine, Progress);
        foreach (var (k, v) in r.RemovedChannels) Console.WriteLine($"{k}: removed {v.Length} [{string.Join(",", v)}]");
        Console.WriteLine($"crossbars {r.Before.Crossbars} -> {r.After.Crossbars}, dw {r.Before.DepthwiseCrossbars} -> {r.After.DepthwiseCrossbars}, memristors {r.Before.Memristors} -> {r.After.Memristors}");
        Console.WriteLine($"accuracy {100 * r.BaselineAccuracy:F2} -> {100 * r.Accuracy:F2} (drop {r.DropPoints:F2} points) in {sw.Elapsed.TotalSeconds:F1}s");
        r.Trials[^1].Log.WriteCsv(args[5]);
        WeightsFile.Save(r.Model, args[4], new Dictionary<string, string>
        {
            ["source"] = Path.GetFileName(args[1]), ["ratio"] = r.Ratio.ToString(ic), ["finetune_epochs"] = args[3],
            ["test_accuracy"] = r.Accuracy.ToString("F4", ic), ["baseline_accuracy"] = r.BaselineAccuracy.ToString("F4", ic),
        });
        break;
    }
    case "finetune":
    {
        var model = WeightsFile.Load(args[1]);
        var opt = new TrainingOptions { Epochs = int.Parse(args[2]), Seed = int.Parse(args[3]), MaxLearningRate = float.Parse(args[4], ic) };
        var log = Trainer.Train(model, train, opt, test, Progress,
            e => Console.WriteLine($"epoch {e.Epoch} loss {e.TrainLoss:F4} train {e.TrainAccuracy:F4} test {e.TestAccuracy:F4} {e.Seconds:F1}s"));
        var eval = Evaluator.Evaluate(model, test);
        log.WriteCsv(args[6]);
        var meta = TrainingRecipe.Metadata(opt, eval, sw.Elapsed.TotalSeconds);
        meta["source"] = Path.GetFileName(args[1]);
        WeightsFile.Save(model, args[5], meta);
        Console.WriteLine($"DONE finetune test {eval.Accuracy:F4} in {sw.Elapsed.TotalSeconds:F1}s");
        break;
    }
    case "evaluate":
    {
        var model = WeightsFile.Load(args[1]);
        var e = Evaluator.Evaluate(model, test);
        Console.WriteLine($"{model.Name}: {100 * e.Accuracy:F2} % ({e.Correct}/{e.Count})");
        Console.WriteLine(e.ConfusionText());
        var c = ModelCounter.Count(model);
        Console.WriteLine($"weights {c.Weights} biases {c.Biases} MACs {c.Macs} crossbars {c.Crossbars} memristors {c.Memristors} op-amps {c.OpAmps}");
        break;
    }
}
