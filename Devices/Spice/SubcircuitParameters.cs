using MemristorSpice.Devices.Memristors;
using MemristorSpice.Devices.OpAmps;

namespace MemristorSpice.Devices.Spice;

/// <summary>
/// The <c>params:</c> of each generated subcircuit (names, order, values) and the inverse: a parameter record from
/// a preset plus instance overrides. One place for both, so the ngspice text and a native instance built from the
/// same netlist line always agree.
/// </summary>
internal static class SubcircuitParameters
{
    public static IReadOnlyList<KeyValuePair<string, double>> Of(LinearDriftParameters p) =>
    [
        new("ron", p.RonOhms), new("roff", p.RoffOhms), new("d", p.ThicknessMeters), new("uv", p.MobilityM2PerVoltSecond),
        new("wp", p.Window.P), new("wj", p.Window.J), new("rinit", p.InitialOhms), new("dg", p.GateWidth),
    ];

    public static LinearDriftParameters Apply(LinearDriftParameters p, IReadOnlyDictionary<string, double> values)
    {
        var v = Reader(values, Of(p), p.Name);
        return (p with
        {
            RonOhms = v("ron"), RoffOhms = v("roff"), ThicknessMeters = v("d"), MobilityM2PerVoltSecond = v("uv"),
            Window = p.Window with { P = v("wp"), J = v("wj") }, InitialOhms = v("rinit"), GateWidth = v("dg"),
        }).Validate();
    }

    public static IReadOnlyList<KeyValuePair<string, double>> Of(VteamParameters p) => Threshold(p, "von", "voff");

    public static VteamParameters Apply(VteamParameters p, IReadOnlyDictionary<string, double> values) =>
        ApplyThreshold(p, values, "von", "voff").Validate();

    public static IReadOnlyList<KeyValuePair<string, double>> Of(TeamParameters p) => Threshold(p.AsThresholdKinetics(), "ion", "ioff");

    public static TeamParameters Apply(TeamParameters p, IReadOnlyDictionary<string, double> values)
    {
        var k = ApplyThreshold(p.AsThresholdKinetics(), values, "ion", "ioff");
        return new TeamParameters(p.Name, p.Source, k.RonOhms, k.RoffOhms, k.KonMetersPerSecond, k.KoffMetersPerSecond,
            k.AlphaOn, k.AlphaOff, k.VonVolts, k.VoffVolts, k.WonMeters, k.WoffMeters, k.InitialOhms, k.Resistance,
            k.Window, k.Kvatinsky, k.SmoothingWidth, k.GateWidth).Validate();
    }

    public static IReadOnlyList<KeyValuePair<string, double>> Of(OpAmpParameters p)
    {
        var list = new List<KeyValuePair<string, double>> { new("a0", p.OpenLoopGain) };
        if (p.GainBandwidthHertz is { } gbw) list.Add(new("gbw", gbw));
        if (p.OutputHighVolts is { } hi && p.OutputLowVolts is { } lo)
        {
            list.Add(new("vhigh", hi)); list.Add(new("vlow", lo)); list.Add(new("cw", p.ClampWidthVolts));
        }
        list.Add(new("vos", p.InputOffsetVolts));
        if (p.IsNoisy) { list.Add(new("en", p.NoiseVoltage)); list.Add(new("inoise", p.NoiseCurrent)); }
        return list;
    }

    public static OpAmpParameters Apply(OpAmpParameters p, IReadOnlyDictionary<string, double> values)
    {
        var v = Reader(values, Of(p), p.Name);
        return (p with
        {
            OpenLoopGain = v("a0"),
            GainBandwidthHertz = p.GainBandwidthHertz is null ? null : v("gbw"),
            OutputHighVolts = p.OutputHighVolts is null ? null : v("vhigh"),
            OutputLowVolts = p.OutputLowVolts is null ? null : v("vlow"),
            ClampWidthVolts = p.OutputHighVolts is null ? p.ClampWidthVolts : v("cw"),
            InputOffsetVolts = v("vos"),
            NoiseVoltage = p.IsNoisy ? v("en") : 0,
            NoiseCurrent = p.IsNoisy ? v("inoise") : 0,
        }).Validate();
    }

    private static List<KeyValuePair<string, double>> Threshold(VteamParameters p, string onName, string offName)
    {
        var list = new List<KeyValuePair<string, double>>
        {
            new("ron", p.RonOhms), new("roff", p.RoffOhms), new("kon", p.KonMetersPerSecond), new("koff", p.KoffMetersPerSecond),
            new("alon", p.AlphaOn), new("aloff", p.AlphaOff), new(onName, p.VonVolts), new(offName, p.VoffVolts),
            new("won", p.WonMeters), new("woff", p.WoffMeters), new("rinit", p.InitialOhms),
            new("wp", p.StateWindow.P), new("wj", p.StateWindow.J),
        };
        if (p.Kvatinsky is { } k)
        {
            list.Add(new("aonw", k.AonMeters)); list.Add(new("aoffw", k.AoffMeters)); list.Add(new("wc", k.WcMeters));
        }
        list.Add(new("sw", p.SmoothingWidth));
        list.Add(new("dg", p.GateWidth));
        return list;
    }

    private static VteamParameters ApplyThreshold(VteamParameters p, IReadOnlyDictionary<string, double> values, string onName, string offName)
    {
        var v = Reader(values, Threshold(p, onName, offName), p.Name);
        return p with
        {
            RonOhms = v("ron"), RoffOhms = v("roff"), KonMetersPerSecond = v("kon"), KoffMetersPerSecond = v("koff"),
            AlphaOn = v("alon"), AlphaOff = v("aloff"), VonVolts = v(onName), VoffVolts = v(offName),
            WonMeters = v("won"), WoffMeters = v("woff"), InitialOhms = v("rinit"),
            Window = p.StateWindow with { P = v("wp"), J = v("wj") },
            Kvatinsky = p.Kvatinsky is null ? null : new KvatinskyWindow(v("aonw"), v("aoffw"), v("wc")),
            SmoothingWidth = v("sw"), GateWidth = v("dg"),
        };
    }

    /// <summary>Value lookup: the override when given (case-insensitive), else the default; unknown override names are errors.</summary>
    private static Func<string, double> Reader(IReadOnlyDictionary<string, double> values, IReadOnlyList<KeyValuePair<string, double>> defaults, string owner)
    {
        var known = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        foreach (var (k, d) in defaults) known[k] = d;
        foreach (var key in values.Keys)
            if (!known.ContainsKey(key))
                throw new ArgumentException($"{owner}: unknown parameter '{key}'; known: {string.Join(", ", defaults.Select(d => d.Key))}.");
        var given = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        foreach (var (k, val) in values) given[k] = val;
        return name => given.TryGetValue(name, out var x) ? x : known[name];
    }
}
