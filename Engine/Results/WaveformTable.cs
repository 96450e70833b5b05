using MemristorSpice.Engine.Core;

namespace MemristorSpice.Engine.Results;

/// <summary>
/// Result table: one row per point of the independent variable (time in s, or a swept source value) and one
/// column per named signal, names lower case: "v(node)", "i(vsource)". Produced by our analyses and by the
/// ngspice runner alike, so the two are compared directly.
/// </summary>
public sealed class WaveformTable
{
    private readonly Dictionary<string, double[]> _signals;

    /// <summary>Table over axis (named axisName) with the given signal columns, each as long as the axis; names are stored lower case.</summary>
    public WaveformTable(string axisName, double[] axis, IEnumerable<KeyValuePair<string, double[]>> signals)
    {
        AxisName = axisName.ToLowerInvariant();
        Axis = axis;
        _signals = new Dictionary<string, double[]>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in signals)
        {
            if (values.Length != axis.Length)
                throw new ArgumentException($"Signal {name} has {values.Length} points, axis has {axis.Length}.");
            _signals[name.ToLowerInvariant()] = values;
        }
    }

    /// <summary>Name of the independent variable: "time", or the swept source.</summary>
    public string AxisName { get; }
    /// <summary>Values of the independent variable (time in s).</summary>
    public double[] Axis { get; }
    /// <summary>Number of rows (points of the independent variable).</summary>
    public int Count => Axis.Length;
    /// <summary>Signal names, lower case.</summary>
    public IReadOnlyCollection<string> Names => _signals.Keys;

    /// <summary>True if the table has the signal (case-insensitive).</summary>
    public bool Contains(string name) => _signals.ContainsKey(name);

    /// <summary>Column of a signal ("v(out)", "i(v1)"); throws with the known names if absent.</summary>
    public double[] this[string name] =>
        _signals.TryGetValue(name, out var v) ? v
            : throw new KeyNotFoundException($"No signal '{name}'. Known: {string.Join(", ", _signals.Keys.Take(20))}");

    /// <summary>Linear interpolation of a signal at x (clamped to the ends). Binary search, O(log n).</summary>
    public double Interpolate(string name, double x)
    {
        var y = this[name];
        var a = Axis;
        if (a.Length == 1 || x <= a[0]) return y[0];
        if (x >= a[^1]) return y[^1];
        int lo = 0, hi = a.Length - 1;
        while (hi - lo > 1)
        {
            int mid = (lo + hi) >> 1;
            if (a[mid] <= x) lo = mid; else hi = mid;
        }
        double span = a[hi] - a[lo];
        if (span <= 0) return y[hi];
        double f = (x - a[lo]) / span;
        return y[lo] + f * (y[hi] - y[lo]);
    }

    /// <summary>Value of a signal at row index.</summary>
    public double Value(string name, int row) => this[name][row];
}

/// <summary>Operating point: the value of every signal by name.</summary>
public sealed class OperatingPointResult
{
    private readonly Dictionary<string, double> _values;

    /// <summary>Operating point from signal name/value pairs (V for "v(...)", A for "i(...)"); names stored lower case.</summary>
    public OperatingPointResult(IEnumerable<KeyValuePair<string, double>> values)
    {
        _values = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        foreach (var (k, v) in values) _values[k.ToLowerInvariant()] = v;
    }

    /// <summary>Every signal value by lower-case name.</summary>
    public IReadOnlyDictionary<string, double> Values => _values;

    /// <summary>Value of a signal ("v(out)" in V, "i(v1)" in A); throws if absent.</summary>
    public double this[string signal] => _values.TryGetValue(signal, out var v) ? v
        : throw new KeyNotFoundException($"No signal '{signal}' in the operating point.");

    /// <summary>Node voltage in V (ground = 0).</summary>
    public double Voltage(string node) => Circuit.IsGround(node) ? 0 : this[$"v({Circuit.NormalizeNode(node)})"];

    /// <summary>Branch current in A of a voltage source, inductor, E or H source (SPICE sign: into the + pin).</summary>
    public double Current(string element) => this[$"i({element.ToLowerInvariant()})"];

    /// <summary>As a one-row table.</summary>
    public WaveformTable ToTable() =>
        new("point", [0.0], _values.Select(kv => new KeyValuePair<string, double[]>(kv.Key, [kv.Value])));
}
