using System.Globalization;
using System.Text;
using Spectre.Console;

namespace MemristorSpice.Cli.Infrastructure;

/// <summary>
/// Spectre.Console instances bound to a writer: colours and live progress only on a real terminal, plain
/// text (no escape codes, fixed width) when the output is redirected to a file, a pipe or a test. Text from
/// input files (node, layer and file names) reaches the console only through <see cref="Plain"/> or
/// <see cref="Escape"/>, so it can neither break a table nor send escape sequences to the terminal.
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
        // Redirected output has no terminal to measure: the COLUMNS variable (as shells export it) or 120 columns.
        if (!interactive)
            console.Profile.Width = int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out int columns) && columns is >= 40 and <= 1000 ? columns : 120;
        return console;
    }

    /// <summary>
    /// <paramref name="text"/> with every character a terminal should not receive written as an escape: control
    /// characters (C0, DEL, C1) as <c>\xNN</c>; non-characters (U+FDD0..U+FDEF, U+xxFFFE/U+xxFFFF), lone surrogates
    /// and bidirectional overrides as <c>\uXXXX</c> or <c>\U00XXXXXX</c>. A backslash stays as it is.
    /// </summary>
    public static string Plain(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        StringBuilder? sb = null;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            string? escaped = null;
            int width = 1;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                int cp = char.ConvertToUtf32(c, text[i + 1]);
                width = 2;
                if (IsNonCharacter(cp)) escaped = "\\U" + cp.ToString("X8", CultureInfo.InvariantCulture);
            }
            else if (char.IsSurrogate(c) || IsNonCharacter(c) || IsBidiControl(c))
                escaped = "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture);
            else if (c < 0x20 || (c >= 0x7F && c < 0xA0))
                escaped = "\\x" + ((int)c).ToString("X2", CultureInfo.InvariantCulture);
            if (escaped is null && sb is null)
            {
                i += width - 1;
                continue;
            }
            sb ??= new StringBuilder(text, 0, i, text.Length + 16);
            if (escaped is not null) sb.Append(escaped);
            else sb.Append(text, i, width);
            i += width - 1;
        }
        return sb?.ToString() ?? text;
    }

    /// <summary><see cref="Plain"/> and then Spectre markup escaping: for table cells and <c>MarkupLine</c> arguments.</summary>
    public static string Escape(string? text) => Markup.Escape(Plain(text));

    private static bool IsNonCharacter(int cp) => cp is >= 0xFDD0 and <= 0xFDEF || (cp & 0xFFFE) == 0xFFFE;

    private static bool IsBidiControl(char c) => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';
}
