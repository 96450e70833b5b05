using System.Globalization;

namespace MemristorSpice.Netlist.Reading;

/// <summary>
/// SPICE numbers: 1e-3, .5, 10k, 4.7u, 2meg, 3mil; letters after the scale suffix are units and ignored
/// (10kOhm, 1uF, 5V); µ (micro sign or Greek mu) is micro like u. Suffixes are case-insensitive, so 1M is milli, as in every SPICE.
/// </summary>
internal static class EngineeringNumber
{
    /// <summary>Suffix, power of ten (applied to the decimal text, so 3n is exactly the double nearest 3e-9), extra factor.</summary>
    private static readonly (string Suffix, int Exponent, double Factor)[] Suffixes =
    [
        ("meg", 6, 1), ("mil", -6, 25.4), ("f", -15, 1), ("p", -12, 1), ("n", -9, 1), ("u", -6, 1),
        ("m", -3, 1), ("k", 3, 1), ("g", 9, 1), ("t", 12, 1),
        ("\u00b5", -6, 1), ("\u03bc", -6, 1), // micro sign and Greek mu (1µF)
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
        int mantissaEnd = i;
        long exponent = 0;
        if (i < text.Length && (text[i] == 'e' || text[i] == 'E'))
        {
            int j = i + 1;
            if (j < text.Length && (text[j] == '+' || text[j] == '-')) j++;
            int expStart = j;
            while (j < text.Length && char.IsAsciiDigit(text[j])) j++;
            if (j > expStart)
            {
                if (j - expStart > 6) return false;
                exponent = long.Parse(text[(i + 1)..j], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                i = j;
            }
        }
        int numberEnd = i;
        double factor = 1;
        foreach (var (suffix, shift, extra) in Suffixes)
        {
            if (StartsWithIgnoreCase(text[numberEnd..], suffix))
            {
                exponent += shift;
                factor = extra;
                i = numberEnd + suffix.Length;
                break;
            }
        }
        string normalized = text[..mantissaEnd].ToString() + "e" + exponent.ToString(CultureInfo.InvariantCulture);
        if (!double.TryParse(normalized, NumberStyles.Float, CultureInfo.InvariantCulture, out value)) return false;
        value *= factor;
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
