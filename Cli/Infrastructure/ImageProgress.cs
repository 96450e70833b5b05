using Spectre.Console;

namespace MemristorSpice.Cli.Infrastructure;

/// <summary>
/// Progress over images: a live Spectre bar with images/s and ETA on a terminal, a line per 10 % when redirected.
/// The work receives a thread-safe callback (done, total).
/// </summary>
internal sealed class ImageProgress(IAnsiConsole console)
{
    public T Run<T>(string title, Func<Action<int, int>, T> work)
    {
        if (!console.Profile.Capabilities.Interactive)
        {
            int lastDecile = 0;
            var gate = new object();
            return work((done, total) =>
            {
                int decile = (int)(10L * done / total);
                lock (gate)
                {
                    if (decile <= lastDecile) return;
                    lastDecile = decile;
                    console.WriteLine($"{title}: {done}/{total} images");
                }
            });
        }
        T result = default!;
        console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(Terminal.Escape(title));
                result = work((done, total) =>
                {
                    task.MaxValue = total;
                    task.Value = done;
                });
                task.StopTask();
            });
        return result;
    }
}
