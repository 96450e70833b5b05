using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Network;
using MemristorSpice.Network.Data;
using MemristorSpice.Network.Training;

namespace MemristorSpice.Cli.Commands.Finetune;

/// <summary>Distillation from a teacher network: its weights file, loss weight α and temperature T.</summary>
internal sealed record TeacherSettings(string WeightsPath, double Weight, double Temperature);

/// <summary>Everything <c>memspice finetune</c> was asked, bound and range-checked.</summary>
/// <param name="Teacher">Null without <c>--teacher</c> (labels only).</param>
/// <param name="HardwareAwarePath">Design-point JSON of <c>--hardware-aware</c>, or null for plain training.</param>
/// <param name="ValidationImages">Training images held out (seed 1) to pick the best epoch; 0 keeps the last epoch.</param>
internal sealed record FinetuneSettings(string WeightsPath, int Epochs, int Seed, double LearningRate, ScheduleKind Schedule, TeacherSettings? Teacher,
    int ValidationImages, string? HardwareAwarePath, DataSetChoice Dataset, string OutPath, string LogPath, bool Force, string CommandLine)
{
    /// <summary>Seed of the validation hold-out (fixed, so that the held-out images do not change with --seed).</summary>
    public const int ValidationSeed = 1;

    /// <summary>The training options without distillation (the teacher's logits need the training data: the handler adds them).</summary>
    public TrainingOptions ToTrainingOptions() => new()
    {
        Epochs = Epochs, Seed = Seed, MaxLearningRate = (float)LearningRate, Schedule = Schedule,
    };
}
