using MemristorSpice.Devices.Memristors;
using Xunit;

namespace MemristorSpice.Devices.Tests;

/// <summary>The retention laws against their closed forms, with the numbers of the published fits typed in by hand.</summary>
public sealed class RetentionDriftTests
{
    // Tolerance 1e-12 relative: the law is one exp/log evaluation, so only double rounding separates it from the
    // closed form written here with Math.Pow.
    private const double Rounding = 1e-12;

    [Theory]
    [InlineData(0.05, 20.0, 3600.0)]
    [InlineData(0.1, 1.0, 3.15576e8)]
    [InlineData(0.031, 60.0, 86400.0)]
    public void ZeroSpreadPowerLawIsExactlyTheClosedForm(double nu, double t0, double t)
    {
        var drift = RetentionDrift.ConstantPowerLaw(nu, t0, "test");
        foreach (var g0 in new[] { 1e-6, 37e-6, 1e-4 })
            foreach (var z in new[] { -2.0, 0.0, 1.5 }) // no spread: the draw must not matter
                Assert.Equal(Math.Pow(t / t0, -nu), drift.Conductance(g0, t, z) / g0, Rounding);
    }

    [Fact]
    public void BeforeT0TheCellIsAsProgrammed()
    {
        Assert.Equal(5e-5, MemristorPresets.PcmDrift().Conductance(5e-5, 19.9, 1.0));
        Assert.Equal(5e-5, MemristorPresets.ReramDrift().Conductance(5e-5, 0.5, -1.0));
    }

    [Fact]
    public void PcmExponentFollowsTheLevelDependentFit()
    {
        var pcm = MemristorPresets.PcmDrift();
        // G0 = 1 µS = 0.04·g_max: mean −0.0155·ln(0.04) + 0.0244 = 0.07429 (inside [0.049, 0.1]);
        // spread −0.0125·ln(0.04) − 0.0059 = 0.03434 (inside [0.008, 0.045]).
        Assert.Equal(-0.0155 * Math.Log(0.04) + 0.0244, pcm.MeanNu(1e-6), Rounding);
        Assert.Equal(-0.0125 * Math.Log(0.04) - 0.0059, pcm.NuSigma(1e-6), Rounding);
        // G0 = g_max: both clamp at their lower bounds.
        Assert.Equal(0.049, pcm.MeanNu(25e-6), Rounding);
        Assert.Equal(0.008, pcm.NuSigma(25e-6), Rounding);
        // A cell one sigma above the mean at 1 µS after one day (t0 = 20 s).
        double nu = pcm.MeanNu(1e-6) + pcm.NuSigma(1e-6);
        Assert.Equal(Math.Pow(86400 / 20.0, -nu), pcm.Conductance(1e-6, 86400, 1.0) / 1e-6, Rounding);
    }

    [Fact]
    public void ReramLogRelaxationIsTheClosedForm()
    {
        var reram = MemristorPresets.ReramDrift();
        // G(t) = G0 + (m + s·z)·ln(t/1 s), m = −0.0890 µS, s = 0.0420 µS.
        foreach (var (t, z) in new[] { (10.0, 0.0), (1e4, 0.0), (3.15576e8, 1.0), (3600.0, -2.0) })
            Assert.Equal(50e-6 + (-0.0890e-6 + 0.0420e-6 * z) * Math.Log(t), reram.Conductance(50e-6, t, z), 1e-18);
        // A level below the shift relaxes to 0, never negative.
        Assert.Equal(0, reram.Conductance(0.5e-6, 3.15576e8, 0));
    }

    [Fact]
    public void ArrheniusEquivalentTime()
    {
        var drift = MemristorPresets.PcmDrift() with { ActivationEnergyEv = 1.0 };
        // t_eq = t·exp(Ea/kB·(1/300 − 1/350)) with kB = 8.617333262e-5 eV/K: a factor of 251.0 at 350 K.
        double factor = Math.Exp(1.0 / 8.617333262e-5 * (1 / 300.0 - 1 / 350.0));
        Assert.Equal(3600 * factor, drift.EquivalentSeconds(3600, 350), 1e-9 * 3600 * factor);
        Assert.InRange(factor, 250, 252);
        Assert.Equal(3600, drift.EquivalentSeconds(3600, 300));
        // Without an activation energy another temperature is refused, not silently ignored.
        Assert.Throws<ArgumentException>(() => MemristorPresets.PcmDrift().EquivalentSeconds(3600, 350));
    }

    [Fact]
    public void VteamCrossbarPresetDoesNotMoveBelowThreshold()
    {
        // Read disturb of a threshold device: at every voltage a 0.2 V read can put on a cell the state rate is exactly 0
        // (the softplus corner term is cut off beyond 50 widths), so the lifetime analysis sees no disturb at all.
        var model = new VteamModel(MemristorPresets.VteamCrossbar());
        for (double v = -0.4; v <= 0.4; v += 0.01)
            foreach (var x in new[] { 0.0, 0.3, 0.99 })
                Assert.Equal(0.0, model.Rate(x, v).Rate);
        // Above the threshold it does move (the test would pass vacuously for a model that never moves).
        Assert.NotEqual(0.0, model.Rate(0.3, 1.0).Rate);
    }
}
