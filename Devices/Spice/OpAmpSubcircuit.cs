using System.Text;
using MemristorSpice.Devices.OpAmps;
using static MemristorSpice.Devices.Spice.SpiceFormat;

namespace MemristorSpice.Devices.Spice;

/// <summary>
/// ngspice subcircuits of the op-amp macro models (<see cref="OpAmpParameters"/>). Pins: <c>inp inn out</c>
/// (non-inverting input, inverting input, output referred to ground node 0). The pole is an RC
/// (1 kOhm, C = A0/(2π·1k·GBW)) after the gain stage; the rails are the softplus clamp of <see cref="OpAmpMath.Clamp"/>.
/// </summary>
public static class OpAmpSubcircuit
{
    /// <summary>Resistor of the RC network that sets the dominant pole, Ω.</summary>
    public const double PoleResistorOhms = 1000.0;

    /// <summary>SPICE text of the op-amp subcircuit for <paramref name="p"/>, named <paramref name="name"/> or the parameter set's name.</summary>
    public static string Write(OpAmpParameters p, string? name = null) => Write(p, SpiceSyntax.Ngspice, name);

    /// <summary>The op-amp subcircuit in the syntax of a dialect (the same macro model).</summary>
    public static string Write(OpAmpParameters p, SpiceSyntax syntax, string? name = null)
    {
        p.Validate();
        var y = syntax;
        var sub = name ?? p.Name.ToUpperInvariant();
        var sb = new StringBuilder();
        sb.Append("* ").Append(SpiceText.Line(sub)).Append(": op-amp macro model, A0").Append(p.GainBandwidthHertz is null ? "" : ", single pole GBW")
          .Append(p.HasSwingLimit ? ", output rails" : "").Append(", input offset vos; source: ").Append(SpiceText.Line(p.Source)).Append('\n');
        sb.Append(y.SubcircuitHeader(sub, "inp inn out", SubcircuitParameters.Of(p).Select(v => $"{v.Key}={Number(v.Value)}"))).Append('\n');

        var gain = "a0*(v(inp,inn)+vos)";
        string amplified;
        if (p.GainBandwidthHertz is null)
            amplified = gain;
        else
        {
            sb.Append(y.VoltageSource("g", "m", "0", gain)).Append('\n');
            sb.Append("Rp m a ").Append(Number(PoleResistorOhms)).Append('\n');
            sb.Append("Cp a 0 ").Append(y.Expression($"a0/({Number(2.0 * Math.PI * PoleResistorOhms)}*gbw)")).Append('\n');
            amplified = "v(a)";
        }
        var output = p.HasSwingLimit
            ? $"{amplified}-{Softplus($"{amplified}-vhigh", "cw", y)}+{Softplus($"vlow-{amplified}", "cw", y)}"
            : amplified;
        sb.Append(y.VoltageSource("o", "out", "0", output)).Append('\n');
        sb.Append(".ends ").Append(sub).Append('\n');
        return sb.ToString();
    }
}
