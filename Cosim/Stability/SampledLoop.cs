using System.Numerics;

namespace MemristorSpice.Cosim.Stability;

/// <summary>
/// Margins of a loop gain T(f) and the peaking of a closed-loop response sampled at increasing frequencies (an AC
/// sweep). Between two samples, log|T| and the unwrapped phase are interpolated linearly in log f: for the RC loops of
/// a TIA the phase bends by at most about 60°/decade², so at 40 points per decade the interpolation error is below
/// 0.01° (h²/8 · curvature, h = 1/40 decade).
/// </summary>
public static class SampledLoop
{
    /// <summary>
    /// The crossover with the smallest phase margin among all downward crossings of |T| = 1, or null when |T| stays
    /// below 1 over the whole sweep (no crossover: the loop cannot oscillate). Throws when |T| is still ≥ 1 at the
    /// highest frequency (the sweep stops too early to see the crossover).
    /// </summary>
    public static LoopMargin? Margin(IReadOnlyList<double> hz, IReadOnlyList<Complex> loopGain)
    {
        if (hz.Count != loopGain.Count || hz.Count < 2) throw new ArgumentException("need at least two frequencies and as many loop-gain samples.");
        if (loopGain[^1].Magnitude >= 1)
            throw new ArgumentException($"|T| is still {loopGain[^1].Magnitude:G4} at the highest frequency {hz[^1]:G4} Hz: the sweep ends before the crossover.");
        var phase = UnwrappedDegrees(loopGain);
        LoopMargin? worst = null;
        for (int k = 0; k + 1 < hz.Count; k++)
        {
            double m0 = loopGain[k].Magnitude, m1 = loopGain[k + 1].Magnitude;
            if (!(m0 >= 1 && m1 < 1)) continue;
            double u0 = Math.Log(m0), u1 = Math.Log(m1);
            double theta = u0 / (u0 - u1);
            double logF = Math.Log(hz[k]) + theta * (Math.Log(hz[k + 1]) - Math.Log(hz[k]));
            double pm = 180 + phase[k] + theta * (phase[k + 1] - phase[k]);
            if (worst is null || pm < worst.Value.PhaseMarginDegrees) worst = new LoopMargin(Math.Exp(logF), pm);
        }
        return worst;
    }

    /// <summary>
    /// Phase in degrees, continuous from low to high frequency: the first sample in (−180°, 180°], then each step
    /// taken as the smallest angle between neighbours (a loop gain's phase turns far less than 180° between samples).
    /// </summary>
    public static double[] UnwrappedDegrees(IReadOnlyList<Complex> values)
    {
        var result = new double[values.Count];
        for (int k = 0; k < values.Count; k++)
        {
            double p = values[k].Phase * 180 / Math.PI;
            if (k == 0) { result[k] = p; continue; }
            double step = p - values[k - 1].Phase * 180 / Math.PI;
            step -= 360 * Math.Round(step / 360);
            result[k] = result[k - 1] + step;
        }
        return result;
    }

    /// <summary>
    /// Closed-loop peaking: 20·log10(max |H| / |H(f_lowest)|) in dB; 0 when the response never rises above its
    /// low-frequency value. The lowest frequency must lie well inside the closed-loop band (the sweep starts decades
    /// below the crossover).
    /// </summary>
    public static double PeakingDb(IReadOnlyList<Complex> closedLoop)
    {
        if (closedLoop.Count == 0) throw new ArgumentException("no samples.");
        double reference = closedLoop[0].Magnitude, peak = closedLoop.Max(v => v.Magnitude);
        return reference > 0 ? 20 * Math.Log10(peak / reference) : double.NaN;
    }
}
