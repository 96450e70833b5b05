using MemristorSpice.Engine.Core;

namespace MemristorSpice.Engine.Components;

/// <summary>Channel type of a MOSFET; the value is SPICE's "type" sign that normalizes PMOS voltages to NMOS form.</summary>
public enum MosfetPolarity
{
    /// <summary>N-channel device.</summary>
    Nmos = 1,
    /// <summary>P-channel device: terminal voltages and currents reversed in the equations.</summary>
    Pmos = -1,
}

/// <summary>
/// SPICE MOSFET model parameters of levels 1 (Shichman-Hodges), 2 (Grove-Frohman) and 3 (semi-empirical), names and
/// defaults as in Berkeley SPICE3 / ngspice 39 MOS1, MOS2 and MOS3, given at TNOM; <see cref="MosfetTemperature"/> scales
/// them to the circuit temperature. The level-2 and level-3 parameters (UCRIT ... KAPPA) are ignored at level 1.
/// </summary>
public sealed record MosfetModel
{
    /// <summary>SPICE model level: 1 Shichman-Hodges (<see cref="MosfetEquations"/>), 2 Grove-Frohman (<see cref="MosfetLevel2"/>), 3 semi-empirical (<see cref="MosfetLevel3"/>), 6 n-th power law (<see cref="MosfetLevel6"/>).</summary>
    public int Level { get; init; } = 1;
    /// <summary>Model name from the .model card.</summary>
    public string Name { get; init; } = "nmos";
    /// <summary>NMOS or PMOS, from the .model card type.</summary>
    public MosfetPolarity Polarity { get; init; } = MosfetPolarity.Nmos;
    /// <summary>Zero-bias threshold voltage VTO in V (negative for an enhancement PMOS).</summary>
    public double Vto { get; init; }
    /// <summary>Transconductance parameter KP in A/V²; null = from TOX and U0 when TOX is given, else 2e-5 (SPICE).</summary>
    public double? Kp { get; init; }
    /// <summary>Body-effect coefficient GAMMA in √V.</summary>
    public double Gamma { get; init; }
    /// <summary>Surface potential PHI (2·φF) in V.</summary>
    public double Phi { get; init; } = 0.6;
    /// <summary>Channel-length modulation LAMBDA in 1/V.</summary>
    public double Lambda { get; init; }
    /// <summary>Gate oxide thickness TOX in m; null or 0 = no oxide capacitance (no Meyer charges), as in ngspice MOS1.</summary>
    public double? Tox { get; init; }
    /// <summary>Surface mobility U0 in cm²/(V·s), used only for KP = U0·1e-4·εox/TOX when KP is absent.</summary>
    public double U0 { get; init; } = 600;
    /// <summary>Lateral diffusion LD in m: the effective channel length is L − 2·LD.</summary>
    public double Ld { get; init; }
    /// <summary>Drain ohmic resistance RD in Ω (0 = none, no internal node).</summary>
    public double Rd { get; init; }
    /// <summary>Source ohmic resistance RS in Ω (0 = none, no internal node).</summary>
    public double Rs { get; init; }
    /// <summary>Sheet resistance RSH in Ω/square of the diffusions: RD = RSH·NRD, RS = RSH·NRS when RD, RS are 0.</summary>
    public double Rsh { get; init; }
    /// <summary>Bulk junction saturation current IS in A (used when JS, AD or AS is zero).</summary>
    public double Is { get; init; } = 1e-14;
    /// <summary>Bulk junction saturation current density JS in A/m² (times AD and AS when both are given).</summary>
    public double Js { get; init; }
    /// <summary>Gate-source overlap capacitance CGSO in F per metre of channel width.</summary>
    public double Cgso { get; init; }
    /// <summary>Gate-drain overlap capacitance CGDO in F per metre of channel width.</summary>
    public double Cgdo { get; init; }
    /// <summary>Gate-bulk overlap capacitance CGBO in F per metre of (effective) channel length.</summary>
    public double Cgbo { get; init; }
    /// <summary>Zero-bias bulk-drain junction capacitance CBD in F; null = from CJ·AD.</summary>
    public double? Cbd { get; init; }
    /// <summary>Zero-bias bulk-source junction capacitance CBS in F; null = from CJ·AS.</summary>
    public double? Cbs { get; init; }
    /// <summary>Zero-bias bottom junction capacitance CJ in F/m² (times AD, AS when CBD, CBS are absent).</summary>
    public double? Cj { get; init; }
    /// <summary>Bottom junction grading coefficient MJ.</summary>
    public double Mj { get; init; } = 0.5;
    /// <summary>Zero-bias sidewall junction capacitance CJSW in F/m (times PD, PS).</summary>
    public double? Cjsw { get; init; }
    /// <summary>Sidewall junction grading coefficient MJSW.</summary>
    public double Mjsw { get; init; } = 0.5;
    /// <summary>Bulk junction potential PB in V.</summary>
    public double Pb { get; init; } = 0.8;
    /// <summary>Forward-bias depletion capacitance coefficient FC.</summary>
    public double Fc { get; init; } = 0.5;
    /// <summary>Temperature TNOM in K at which the parameters were measured (SPICE default 27 °C).</summary>
    public double Tnom { get; init; } = 300.15;
    /// <summary>Flicker noise coefficient KF: drain 1/f noise KF·|Id|^AF/(f·W·M·Leff·Cox'²) in A²/Hz (ngspice 39 mos1noi.c).</summary>
    public double Kf { get; init; }
    /// <summary>Flicker noise exponent AF.</summary>
    public double Af { get; init; } = 1;

    /// <summary>Substrate doping NSUB in cm⁻³ (null = not given): levels 2 and 3 take the depletion width coefficient from it.</summary>
    public double? Nsub { get; init; }
    /// <summary>Fast surface state density NFS in cm⁻² (levels 2, 3): nonzero turns on the weak-inversion (subthreshold) current.</summary>
    public double Nfs { get; init; }
    /// <summary>Metallurgical junction depth XJ in m (levels 2, 3): short-channel threshold reduction (0 = none).</summary>
    public double Xj { get; init; }
    /// <summary>Width effect on threshold DELTA (levels 2, 3, dimensionless): narrow-channel threshold increase.</summary>
    public double Delta { get; init; }
    /// <summary>Maximum carrier drift velocity VMAX in m/s (levels 2, 3); 0 = no velocity saturation.</summary>
    public double Vmax { get; init; }
    /// <summary>Critical field for mobility degradation UCRIT in V/cm (level 2).</summary>
    public double Ucrit { get; init; } = 1e4;
    /// <summary>Critical field exponent UEXP of the level-2 mobility degradation (0 = constant mobility).</summary>
    public double Uexp { get; init; }
    /// <summary>Total channel charge coefficient NEFF (level 2, with VMAX): fixed and mobile charge relative to the depletion charge.</summary>
    public double Neff { get; init; } = 1;
    /// <summary>Mobility modulation THETA in 1/V (level 3).</summary>
    public double Theta { get; init; }
    /// <summary>Static feedback (drain-induced barrier lowering) ETA (level 3, dimensionless).</summary>
    public double Eta { get; init; }
    /// <summary>Saturation field factor KAPPA (level 3, dimensionless).</summary>
    public double Kappa { get; init; } = 0.2;
    /// <summary>Length adjustment XL in m (level 3): effective length L − 2·LD + XL.</summary>
    public double Xl { get; init; }
    /// <summary>Width narrowing WD in m (level 3): effective width W − 2·WD + XW.</summary>
    public double Wd { get; init; }
    /// <summary>Width adjustment XW in m (level 3).</summary>
    public double Xw { get; init; }
    /// <summary>Threshold shift DELVTO in V added to VTO (level 3, ngspice's delvt0).</summary>
    public double Delvto { get; init; }
    /// <summary>Saturation voltage coefficient KV in V (level 6): vdsat = KV·(vgs − von)^NV.</summary>
    public double Kv { get; init; } = 2;
    /// <summary>Saturation voltage exponent NV (level 6).</summary>
    public double Nv { get; init; } = 0.5;
    /// <summary>Saturation current coefficient KC in A/V^NC (level 6); null = 0.5·U0·εox/TOX with TOX, else 5e-5.</summary>
    public double? Kc { get; init; }
    /// <summary>Saturation current exponent NC (level 6).</summary>
    public double Nc { get; init; } = 1;
    /// <summary>Body dependence of the level-6 channel-length modulation LAMBDA1 in 1/V² (LAMBDA0 is <see cref="Lambda"/>).</summary>
    public double Lambda1 { get; init; }
    /// <summary>Linear body-effect coefficient GAMMA1 (level 6, dimensionless).</summary>
    public double Gamma1 { get; init; }
    /// <summary>Static feedback SIGMA (level 6): threshold lowering per volt of vds.</summary>
    public double Sigma { get; init; }

    /// <summary>KC as used at TNOM (level 6, ngspice mos6temp.c): KC, else 0.5·U0·1e-4·Cox' with TOX, else 5e-5 A/V^NC.</summary>
    public double PowerLawKc => Kc ?? (OxideThickness is > 0 ? 0.5 * U0 * 1e-4 * OxideCapacitancePerArea : 5e-5);

    /// <summary>Permittivity of silicon in F/m as ngspice writes it: 11.7·8.854214871e-12.</summary>
    public const double SiliconPermittivity = 11.7 * 8.854214871e-12;

    /// <summary>Elementary charge q in C (ngspice CHARGE).</summary>
    public const double ElementaryCharge = 1.6021766208e-19;

    /// <summary>TOX in m as used: levels 2 and 3 default an absent TOX to 1e-7 m (ngspice mos2temp.c, mos3set.c); levels 1 and 6 keep it absent.</summary>
    public double? OxideThickness => Level is 2 or 3 ? Tox ?? 1e-7 : Tox;

    /// <summary>
    /// Depletion width coefficient √(2·εSi/(q·NSUB)) in m/√V (ngspice MOS2xd, MOS3coeffDepLayWidth), 0 without NSUB:
    /// the depletion layer under a potential ψ is xd·√ψ.
    /// </summary>
    public double DepletionCoefficient => Nsub is > 0 ? Math.Sqrt(2 * SiliconPermittivity / (ElementaryCharge * Nsub.Value * 1e6)) : 0;

    /// <summary>Permittivity of SiO2 in F/m as ngspice writes it: 3.9·8.854214871e-12.</summary>
    public const double OxidePermittivity = 3.9 * 8.854214871e-12;

    /// <summary>Oxide capacitance per area Cox' = εox/TOX in F/m² (0 without TOX), ngspice MOS1oxideCapFactor.</summary>
    public double OxideCapacitancePerArea => OxideThickness is > 0 ? OxidePermittivity / OxideThickness.Value : 0;

    /// <summary>KP in A/V² as used: KP if given, else U0·1e-4 (cm² to m²)·Cox' when TOX is given, else 2e-5 (ngspice mos1temp.c).</summary>
    public double Transconductance => Kp ?? (OxideThickness is > 0 ? U0 * 1e-4 * OxideCapacitancePerArea : 2e-5);

    /// <summary>Polarity as the sign used in the equations (+1 NMOS, −1 PMOS).</summary>
    public double Type => (int)Polarity;

    /// <summary>
    /// PHI, GAMMA and VTO derived from the process as SPICE3 / ngspice mos1temp.c does when NSUB and TOX are given
    /// (each only where the card did not give it), with n_i = 1.45e10 cm⁻³, εSi = 11.7·ε0, Eg at TNOM:
    ///   PHI = max(0.1, 2·(kTNOM/q)·ln(NSUB/n_i))
    ///   GAMMA = √(2·εSi·q·NSUB)/Cox'
    ///   VTO = Vfb + type·(GAMMA·√PHI + PHI), Vfb = φms − NSS·q/Cox', φms = wkfng − (3.25 + Eg/2 + type·PHI/2),
    ///   wkfng = 3.25 + Eg/2 − type·TPG·Eg/2 (TPG ≠ 0: gate opposite (1), same (−1) as substrate), else 3.2 (aluminium).
    /// Level 3 (ngspice mos3temp.c) takes n_i at TNOM, 1.45e10·(TNOM/300)^1.5·exp(Eg/2·(1/300 − 1/TNOM)/(k/q)), instead.
    /// NSUB is kept in <see cref="Nsub"/> for the level-2 and level-3 depletion widths.
    /// </summary>
    /// <param name="nsub">Substrate doping NSUB in cm⁻³ (must exceed n_i).</param>
    /// <param name="nss">Surface state density NSS in cm⁻².</param>
    /// <param name="tpg">Gate material TPG: 1 opposite to substrate, −1 same, 0 aluminium.</param>
    /// <param name="phiGiven">True if the card gave PHI, which is then kept.</param>
    /// <param name="gammaGiven">True if the card gave GAMMA, which is then kept.</param>
    /// <param name="vtoGiven">True if the card gave VTO, which is then kept.</param>
    public MosfetModel WithSubstrateDoping(double nsub, double nss, double tpg, bool phiGiven, bool gammaGiven, bool vtoGiven)
    {
        const double Charge = ElementaryCharge, Boltzmann = 1.38064852e-23, Epsilon0 = 8.854214871e-12;
        double cox = OxideCapacitancePerArea;
        if (cox == 0) return this;
        double vtnom = Tnom * Boltzmann / Charge;
        double egfet1 = 1.16 - 7.02e-4 * Tnom * Tnom / (Tnom + 1108);
        double niPerM3 = Level == 3
            ? 1.45e16 * (Tnom / 300) * Math.Sqrt(Tnom / 300) * Math.Exp(0.5 * egfet1 * (1.0 / 300 - 1 / Tnom) / (Boltzmann / Charge))
            : 1.45e16;
        if (!(nsub * 1e6 > niPerM3))
            throw new CircuitException($"MOSFET model '{Name}': NSUB = {nsub:G4} cm^-3 is below the intrinsic density 1.45e10 cm^-3.");
        double phi = phiGiven ? Phi : Math.Max(0.1, 2 * vtnom * Math.Log(nsub * 1e6 / niPerM3));
        double fermis = Type * 0.5 * phi;
        double wkfng = tpg != 0 ? 3.25 + 0.5 * egfet1 - Type * tpg * 0.5 * egfet1 : 3.2;
        double wkfngs = wkfng - (3.25 + 0.5 * egfet1 + fermis);
        double gamma = gammaGiven ? Gamma : Math.Sqrt(2 * 11.70 * Epsilon0 * Charge * nsub * 1e6) / cox;
        double vto = vtoGiven ? Vto : wkfngs - nss * 1e4 * Charge / cox + Type * (gamma * Math.Sqrt(phi) + phi);
        return this with { Phi = phi, Gamma = gamma, Vto = vto, Nsub = nsub };
    }
}

/// <summary>Instance geometry of a MOSFET (SPICE defaults: L = W = 100 µm, M = 1, no diffusion areas).</summary>
public sealed record MosfetGeometry
{
    /// <summary>Drawn channel length L in m.</summary>
    public double L { get; init; } = 100e-6;
    /// <summary>Channel width W in m.</summary>
    public double W { get; init; } = 100e-6;
    /// <summary>Parallel multiplier M: currents, conductances and capacitances scale by M.</summary>
    public double M { get; init; } = 1;
    /// <summary>Drain diffusion area AD in m² (JS and CJ).</summary>
    public double Ad { get; init; }
    /// <summary>Source diffusion area AS in m² (JS and CJ).</summary>
    public double As { get; init; }
    /// <summary>Drain junction perimeter PD in m (CJSW).</summary>
    public double Pd { get; init; }
    /// <summary>Source junction perimeter PS in m (CJSW).</summary>
    public double Ps { get; init; }
    /// <summary>Squares of drain diffusion NRD (times RSH).</summary>
    public double Nrd { get; init; } = 1;
    /// <summary>Squares of source diffusion NRS (times RSH).</summary>
    public double Nrs { get; init; } = 1;
}
