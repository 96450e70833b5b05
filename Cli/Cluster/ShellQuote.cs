namespace MemristorSpice.Cli.Cluster;

/// <summary>Quotes a word for bash so that it reaches the program unchanged (single quotes; ' written as '\'').</summary>
internal static class ShellQuote
{
    public static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,+@%".Contains(c))
            ? word
            : "'" + word.Replace("'", "'\\''") + "'";

    public static string Join(IEnumerable<string> words) => string.Join(' ', words.Select(Quote));
}
