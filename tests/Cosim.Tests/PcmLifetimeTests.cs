using MemristorSpice.Cosim.Lifetime;
using MemristorSpice.Devices.Memristors;

namespace MemristorSpice.Cosim.Tests;

/// <summary>The IBM PCM device preset in the lifetime analysis: each cell gets programming and read noise on top of its drift.</summary>
public sealed class PcmLifetimeTests
{
    /// <summary>
    /// 20,000 cells programmed to 12.5 µS, read 20 s after programming (t = t0: no drift yet, 1/f read noise of
    /// √ln((20 s + 250 ns)/500 ns) = 4.19 times Q): the spread of the array is √(σ_prog² + (G·σ_r)²) by the closed form,
    /// within 3 % (standard error of a sample sd of 20,000 is 0.5 %); the plain pcm law leaves every cell at G0 at t0.
    /// </summary>
    [Fact]
    public void Pcm_ibm_cells_scatter_with_programming_and_read_noise_at_t0()
    {
        var programmed = new CellMap();
        var g0 = new double[100, 200];
        for (int r = 0; r < 100; r++) for (int c = 0; c < 200; c++) g0[r, c] = 12.5e-6;
        programmed.Values[(0, 0)] = g0;
        var noisy = LifetimeAnalyses.Drifted(programmed, MemristorPresets.PcmIbm(), 20, seed: 3).Values[(0, 0)];
        var plain = LifetimeAnalyses.Drifted(programmed, MemristorPresets.PcmDrift(), 20, seed: 3).Values[(0, 0)];
        double sum = 0, sum2 = 0;
        foreach (var g in noisy) { sum += g - 12.5e-6; sum2 += (g - 12.5e-6) * (g - 12.5e-6); }
        int n = g0.Length;
        double sd = Math.Sqrt(sum2 / n - sum / n * (sum / n));
        double q = 0.0088 / Math.Pow(0.5, 0.65) * Math.Sqrt(Math.Log((20 + 250e-9) / 500e-9));
        double expected = Math.Sqrt(0.952705e-6 * 0.952705e-6 + 12.5e-6 * q * 12.5e-6 * q);
        Assert.InRange(sd / expected, 0.97, 1.03);
        Assert.All(plain.Cast<double>(), g => Assert.Equal(12.5e-6, g));
        // The same seed gives the same array (the draws are per cell, not per call order).
        Assert.Equal(noisy, LifetimeAnalyses.Drifted(programmed, MemristorPresets.PcmIbm(), 20, seed: 3).Values[(0, 0)]);
    }
}
