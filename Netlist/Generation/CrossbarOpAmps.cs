using MemristorSpice.Devices.OpAmps;

namespace MemristorSpice.Netlist.Generation;

/// <summary>Op-amp model choices for the TIAs and difference stages.</summary>
public enum OpAmpModelKind { Ideal, FiniteGain, SinglePole, SwingLimited }

/// <summary>The op-amp parameters of each <see cref="OpAmpModelKind"/>.</summary>
public static class CrossbarOpAmps
{
    /// <summary>Open-loop gain of the "ideal" op-amp: 1e12, so the gain error (noise gain / A0) stays below 1e−9 for
    /// noise gains up to 1e3 (a 128-row column at Gmax with Rf = 1/Gmax has a noise gain of 129).</summary>
    public const double IdealGain = 1e12;

    public static OpAmpParameters For(OpAmpModelKind kind, double? openLoopGain = null) => kind switch
    {
        OpAmpModelKind.Ideal => (OpAmpPresets.Ideal() with
        {
            Name = "XBAR_OPAMP_IDEAL", OpenLoopGain = openLoopGain ?? IdealGain,
            Source = "ideal VCVS with A0 = 1e12 (MemristorSpice crossbar choice: gain error < 1e-9)",
        }).Validate(),
        OpAmpModelKind.FiniteGain => OpAmpPresets.FiniteGain(openLoopGain ?? 1e4) with { Name = "XBAR_OPAMP_FINITE" },
        OpAmpModelKind.SinglePole => OpAmpPresets.SinglePole(openLoopGain ?? 1e5) with { Name = "XBAR_OPAMP_POLE" },
        OpAmpModelKind.SwingLimited => (OpAmpPresets.Tia() with { Name = "XBAR_OPAMP_SWING", OpenLoopGain = openLoopGain ?? 1e5 }).Validate(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
