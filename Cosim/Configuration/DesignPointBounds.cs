using System.Globalization;

namespace MemristorSpice.Cosim.Configuration;

/// <summary>
/// Sanity bounds of the circuit design-point values, shared by the non-idealities file (<see cref="NonIdealities"/>)
/// and the command-line options that set the same quantities, so the two can never disagree. They lie far outside any
/// real design: their purpose is that a mistyped exponent (a 1e100 Ω wire segment) is refused instead of starting a
/// run that cannot finish.
/// </summary>
public static class DesignPointBounds
{
    /// <summary>Largest wire resistance per cell segment, Ohms.</summary>
    public const double MaxWireOhms = 1e6;

    /// <summary>Largest wire capacitance per cell segment, Farads.</summary>
    public const double MaxWireFarads = 1e-9;

    /// <summary>Largest row driver resistance, Ohms.</summary>
    public const double MaxDriverOhms = 1e9;

    /// <summary>Largest op-amp open-loop gain A0, V/V.</summary>
    public const double MaxOpAmpGain = 1e12;

    /// <summary>Smallest op-amp gain-bandwidth product, Hz.</summary>
    public const double MinGbwHz = 1e3;

    /// <summary>Largest op-amp gain-bandwidth product, Hz.</summary>
    public const double MaxGbwHz = 1e12;

    /// <summary>Largest read voltage, Volts.</summary>
    public const double MaxVreadVolts = 10;

    /// <summary>Smallest TIA feedback resistance, Ohms.</summary>
    public const double MinFeedbackOhms = 1e-3;

    /// <summary>Largest TIA feedback resistance, Ohms.</summary>
    public const double MaxFeedbackOhms = 1e12;

    /// <summary>A bound as shown in messages: six significant digits, invariant culture, as the option errors show it.</summary>
    public static string Format(double bound) => bound.ToString("G6", CultureInfo.InvariantCulture);
}
