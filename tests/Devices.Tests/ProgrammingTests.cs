using MemristorSpice.Devices.Memristors;
using MemristorSpice.Devices.Programming;

namespace MemristorSpice.Devices.Tests;

/// <summary>Write-verify programming and read disturbance on the bare model and through the engine.</summary>
public class ProgrammingTests
{
    private static readonly WriteVerifyOptions Options = new(PulseVolts: 1.3, PulseSeconds: 100e-9, ReadVolts: 0.2, ReadSeconds: 100e-9,
        RelativeTolerance: 0.01, MaxPulses: 2000);

    /// <summary>Crossbar preset from Roff (1 MOhm) to 100 kOhm and back up to 500 kOhm: the verified resistance ends
    /// within the requested 1 % tolerance, the history is monotone in pulse count and the routine reports the pulses
    /// used (more than one, fewer than the limit).</summary>
    [Theory]
    [InlineData(100e3)]
    [InlineData(500e3)]
    [InlineData(20e3)]
    public void ReachesTargetWithinTolerance(double target)
    {
        var device = new ModelDevice(new VteamModel(MemristorPresets.VteamCrossbar()));
        var result = WriteVerifyProgrammer.Program(device, target, Options);
        Assert.True(Math.Abs(result.RelativeError) <= 0.01, $"ended at {result.FinalOhms} Ohms for target {target} Ohms");
        Assert.InRange(result.PulsesUsed, 2, Options.MaxPulses);
        Assert.Equal(result.PulsesUsed + 1, result.ReadHistoryOhms.Count);
        // Independent check of the final state: the model's resistance at the device's state.
        Assert.Equal(result.FinalOhms, new VteamModel(MemristorPresets.VteamCrossbar()).Resistance(device.State), 1e-6 * target);
    }

    /// <summary>Same routine through the circuit engine (native memristor, 1 kOhm series driver resistance):
    /// target 200 kOhm within 2 % (a looser tolerance only to keep the pulse count and runtime small).</summary>
    [Fact]
    public void ReachesTargetThroughTheEngine()
    {
        var model = new VteamModel(MemristorPresets.VteamCrossbar());
        var device = new EngineDevice(model, seriesOhms: 1e3, pointsPerPulse: 40);
        var result = WriteVerifyProgrammer.Program(device, 200e3, Options with { RelativeTolerance = 0.02, PulseSeconds = 400e-9 });
        Assert.True(Math.Abs(result.RelativeError) <= 0.02, $"ended at {result.FinalOhms} Ohms");
        Assert.Equal(result.FinalOhms, model.Resistance(device.State), 0.001 * 200e3);
        Assert.True(result.PulsesUsed >= 2);
    }

    [Fact]
    public void TargetOutsideRangeFailsClearly()
    {
        var device = new ModelDevice(new VteamModel(MemristorPresets.VteamCrossbar()));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => WriteVerifyProgrammer.Program(device, 5e3, Options));
        Assert.Contains("outside the device range [Ron, Roff]", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => WriteVerifyProgrammer.Program(device, 2e6, Options));
    }

    /// <summary>Pulses too weak to switch (below the threshold) hit the pulse limit and report it.</summary>
    [Fact]
    public void PulseLimitFailsClearly()
    {
        var device = new ModelDevice(new VteamModel(MemristorPresets.VteamCrossbar()));
        var e = Assert.Throws<ProgrammingException>(() =>
            WriteVerifyProgrammer.Program(device, 100e3, Options with { PulseVolts = 0.5, MaxPulses = 25 }));
        Assert.Equal(25, e.PulsesUsed);
        Assert.Contains("pulse limit of 25", e.Message);
        Assert.Equal(1e6, e.LastOhms, 1e-6);
    }

    /// <summary>10^4 read pulses (±0.2 V, 1 µs) through the implicit integrator leave the read-safe preset's state
    /// exactly unchanged (tolerance 0: the rate is exactly zero below 95 % of the thresholds). Control: the same
    /// reads move MemTorch's preset (thresholds 0.02/−0.2 V) by more than 0.1.</summary>
    [Fact]
    public void ReadSafePresetSurvivesTenThousandReads()
    {
        var safe = new ModelDevice(new VteamModel(MemristorPresets.VteamReadSafe()), stepsPerPulse: 4);
        var x0 = safe.State;
        var control = new ModelDevice(new VteamModel(MemristorPresets.VteamMemTorch()), initialState: 0.5, stepsPerPulse: 4);
        for (var k = 0; k < 10_000; k++)
        {
            var v = k % 2 == 0 ? 0.2 : -0.2;
            safe.ReadOhms(v, 1e-6);
            control.ReadOhms(v, 1e-6);
        }
        Assert.Equal(x0, safe.State);
        Assert.True(Math.Abs(control.State - 0.5) > 0.1, $"control moved only to {control.State}");
    }

    /// <summary>The state integrator against the closed form of VTEAM without window at constant voltage:
    /// x(t) = x0 + k_off·(v/v_off − 1)^α_off·t/span; tolerance 1e-9 (constant rate, exact for the trapezoid).</summary>
    [Fact]
    public void IntegratorMatchesConstantRateClosedForm()
    {
        var p = MemristorPresets.VteamReadSafe();
        var integrator = new StateIntegrator(new VteamModel(p));
        var x = integrator.Hold(0.1, 2.0, 2e-6, 10);
        var expected = 0.1 + p.KoffMetersPerSecond * 1.0 * 2e-6 / (p.WoffMeters - p.WonMeters);
        Assert.Equal(expected, x, 1e-9);
    }
}
