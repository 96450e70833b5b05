using Spectre.Console;

namespace MemristorSpice.Cli.Infrastructure;

/// <summary>
/// Spectre.Console instances bound to a writer: colours and live progress only on a real terminal, plain
/// text (no escape codes, fixed width) when the output is redirected to a file, a pipe or a test.
/// </summary>
internal static class Terminal
{
    public static IAnsiConsole For(TextWriter writer)
    {
        bool interactive = ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!interactive) console.Profile.Width = 120;
        return console;
    }
}
