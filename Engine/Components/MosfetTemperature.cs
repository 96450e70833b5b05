namespace MemristorSpice.Engine;

/// <summary>
/// Level-1 MOSFET parameters at the circuit temperature T, scaled from the model's TNOM as SPICE3 / ngspice MOS1temp
/// (mos1temp.c) does; at T = TNOM = 300.15 K every value equals the model's.
///   KP(T) = KP·(T/TNOM)^−1.5
///   silicon band gap Eg(T) = 1.16 − 7.02e-4·T²/(T + 1108) eV
///   pbfact(T) = −2·(kT/q)·(1.5·ln(T/Tref) + q·(−Eg(T)/(2kT) + 1.1150877/(2k·Tref))),  Tref = 300.15 K
///   PHI(T) = (T/Tref)·(PHI − pbfact(TNOM))/(TNOM/Tref) + pbfact(T)    (same form for the junction potential PB)
///   Vbi(T) = VTO − type·GAMMA·√PHI + (Eg(TNOM) − Eg(T))/2 + type·(PHI(T) − PHI)/2,  VTO(T) = Vbi(T) + type·GAMMA·√PHI(T)
///   IS(T) = IS·exp(−Eg(T)/(kT/q) + Eg(TNOM)/(kTNOM/q))   (JS alike)
///   junction capacitances: times 1/(1 + M·(4e-4·(TNOM − Tref) − (PB − PB0)/PB0)) and (1 + M·(4e-4·(T − Tref) − (PB(T) − PB0)/PB0)),
///   PB0 = (PB − pbfact(TNOM))/(TNOM/Tref), with M = MJ for the bottom and MJSW for the sidewall part.
/// </summary>
public sealed record MosfetTemperature
{
    /// <summary>Reference temperature of the formulas (ngspice REFTEMP) in K.</summary>
    public const double ReferenceKelvin = 300.15;
    private const double Boltzmann = 1.38064852e-23, Charge = 1.6021766208e-19;

    public double Kp { get; private init; }
    public double Phi { get; private init; }
    /// <summary>VTO − type·GAMMA·√PHI at T (ngspice MOS1tVbi, not normalized).</summary>
    public double Vbi { get; private init; }
    public double Vto { get; private init; }
    public double Is { get; private init; }
    public double Js { get; private init; }
    public double Pb { get; private init; }
    /// <summary>Factor on CBD, CBS and CJ.</summary>
    public double BottomCapacitanceFactor { get; private init; }
    /// <summary>Factor on CJSW.</summary>
    public double SidewallCapacitanceFactor { get; private init; }

    public static MosfetTemperature Of(MosfetModel m, double kelvin)
    {
        double tnom = m.Tnom, type = m.Type;
        double fact1 = tnom / ReferenceKelvin, fact2 = kelvin / ReferenceKelvin;
        double vtnom = tnom * Boltzmann / Charge, vt = kelvin * Boltzmann / Charge;
        double egfet1 = BandGap(tnom), egfet = BandGap(kelvin);
        double pbfact1 = PotentialShift(tnom, egfet1, fact1), pbfact = PotentialShift(kelvin, egfet, fact2);
        double ratio = kelvin / tnom;
        double phi = fact2 * (m.Phi - pbfact1) / fact1 + pbfact;
        double vbi = m.Vto - type * m.Gamma * Math.Sqrt(m.Phi) + 0.5 * (egfet1 - egfet) + type * 0.5 * (phi - m.Phi);
        double satFactor = Math.Exp(-egfet / vt + egfet1 / vtnom);
        double pbo = (m.Pb - pbfact1) / fact1;
        double gmaold = (m.Pb - pbo) / pbo;
        double pb = fact2 * pbo + pbfact;
        double gmanew = (pb - pbo) / pbo;
        double Factor(double grading) =>
            (1 + grading * (4e-4 * (kelvin - ReferenceKelvin) - gmanew)) / (1 + grading * (4e-4 * (tnom - ReferenceKelvin) - gmaold));
        return new MosfetTemperature
        {
            Kp = m.Transconductance / (ratio * Math.Sqrt(ratio)),
            Phi = phi,
            Vbi = vbi,
            Vto = vbi + type * m.Gamma * Math.Sqrt(phi),
            Is = m.Is * satFactor,
            Js = m.Js * satFactor,
            Pb = pb,
            BottomCapacitanceFactor = Factor(m.Mj),
            SidewallCapacitanceFactor = Factor(m.Mjsw),
        };
    }

    private static double BandGap(double kelvin) => 1.16 - 7.02e-4 * kelvin * kelvin / (kelvin + 1108);

    private static double PotentialShift(double kelvin, double bandGap, double fact)
    {
        double kt = Boltzmann * kelvin;
        double arg = -bandGap / (kt + kt) + 1.1150877 / (Boltzmann * (ReferenceKelvin + ReferenceKelvin));
        return -2 * (kelvin * Boltzmann / Charge) * (1.5 * Math.Log(fact) + Charge * arg);
    }
}
