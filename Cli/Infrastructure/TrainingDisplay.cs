using MemristorSpice.Network.Training;
using Spectre.Console;

namespace MemristorSpice.Cli.Infrastructure;

/// <summary>
/// Shows training progress: a live Spectre progress bar per epoch (loss, accuracy, ETA) on a terminal, one line
/// per finished epoch when the output is redirected.
/// </summary>
internal sealed class TrainingDisplay(IAnsiConsole console)
{
    public T Run<T>(string title, Func<Action<TrainingProgress>, Action<EpochRecord>, T> work)
    {
        void PrintEpoch(EpochRecord e) => console.MarkupLine(Terminal.Escape(
            $"{title} epoch {e.Epoch}: loss {e.TrainLoss:F4}, train accuracy {100 * e.TrainAccuracy:F2} %" +
            (e.TestAccuracy is { } t ? $", test accuracy {100 * t:F2} %" : "") + $", lr {e.LearningRate:G3}, {e.Seconds:F1} s"));

        if (!console.Profile.Capabilities.Interactive)
            return work(_ => { }, PrintEpoch);

        T result = default!;
        console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                ProgressTask? task = null;
                int taskEpoch = -1;
                result = work(p =>
                {
                    if (p.Epoch != taskEpoch)
                    {
                        task?.StopTask();
                        task = ctx.AddTask($"{title} epoch {p.Epoch}/{p.Epochs}", maxValue: p.Batches);
                        taskEpoch = p.Epoch;
                    }
                    task!.Value = p.Batch;
                    task.Description = Terminal.Escape($"{title} epoch {p.Epoch}/{p.Epochs} loss {p.Loss:F4} acc {100 * p.Accuracy:F1} %");
                }, e =>
                {
                    task?.StopTask();
                    PrintEpoch(e);
                });
            });
        return result;
    }
}
