using System.Globalization;

namespace MemristorSpice.Devices.Spice;

/// <summary>Number text for SPICE decks: invariant culture, round-trip precision, no SPICE suffixes
/// (so "1E-14" never meets the m/M milli/mega trap).</summary>
public static class SpiceFormat
{
    /// <summary>Formats <paramref name="value"/> for a SPICE deck (invariant, round-trip, no suffix).</summary>
    public static string Number(double value)
    {
        if (!double.IsFinite(value))
            throw new ArgumentException($"cannot write the non-finite number {value} into a SPICE deck.");
        return value.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>Softplus of the expression u with width s (both SPICE expressions), same formula as
    /// <see cref="Memristors.Smooth.Softplus"/>: max(u,0) + s·ln(1 + exp(−|u|/s)), log term dropped beyond 50·s.</summary>
    public static string Softplus(string u, string s) => Softplus(u, s, SpiceSyntax.Ngspice);

    /// <summary>Softplus of the expression u with width s in the syntax of a dialect (same formula).</summary>
    public static string Softplus(string u, string s, SpiceSyntax syntax) =>
        $"({syntax.PositivePart(u)}+({syntax.Conditional($"abs({u})>{Number(Memristors.Smooth.Cutoff)}*{s}", "0", $"{s}*{syntax.Ln($"1+exp(-abs({u})/{s})")}")}))";

    /// <summary>Clamp of an expression to [0, 1].</summary>
    public static string ClampUnit(string u) => $"min(max({u},0),1)";
}
