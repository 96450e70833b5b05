using System.Globalization;
using MemristorSpice.Devices.Memristors;
using MemristorSpice.Devices.Native;
using MemristorSpice.Devices.Spice;
using MemristorSpice.Engine.Analyses;
using MemristorSpice.Engine.Components;
using MemristorSpice.Engine.Core;
using MemristorSpice.Engine.Waveforms;

namespace MemristorSpice.Devices.Tests;

/// <summary>
/// Native memristor (state as an MNA unknown in our engine) versus the generated ngspice subcircuit on the same
/// circuit: the device current waveforms agree within 1 % RMS of the peak current. Both run with the
/// same maximum step; the difference left is the two engines' step control and interpolation onto a common grid
/// of 4000 points.
/// </summary>
public class NativeVersusNgspiceTests
{
    private static string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static void Compare(string subckt, IMemristorModel model, string sourceSpice, Entity nativeSource, double stop, double maxStep,
        string extraSubckt = "", IntegrationMethod method = IntegrationMethod.Trapezoidal)
    {
        var ng = NgspiceBatch.Run(Decks.With(
            extraSubckt,
            $"V1 a 0 {sourceSpice}",
            $"X1 a 0 {subckt}",
            $".tran {N(maxStep)} {N(stop)} 0 {N(maxStep)}"));
        var circuit = new Circuit("native").Add(nativeSource, new Memristor("X1", "a", "0", model));
        var native = new Transient(circuit, maxStep, stop, new SimulationOptions { MaxStep = maxStep, Method = method }).Run();

        const int points = 4000;
        var tn = native.Axis;
        var iNative = native["i(v1)"];
        var tg = ng["time"];
        var iNg = ng["i(v1)"];
        double sum = 0, peak = 0;
        for (var k = 0; k <= points; k++)
        {
            var t = stop * k / points;
            var a = Waveforms.At(tn, iNative, t);
            var b = Waveforms.At(tg, iNg, t);
            sum += (a - b) * (a - b);
            peak = Math.Max(peak, Math.Abs(b));
        }
        var rms = Math.Sqrt(sum / (points + 1));
        Assert.True(peak > 0, "no current flowed");
        Assert.True(rms <= 0.01 * peak, $"{subckt}: RMS difference {rms} A is above 1 % of the peak {peak} A");
        // The state moved (otherwise the comparison says nothing about the dynamics) and stayed in range.
        var x = native[$"x(x1)"];
        Assert.True(x.Max() - x.Min() > 0.05, $"{subckt}: state barely moved ({x.Min()}..{x.Max()})");
        Assert.All(x, v => Assert.InRange(v, -1e-6, 1 + 1e-6));
    }

    [Fact]
    public void SineDriveHpBiolek() =>
        Compare("MEM_HP_BIOLEK", new LinearDriftModel(MemristorPresets.Hp(WindowKind.Biolek)),
            "SIN(0 1 1)", new VoltageSource("V1", "a", "0", null, new SineWaveform(0, 1, 1)), 2.0, 1e-3);

    [Fact]
    public void SineDriveHpJoglekarToTheBound() =>
        Compare("MEM_HP_JOGLEKAR", new LinearDriftModel(MemristorPresets.Hp(WindowKind.Joglekar)),
            "SIN(0 1.5 0.5)", new VoltageSource("V1", "a", "0", null, new SineWaveform(0, 1.5, 0.5)), 4.0, 2e-3);

    /// <summary>Same sine with the engine's Gear-2 method instead of the trapezoidal rule.</summary>
    [Fact]
    public void SineDriveHpBiolekGear2() =>
        Compare("MEM_HP_BIOLEK", new LinearDriftModel(MemristorPresets.Hp(WindowKind.Biolek)),
            "SIN(0 1 1)", new VoltageSource("V1", "a", "0", null, new SineWaveform(0, 1, 1)), 2.0, 1e-3, method: IntegrationMethod.Gear);

    /// <summary>Variants not shipped in the library but produced by the same generator: exponential VTEAM with a
    /// Biolek x-window (p = 2) and the Kvatinsky window, and linear drift with Prodromakis (p = 2, j = 0.8).</summary>
    [Fact]
    public void GeneratedVariantsMatchNative()
    {
        var vt = MemristorPresets.VteamCrossbar() with
        {
            Name = "XB_EXP_BIOLEK", Resistance = VteamResistance.Exponential, Window = new Window(WindowKind.Biolek, 2), InitialOhms = 100e3,
        };
        Compare("MEM_XB_EXP_BIOLEK", new VteamModel(vt), "PULSE(-1.6 1.6 0 20n 20n 2u 4.04u)",
            new VoltageSource("V1", "a", "0", null, new PulseWaveform(-1.6, 1.6, 0, 20e-9, 20e-9, 2e-6, 4.04e-6)), 20e-6, 10e-9,
            MemristorSubcircuit.Write(vt));
        var ld = MemristorPresets.Hp(WindowKind.Prodromakis, 2, 0.8) with { Name = "HP_PRODRO_P2" };
        Compare("MEM_HP_PRODRO_P2", new LinearDriftModel(ld), "SIN(0 1.2 1)",
            new VoltageSource("V1", "a", "0", null, new SineWaveform(0, 1.2, 1)), 2.0, 1e-3, MemristorSubcircuit.Write(ld));
    }

    [Fact]
    public void SineDriveTeamDemo() =>
        Compare("MEM_TEAM_DEMO", new TeamModel(MemristorPresets.TeamDemo()),
            "SIN(0 1.2 100k)", new VoltageSource("V1", "a", "0", null, new SineWaveform(0, 1.2, 100e3)), 30e-6, 10e-9);

    [Fact]
    public void PulseTrainVteamCrossbar() =>
        Compare("MEM_VTEAM_XBAR", new VteamModel(MemristorPresets.VteamCrossbar()),
            "PULSE(-1.6 1.6 0 20n 20n 2u 4.04u)", new VoltageSource("V1", "a", "0", null, new PulseWaveform(-1.6, 1.6, 0, 20e-9, 20e-9, 2e-6, 4.04e-6)),
            20e-6, 10e-9);

    [Fact]
    public void ConstantVoltageVteamMemTorchSwitchesOn()
    {
        var p = MemristorPresets.VteamMemTorch() with { InitialOhms = 1000 };
        Compare("MEM_VTEAM_MEMTORCH rinit=1000", new VteamModel(p), "DC -0.5",
            new VoltageSource("V1", "a", "0", -0.5), 2e-10, 1e-13);
    }

    [Fact]
    public void ConstantCurrentHpNoWindowReachesTheBound()
    {
        // Current-driven: compare the device voltage instead (the current is fixed); same 1 % RMS of peak rule.
        var p = MemristorPresets.Hp(WindowKind.None);
        var ng = NgspiceBatch.Run(Decks.With("I1 0 a DC 1e-4", "X1 a 0 MEM_HP_NONE", ".tran 1m 1 0 1m"));
        var circuit = new Circuit("native").Add(new CurrentSource("I1", "0", "a", 1e-4), new Memristor("X1", "a", "0", new LinearDriftModel(p)));
        var native = new Transient(circuit, 1e-3, 1.0, new SimulationOptions { MaxStep = 1e-3 }).Run();
        double sum = 0, peak = 0;
        for (var k = 0; k <= 1000; k++)
        {
            var t = k / 1000.0;
            var a = native.Interpolate("v(a)", t);
            var b = Waveforms.At(ng["time"], ng["v(a)"], t);
            sum += (a - b) * (a - b);
            peak = Math.Max(peak, Math.Abs(b));
        }
        Assert.True(Math.Sqrt(sum / 1001) <= 0.01 * peak, $"RMS {Math.Sqrt(sum / 1001)} V vs peak {peak} V");
        var x = native["x(x1)"];
        Assert.InRange(x[^1], 1 - 1e-3, 1 + 1e-6);
        Assert.All(x, v => Assert.InRange(v, -1e-6, 1 + 1e-6));
    }

    /// <summary>OP freezes the state: the native OP current is V/R(x0) exactly (1e-12 relative), like ngspice's.</summary>
    [Fact]
    public void OperatingPointFreezesState()
    {
        var model = new LinearDriftModel(MemristorPresets.Hp(WindowKind.Biolek));
        var circuit = new Circuit("op").Add(new VoltageSource("V1", "a", "0", 0.5), new Memristor("X1", "a", "0", model));
        var op = new OperatingPoint(circuit).Run();
        Assert.Equal(-0.5 / 11e3, op.Current("V1"), 1e-12 * 0.5 / 11e3);
        Assert.Equal(model.InitialState, op["x(x1)"], 1e-15);
    }

    /// <summary>Native DC sweep with a memristor beyond its thresholds (±2 V on the crossbar VTEAM): the state stays
    /// frozen at x0, so the current is V/R(x0) at every point (tolerance 1e-12 relative: a linear solve).</summary>
    [Fact]
    public void DcSweepFreezesState()
    {
        var model = new VteamModel(MemristorPresets.VteamCrossbar() with { InitialOhms = 200e3 });
        var circuit = new Circuit("dc").Add(new VoltageSource("V1", "a", "0", 0.0), new Memristor("X1", "a", "0", model));
        var r = new DcSweep(circuit, new SweepSpec("V1", -2, 2, 0.1)).Run();
        var v = r.Axis;
        var i = r["i(v1)"];
        for (var k = 0; k < v.Length; k++)
            Assert.Equal(v[k] / 200e3, -i[k], 1e-12 * Math.Abs(v[k] / 200e3) + 1e-20);
        Assert.All(r["x(x1)"], x => Assert.Equal(model.InitialState, x, 1e-15));
    }
}
