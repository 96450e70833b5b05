using MemristorSpice.Devices.Memristors;
using Xunit;

namespace MemristorSpice.Devices.Tests;

/// <summary>
/// The IBM PCM device preset (programming noise, accumulated 1/f read noise, power-law drift) against its closed form
/// with the published coefficients typed in by hand (Nandakumar et al., ICECS 2019; Joshi et al., Nat. Commun. 11,
/// 2473 (2020), as in aihwkit's PCMLikeNoiseModel), and its programming spread against the sample statistics.
/// </summary>
public sealed class PcmPresetTests
{
    [Theory]
    [InlineData(12.5e-6, 86400.0, 0.7, -1.2, 0.4)]
    [InlineData(25e-6, 3.15576e8, -0.3, 2.0, -1.5)]
    [InlineData(2e-6, 3600.0, 1.1, 0.5, 0.9)]
    public void Conductance_is_the_published_chain_of_programming_noise_drift_and_read_noise(double target, double t, double zDrift, double zProgram, double zRead)
    {
        var pcm = MemristorPresets.PcmIbm();
        double x = target / 25e-6;
        double sigmaProgram = (0.26348 + 1.9650 * x - 1.1731 * x * x) * 1e-6;
        double programmed = target + sigmaProgram * zProgram;
        double lnG = Math.Log(target / 25e-6);
        double mu = Math.Clamp(-0.0155 * lnG + 0.0244, 0.049, 0.1), sigmaNu = Math.Clamp(-0.0125 * lnG - 0.0059, 0.008, 0.045);
        double drifted = programmed * Math.Pow(t / 20, -Math.Abs(mu + sigmaNu * zDrift));
        double q = Math.Min(0.0088 / Math.Pow(programmed / 25e-6, 0.65), 0.2);
        double expected = drifted * (1 + q * Math.Sqrt(Math.Log((t + 250e-9) / 500e-9)) * zRead);
        // 1e-12 relative: a few exp/log/pow evaluations, here in another order.
        Assert.Equal(1, pcm.Conductance(target, t, zDrift, zProgram, zRead) / expected, 12);
    }

    [Fact]
    public void Published_anchor_values_of_the_programming_and_read_noise()
    {
        var cell = MemristorPresets.PcmIbm().Cell!;
        // σ_prog at G_T = 0, 12.5 and 25 µS: 0.26348, 0.952705 and 1.05538 µS (the fit's polynomial by hand).
        Assert.Equal(0.26348e-6, cell.ProgrammingSigmaSiemens(0), 15);
        Assert.Equal(0.952705e-6, cell.ProgrammingSigmaSiemens(12.5e-6), 15);
        Assert.Equal(1.05538e-6, cell.ProgrammingSigmaSiemens(25e-6), 15);
        // Read noise after one day at 12.5 µS: 0.0088/0.5^0.65·√ln(86400.00000025/5e-7) = 0.07024 (4 digits by hand).
        Assert.Equal(0.07024, cell.ReadSigmaRelative(12.5e-6, 86400), 4);
        // None before the fit's read time; capped at Q_max = 0.2 for nearly empty cells.
        Assert.Equal(0, cell.ReadSigmaRelative(12.5e-6, 100e-9));
        Assert.Equal(0.2 * Math.Sqrt(Math.Log((1 + 250e-9) / 500e-9)), cell.ReadSigmaRelative(1e-9, 1), 12);
        Assert.Null(MemristorPresets.PcmIbm().ActivationEnergyEv);
        Assert.Equal("pcm-ibm", MemristorPresets.Retention("VTEAM_XBAR", "pcm-ibm").Name);
    }

    [Fact]
    public void Programming_spread_before_any_drift_matches_sigma_prog()
    {
        var pcm = MemristorPresets.PcmIbm();
        var rng = new Random(7);
        const int n = 40_000;
        double sum = 0, sum2 = 0;
        for (int k = 0; k < n; k++)
        {
            // Box–Muller standard normals; at t = 0 neither drift nor read noise acts.
            double z = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            double g = pcm.Conductance(12.5e-6, 0, 0, z, 1) - 12.5e-6;
            sum += g; sum2 += g * g;
        }
        double mean = sum / n, sd = Math.Sqrt(sum2 / n - mean * mean);
        // 40,000 draws: standard error of the sd 0.35 %, so 2 %; the mean within 5 standard errors of 0.
        Assert.InRange(sd / 0.952705e-6, 0.98, 1.02);
        Assert.InRange(Math.Abs(mean), 0, 5 * 0.952705e-6 / Math.Sqrt(n));
    }
}
