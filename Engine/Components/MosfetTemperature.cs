namespace MemristorSpice.Engine.Components;

/// <summary>
/// Level-1 MOSFET parameters at the circuit temperature T, scaled from the model's TNOM as SPICE3 / ngspice MOS1temp
/// (mos1temp.c) does; at T = TNOM = 300.15 K every value equals the model's.
///   KP(T) = KP·(T/TNOM)^−1.5, U0(T) = U0·(T/TNOM)^−1.5
///   silicon band gap Eg(T) = 1.16 − 7.02e-4·T²/(T + 1108) eV
///   pbfact(T) = −2·(kT/q)·(1.5·ln(T/Tref) + q·(−Eg(T)/(2kT) + 1.1150877/(2k·Tref))),  Tref = 300.15 K
///   PHI(T) = (T/Tref)·(PHI − pbfact(TNOM))/(TNOM/Tref) + pbfact(T)    (same form for the junction potential PB)
///   Vbi(T) = DELVTO + VTO − type·GAMMA·√PHI + (Eg(TNOM) − Eg(T))/2 + type·(PHI(T) − PHI)/2,  VTO(T) = Vbi(T) + type·GAMMA·√PHI(T)
///   IS(T) = IS·exp(−Eg(T)/(kT/q) + Eg(TNOM)/(kTNOM/q))   (JS alike)
///   junction capacitances: times 1/(1 + M·(4e-4·(TNOM − Tref) − (PB − PB0)/PB0)) and (1 + M·(4e-4·(T − Tref) − (PB(T) − PB0)/PB0)),
///   PB0 = (PB − pbfact(TNOM))/(TNOM/Tref), with M = MJ for the bottom and MJSW for the sidewall part.
/// The band gap, pbfact and junction formulas are <see cref="SiliconJunction"/>'s.
/// </summary>
public sealed record MosfetTemperature
{
    /// <summary>Reference temperature of the formulas (ngspice REFTEMP) in K.</summary>
    public const double ReferenceKelvin = SiliconJunction.ReferenceKelvin;

    /// <summary>Transconductance parameter KP in A/V² at T.</summary>
    public double Kp { get; private init; }
    /// <summary>Surface mobility U0 in cm²/(V·s) at T, U0·(T/TNOM)^−1.5 (ngspice MOS3tSurfMob; level 3).</summary>
    public double SurfaceMobility { get; private init; }
    /// <summary>Surface potential PHI in Volts at T.</summary>
    public double Phi { get; private init; }
    /// <summary>VTO − type·GAMMA·√PHI at T (ngspice MOS1tVbi, not normalized).</summary>
    public double Vbi { get; private init; }
    /// <summary>Zero-bias threshold voltage VTO in Volts at T.</summary>
    public double Vto { get; private init; }
    /// <summary>Bulk junction saturation current IS in Amperes at T.</summary>
    public double Is { get; private init; }
    /// <summary>Bulk junction saturation current density JS in A/m² at T.</summary>
    public double Js { get; private init; }
    /// <summary>Bulk junction potential PB in Volts at T.</summary>
    public double Pb { get; private init; }
    /// <summary>Factor on CBD, CBS and CJ.</summary>
    public double BottomCapacitanceFactor { get; private init; }
    /// <summary>Factor on CJSW.</summary>
    public double SidewallCapacitanceFactor { get; private init; }

    /// <summary>Scales model m from TNOM to the circuit temperature kelvin (K).</summary>
    public static MosfetTemperature Of(MosfetModel m, double kelvin)
    {
        double tnom = m.Tnom, type = m.Type;
        double vtnom = Junction.ThermalVoltage(tnom), vt = Junction.ThermalVoltage(kelvin);
        double egfet1 = SiliconJunction.BandGap(tnom), egfet = SiliconJunction.BandGap(kelvin);
        double ratio = kelvin / tnom;
        double phi = SiliconJunction.Potential(m.Phi, tnom, kelvin);
        double vbi = m.Delvto + m.Vto - type * m.Gamma * Math.Sqrt(m.Phi) + 0.5 * (egfet1 - egfet) + type * 0.5 * (phi - m.Phi);
        double satFactor = Math.Exp(-egfet / vt + egfet1 / vtnom);
        return new MosfetTemperature
        {
            Kp = m.Transconductance / (ratio * Math.Sqrt(ratio)),
            SurfaceMobility = m.U0 / (ratio * Math.Sqrt(ratio)),
            Phi = phi,
            Vbi = vbi,
            Vto = vbi + type * m.Gamma * Math.Sqrt(phi),
            Is = m.Is * satFactor,
            Js = m.Js * satFactor,
            Pb = SiliconJunction.Potential(m.Pb, tnom, kelvin),
            BottomCapacitanceFactor = SiliconJunction.CapacitanceFactor(m.Mj, m.Pb, tnom, kelvin),
            SidewallCapacitanceFactor = SiliconJunction.CapacitanceFactor(m.Mjsw, m.Pb, tnom, kelvin),
        };
    }
}
