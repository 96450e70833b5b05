using System.Globalization;

namespace MemristorSpice.Netlist.Reading;

/// <summary>
/// SPICE numbers: 1e-3, .5, 10k, 4.7u, 2meg, 3mil; letters after the scale suffix are units and ignored
/// (10kOhm, 1uF, 5V). Suffixes are case-insensitive, so 1M is milli, as in every SPICE.
/// </summary>
public static class EngineeringNumber
{
    private static readonly (string Suffix, double Scale)[] Suffixes =
    [
        ("meg", 1e6), ("mil", 25.4e-6), ("f", 1e-15), ("p", 1e-12), ("n", 1e-9), ("u", 1e-6),
        ("m", 1e-3), ("k", 1e3), ("g", 1e9), ("t", 1e12),
    ];

    public static bool TryParse(string text, out double value) => TryParse(text.AsSpan(), out value, out _);

    /// <summary>Parses a number at the start of <paramref name="text"/>; <paramref name="length"/> counts
    /// the characters used including suffix and unit letters.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out double value, out int length)
    {
        value = 0;
        length = 0;
        int i = 0;
        if (i < text.Length && (text[i] == '+' || text[i] == '-')) i++;
        int mantissaStart = i;
        while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
        if (i < text.Length && text[i] == '.')
        {
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
        }
        int digits = i - mantissaStart - (text[mantissaStart..i].Contains('.') ? 1 : 0);
        if (digits <= 0) return false;
        if (i < text.Length && (text[i] == 'e' || text[i] == 'E'))
        {
            int j = i + 1;
            if (j < text.Length && (text[j] == '+' || text[j] == '-')) j++;
            int expStart = j;
            while (j < text.Length && char.IsAsciiDigit(text[j])) j++;
            if (j > expStart) i = j;
        }
        if (!double.TryParse(text[..i], NumberStyles.Float, CultureInfo.InvariantCulture, out value)) return false;
        int numberEnd = i;
        foreach (var (suffix, scale) in Suffixes)
        {
            if (StartsWithIgnoreCase(text[numberEnd..], suffix))
            {
                value *= scale;
                i = numberEnd + suffix.Length;
                break;
            }
        }
        while (i < text.Length && char.IsAsciiLetter(text[i])) i++;
        if (double.IsInfinity(value) || double.IsNaN(value)) return false;
        length = i;
        return true;
    }

    /// <summary>A whole token as a number: the token must be consumed completely.</summary>
    public static bool TryParseToken(string token, out double value) =>
        TryParse(token.AsSpan(), out value, out int length) && length == token.Length;

    /// <summary>Shortest text that reads back to exactly the same double.</summary>
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static bool StartsWithIgnoreCase(ReadOnlySpan<char> text, string prefix) =>
        text.Length >= prefix.Length && text[..prefix.Length].Equals(prefix, StringComparison.OrdinalIgnoreCase);
}
