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
