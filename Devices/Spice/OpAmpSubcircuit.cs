using System.Text;
using MemristorSpice.Devices.OpAmps;
using static MemristorSpice.Devices.Spice.SpiceFormat;

namespace MemristorSpice.Devices.Spice;

/// <summary>
/// ngspice subcircuits of the op-amp macro models (<see cref="OpAmpParameters"/>). Pins: <c>inp inn out</c>
/// (non-inverting input, inverting input, output referred to ground node 0). The pole is an RC
/// (1 kOhm, C = A0/(2π·1k·GBW)) after the gain stage, written noisy=0 since the native model's pole is noiseless;
/// the rails are the softplus clamp of <see cref="OpAmpMath.Clamp"/>.
/// Input noise (en, in of a noisy parameter set) is made of sources ngspice's .noise knows: the thermal noise
/// √(4kT·1 kΩ) of a resistor alone from a node to ground, scaled by en/√(4k·300.15 K·1 kΩ) into the gain expression
/// (en in series with vd), and two more such resistors driving VCCS from each input to ground (in at each input).
/// </summary>
public static class OpAmpSubcircuit
{
    /// <summary>Resistor of the RC network that sets the dominant pole, Ω.</summary>
    public const double PoleResistorOhms = 1000.0;

    /// <summary>Resistor whose thermal noise carries en and in, Ω (any value; the gains divide its density out).</summary>
    public const double NoiseResistorOhms = 1000.0;

    /// <summary>1/√(4k·T0·R) in √Hz/V: the scale from the noise resistor's voltage to a unit density at T0 = 300.15 K.</summary>
    public static double NoiseScale => 1.0 / Math.Sqrt(4.0 * Engine.Core.NoiseLoadContext.Boltzmann * OpAmpParameters.NoiseReferenceKelvin * NoiseResistorOhms);

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
          .Append(p.HasSwingLimit ? ", output rails" : "").Append(", input offset vos").Append(p.IsNoisy ? ", input noise en (V/rtHz) and inoise (A/rtHz)" : "").Append("; source: ").Append(SpiceText.Line(p.Source)).Append('\n');
        sb.Append(y.SubcircuitHeader(sub, "inp inn out", SubcircuitParameters.Of(p).Select(v => $"{v.Key}={Number(v.Value)}"))).Append('\n');

        var gain = "a0*(v(inp,inn)+vos)";
        if (p.IsNoisy)
        {
            var scale = Number(NoiseScale);
            sb.Append("Rnv nv 0 ").Append(Number(NoiseResistorOhms)).Append('\n');
            sb.Append("Rnp np 0 ").Append(Number(NoiseResistorOhms)).Append('\n');
            sb.Append("Rnn nn 0 ").Append(Number(NoiseResistorOhms)).Append('\n');
            sb.Append("Gnp inp 0 np 0 ").Append(y.Expression($"inoise*{scale}")).Append('\n');
            sb.Append("Gnn inn 0 nn 0 ").Append(y.Expression($"inoise*{scale}")).Append('\n');
            gain = $"a0*(v(inp,inn)+vos+en*{scale}*v(nv))";
        }
        string amplified;
        if (p.GainBandwidthHertz is null)
            amplified = gain;
        else
        {
            sb.Append(y.VoltageSource("g", "m", "0", gain)).Append('\n');
            // The native model's pole has no noise, so the ngspice form's pole resistor is noiseless too.
            sb.Append(y.NoiselessResistor("Rp", "m", "a", Number(PoleResistorOhms))).Append('\n');
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
