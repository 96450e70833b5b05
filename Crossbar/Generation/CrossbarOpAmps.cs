using MemristorSpice.Crossbar.Layout;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Devices.OpAmps;

namespace MemristorSpice.Crossbar.Generation;

/// <summary>Op-amp model choices for the TIAs and difference stages.</summary>
public enum OpAmpModelKind
{
    /// <summary>Ideal: infinite gain and bandwidth, no rails.</summary>
    Ideal,
    /// <summary>Finite DC gain only.</summary>
    FiniteGain,
    /// <summary>Finite gain with one pole (gain-bandwidth product).</summary>
    SinglePole,
    /// <summary>Single pole with output limited to the supply rails.</summary>
    SwingLimited,
}

/// <summary>
/// The op-amp of each <see cref="OpAmpModelKind"/>. <see cref="OpAmpModelKind.Ideal"/> is a nullor (infinite gain),
/// which SPICE has no element for; the generator writes its exact closed-loop equivalents instead: the TIA as a 0 V
/// ammeter holding the column at ground plus a CCVS out = −Rf·i, the difference stage as a unity VCVS. A 1e12-gain
/// VCVS would be the usual stand-in, but the output is then A0·(a voltage of order 1e−13), and the solve loses about
/// four digits (measured: 1e−4 relative in both engines), so the exact form is both more ideal and better conditioned.
/// The other kinds are op-amp macro models of <see cref="OpAmpPresets"/>, in the circuit as op-amp + resistors.
/// </summary>
public static class CrossbarOpAmps
{
    /// <summary>Parameters of the kind; null for <see cref="OpAmpModelKind.Ideal"/>.</summary>
    public static OpAmpParameters? For(OpAmpModelKind kind, double? openLoopGain = null) => kind switch
    {
        OpAmpModelKind.Ideal => null,
        OpAmpModelKind.FiniteGain => (OpAmpPresets.FiniteGain(openLoopGain ?? 1e4) with { Name = "XBAR_OPAMP_FINITE" }).Validate(),
        OpAmpModelKind.SinglePole => (OpAmpPresets.SinglePole(openLoopGain ?? 1e5) with { Name = "XBAR_OPAMP_POLE" }).Validate(),
        OpAmpModelKind.SwingLimited => (OpAmpPresets.Tia() with { Name = "XBAR_OPAMP_SWING", OpenLoopGain = openLoopGain ?? 1e5 }).Validate(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>One-line description for headers and manifests.</summary>
    public static string Describe(OpAmpParameters? p)
    {
        static string N(double v) => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        if (p is null) return "ideal (nullor: TIA = 0 V ammeter + CCVS -Rf, difference = unity VCVS)";
        return $"{p.Name}: A0 {N(p.OpenLoopGain)}" + (p.GainBandwidthHertz is { } gbw ? $", GBW {N(gbw)} Hz" : "") +
               (p.OutputHighVolts is { } hi ? $", rails {N(p.OutputLowVolts!.Value)}..{N(hi)} V" : "") + $"; source: {p.Source}";
    }
}
