using MemristorSpice.Network.Core;
using MemristorSpice.Network.Data;
using MemristorSpice.Network.Evaluation;
using MemristorSpice.Network.Models;
using MemristorSpice.Network.Training;
using MemristorSpice.Tests.Shared;

namespace MemristorSpice.Network.Tests;

public class TrainingTests
{
    private static float[] TrainSmall(int seed, int threads)
    {
        int saved = Par.MaxThreads;
        Par.MaxThreads = threads;
        try
        {
            var m = ModelZoo.Create("msccnn", seed);
            Trainer.Train(m, TestUtil.SyntheticDataset(192, 5), new TrainingOptions { Epochs = 2, BatchSize = 64, Seed = seed, EvaluateEachEpoch = false });
            return m.Parameters.SelectMany(p => p.Value).ToArray();
        }
        finally { Par.MaxThreads = saved; }
    }

    [Fact]
    public void SameSeedGivesBitIdenticalWeightsOnAnyThreadCount()
    {
        var a = TrainSmall(3, Environment.ProcessorCount);
        var b = TrainSmall(3, Environment.ProcessorCount);
        var single = TrainSmall(3, 1);
        Assert.Equal(a, b);        // exact: no tolerance, determinism is the claim
        Assert.Equal(a, single);
        Assert.NotEqual(a, TrainSmall(4, Environment.ProcessorCount));
    }

    [Fact]
    public void SgdAndCosineScheduleAlsoLearn()
    {
        var data = TestUtil.SyntheticDataset(300, 6);
        var m = ModelZoo.Create("lenet", 2);
        var log = Trainer.Train(m, data, new TrainingOptions { Epochs = 4, BatchSize = 30, Optimizer = OptimizerKind.Sgd, Schedule = ScheduleKind.Cosine, MaxLearningRate = 0.05f }, data);
        Assert.True(log.Epochs[^1].TestAccuracy >= 0.9, $"accuracy {log.Epochs[^1].TestAccuracy}");
        Assert.StartsWith(TrainingLog.CsvHeader, log.ToCsv());
        Assert.Equal(5, log.ToCsv().Trim().Split('\n').Length);
    }

    [Fact]
    public void OneCycleScheduleShape()
    {
        var s = new OneCycleSchedule(0.01f);
        Assert.Equal(0.01f / 25, s.Rate(0, 100), 6);
        Assert.Equal(0.01f, s.Rate(30, 100), 6);
        Assert.True(s.Rate(99, 100) < 1e-4f);
    }

    [Fact]
    public void ShortMnistTrainingReachesSensibleAccuracy()
    {
        // 4000 images × 2 epochs (≈ 5 s on 2 idle cores): a correct msccnn gets well above 90 % on 2000 test images; a broken
        // gradient or data pipeline stays near 10 %. 90 % leaves margin for seed-to-seed variation.
        var dir = Dependencies.RequireMnist();
        var train = Datasets.MnistTrain(dir).Take(4000);
        var test = Datasets.MnistTest(dir).Take(2000);
        var progress = new List<TrainingProgress>();
        var m = ModelZoo.Create("msccnn", 1);
        var log = Trainer.Train(m, train, new TrainingOptions { Epochs = 2, BatchSize = 50, Seed = 1 }, test, progress.Add);
        Assert.Equal(2 * 80, progress.Count);   // one callback per batch
        Assert.Equal((2, 80, 80), (progress[^1].Epoch, progress[^1].Batch, progress[^1].Batches));
        var eval = Evaluator.Evaluate(m, test);
        Assert.True(eval.Accuracy >= 0.90, $"accuracy {eval.Accuracy:P2}");
        Assert.Equal(eval.Accuracy, log.Epochs[^1].TestAccuracy);
        Assert.Equal(2000, eval.Confusion.Cast<int>().Sum());
        Assert.Equal(eval.Correct, Enumerable.Range(0, 10).Sum(i => eval.Confusion[i, i]));
    }
}
