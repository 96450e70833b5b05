using MemristorSpice.Devices.Memristors;
using MemristorSpice.Devices.Native;

namespace MemristorSpice.Devices.Tests;

public class NativeHysteresisTests
{
    /// <summary>Native pinched hysteresis (HP set, Biolek window, 1 V at 1, 2, 4 Hz): current within 1 nA at each
    /// zero crossing of the voltage (i = v/R, so only interpolation remains), loop area falling by more than 1.3x per
    /// doubling of frequency (≈1/f for small excursions).</summary>
    [Fact]
    public void LoopPinchedAndShrinking()
    {
        var model = MemristorCatalog.Create("linear-drift", "hp-biolek");
        var areas = new List<double>();
        foreach (var f in new[] { 1.0, 2.0, 4.0 })
        {
            var loop = HysteresisSweep.Run(model, 1.0, f);
            var v = loop.Volts;
            var i = loop.Amperes;
            var crossings = 0;
            for (var k = 1; k < v.Length; k++)
            {
                if (v[k - 1] != 0 && v[k - 1] * v[k] < 0)
                {
                    var a = v[k - 1] / (v[k - 1] - v[k]);
                    Assert.True(Math.Abs(i[k - 1] + a * (i[k] - i[k - 1])) <= 1e-9);
                    crossings++;
                }
            }
            Assert.True(crossings >= 3);
            areas.Add(loop.LastPeriodAreaWatts());
        }
        Assert.True(areas[0] > 1.3 * areas[1] && areas[1] > 1.3 * areas[2], $"areas {string.Join(", ", areas)} W");
    }

    [Fact]
    public void CatalogNamesAndErrors()
    {
        Assert.Equal(["linear-drift", "vteam", "team"], MemristorCatalog.ModelNames);
        Assert.Equal("hp-biolek", MemristorCatalog.PresetNames("linear-drift")[0]);
        Assert.Equal("VTEAM_XBAR", MemristorCatalog.Create("vteam", "xbar").Name);
        Assert.Contains("known: linear-drift, vteam, team", Assert.Throws<ArgumentException>(() => MemristorCatalog.Create("nope")).Message);
        Assert.Contains("unknown preset 'x'", Assert.Throws<ArgumentException>(() => MemristorCatalog.Create("vteam", "x")).Message);
    }
}

public class NativeJacobianTests
{
    /// <summary>The Jacobian the native memristor stamps (<see cref="MemristorLinearization"/>, used by its Load)
    /// against central finite differences of the same residuals, with dx/dt(x) = Slope·(x − x0) as the integrator makes
    /// it (Slope = 2/h for h = 1 µs and 1 ms; the offset only removes cancellation). Relative step 1e-6; tolerance
    /// 1e-5 relative to the larger magnitude plus the difference quotient's roundoff bound 1e-14·max|residual|/step.</summary>
    [Theory]
    [InlineData("linear-drift", "hp-biolek")]
    [InlineData("linear-drift", "hp-joglekar")]
    [InlineData("vteam", "xbar")]
    [InlineData("vteam", "memtorch")]
    [InlineData("team", "demo")]
    public void StampsMatchFiniteDifferences(string model, string preset)
    {
        var m = MemristorSpice.Devices.Memristors.MemristorCatalog.Create(model, preset);
        foreach (var slope in new[] { 2e6, 2e3 })
            foreach (var x in new[] { 0.1, 0.45, 0.8 })
                foreach (var v in new[] { -2.5, -0.9, -0.3, 0.35, 1.1, 2.2 })
                {
                    var x0 = x;
                    MemristorLinearization At(double vv, double xx) => MemristorLinearization.At(m, vv, xx, slope * (xx - x0), slope);
                    var a = At(v, x);
                    double hx = 1e-6, hv = 1e-6 * Math.Abs(v);
                    var px = At(v, x + hx); var mx = At(v, x - hx);
                    var pv = At(v + hv, x); var mv = At(v - hv, x);
                    Close(px.Current, mx.Current, hx, a.DCurrentDx, $"di/dx {model}/{preset} x={x} v={v}");
                    Close(pv.Current, mv.Current, hv, a.DCurrentDv, $"di/dv {model}/{preset} x={x} v={v}");
                    Close(px.StateResidual, mx.StateResidual, hx, a.DResidualDx, $"dF/dx {model}/{preset} x={x} v={v}");
                    Close(pv.StateResidual, mv.StateResidual, hv, a.DResidualDv, $"dF/dv {model}/{preset} x={x} v={v}");
                }
    }

    private static void Close(double plus, double minus, double step, double analytic, string what)
    {
        var fd = (plus - minus) / (2 * step);
        var scale = Math.Max(Math.Abs(fd), Math.Abs(analytic));
        var roundoff = 1e-14 * Math.Max(Math.Abs(plus), Math.Abs(minus)) / step;
        Assert.True(Math.Abs(fd - analytic) <= 1e-5 * scale + roundoff, $"{what}: finite difference {fd}, analytic {analytic}");
    }
}
