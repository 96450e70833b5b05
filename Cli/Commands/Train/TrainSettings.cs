using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Network;
using MemristorSpice.Network.Data;
using MemristorSpice.Network.Models;
using MemristorSpice.Network.Training;

namespace MemristorSpice.Cli.Commands.Train;

/// <summary>Everything <c>memspice train</c> was asked, bound and range-checked.</summary>
/// <param name="LearningRate">Peak learning rate; null takes the model's default from <see cref="TrainingRecipe"/>.</param>
/// <param name="HardwareAwarePath">Design-point JSON of <c>--hardware-aware</c>, or null for plain training.</param>
/// <param name="TrainImages">Use only the first N training images; null uses all.</param>
internal sealed record TrainSettings(string Model, int Epochs, int Seed, int BatchSize, double? LearningRate, OptimizerKind Optimizer,
    ScheduleKind Schedule, int? TrainImages, string? HardwareAwarePath, DataSetChoice Dataset, string OutPath, string LogPath, bool Force, string CommandLine)
{
    /// <summary>The model's default training options with the command-line overrides.</summary>
    public TrainingOptions ToTrainingOptions()
    {
        var defaults = TrainingRecipe.DefaultOptions(Model, Epochs, Seed);
        return defaults with
        {
            BatchSize = BatchSize,
            MaxLearningRate = LearningRate is { } peak ? (float)peak : defaults.MaxLearningRate,
            Optimizer = Optimizer,
            Schedule = Schedule,
        };
    }
}
