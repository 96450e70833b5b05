namespace MemristorSpice.Engine.Components;

/// <summary>
/// SPICE level-1 JFET model parameters (Shichman-Hodges with the Sydney University doping-tail parameter B), names and
/// defaults as ngspice 39's JFET, given at TNOM. <see cref="Jfet"/> scales them to the device temperature.
/// </summary>
public sealed record JfetModel
{
    /// <summary>Model name from the .model card.</summary>
    public string Name { get; init; } = "njf";
    /// <summary>+1 for an N-channel (NJF), −1 for a P-channel (PJF) device: SPICE's type sign.</summary>
    public double Type { get; init; } = 1;
    /// <summary>Threshold (pinch-off) voltage VTO in V (negative for a depletion N-channel device).</summary>
    public double Vto { get; init; } = -2;
    /// <summary>Transconductance parameter BETA in A/V².</summary>
    public double Beta { get; init; } = 1e-4;
    /// <summary>Channel-length modulation LAMBDA in 1/V.</summary>
    public double Lambda { get; init; }
    /// <summary>Drain ohmic resistance RD in Ω (0 = none, no internal node).</summary>
    public double Rd { get; init; }
    /// <summary>Source ohmic resistance RS in Ω (0 = none, no internal node).</summary>
    public double Rs { get; init; }
    /// <summary>Zero-bias gate-source junction capacitance CGS in F.</summary>
    public double Cgs { get; init; }
    /// <summary>Zero-bias gate-drain junction capacitance CGD in F.</summary>
    public double Cgd { get; init; }
    /// <summary>Gate junction potential PB in V.</summary>
    public double Pb { get; init; } = 1;
    /// <summary>Gate junction saturation current IS in A.</summary>
    public double Is { get; init; } = 1e-14;
    /// <summary>Forward-bias depletion capacitance coefficient FC (limited to 0.95, as ngspice).</summary>
    public double Fc { get; init; } = 0.5;
    /// <summary>Doping-tail parameter B (Sydney University): 1 gives the square law.</summary>
    public double B { get; init; } = 1;
    /// <summary>Temperature at which the parameters were measured, in K.</summary>
    public double Tnom { get; init; } = 300.15;
    /// <summary>Threshold temperature coefficient TCV in V/K: VTO(T) = VTO − TCV·(T − TNOM).</summary>
    public double Tcv { get; init; }
    /// <summary>Threshold temperature coefficient VTOTC in V/K; when given VTO(T) = VTO + VTOTC·(T − TNOM) replaces TCV.</summary>
    public double? Vtotc { get; init; }
    /// <summary>Beta exponent BEX: BETA(T) = BETA·(T/TNOM)^BEX.</summary>
    public double Bex { get; init; }
    /// <summary>Exponential beta coefficient BETATCE in %/K; when given BETA(T) = BETA·1.01^(BETATCE·(T − TNOM)) replaces BEX.</summary>
    public double? Betatce { get; init; }
    /// <summary>Band gap EG in eV of the gate junction's saturation-current temperature law.</summary>
    public double Eg { get; init; } = 1.11;
    /// <summary>Saturation-current temperature exponent XTI.</summary>
    public double Xti { get; init; }
    /// <summary>Flicker noise coefficient KF: drain-current 1/f noise PSD M·KF·|Id|^AF/f in A²/Hz.</summary>
    public double Kf { get; init; }
    /// <summary>Flicker noise exponent AF.</summary>
    public double Af { get; init; } = 1;
    /// <summary>
    /// Channel-noise equation selector NLEV: below 3 the channel thermal noise is 8kT·gm/3; 3 the form of ngspice's
    /// jfetnoi.c, 8kT/3·β·vgst·(1 + α + α²)/(1 + α)·GDSNOI with α = 1 − vds/vgst in the linear region, 0 in saturation.
    /// </summary>
    public int Nlev { get; init; } = 2;
    /// <summary>Channel-noise coefficient GDSNOI of NLEV = 3.</summary>
    public double Gdsnoi { get; init; } = 1;
}
