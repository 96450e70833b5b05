namespace MemristorSpice.Engine.Components;

/// <summary>
/// Diode parameters at the device temperature T, scaled from the model's TNOM as ngspice 39's dio (diotemp.c, after the
/// SPICE3 manual's diode temperature model), with Vt = kT/q, ΔT = T − TNOM:
///   IS(T)  = IS·(T/TNOM)^(XTI/N)·exp((T/TNOM − 1)·EG/(N·Vt))
///   M(T)   = M·(1 + TM1·ΔT + TM2·ΔT²), at most 0.9 (ngspice limits it, also at T = TNOM)
///   TLEVC 0: VJ(T) and CJO(T) from the silicon band gap (<see cref="SiliconJunction"/>, grading M(T));
///   TLEVC 1: VJ(T) = VJ − TPB·(T − Tref), CJO(T) = CJO·(1 + CTA·(T − Tref)), Tref = 300.15 K
///   VJ(T) at most 1/FC (ngspice limits it)
///   BV(T)  = BV − TCV·ΔT (TLEV 0) or BV·(1 − TCV·ΔT) (TLEV 1); the knee xbv is then solved so that the current at −BV(T)
///            is IBV (see <see cref="Diode"/>)
///   TT(T)  = TT·(1 + TTT1·ΔT + TTT2·ΔT²),  RS(T) = RS·(1 + TRS1·ΔT + TRS2·ΔT²)
/// At T = TNOM every value equals the model's (but M and VJ limited as above).
/// </summary>
public sealed record DiodeTemperature
{
    /// <summary>Largest grading coefficient ngspice accepts (its DIOgradingCoeffMax default).</summary>
    public const double MaxGrading = 0.9;

    /// <summary>Device temperature in K.</summary>
    public double Kelvin { get; private init; }
    /// <summary>N·kT/q in V.</summary>
    public double Vte { get; private init; }
    /// <summary>Saturation current IS in Amperes at T.</summary>
    public double Is { get; private init; }
    /// <summary>Junction potential VJ in Volts at T.</summary>
    public double Vj { get; private init; }
    /// <summary>Zero-bias junction capacitance CJO in Farads at T.</summary>
    public double Cjo { get; private init; }
    /// <summary>Grading coefficient M at T.</summary>
    public double M { get; private init; }
    /// <summary>Transit time TT in s at T (TTT1, TTT2 applied).</summary>
    public double Tt { get; private init; }
    /// <summary>Ohmic series resistance RS in Ohms at T (TRS1, TRS2 applied).</summary>
    public double Rs { get; private init; }
    /// <summary>Breakdown voltage BV(T) in V (positive), null without BV.</summary>
    public double? Bv { get; private init; }
    /// <summary>True when M(T) was above <see cref="MaxGrading"/> and was limited to it.</summary>
    public bool GradingLimited { get; private init; }
    /// <summary>True when VJ(T) was above 1/FC and was limited to it.</summary>
    public bool PotentialLimited { get; private init; }

    /// <summary>Scales model m from TNOM to the device temperature kelvin (K).</summary>
    public static DiodeTemperature Of(DiodeModel m, double kelvin)
    {
        double tnom = m.Tnom, dt = kelvin - tnom, ratio = kelvin / tnom;
        double vte = m.N * Junction.ThermalVoltage(kelvin);
        double grading = m.M * (1 + m.Tm1 * dt + m.Tm2 * dt * dt);
        bool gradingLimited = grading > MaxGrading;
        if (gradingLimited) grading = MaxGrading;
        double vj, cjo;
        if (m.Tlevc == 1)
        {
            vj = m.Vj - m.Tpb * (kelvin - SiliconJunction.ReferenceKelvin);
            cjo = m.Cjo * (1 + m.Cta * (kelvin - SiliconJunction.ReferenceKelvin));
        }
        else
        {
            vj = SiliconJunction.Potential(m.Vj, tnom, kelvin);
            cjo = m.Cjo * SiliconJunction.CapacitanceFactor(grading, m.Vj, tnom, kelvin);
        }
        bool potentialLimited = m.Fc * vj > 1;
        if (potentialLimited) vj = 1 / m.Fc;
        return new DiodeTemperature
        {
            Kelvin = kelvin,
            Vte = vte,
            Is = m.Is * Math.Exp((ratio - 1) * m.Eg / vte + m.Xti / m.N * Math.Log(ratio)),
            Vj = vj,
            Cjo = cjo,
            M = grading,
            Tt = m.Tt * (1 + m.Ttt1 * dt + m.Ttt2 * dt * dt),
            Rs = m.Rs * (1 + m.Trs1 * dt + m.Trs2 * dt * dt),
            Bv = m.Bv is double bv ? m.Tlev == 0 ? bv - m.Tcv * dt : bv * (1 - m.Tcv * dt) : null,
            GradingLimited = gradingLimited,
            PotentialLimited = potentialLimited,
        };
    }
}
