using MemristorSpice.Engine.Analyses;

namespace MemristorSpice.Netlist.Model;

/// <summary>
/// .noise v(out[,ref]) src dec|oct|lin N fstart fstop [pts_per_summary] (ngspice syntax): output noise at the node
/// voltage, referred to the input source. Results as ngspice names them: onoise_spectrum and inoise_spectrum per
/// frequency (V/√Hz; A/√Hz for a current-source input), totals onoise_total and inoise_total (rms).
/// </summary>
/// <param name="OutputNode">Node whose voltage is the output, lower-case.</param>
/// <param name="OutputReference">Second node of v(node,node2); null for ground.</param>
/// <param name="InputSource">Lower-case name of the independent source the input noise is referred to.</param>
/// <param name="Kind">Frequency spacing.</param>
/// <param name="Points">Points per decade or octave, or in total (lin).</param>
/// <param name="Start">First frequency in Hz.</param>
/// <param name="Stop">Last frequency in Hz.</param>
/// <param name="PointsPerSummary">ngspice's per-source summary interval; kept for the deck, per-source results are always kept here.</param>
public sealed record NoiseAnalysis(string OutputNode, string? OutputReference, string InputSource, AcSweepKind Kind, int Points,
                                   double Start, double Stop, int? PointsPerSummary = null) : Analysis
{
    /// <summary>The output as ngspice writes it: v(a) or v(a,b).</summary>
    public string Output => OutputReference is null ? $"v({OutputNode})" : $"v({OutputNode},{OutputReference})";

    /// <summary>SPICE keyword of the spacing: dec, oct or lin.</summary>
    public string Keyword => Kind switch { AcSweepKind.Decade => "dec", AcSweepKind.Octave => "oct", _ => "lin" };

    /// <summary>The sweep in the engine's form.</summary>
    public AcSweep Sweep => new(Kind, Points, Start, Stop);
}
