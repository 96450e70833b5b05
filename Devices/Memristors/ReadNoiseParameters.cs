namespace MemristorSpice.Devices.Memristors;

/// <summary>
/// Read noise of a memristive cell, beyond its thermal noise 4kTG: the conductance of every read differs from the
/// programmed one by slow fluctuations that are frozen during one read and independent between reads.
///   1/f noise: relative rms current fluctuation σ_f = ΔI/I per read (Gaussian);
///   random telegraph noise (RTN): a share ρ of the cells has one active trap that switches the conductance by the
///   relative amplitude a with occupancy p: relative variance a²·p·(1 − p) per such cell.
/// Per cell the relative conductance variance of a read is σ_f² + ρ·a²·p·(1 − p) (averaged over cells).
/// </summary>
/// <param name="Name">Name of the parameter set.</param>
/// <param name="FlickerRelativeRms">σ_f: rms ΔI/I of the 1/f fluctuation over a read (dimensionless).</param>
/// <param name="RtnRelativeAmplitude">a: relative conductance step ΔG/G of an RTN trap (dimensionless).</param>
/// <param name="RtnCellFraction">ρ: share of cells with an active RTN trap, in [0, 1].</param>
/// <param name="RtnOccupancy">p: probability that the trap is in its low-conductance state, in [0, 1].</param>
/// <param name="Source">Where each number comes from.</param>
public sealed record ReadNoiseParameters(string Name, double FlickerRelativeRms, double RtnRelativeAmplitude, double RtnCellFraction,
    double RtnOccupancy, string Source)
{
    /// <summary>Relative conductance variance of one read of one cell: σ_f² + ρ·a²·p·(1 − p).</summary>
    public double RelativeVariance => FlickerRelativeRms * FlickerRelativeRms
                                      + RtnCellFraction * RtnRelativeAmplitude * RtnRelativeAmplitude * RtnOccupancy * (1 - RtnOccupancy);

    /// <summary>Throws <see cref="ArgumentException"/> naming the broken rule.</summary>
    public ReadNoiseParameters Validate()
    {
        if (!(FlickerRelativeRms >= 0 && FlickerRelativeRms < 1) || !(RtnRelativeAmplitude >= 0 && RtnRelativeAmplitude < 1))
            throw new ArgumentException($"{Name}: the relative 1/f rms and RTN amplitude must be in [0, 1).");
        if (!(RtnCellFraction is >= 0 and <= 1) || !(RtnOccupancy is >= 0 and <= 1))
            throw new ArgumentException($"{Name}: the RTN cell fraction and occupancy must be in [0, 1].");
        return this;
    }

    /// <summary>
    /// Filamentary ReRAM read noise, the default of every memristor preset:
    /// σ_f = 0.1 %: Sánta et al., "Universal 1/f type current noise of Ag filaments in redox-based memristive
    /// nanojunctions", Nanoscale 11, 4719 (2019), measure a 1/f current noise ratio ΔI/I of 0.01–1 % depending on the
    /// device resistance; 0.1 % is the logarithmic middle of that range.
    /// a = 1 %, ρ = 10 %, p = 0.5: a MemristorSpice choice, not a measured set. Ielmini, Nardi and Cagli,
    /// "Resistance-dependent amplitude of random telegraph-signal noise in resistive switching memories", Appl. Phys.
    /// Lett. 96, 053503 (2010), and Ambrogio et al., IEEE TED 62(11), 3805 (2015), show that the RTN amplitude grows
    /// with the cell resistance and varies from cell to cell; set these per device from such measurements.
    /// </summary>
    public static ReadNoiseParameters FilamentaryReRam() => new ReadNoiseParameters("RERAM_READ_NOISE", 1e-3, 1e-2, 0.1, 0.5,
        "1/f: Santa et al., Nanoscale 11, 4719 (2019), Delta I/I 0.01-1 %, log-middle 0.1 %; RTN a = 1 %, 10 % of cells, p = 0.5: " +
        "MemristorSpice choice (amplitude grows with R: Ielmini et al., APL 96, 053503 (2010))").Validate();
}
