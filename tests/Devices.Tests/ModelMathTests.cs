using MemristorSpice.Devices.Memristors;
using MemristorSpice.Devices.OpAmps;

namespace MemristorSpice.Devices.Tests;

/// <summary>Analytic partials of the device equations against central finite differences, resistance inversion,
/// and the bound gates.</summary>
public class ModelMathTests
{
    public static TheoryData<string> Models => new() { "HP_NONE", "HP_JOGLEKAR", "HP_BIOLEK", "HP_PRODROMAKIS", "MT", "RS", "XB", "XB_EXP", "MT_BIOLEK", "TEAM", "TEAM_EXP_JOGLEKAR" };

    internal static IMemristorModel Make(string key) => key switch
    {
        "HP_NONE" => new LinearDriftModel(MemristorPresets.Hp(WindowKind.None)),
        "HP_JOGLEKAR" => new LinearDriftModel(MemristorPresets.Hp(WindowKind.Joglekar, 2)),
        "HP_BIOLEK" => new LinearDriftModel(MemristorPresets.Hp(WindowKind.Biolek, 2)),
        "HP_PRODROMAKIS" => new LinearDriftModel(MemristorPresets.Hp(WindowKind.Prodromakis, 2, 0.8)),
        "MT" => new VteamModel(MemristorPresets.VteamMemTorch()),
        "RS" => new VteamModel(MemristorPresets.VteamReadSafe()),
        "XB" => new VteamModel(MemristorPresets.VteamCrossbar()),
        "XB_EXP" => new VteamModel(MemristorPresets.VteamCrossbar() with { Resistance = VteamResistance.Exponential }),
        "MT_BIOLEK" => new VteamModel(MemristorPresets.VteamMemTorch() with { Window = new Window(WindowKind.Biolek, 2) }),
        "TEAM" => new TeamModel(MemristorPresets.TeamDemo()),
        "TEAM_EXP_JOGLEKAR" => new TeamModel(MemristorPresets.TeamDemo() with { Resistance = VteamResistance.Exponential, Window = new Window(WindowKind.Joglekar, 2) }),
        _ => throw new ArgumentException(key),
    };

    /// <summary>∂rate/∂x and ∂rate/∂v versus central differences (relative step 1e-6) at points away from the
    /// piecewise corners (gates, clamp, Biolek's switch at i = 0). Tolerance 1e-5 relative to the largest
    /// of |fd|, |analytic| plus a tiny absolute floor: the truncation error of the difference is ~1e-10 relative.</summary>
    [Theory]
    [MemberData(nameof(Models))]
    public void RatePartialsMatchFiniteDifferences(string key)
    {
        var m = Make(key);
        var thresholds = m is VteamModel vt ? new[] { vt.Parameters.VonVolts, vt.Parameters.VoffVolts } : [0.0];
        var voltages = new List<double>();
        foreach (var th in thresholds)
            foreach (var f in new[] { 0.97, 1.003, 1.02, 1.5, 3.0 })
                voltages.Add(th == 0.0 ? f - 2.0 : th * f);
        voltages.Add(0.7);
        voltages.Add(-1.3);
        foreach (var x in new[] { 0.05, 0.31, 0.5, 0.77, 0.95 })
            foreach (var v in voltages)
            {
                var a = m.Rate(x, v);
                var hx = 1e-6;
                var fdx = (m.Rate(x + hx, v).Rate - m.Rate(x - hx, v).Rate) / (2 * hx);
                var hv = 1e-6 * Math.Max(Math.Abs(v), 1e-3);
                var fdv = (m.Rate(x, v + hv).Rate - m.Rate(x, v - hv).Rate) / (2 * hv);
                AssertClose(fdx, a.DRateDx, $"{key} d/dx at x={x}, v={v}");
                AssertClose(fdv, a.DRateDv, $"{key} d/dv at x={x}, v={v}");
            }
    }

    private static void AssertClose(double fd, double analytic, string what)
    {
        var scale = Math.Max(Math.Abs(fd), Math.Abs(analytic));
        Assert.True(Math.Abs(fd - analytic) <= 1e-5 * scale + 1e-300, $"{what}: finite difference {fd}, analytic {analytic}");
    }

    /// <summary>R(StateForResistance(R)) = R to 1e-9 relative (one division), and targets outside
    /// [Ron, Roff] are refused with a message naming the range.</summary>
    [Theory]
    [MemberData(nameof(Models))]
    public void ResistanceInversion(string key)
    {
        var m = Make(key);
        foreach (var f in new[] { 0.0, 0.1, 0.5, 0.9, 1.0 })
        {
            var target = m.MinResistanceOhms + f * (m.MaxResistanceOhms - m.MinResistanceOhms);
            Assert.Equal(target, m.Resistance(m.StateForResistance(target)), 1e-9 * target);
        }
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => m.StateForResistance(m.MaxResistanceOhms * 1.01));
        Assert.Contains("outside [Ron, Roff]", e.Message);
    }

    /// <summary>The gates stop the state at its bounds: with the largest drive and no window, dx/dt is exactly
    /// 0 at x = 1 (upward) and x = 0 (downward), and R is clamped outside [0, 1].</summary>
    [Fact]
    public void GatesStopTheStateAtItsBounds()
    {
        var hp = Make("HP_NONE");
        Assert.Equal(0.0, hp.Rate(1.0, 5.0).Rate);
        Assert.Equal(0.0, hp.Rate(0.0, -5.0).Rate);
        Assert.True(hp.Rate(0.5, 5.0).Rate > 0);
        var mt = Make("MT");
        Assert.Equal(0.0, mt.Rate(1.0, 1.0).Rate);
        Assert.Equal(0.0, mt.Rate(0.0, -1.0).Rate);
        Assert.Equal(hp.Resistance(1.0), hp.Resistance(1.2));
        Assert.Equal(hp.Resistance(0.0), hp.Resistance(-0.2));
    }

    /// <summary>The VTEAM dead zone is exactly dead (tolerance 0): more than 50 smoothing widths (5 % of the threshold)
    /// inside the thresholds the softplus is cut to max(u, 0) = 0; beyond the thresholds the state moves.</summary>
    [Fact]
    public void VteamDeadZone()
    {
        var rs = Make("RS");
        foreach (var v in new[] { -0.2, -0.1, 0.0, 0.1, 0.2, 0.5 })
            Assert.Equal(0.0, rs.Rate(0.5, v).Rate);
        Assert.True(rs.Rate(0.5, 1.2).Rate > 0);
        Assert.True(rs.Rate(0.5, -1.8).Rate < 0);
    }

    /// <summary>Smooth clamp derivative versus central difference (h = 1e-6 V), tolerance 1e-6; clamp error at
    /// the rail is s·ln 2 and far beyond it below 1e-9 V.</summary>
    [Fact]
    public void OpAmpClamp()
    {
        var p = OpAmpPresets.Tia();
        foreach (var a in new[] { -4.0, -2.51, -2.5, -1.0, 0.0, 2.0, 2.49, 2.5, 2.52, 6.0 })
        {
            var fd = (OpAmpMath.Clamp(p, a + 1e-6) - OpAmpMath.Clamp(p, a - 1e-6)) / 2e-6;
            Assert.Equal(fd, OpAmpMath.ClampDerivative(p, a), 1e-6);
        }
        Assert.Equal(2.5 - 0.01 * Math.Log(2), OpAmpMath.Clamp(p, 2.5), 1e-12);
        Assert.Equal(2.5, OpAmpMath.Clamp(p, 6.0), 1e-9);
        Assert.Equal(1.0, OpAmpMath.Clamp(p, 1.0), 1e-9);
    }
}
