using System.Text;

namespace MemristorSpice.Network.IO;

/// <summary>
/// The character set for names that come from input files and end up in file names, netlist comments and the
/// console (model and layer names of a .msw file, metadata keys): a letter, then at most 63 letters, digits, '_',
/// '.' or '-'; no "..", no trailing '.', and not a device name Windows reserves (con, prn, aux, nul, com1-9,
/// lpt1-9, also with an extension). Such a name is a plain file stem on every file system and a single token on
/// a netlist line.
/// </summary>
public static class InputName
{
    /// <summary>Longest accepted name, in characters.</summary>
    public const int MaxLength = 64;

    /// <summary>The rule in words, for error messages and docs.</summary>
    public const string Rule = "a letter followed by at most 63 letters, digits, '_', '.' or '-', without '..' or a trailing '.', " +
                               "and not a reserved device name (con, prn, aux, nul, com1-9, lpt1-9)";

    private static readonly HashSet<string> Reserved = new(
        ["con", "prn", "aux", "nul", .. Enumerable.Range(1, 9).SelectMany(i => new[] { $"com{i}", $"lpt{i}" })],
        StringComparer.OrdinalIgnoreCase);

    /// <summary>Why <paramref name="name"/> breaks the rule, or null when it is acceptable.</summary>
    public static string? Problem(string? name)
    {
        if (name is null) return "is missing";
        if (name.Length == 0) return "is empty";
        if (name.Length > MaxLength) return $"is {name.Length} characters long (at most {MaxLength})";
        if (!char.IsAsciiLetter(name[0])) return "must start with a letter";
        foreach (var c in name)
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('_' or '.' or '-'))
                return $"holds the character {Escape(c.ToString())}, outside letters, digits, '_', '.' and '-'";
        if (name.Contains("..", StringComparison.Ordinal)) return "contains '..'";
        if (name.EndsWith('.')) return "ends with '.'";
        var stem = name.Split('.')[0];
        if (Reserved.Contains(stem)) return $"is the reserved device name '{stem}'";
        return null;
    }

    /// <summary>
    /// Text from an input file made safe to show in one line of a message: control, line-separator and
    /// non-character code points as \uXXXX, at most 80 characters shown (the length is given when cut), in quotes.
    /// </summary>
    public static string Quote(string? text)
    {
        if (text is null) return "(null)";
        const int shown = 80;
        var body = Escape(text.Length > shown ? text[..shown] : text);
        return text.Length > shown ? $"'{body}'... ({text.Length} characters)" : $"'{body}'";
    }

    /// <summary>Replaces every character that could break a line or a terminal by its \uXXXX form.</summary>
    public static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            var c = text[i];
            bool pairedSurrogate = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            if (pairedSurrogate) { sb.Append(c).Append(text[++i]); continue; }
            if (IsUnsafe(c)) sb.Append("\\u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
            else sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>Control characters (C0, DEL, C1), Unicode line/paragraph separators, lone surrogates and U+FFFE/U+FFFF.</summary>
    public static bool IsUnsafe(char c) =>
        char.IsControl(c) || c is '\u2028' or '\u2029' or '\uFFFE' or '\uFFFF' || char.IsSurrogate(c);
}
