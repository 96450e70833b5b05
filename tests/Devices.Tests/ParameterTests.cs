using MemristorSpice.Devices.Memristors;
using MemristorSpice.Devices.OpAmps;

namespace MemristorSpice.Devices.Tests;

/// <summary>Parameter checks: each broken rule gives an ArgumentException whose message names the rule.</summary>
public class ParameterTests
{
    [Fact]
    public void PresetsCarryTheirNumbersAndSources()
    {
        var hp = MemristorPresets.Hp();
        Assert.Equal((100.0, 16e3, 10e-9, 1e-14, 11e3), (hp.RonOhms, hp.RoffOhms, hp.ThicknessMeters, hp.MobilityM2PerVoltSecond, hp.InitialOhms));
        Assert.Contains("Biolek", hp.Source);
        var mt = MemristorPresets.VteamMemTorch();
        Assert.Equal((50.0, 1000.0, -10.0, 5e-4, 3.0, 1.0, -0.2, 0.02, 0.0, 3e-9),
            (mt.RonOhms, mt.RoffOhms, mt.KonMetersPerSecond, mt.KoffMetersPerSecond, mt.AlphaOn, mt.AlphaOff, mt.VonVolts, mt.VoffVolts, mt.WonMeters, mt.WoffMeters));
        Assert.Contains("MemTorch", mt.Source);
        foreach (var p in new[] { MemristorPresets.VteamReadSafe(), MemristorPresets.VteamCrossbar() })
        {
            Assert.True(p.VoffVolts > MemristorPresets.DesignReadVolts && -p.VonVolts > MemristorPresets.DesignReadVolts, p.Name);
            Assert.False(string.IsNullOrWhiteSpace(p.Source));
        }
    }

    [Fact]
    public void LinearDriftRules()
    {
        var ok = MemristorPresets.Hp();
        Assert.Contains("Roff must be > Ron", Assert.Throws<ArgumentException>(() => (ok with { RoffOhms = 50 }).Validate()).Message);
        Assert.Contains("Ron must be > 0", Assert.Throws<ArgumentException>(() => (ok with { RonOhms = 0 }).Validate()).Message);
        Assert.Contains("thickness D", Assert.Throws<ArgumentException>(() => (ok with { ThicknessMeters = -1e-9 }).Validate()).Message);
        Assert.Contains("mobility", Assert.Throws<ArgumentException>(() => (ok with { MobilityM2PerVoltSecond = 0 }).Validate()).Message);
        Assert.Contains("initial resistance", Assert.Throws<ArgumentException>(() => (ok with { InitialOhms = 20e3 }).Validate()).Message);
        Assert.Contains("p must be", Assert.Throws<ArgumentException>(() => (ok with { Window = new Window(WindowKind.Biolek, 0.2) }).Validate()).Message);
    }

    [Fact]
    public void VteamRules()
    {
        var ok = MemristorPresets.VteamMemTorch();
        Assert.Contains("v_on < 0", Assert.Throws<ArgumentException>(() => (ok with { VonVolts = 0.1 }).Validate()).Message);
        Assert.Contains("v_off > 0", Assert.Throws<ArgumentException>(() => (ok with { VoffVolts = -0.1 }).Validate()).Message);
        Assert.Contains("k_on < 0", Assert.Throws<ArgumentException>(() => (ok with { KonMetersPerSecond = 1 }).Validate()).Message);
        Assert.Contains("k_off > 0", Assert.Throws<ArgumentException>(() => (ok with { KoffMetersPerSecond = -1 }).Validate()).Message);
        Assert.Contains("w_off", Assert.Throws<ArgumentException>(() => (ok with { WoffMeters = -1e-9 }).Validate()).Message);
        Assert.Contains("Roff must be > Ron", Assert.Throws<ArgumentException>(() => (ok with { RoffOhms = 10 }).Validate()).Message);
        Assert.Contains("alpha", Assert.Throws<ArgumentException>(() => (ok with { AlphaOn = 0 }).Validate()).Message);
        Assert.Contains("w_c", Assert.Throws<ArgumentException>(() => (ok with { Kvatinsky = new KvatinskyWindow(0, 3e-9, 0) }).Validate()).Message);
    }

    [Fact]
    public void TeamRules()
    {
        var ok = MemristorPresets.TeamDemo();
        Assert.Contains("i_on < 0", Assert.Throws<ArgumentException>(() => (ok with { IonAmperes = 1e-6 }).Validate()).Message);
        Assert.Contains("i_off > 0", Assert.Throws<ArgumentException>(() => (ok with { IoffAmperes = 0 }).Validate()).Message);
        Assert.Contains("k_on < 0", Assert.Throws<ArgumentException>(() => (ok with { KonMetersPerSecond = 1 }).Validate()).Message);
        Assert.Contains("Roff must be > Ron", Assert.Throws<ArgumentException>(() => (ok with { RoffOhms = 1 }).Validate()).Message);
    }

    [Fact]
    public void OpAmpRules()
    {
        Assert.Contains("A0", Assert.Throws<ArgumentException>(() => (OpAmpPresets.Ideal() with { OpenLoopGain = 0.5 }).Validate()).Message);
        Assert.Contains("GBW", Assert.Throws<ArgumentException>(() => (OpAmpPresets.SinglePole() with { GainBandwidthHertz = -1 }).Validate()).Message);
        Assert.Contains("both output rails", Assert.Throws<ArgumentException>(() => (OpAmpPresets.Tia() with { OutputLowVolts = null }).Validate()).Message);
        Assert.Contains("must exceed", Assert.Throws<ArgumentException>(() => (OpAmpPresets.Tia() with { OutputLowVolts = 3 }).Validate()).Message);
        Assert.Equal(100.0, OpAmpPresets.SinglePole().PoleHertz!.Value, 1e-9);
    }
}
