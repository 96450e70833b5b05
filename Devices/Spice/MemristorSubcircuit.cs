using System.Text;
using MemristorSpice.Devices.Memristors;
using static MemristorSpice.Devices.Spice.SpiceFormat;

namespace MemristorSpice.Devices.Spice;

/// <summary>
/// ngspice subcircuits of the memristor models, generated from the same parameter records as the native models.
/// Pins: <c>pos neg</c>; v = V(pos) − V(neg); the device current flows from pos to neg. The state x ∈ [0, 1] is
/// the voltage of the internal node <c>x</c> (probe it as v(&lt;instance&gt;.x)) on a 1 F capacitor:
/// C·dx/dt = rate. The rate source is multiplied by (time &gt; 0) so that in OP/DC analyses the state is frozen
/// at its initial value (held by a 1e15 Ohm tie to a source at x0, a leak of (x − x0)·1e−15 per second in TRAN),
/// and the capacitor carries IC = x0 so that <c>.tran ... uic</c> starts from the same state. Known limit: ngspice sets
/// <c>time</c> to the previous sweep value during <c>.dc</c>, so a DC sweep in ngspice does not freeze the state (a
/// variant with a DC-shorting inductor on the integrator froze it but made long transients fail with "timestep too
/// small" at the last point, so it was not kept). Internal node <c>g</c>
/// holds Roff/R(x) − 1.
/// </summary>
public static class MemristorSubcircuit
{
    /// <summary>Subcircuit name used for a parameter set.</summary>
    public static string NameOf(string presetName) => "MEM_" + presetName.ToUpperInvariant();

    private const string State = "v(x)";
    private const string Volts = "v(pos,neg)";

    /// <summary>Linear ion drift, equations of <see cref="LinearDriftModel"/>.</summary>
    public static string Write(LinearDriftParameters p, string? name = null) => Write(p, SpiceSyntax.Ngspice, name);

    /// <summary>Linear ion drift in the syntax of a dialect (the same equations).</summary>
    public static string Write(LinearDriftParameters p, SpiceSyntax syntax, string? name = null)
    {
        p.Validate();
        var y = syntax;
        var sub = name ?? NameOf(p.Name);
        var xc = ClampUnit(State);
        var r = $"ron*{xc}+roff*(1-{xc})";
        var i = $"({Volts}*(1+v(g))/roff)";
        // i > 0 exactly when v > 0 (R > 0), so the direction tests use the voltage.
        var positive = $"{Volts}>0";
        var f = p.Window.Kind switch
        {
            WindowKind.None => "1",
            WindowKind.Joglekar => $"(1-{y.PowerOfMagnitude($"2*{State}-1", "2*wp")})",
            WindowKind.Biolek => $"(1-{y.PowerOfMagnitude($"{State}-({y.Conditional(positive, "0", "1")})", "2*wp")})",
            WindowKind.Prodromakis => $"(wj*(1-{y.PowerOfMagnitude($"({State}-0.5)*({State}-0.5)+0.75", "wp", nonNegativeBase: true)}))",
            _ => throw new InvalidOperationException($"unknown window {p.Window.Kind}"),
        };
        var gate = $"({y.Conditional(positive, ClampUnit($"(1-{State})/dg"), ClampUnit($"{State}/dg"))})";
        var rate = $"uv*ron/(d*d)*{i}*{f}*{gate}";

        var sb = new StringBuilder();
        sb.Append("* ").Append(SpiceText.Line(sub)).Append(": linear ion drift (Strukov et al., Nature 2008), window ").Append(p.Window.Kind).Append('\n');
        sb.Append("*   R(x) = ron*x + roff*(1-x); dx/dt = (uv*ron/d^2)*i*f(x,i); positive current pos->neg drives x -> 1 (Ron)\n");
        sb.Append("*   source: ").Append(SpiceText.Line(p.Source)).Append('\n');
        AppendHeader(sb, sub, SubcircuitParameters.Of(p), y);
        AppendState(sb, "(roff-rinit)/(roff-ron)", rate, y);
        AppendResistance(sb, r, y);
        sb.Append(".ends ").Append(sub).Append('\n');
        return sb.ToString();
    }

    /// <summary>VTEAM, equations of <see cref="VteamModel"/>.</summary>
    public static string Write(VteamParameters p, string? name = null) => Write(p, SpiceSyntax.Ngspice, name);

    /// <summary>VTEAM in the syntax of a dialect (the same equations).</summary>
    public static string Write(VteamParameters p, SpiceSyntax syntax, string? name = null)
    {
        p.Validate();
        var header =
            "VTEAM (Kvatinsky et al., IEEE TCAS-II 2015)|" +
            "dw/dt = koff*(v/voff-1)^aloff*f_off (v>voff), kon*(v/von-1)^alon*f_on (v<von), else 0; x=(w-won)/(woff-won); v>voff drives x -> 1 (Roff)";
        return WriteThreshold(p, name ?? NameOf(p.Name), Volts, "von", "voff", header, syntax);
    }

    /// <summary>TEAM, equations of <see cref="TeamModel"/>: VTEAM's kinetics driven by the device current.</summary>
    public static string Write(TeamParameters p, string? name = null) => Write(p, SpiceSyntax.Ngspice, name);

    /// <summary>TEAM in the syntax of a dialect (the same equations).</summary>
    public static string Write(TeamParameters p, SpiceSyntax syntax, string? name = null)
    {
        p.Validate();
        var header =
            "TEAM (Kvatinsky et al., IEEE TCAS-I 2013)|" +
            "dw/dt = koff*(i/ioff-1)^aloff*f_off (i>ioff), kon*(i/ion-1)^alon*f_on (i<ion), else 0; x=(w-won)/(woff-won); i>ioff drives x -> 1 (Roff)";
        return WriteThreshold(p.AsThresholdKinetics(), name ?? NameOf(p.Name), Current, "ion", "ioff", header, syntax);
    }

    /// <summary>Device current i = v·(1 + g)/Roff (g on the internal node, see <see cref="AppendResistance"/>).</summary>
    private const string Current = "(v(pos,neg)*(1+v(g))/roff)";

    private static string WriteThreshold(VteamParameters p, string sub, string drive, string onName, string offName, string header, SpiceSyntax y)
    {
        var xc = ClampUnit(State);
        var linear = p.Resistance == VteamResistance.Linear;
        var r = linear ? $"ron+(roff-ron)*{xc}" : $"ron*exp({y.Ln("roff/ron")}*{xc})";
        var w = $"(won+{State}*(woff-won))";

        string XWindow(double direction) => p.StateWindow.Kind switch
        {
            WindowKind.None => "1",
            WindowKind.Joglekar => $"(1-{y.PowerOfMagnitude($"2*{State}-1", "2*wp")})",
            WindowKind.Biolek => $"(1-{y.PowerOfMagnitude($"{State}-{Number(Window.BiolekStep(direction))}", "2*wp")})",
            WindowKind.Prodromakis => $"(wj*(1-{y.PowerOfMagnitude($"({State}-0.5)*({State}-0.5)+0.75", "wp", nonNegativeBase: true)}))",
            _ => throw new InvalidOperationException($"unknown window {p.StateWindow.Kind}"),
        };
        var kvOff = p.Kvatinsky is null ? "1" : $"exp(-exp(({w}-aoffw)/wc))";
        var kvOn = p.Kvatinsky is null ? "1" : $"exp(-exp(-({w}-aonw)/wc))";
        // The softplus is never below 0, so |base| = base in every dialect.
        var off = $"koff*{y.PowerOfMagnitude(Softplus($"{drive}/{offName}-1", "sw", y), "aloff", nonNegativeBase: true)}*{XWindow(+1)}*{kvOff}*{ClampUnit($"(1-{State})/dg")}";
        var on = $"kon*{y.PowerOfMagnitude(Softplus($"{drive}/{onName}-1", "sw", y), "alon", nonNegativeBase: true)}*{XWindow(-1)}*{kvOn}*{ClampUnit($"{State}/dg")}";
        var rate = $"({off}+{on})/(woff-won)";
        var lines = header.Split('|');

        var sb = new StringBuilder();
        sb.Append("* ").Append(SpiceText.Line(sub)).Append(": ").Append(SpiceText.Line(lines[0])).Append(", ")
          .Append(linear ? "linear" : "exponential").Append(" R, window ").Append(p.StateWindow.Kind)
          .Append(p.Kvatinsky is null ? "" : " x Kvatinsky").Append('\n');
        sb.Append("*   ").Append(SpiceText.Line(lines[1])).Append('\n');
        sb.Append("*   threshold corners smoothed by a softplus of relative width sw; source: ").Append(SpiceText.Line(p.Source)).Append('\n');
        AppendHeader(sb, sub, Threshold(p, onName, offName), y);
        AppendState(sb, linear ? "(rinit-ron)/(roff-ron)" : $"{y.Ln("rinit/ron")}/{y.Ln("roff/ron")}", rate, y);
        AppendResistance(sb, r, y);
        sb.Append(".ends ").Append(sub).Append('\n');
        return sb.ToString();
    }

    /// <summary>
    /// Internal node g holds Roff/R(x) − 1 (dimensionless, 0 at Roff): ngspice evaluates R once per load and the other
    /// expressions stay short (about 40 % less load time than inlining R everywhere). The offset form keeps the
    /// first Newton iterate (g = 0) at the finite conductance 1/Roff. Device current i = v·(1 + g)/Roff.
    /// </summary>
    private static void AppendResistance(StringBuilder sb, string resistance, SpiceSyntax y)
    {
        sb.Append(y.VoltageSource("g", "g", "0", $"roff/({resistance})-1")).Append('\n');
        sb.Append(y.CurrentSource("m", "pos", "neg", $"{Volts}*(1+v(g))/roff")).Append('\n');
    }

    private static void AppendHeader(StringBuilder sb, string sub, IReadOnlyList<KeyValuePair<string, double>> parameters, SpiceSyntax y) =>
        sb.Append(y.SubcircuitHeader(sub, "pos neg", parameters.Select(p => $"{p.Key}={Number(p.Value)}"))).Append('\n');

    private static IReadOnlyList<KeyValuePair<string, double>> Threshold(VteamParameters p, string onName, string offName) =>
        onName == "ion" ? SubcircuitParameters.Of(new TeamParameters(p.Name, p.Source, p.RonOhms, p.RoffOhms, p.KonMetersPerSecond,
            p.KoffMetersPerSecond, p.AlphaOn, p.AlphaOff, p.VonVolts, p.VoffVolts, p.WonMeters, p.WoffMeters, p.InitialOhms,
            p.Resistance, p.Window, p.Kvatinsky, p.SmoothingWidth, p.GateWidth)) : SubcircuitParameters.Of(p);

    private static void AppendState(StringBuilder sb, string initialExpression, string rate, SpiceSyntax y)
    {
        sb.Append("Cx x 0 1 IC=").Append(y.Expression(initialExpression)).Append('\n');
        sb.Append("Vx0 x0 0 ").Append(y.Expression(initialExpression)).Append('\n');
        sb.Append("Rx0 x x0 1e15\n");
        sb.Append(y.CurrentSource("x", "0", "x", y.Conditional("time>0", rate, "0"))).Append('\n');
    }
}
