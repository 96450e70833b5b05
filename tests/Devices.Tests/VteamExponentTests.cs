using MemristorSpice.Devices.Memristors;
using MemristorSpice.Devices.Native;
using MemristorSpice.Engine.Analyses;
using MemristorSpice.Engine.Components;
using MemristorSpice.Engine.Core;

namespace MemristorSpice.Devices.Tests;

/// <summary>
/// VTEAM's two exponents against the closed form. Without a window and under a constant voltage beyond a threshold,
/// dw/dt is constant: k_off·(v/v_off − 1)^α_off above v_off, k_on·(v/v_on − 1)^α_on below v_on. With v = 3·v_th the
/// drive is 2^α, so α_off = 1 and α_on = 3 give rates 2 and 8 times k: a model that used α_on on the OFF side (or the
/// reverse) would move the state 4 times too far (or 4 times too little). The device is a native memristor driven by
/// an ideal source through the engine's transient; the state after T = 1 ms must be x0 ± k·2^α·T/(w_off − w_on)
/// (a change of 0.4 on either side) within 1e-3. Why 1e-3: with a constant rate the trapezoidal rule is exact, the
/// softplus that smooths the threshold adds at most 1e-3·ln 2 relative at the threshold and nothing measurable at a
/// drive of 2, so only Newton tolerances remain; swapping the exponents changes the result by more than 0.3.
/// </summary>
public class VteamExponentTests
{
    private static readonly VteamParameters Device = new(
        Name: "VTEAM_EXPONENTS",
        Source: "test parameters: distinct exponents, no window",
        RonOhms: 1e3,
        RoffOhms: 10e3,
        KonMetersPerSecond: -1.5e-7,
        KoffMetersPerSecond: 6e-7,
        AlphaOn: 3,
        AlphaOff: 1,
        VonVolts: -0.5,
        VoffVolts: 0.5,
        WonMeters: 0,
        WoffMeters: 3e-9,
        InitialOhms: 5e3);

    [Theory]
    [InlineData(+1.5, 0.3)] // OFF side: v = 3·v_off, x rises from 0.3
    [InlineData(-1.5, 0.7)] // ON side: v = 3·v_on, x falls from 0.7
    public void State_after_constant_drive_follows_the_exponent_of_its_side(double volts, double x0)
    {
        const double stop = 1e-3;
        var p = Device with { InitialOhms = Device.RonOhms + x0 * (Device.RoffOhms - Device.RonOhms) };
        double k = volts > 0 ? p.KoffMetersPerSecond : p.KonMetersPerSecond;
        double alpha = volts > 0 ? p.AlphaOff : p.AlphaOn;
        double threshold = volts > 0 ? p.VoffVolts : p.VonVolts;
        double expected = x0 + k * Math.Pow(volts / threshold - 1, alpha) * stop / (p.WoffMeters - p.WonMeters);
        Assert.Equal(x0 + Math.Sign(volts) * 0.4, expected, 12); // the hand computation above

        var circuit = new Circuit("vteam").Add(
            new VoltageSource("V1", "a", "0", volts), new Memristor("X1", "a", "0", new VteamModel(p)));
        var result = new Transient(circuit, stop / 100, stop, new SimulationOptions { MaxStep = stop / 100 }).Run();
        double x = result["x(x1)"][^1];
        Assert.True(Math.Abs(x - expected) <= 1e-3, $"v = {volts} V: x(T) = {x}, closed form {expected}");
    }
}
