using System.Globalization;
using System.Text;
using MemristorSpice.Engine.Components;
using MemristorSpice.Engine.Core;
using MemristorSpice.Engine.Waveforms;

namespace MemristorSpice.Benchmarks.Circuits;

/// <summary>Pulse source parameters (SPICE PULSE order).</summary>
public sealed record Pulse(double Low, double High, double Delay, double Rise, double Fall, double Width, double Period);

/// <summary>
/// One linear element of a benchmark circuit: R, C, or V (DC value or pulse). A list of parts renders both to a
/// <see cref="Circuit"/> for our engine and to deck text for ngspice, so the two always simulate the same thing.
/// </summary>
public sealed record Part(char Kind, string Name, string Plus, string Minus, double Value, Pulse? Pulse = null)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public Entity ToEntity() => Kind switch
    {
        'R' => new Resistor(Name, Plus, Minus, Value),
        'C' => new Capacitor(Name, Plus, Minus, Value),
        'V' => Pulse is { } p
            ? new VoltageSource(Name, Plus, Minus, null, new PulseWaveform(p.Low, p.High, p.Delay, p.Rise, p.Fall, p.Width, p.Period))
            : new VoltageSource(Name, Plus, Minus, Value),
        _ => throw new InvalidOperationException($"unknown part kind {Kind}"),
    };

    public void AppendCard(StringBuilder sb)
    {
        sb.Append(Name).Append(' ').Append(Plus).Append(' ').Append(Minus).Append(' ');
        if (Pulse is { } p)
            sb.Append(Inv, $"PULSE({N(p.Low)} {N(p.High)} {N(p.Delay)} {N(p.Rise)} {N(p.Fall)} {N(p.Width)} {N(p.Period)})");
        else if (Kind == 'V') sb.Append("DC ").Append(N(Value));
        else sb.Append(N(Value));
        sb.Append('\n');
    }

    public static string N(double v) => v.ToString("R", Inv);

    public static Circuit ToCircuit(string title, IEnumerable<Part> parts)
    {
        var c = new Circuit(title);
        foreach (var p in parts) c.Add(p.ToEntity());
        return c;
    }

    /// <summary>Deck text: title line, the parts, then the analysis lines and .end.</summary>
    public static string ToDeck(string title, IEnumerable<Part> parts, params string[] analysis)
    {
        var sb = new StringBuilder(title).Append('\n');
        foreach (var p in parts) p.AppendCard(sb);
        foreach (var a in analysis) sb.Append(a).Append('\n');
        return sb.Append(".end\n").ToString();
    }
}
