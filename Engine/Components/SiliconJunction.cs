namespace MemristorSpice.Engine.Components;

/// <summary>
/// Temperature dependence of a silicon pn junction shared by the diode and the MOSFET bulk junctions, as SPICE3 /
/// ngspice compute it (diotemp.c, mos1temp.c; Tref = 300.15 K, k and q as <see cref="Junction.BoltzmannOverCharge"/>):
///   silicon band gap Eg(T) = 1.16 − 7.02e-4·T²/(T + 1108) eV
///   pbfact(T) = −2·(kT/q)·(1.5·ln(T/Tref) + q·(−Eg(T)/(2kT) + 1.1150877/(2k·Tref)))
///   potential: PB0 = (PB − pbfact(TNOM))/(TNOM/Tref),  PB(T) = (T/Tref)·PB0 + pbfact(T)
///   zero-bias capacitance: C(T) = C·(1 + M·(4e-4·(T − Tref) − (PB(T) − PB0)/PB0)) / (1 + M·(4e-4·(TNOM − Tref) − (PB − PB0)/PB0))
/// At T = TNOM every value equals the given one.
/// </summary>
public static class SiliconJunction
{
    /// <summary>Reference temperature of the formulas (ngspice REFTEMP) in K.</summary>
    public const double ReferenceKelvin = 300.15;
    private const double Boltzmann = 1.38064852e-23, Charge = 1.6021766208e-19;

    /// <summary>Silicon band gap Eg(T) in eV at <paramref name="kelvin"/>.</summary>
    public static double BandGap(double kelvin) => 1.16 - 7.02e-4 * kelvin * kelvin / (kelvin + 1108);

    /// <summary>pbfact(T) in V: the intrinsic part of a junction potential at <paramref name="kelvin"/>.</summary>
    public static double PotentialShift(double kelvin)
    {
        double kt = Boltzmann * kelvin;
        double arg = -BandGap(kelvin) / (kt + kt) + 1.1150877 / (Boltzmann * (ReferenceKelvin + ReferenceKelvin));
        return -2 * (kelvin * Boltzmann / Charge) * (1.5 * Math.Log(kelvin / ReferenceKelvin) + Charge * arg);
    }

    /// <summary>Junction potential in V at <paramref name="kelvin"/> of one that is <paramref name="potential"/> at <paramref name="nominalKelvin"/>.</summary>
    public static double Potential(double potential, double nominalKelvin, double kelvin) =>
        kelvin / ReferenceKelvin * ReferencePotential(potential, nominalKelvin) + PotentialShift(kelvin);

    /// <summary>
    /// Factor on a zero-bias junction capacitance with grading coefficient <paramref name="grading"/> and junction
    /// potential <paramref name="potential"/>, both given at <paramref name="nominalKelvin"/>, to get it at <paramref name="kelvin"/>.
    /// </summary>
    public static double CapacitanceFactor(double grading, double potential, double nominalKelvin, double kelvin)
    {
        double pbo = ReferencePotential(potential, nominalKelvin);
        double gmaold = (potential - pbo) / pbo;
        double gmanew = (Potential(potential, nominalKelvin, kelvin) - pbo) / pbo;
        return (1 + grading * (4e-4 * (kelvin - ReferenceKelvin) - gmanew)) / (1 + grading * (4e-4 * (nominalKelvin - ReferenceKelvin) - gmaold));
    }

    private static double ReferencePotential(double potential, double nominalKelvin) =>
        (potential - PotentialShift(nominalKelvin)) / (nominalKelvin / ReferenceKelvin);
}
