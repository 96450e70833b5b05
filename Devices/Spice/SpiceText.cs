using System.Globalization;
using System.Text;

namespace MemristorSpice.Devices.Spice;

/// <summary>
/// The one way free text (names and descriptions that may come from input files) enters a SPICE deck we write:
/// as the title line or after the "* " of a comment line. The result is a single line that cannot start a new
/// line, a continuation or a dot-command in ngspice or in our reader.
/// </summary>
public static class SpiceText
{
    /// <summary>
    /// Text made safe for a title or a comment: every control character (C0, DEL, C1 such as NEL), Unicode line and
    /// paragraph separator, lone surrogate and non-character U+FFFE/U+FFFF becomes \uXXXX; text whose first non-blank
    /// character is '.' or '+' (a dot-command or a continuation, were the line ever read as other than a title or
    /// comment) loses its leading blanks and gets a '_' prefix; blank text becomes "-". A leading '*' is kept: as a
    /// title or after "* " it is inert, and titles of read decks often start with it.
    /// </summary>
    public static string Line(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "-";
        var sb = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(c).Append(text[++i]);
                continue;
            }
            bool unsafeChar = char.IsControl(c) || c is '\u2028' or '\u2029' or '\uFFFE' or '\uFFFF' || char.IsSurrogate(c);
            if (unsafeChar) sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            else sb.Append(c);
        }
        var line = sb.ToString();
        var start = line.TrimStart(' ');
        if (start.Length == 0) return "-";
        return start[0] is '.' or '+' ? "_" + start : line;
    }

    /// <summary>A whole comment line "* text" (no newline) with <paramref name="text"/> passed through <see cref="Line"/>.</summary>
    public static string Comment(string? text) => "* " + Line(text);
}
