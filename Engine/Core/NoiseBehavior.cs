using MemristorSpice.Engine.Analyses;

namespace MemristorSpice.Engine.Core;

/// <summary>
/// Noise part of a behavior (.noise). At each frequency the behavior reports its noise sources as current
/// sources between two unknowns with a one-sided power spectral density in A²/Hz, evaluated at the operating
/// point; the analysis weighs each by |H|², the squared transfer from that current to the output found with the
/// adjoint system. A behavior without this interface is noiseless (sources, capacitors, inductors, controlled
/// sources, ideal op-amps).
/// </summary>
public interface INoiseBehavior
{
    /// <summary>Adds the behavior's noise sources at <see cref="NoiseLoadContext.Frequency"/>.</summary>
    void LoadNoise(NoiseLoadContext context);
}

/// <summary>What a behavior sees while reporting its noise sources at one frequency.</summary>
public sealed class NoiseLoadContext
{
    /// <summary>Boltzmann constant in J/K (the value ngspice 39 uses, CONSTboltz).</summary>
    public const double Boltzmann = 1.38064852e-23;

    /// <summary>Elementary charge in C (ngspice 39's CHARGE).</summary>
    public const double Charge = 1.6021766208e-19;

    private readonly Action<string, int, int, double> _add;

    internal NoiseLoadContext(LoadContext operatingPoint, Action<string, int, int, double> add)
    {
        OperatingPoint = operatingPoint; _add = add;
    }

    /// <summary>The load context at the operating point (solution and states are the OP).</summary>
    public LoadContext OperatingPoint { get; }

    /// <summary>Frequency f in Hz.</summary>
    public double Frequency { get; internal set; }

    /// <summary>
    /// Adds a noise current between unknowns positive and negative with one-sided PSD in A²/Hz. Each behavior must
    /// add the same sources in the same order at every frequency (they are integrated per source).
    /// </summary>
    /// <param name="source">Name of the source, e.g. "r1" or "d1 shot".</param>
    /// <param name="positive">Unknown the noise current leaves.</param>
    /// <param name="negative">Unknown the noise current enters.</param>
    /// <param name="psd">One-sided power spectral density in A²/Hz.</param>
    public void AddCurrentNoise(string source, int positive, int negative, double psd) => _add(source, positive, negative, psd);

    /// <summary>Thermal (Johnson–Nyquist) noise current PSD 4kTG in A²/Hz of a conductance G in S at T in K.</summary>
    public static double Thermal(double kelvin, double conductance) => 4 * Boltzmann * kelvin * Math.Abs(conductance);

    /// <summary>Shot noise current PSD 2q|I| in A²/Hz of a junction current I in A (Schottky).</summary>
    public static double Shot(double current) => 2 * Charge * Math.Abs(current);
}
