namespace MemristorSpice.Engine.Components;

/// <summary>Type of a bipolar transistor; the value is SPICE's "type" sign that normalizes PNP voltages to NPN form.</summary>
public enum BjtPolarity
{
    /// <summary>NPN transistor: collector current flows in at the collector.</summary>
    Npn = 1,
    /// <summary>PNP transistor: all junction voltages and currents reversed.</summary>
    Pnp = -1,
}

/// <summary>
/// SPICE Gummel-Poon bipolar transistor parameters (names and defaults as in the Berkeley SPICE3 manual and ngspice's
/// BJT model, level 1), given at TNOM for one device of unit area; <see cref="BjtTemperature"/> scales them to the
/// circuit temperature and the instance area. Infinite values (VAF, VAR, IKF, IKR, IRB, VTF) switch the effect off.
/// </summary>
public sealed record BjtModel
{
    /// <summary>Model name from the .model card.</summary>
    public string Name { get; init; } = "npn";
    /// <summary>NPN or PNP, from the .model card type.</summary>
    public BjtPolarity Polarity { get; init; } = BjtPolarity.Npn;
    /// <summary>Transport saturation current IS in A.</summary>
    public double Is { get; init; } = 1e-16;
    /// <summary>Ideal maximum forward beta BF.</summary>
    public double Bf { get; init; } = 100;
    /// <summary>Forward emission coefficient NF.</summary>
    public double Nf { get; init; } = 1;
    /// <summary>Forward Early voltage VAF in V.</summary>
    public double Vaf { get; init; } = double.PositiveInfinity;
    /// <summary>Corner of forward-beta high-current roll-off IKF in A.</summary>
    public double Ikf { get; init; } = double.PositiveInfinity;
    /// <summary>Base-emitter leakage saturation current ISE in A.</summary>
    public double Ise { get; init; }
    /// <summary>Base-emitter leakage emission coefficient NE.</summary>
    public double Ne { get; init; } = 1.5;
    /// <summary>Ideal maximum reverse beta BR.</summary>
    public double Br { get; init; } = 1;
    /// <summary>Reverse emission coefficient NR.</summary>
    public double Nr { get; init; } = 1;
    /// <summary>Reverse Early voltage VAR in V.</summary>
    public double Var { get; init; } = double.PositiveInfinity;
    /// <summary>Corner of reverse-beta high-current roll-off IKR in A.</summary>
    public double Ikr { get; init; } = double.PositiveInfinity;
    /// <summary>Base-collector leakage saturation current ISC in A.</summary>
    public double Isc { get; init; }
    /// <summary>Base-collector leakage emission coefficient NC.</summary>
    public double Nc { get; init; } = 2;
    /// <summary>Zero-bias base resistance RB in Ω (0 = none, no internal base node).</summary>
    public double Rb { get; init; }
    /// <summary>Current IRB in A where the base resistance falls halfway to RBM (infinite = qb modulation instead).</summary>
    public double Irb { get; init; } = double.PositiveInfinity;
    /// <summary>Minimum base resistance RBM in Ω at high current; null = RB.</summary>
    public double? Rbm { get; init; }
    /// <summary>Emitter resistance RE in Ω (0 = none).</summary>
    public double Re { get; init; }
    /// <summary>Collector resistance RC in Ω (0 = none).</summary>
    public double Rc { get; init; }
    /// <summary>Zero-bias base-emitter depletion capacitance CJE in F.</summary>
    public double Cje { get; init; }
    /// <summary>Base-emitter built-in potential VJE in V.</summary>
    public double Vje { get; init; } = 0.75;
    /// <summary>Base-emitter junction grading coefficient MJE.</summary>
    public double Mje { get; init; } = 0.33;
    /// <summary>Ideal forward transit time TF in s.</summary>
    public double Tf { get; init; }
    /// <summary>Coefficient XTF of the bias dependence of TF.</summary>
    public double Xtf { get; init; }
    /// <summary>Voltage VTF in V describing the VBC dependence of TF.</summary>
    public double Vtf { get; init; } = double.PositiveInfinity;
    /// <summary>High-current parameter ITF in A of the TF bias dependence.</summary>
    public double Itf { get; init; }
    /// <summary>Excess phase PTF in degrees at f = 1/(2π·TF): a delay td = PTF·(π/180)·TF of the forward transport current.</summary>
    public double Ptf { get; init; }
    /// <summary>Zero-bias base-collector depletion capacitance CJC in F.</summary>
    public double Cjc { get; init; }
    /// <summary>Base-collector built-in potential VJC in V.</summary>
    public double Vjc { get; init; } = 0.75;
    /// <summary>Base-collector junction grading coefficient MJC.</summary>
    public double Mjc { get; init; } = 0.33;
    /// <summary>Fraction XCJC of CJC connected to the internal base node (the rest goes to the external base).</summary>
    public double Xcjc { get; init; } = 1;
    /// <summary>Ideal reverse transit time TR in s.</summary>
    public double Tr { get; init; }
    /// <summary>Zero-bias collector-substrate (lateral PNP: base-substrate) capacitance CJS in F.</summary>
    public double Cjs { get; init; }
    /// <summary>Substrate junction built-in potential VJS in V.</summary>
    public double Vjs { get; init; } = 0.75;
    /// <summary>Substrate junction grading coefficient MJS.</summary>
    public double Mjs { get; init; }
    /// <summary>Forward-bias depletion capacitance coefficient FC.</summary>
    public double Fc { get; init; } = 0.5;
    /// <summary>Forward and reverse beta temperature exponent XTB.</summary>
    public double Xtb { get; init; }
    /// <summary>Energy gap EG in eV for the temperature effect on IS.</summary>
    public double Eg { get; init; } = 1.11;
    /// <summary>Temperature exponent XTI of IS.</summary>
    public double Xti { get; init; } = 3;
    /// <summary>Temperature TNOM in K at which the parameters were measured (SPICE default 27 °C).</summary>
    public double Tnom { get; init; } = 300.15;
    /// <summary>Flicker noise coefficient KF (A^(2−AF)): base-current 1/f noise KF·|Ib|^AF/f in A²/Hz.</summary>
    public double Kf { get; init; }
    /// <summary>Flicker noise exponent AF.</summary>
    public double Af { get; init; } = 1;
    /// <summary>
    /// Substrate geometry SUBS (ngspice): +1 vertical (substrate junction at the collector), −1 lateral (at the base);
    /// null = ngspice's default, vertical for NPN and lateral for PNP.
    /// </summary>
    public int? Subs { get; init; }

    /// <summary>Polarity as the sign used in the equations (+1 NPN, −1 PNP).</summary>
    public double Type => (int)Polarity;

    /// <summary>+1 vertical, −1 lateral, as used.</summary>
    public int SubstrateGeometry => Subs ?? (Polarity == BjtPolarity.Npn ? 1 : -1);

    /// <summary>Excess-phase delay td = PTF·(π/180)·TF in s (ngspice BJTexcessPhaseFactor); 0 = none.</summary>
    public double ExcessPhaseDelay => Ptf / (180 / Math.PI) * Tf;

    /// <summary>RBM as used: RBM if given, else RB.</summary>
    public double MinimumBaseResistance => Rbm ?? Rb;
}

/// <summary>
/// Gummel-Poon parameters of one instance (area applied) at the circuit temperature T, scaled from TNOM as SPICE3 /
/// ngspice bjttemp.c does (at T = TNOM every value equals the model's), Vt = kT/q:
///   IS(T) = IS·exp(factlog),  factlog = (T/TNOM − 1)·EG/Vt + XTI·ln(T/TNOM)
///   BF(T) = BF·(T/TNOM)^XTB,  BR(T) = BR·(T/TNOM)^XTB
///   ISE(T) = ISE·exp(factlog/NE)/(T/TNOM)^XTB,  ISC(T) = ISC·exp(factlog/NC)/(T/TNOM)^XTB
///   junction potentials and zero-bias capacitances (VJE/CJE, VJC/CJC, VJS/CJS) as the MOSFET bulk junctions
///   (<see cref="MosfetTemperature"/>): VJ(T) = (T/Tref)·VJ0 + pbfact(T), VJ0 = (VJ − pbfact(TNOM))/(TNOM/Tref),
///   CJ(T) = CJ·(1 + M·(4e-4·(T − Tref) − (VJ(T) − VJ0)/VJ0))/(1 + M·(4e-4·(TNOM − Tref) − (VJ − VJ0)/VJ0)).
/// Area (ngspice): IS, ISE, ISC, IKF, IKR, IRB, ITF and the capacitances scale with area; RB, RBM, RE, RC scale with 1/area.
/// </summary>
public sealed record BjtTemperature
{
    /// <summary>Thermal voltage kT/q in Volts at the device temperature.</summary>
    public double Vt { get; private init; }
    /// <summary>Transport saturation current IS in Amperes at temperature, times area.</summary>
    public double Is { get; private init; }
    /// <summary>Ideal maximum forward beta BF at temperature.</summary>
    public double Bf { get; private init; }
    /// <summary>Ideal maximum reverse beta BR at temperature.</summary>
    public double Br { get; private init; }
    /// <summary>Base-emitter leakage saturation current ISE in Amperes at temperature, times area.</summary>
    public double Ise { get; private init; }
    /// <summary>Base-collector leakage saturation current ISC in Amperes at temperature, times area.</summary>
    public double Isc { get; private init; }
    /// <summary>Base-emitter built-in potential VJE in Volts at temperature.</summary>
    public double Vje { get; private init; }
    /// <summary>Base-emitter zero-bias depletion capacitance CJE in Farads at temperature, times area.</summary>
    public double Cje { get; private init; }
    /// <summary>Base-collector built-in potential VJC in Volts at temperature.</summary>
    public double Vjc { get; private init; }
    /// <summary>Base-collector zero-bias depletion capacitance CJC in Farads at temperature, times area.</summary>
    public double Cjc { get; private init; }
    /// <summary>Substrate junction built-in potential VJS in Volts at temperature.</summary>
    public double Vjs { get; private init; }
    /// <summary>Substrate junction zero-bias capacitance CJS in Farads at temperature, times area.</summary>
    public double Cjs { get; private init; }

    /// <summary>Scales model m to the device temperature kelvin (K) and relative area area.</summary>
    public static BjtTemperature Of(BjtModel m, double kelvin, double area)
    {
        const double tref = MosfetTemperature.ReferenceKelvin;
        double tnom = m.Tnom;
        double vt = Junction.ThermalVoltage(kelvin);
        double fact1 = tnom / tref, fact2 = kelvin / tref;
        double pbfact1 = PotentialShift(tnom, fact1), pbfact = PotentialShift(kelvin, fact2);
        double ratlog = Math.Log(kelvin / tnom), ratio1 = kelvin / tnom - 1;
        double factlog = ratio1 * m.Eg / vt + m.Xti * ratlog;
        double bfactor = Math.Exp(ratlog * m.Xtb);
        (double Pot, double Cap) Scaled(double vj, double cj, double grading)
        {
            double pbo = (vj - pbfact1) / fact1;
            double gmaold = (vj - pbo) / pbo;
            double pot = fact2 * pbo + pbfact;
            double gmanew = (pot - pbo) / pbo;
            double cap = cj / (1 + grading * (4e-4 * (tnom - tref) - gmaold)) * (1 + grading * (4e-4 * (kelvin - tref) - gmanew));
            return (pot, cap);
        }
        var (vje, cje) = Scaled(m.Vje, m.Cje, m.Mje);
        var (vjc, cjc) = Scaled(m.Vjc, m.Cjc, m.Mjc);
        var (vjs, cjs) = Scaled(m.Vjs, m.Cjs, m.Mjs);
        return new BjtTemperature
        {
            Vt = vt,
            Is = m.Is * Math.Exp(factlog) * area,
            Bf = m.Bf * bfactor,
            Br = m.Br * bfactor,
            Ise = m.Ise * Math.Exp(factlog / m.Ne) / bfactor * area,
            Isc = m.Isc * Math.Exp(factlog / m.Nc) / bfactor * area,
            Vje = vje, Cje = cje * area,
            Vjc = vjc, Cjc = cjc * area,
            Vjs = vjs, Cjs = cjs * area,
        };
    }

    /// <summary>
    /// ngspice pbfact: −2·Vt·(1.5·ln(T/Tref) + q·(−Eg(T)/(2kT) + Eg(Tref)/(2k·Tref))), Eg(T) = 1.16 − 7.02e-4·T²/(T + 1108) eV,
    /// Eg(Tref) = 1.1150877 eV.
    /// </summary>
    private static double PotentialShift(double kelvin, double fact)
    {
        const double boltzmann = 1.38064852e-23, charge = 1.6021766208e-19, tref = MosfetTemperature.ReferenceKelvin;
        double eg = 1.16 - 7.02e-4 * kelvin * kelvin / (kelvin + 1108);
        double kt = boltzmann * kelvin;
        double arg = -eg / (kt + kt) + 1.1150877 / (boltzmann * (tref + tref));
        return -2 * (kelvin * boltzmann / charge) * (1.5 * Math.Log(fact) + charge * arg);
    }
}
