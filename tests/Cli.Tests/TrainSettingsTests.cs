using MemristorSpice.Cli.Commands.Train;
using MemristorSpice.Network;
using MemristorSpice.Network.Data;
using MemristorSpice.Network.Training;

namespace MemristorSpice.Cli.Tests;

/// <summary>Binding of <c>train</c>'s options into <see cref="TrainSettings"/> and the training options they give, without training.</summary>
public class TrainSettingsTests
{
    private static TrainSettings Bind(params string[] args)
    {
        var command = new TrainCommand();
        var parse = command.Command.Parse(args);
        Assert.Empty(parse.Errors);
        return command.Bind(parse);
    }

    [Theory]
    // The --lr help text: 0.003 for lenet, 0.01 otherwise. Exact float comparison: the constants pass through unchanged.
    [InlineData("lenet", 0.003f)]
    [InlineData("msccnn", 0.01f)]
    [InlineData("fcn", 0.01f)]
    public void Without_lr_the_models_default_peak_rate_applies(string model, float peak)
    {
        var s = Bind("--model", model, "--out", "w.msw");
        var o = s.ToTrainingOptions();
        Assert.Equal(peak, o.MaxLearningRate);
        Assert.Equal((8, 1, 128, OptimizerKind.Adam, ScheduleKind.OneCycle), (o.Epochs, o.Seed, o.BatchSize, o.Optimizer, o.Schedule));
        Assert.Equal(Path.ChangeExtension("w.msw", ".log.csv"), s.LogPath);
        Assert.Null(s.TrainImages);
    }

    [Fact]
    public void Overrides_reach_the_training_options()
    {
        var s = Bind("--model", "lenet", "--epochs", "2", "--seed", "9", "--batch", "32", "--lr", "0.05", "--optimizer", "sgd", "--schedule", "cosine",
            "--train-images", "1000", "--dataset", "fashion", "--out", "w.msw", "--log", "l.csv", "--force");
        var o = s.ToTrainingOptions();
        Assert.Equal((2, 9, 32, 0.05f, OptimizerKind.Sgd, ScheduleKind.Cosine), (o.Epochs, o.Seed, o.BatchSize, o.MaxLearningRate, o.Optimizer, o.Schedule));
        Assert.Equal((1000, "fashion", "l.csv", true), (s.TrainImages, s.Dataset, s.LogPath, s.Force));
        Assert.Equal("memspice --model lenet --epochs 2 --seed 9 --batch 32 --lr 0.05 --optimizer sgd --schedule cosine --train-images 1000 " +
                     "--dataset fashion --out w.msw --log l.csv --force", s.CommandLine);
    }
}
