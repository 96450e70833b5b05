using System.Globalization;
using MemristorSpice.Netlist.Reading;

namespace MemristorSpice.Netlist.Writing;

/// <summary>
/// Writes numbers with an engineering suffix when that reads back to exactly the same double (10k, 4.7u),
/// otherwise in round-trip scientific form. Reading the text always gives the identical value.
/// </summary>
internal static class NumberFormat
{
    private static readonly (string Suffix, double Scale)[] Suffixes =
        [("t", 1e12), ("g", 1e9), ("meg", 1e6), ("k", 1e3), ("", 1), ("m", 1e-3), ("u", 1e-6), ("n", 1e-9), ("p", 1e-12), ("f", 1e-15)];

    public static string Format(double value)
    {
        if (value == 0) return "0";
        double magnitude = Math.Abs(value);
        foreach (var (suffix, scale) in Suffixes)
        {
            if (magnitude < scale) continue;
            double mantissa = value / scale;
            for (int digits = 1; digits <= 15; digits++)
            {
                string text = Math.Round(mantissa, digits).ToString("0.###############", CultureInfo.InvariantCulture) + suffix;
                if (EngineeringNumber.TryParseToken(text, out double back) && back.Equals(value)) return text;
            }
            break;
        }
        return value.ToString("R", CultureInfo.InvariantCulture);
    }
}
