namespace MemristorSpice.Cosim.Stability;

/// <summary>Crossover frequency (Hz) and phase margin (degrees) of a feedback loop.</summary>
/// <param name="CrossoverHz">Frequency where |T| falls through 1, Hz.</param>
/// <param name="PhaseMarginDegrees">180° + ∠T at the crossover (the phase of T unwrapped from 0° at low frequency).</param>
public readonly record struct LoopMargin(double CrossoverHz, double PhaseMarginDegrees);

/// <summary>
/// Lumped model of one TIA loop: a single-pole op-amp A(s) = A0/(1 + s/ωp) (ωp = 2π·GBW/A0, the macro model of
/// <see cref="MemristorSpice.Devices.OpAmps.OpAmpParameters"/>) with feedback admittance Yf = Gf + s·Cf and the column
/// as a source admittance Y = G + s·C to AC ground (G = Σ cell conductances, C = column wire capacitance).
/// Breaking the loop at the op-amp input, the fed-back fraction is β(s) = Yf/(Yf + Y) and the loop gain is
/// T(s) = A(s)·β(s) = A0/(1 + s/ωp) · (Gf + s·Cf)/(Gf + G + s·(Cf + C)): two poles and one zero. It serves as the
/// screen that finds each layer's worst column (the full tile circuit is then analysed) and as a first Cf estimate.
/// </summary>
public static class LumpedTiaLoop
{
    /// <summary>
    /// Crossover and phase margin in closed form, or null when |T(0)| = A0·Gf/(Gf + G) ≤ 1 (the loop never has gain
    /// above 1, so it cannot oscillate). With x = ω², S = Gf + G and K = C + Cf, |T|² = 1 is the quadratic
    /// (K²/ωp²)·x² + (K² + S²/ωp² − A0²·Cf²)·x + (S² − A0²·Gf²) = 0, whose constant term is negative when the DC loop
    /// gain exceeds 1: exactly one positive root. The phase margin is then
    /// PM = 180° − atan(ω/ωp) + atan(ω·Cf/Gf) − atan(ω·K/S).
    /// </summary>
    /// <param name="openLoopGain">A0, V/V.</param>
    /// <param name="gbwHz">Op-amp gain-bandwidth product, Hz.</param>
    /// <param name="feedbackOhms">Rf, Ω.</param>
    /// <param name="feedbackFarads">Cf, F (0 = none).</param>
    /// <param name="sourceSiemens">G: conductance from the TIA input to AC ground, S.</param>
    /// <param name="sourceFarads">C: capacitance from the TIA input to ground, F.</param>
    public static LoopMargin? Solve(double openLoopGain, double gbwHz, double feedbackOhms, double feedbackFarads, double sourceSiemens, double sourceFarads)
    {
        double wp = 2 * Math.PI * gbwHz / openLoopGain;
        double gf = 1 / feedbackOhms, s = gf + sourceSiemens, k = sourceFarads + feedbackFarads;
        double c0 = s * s - openLoopGain * openLoopGain * gf * gf;
        if (c0 >= 0) return null;
        double a = k * k / (wp * wp);
        double b = k * k + s * s / (wp * wp) - openLoopGain * openLoopGain * feedbackFarads * feedbackFarads;
        double x;
        if (a == 0) x = -c0 / b;
        else
        {
            double root = Math.Sqrt(b * b - 4 * a * c0);
            // The positive root without cancellation: (−b + √D)/(2a) = −2c0/(b + √D).
            x = b > 0 ? -2 * c0 / (b + root) : (-b + root) / (2 * a);
        }
        double w = Math.Sqrt(x);
        double pm = 180 - Deg(Math.Atan(w / wp)) + Deg(Math.Atan(w * feedbackFarads / gf)) - Deg(Math.Atan(w * k / s));
        return new LoopMargin(w / (2 * Math.PI), pm);
    }

    private static double Deg(double radians) => radians * 180 / Math.PI;
}
