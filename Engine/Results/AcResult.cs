using System.Numerics;

namespace MemristorSpice.Engine.Results;

/// <summary>
/// Result of an AC analysis: frequencies in Hz and, per signal ("v(out)", "i(v1)", lower case), the complex
/// small-signal phasor at each frequency (V or A per unit of the AC excitation).
/// </summary>
public sealed class AcResult
{
    private readonly Dictionary<string, Complex[]> _signals = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Result over frequencies (Hz) with one complex column per signal, each as long as the sweep; names stored lower case.</summary>
    public AcResult(double[] frequencies, IEnumerable<KeyValuePair<string, Complex[]>> signals)
    {
        Frequencies = frequencies;
        foreach (var (name, values) in signals)
        {
            if (values.Length != frequencies.Length)
                throw new ArgumentException($"Signal {name} has {values.Length} points, the sweep has {frequencies.Length}.");
            _signals[name.ToLowerInvariant()] = values;
        }
    }

    /// <summary>Frequencies in Hz.</summary>
    public double[] Frequencies { get; }

    /// <summary>Signal names, lower case.</summary>
    public IReadOnlyCollection<string> Names => _signals.Keys;

    /// <summary>True if the result has the signal (case-insensitive).</summary>
    public bool Contains(string name) => _signals.ContainsKey(name);

    /// <summary>Phasors of a signal; throws with the known names if absent.</summary>
    public Complex[] this[string name] =>
        _signals.TryGetValue(name, out var v) ? v
            : throw new KeyNotFoundException($"No signal '{name}'. Known: {string.Join(", ", _signals.Keys.Take(20))}");

    /// <summary>
    /// As a real table versus "frequency" in Hz with two columns per signal, named after ngspice's vector
    /// functions: "vdb(out)" = 20·log10|V| in dB (re 1 V; currents "idb(v1)" re 1 A) and "vp(out)_deg" = the
    /// phase in degrees (ngspice's vp() is in radians, hence the suffix). See <see cref="AcColumns"/>.
    /// </summary>
    public WaveformTable ToTable()
    {
        var columns = new List<KeyValuePair<string, double[]>>();
        foreach (var (name, values) in _signals.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            columns.Add(new(AcColumns.Decibels(name), values.Select(AcColumns.ToDecibels).ToArray()));
            columns.Add(new(AcColumns.Degrees(name), values.Select(AcColumns.ToDegrees).ToArray()));
        }
        return new WaveformTable(AcColumns.Axis, Frequencies, columns);
    }
}

/// <summary>Column names and units of AC tables: "vdb(out)" in dB, "vp(out)_deg" in degrees, axis "frequency" in Hz.</summary>
public static class AcColumns
{
    /// <summary>Axis name of AC tables (Hz).</summary>
    public const string Axis = "frequency";

    /// <summary>Magnitudes below this (V or A) print as <see cref="FloorDecibels"/>: a node without AC signal.</summary>
    public const double FloorMagnitude = 1e-30;

    /// <summary>20·log10(1e-30): the dB value of an exact zero.</summary>
    public const double FloorDecibels = -600;

    /// <summary>"v(out)" → "vdb(out)", "i(v1)" → "idb(v1)".</summary>
    public static string Decibels(string signal) => Insert(signal, "db") ;

    /// <summary>"v(out)" → "vp(out)_deg", "i(v1)" → "ip(v1)_deg".</summary>
    public static string Degrees(string signal) => Insert(signal, "p") + "_deg";

    /// <summary>The underlying signal of an AC column and whether it is the dB (true) or phase (false) column; null if none.</summary>
    public static (string Signal, bool IsDecibels)? Parse(string column)
    {
        int open = column.IndexOf('(');
        if (open < 1 || !column.Contains(')')) return null;
        string prefix = column[..open], rest = column[open..];
        char kind = prefix[0];
        if (kind is not ('v' or 'i')) return null;
        if (prefix[1..] == "db" && rest.EndsWith(')')) return ($"{kind}{rest}", true);
        if (prefix[1..] == "p" && rest.EndsWith(")_deg", StringComparison.Ordinal)) return ($"{kind}{rest[..^4]}", false);
        return null;
    }

    /// <summary>Magnitude in dB, 20·log10|value|, or <see cref="FloorDecibels"/> below <see cref="FloorMagnitude"/>.</summary>
    public static double ToDecibels(Complex value)
    {
        double m = value.Magnitude;
        return m < FloorMagnitude ? FloorDecibels : 20 * Math.Log10(m);
    }

    /// <summary>Phase in degrees (−180 to 180); 0 for a phasor too small to have a meaningful phase.</summary>
    public static double ToDegrees(Complex value) => value.Magnitude < FloorMagnitude ? 0 : value.Phase * 180 / Math.PI;

    private static string Insert(string signal, string function)
    {
        int open = signal.IndexOf('(');
        if (open < 1) throw new ArgumentException($"'{signal}' is not a v(...) or i(...) signal.");
        return signal[..open] + function + signal[open..];
    }
}
