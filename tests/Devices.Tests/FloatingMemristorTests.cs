using System.Globalization;
using MemristorSpice.Devices.Memristors;
using MemristorSpice.Devices.Native;
using MemristorSpice.Engine.Analyses;
using MemristorSpice.Engine.Components;
using MemristorSpice.Engine.Core;
using MemristorSpice.Engine.Waveforms;

namespace MemristorSpice.Devices.Tests;

/// <summary>
/// Native memristors with neither terminal on ground against ngspice running the same device-library subcircuits.
/// Every other native-versus-ngspice comparison grounds the negative pin, and a grounded pin's matrix and
/// right-hand-side entries are dropped, so only these circuits check the negative pin's part of the stamp.
/// Tolerance: each compared waveform within 1 % RMS of its peak over 4000 points (the rule of
/// <see cref="NativeVersusNgspiceTests"/>: both use the same maximum step, what is left is the two step controls
/// and the interpolation onto a common grid); the states must move by more than 0.05 so the dynamics are compared.
/// </summary>
public class FloatingMemristorTests
{
    private static string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static void AssertClose(string what, double[] tn, double[] yn, double[] tg, double[] yg, double stop)
    {
        const int points = 4000;
        double sum = 0, peak = 0;
        for (var k = 0; k <= points; k++)
        {
            var t = stop * k / points;
            var a = Waveforms.At(tn, yn, t);
            var b = Waveforms.At(tg, yg, t);
            sum += (a - b) * (a - b);
            peak = Math.Max(peak, Math.Abs(b));
        }
        var rms = Math.Sqrt(sum / (points + 1));
        Assert.True(peak > 0, $"{what}: ngspice waveform is zero");
        Assert.True(rms <= 0.01 * peak, $"{what}: RMS difference {rms:G4} is above 1 % of the peak {peak:G4}");
    }

    /// <summary>
    /// One HP/Biolek memristor between two sine-driven nodes (1 V at 1 Hz on a, 0.5 V at 2 Hz on b): the device sees
    /// V(a) − V(b), and its current is i(v1) = −i(v2).
    /// </summary>
    [Fact]
    public void MemristorBetweenTwoDrivenNodes()
    {
        const double stop = 2.0, maxStep = 1e-3;
        var ng = NgspiceBatch.Run(Decks.With(
            "V1 a 0 SIN(0 1 1)",
            "V2 b 0 SIN(0 0.5 2)",
            "X1 a b MEM_HP_BIOLEK",
            $".tran {N(maxStep)} {N(stop)} 0 {N(maxStep)}"));
        var circuit = new Circuit("floating").Add(
            new VoltageSource("V1", "a", "0", null, new SineWaveform(0, 1, 1)),
            new VoltageSource("V2", "b", "0", null, new SineWaveform(0, 0.5, 2)),
            new Memristor("X1", "a", "b", new LinearDriftModel(MemristorPresets.Hp(WindowKind.Biolek))));
        var native = new Transient(circuit, maxStep, stop, new SimulationOptions { MaxStep = maxStep }).Run();

        AssertClose("i(v1)", native.Axis, native["i(v1)"], ng["time"], ng["i(v1)"], stop);
        AssertClose("i(v2)", native.Axis, native["i(v2)"], ng["time"], ng["i(v2)"], stop);
        AssertClose("x(x1)", native.Axis, native["x(x1)"], ng["time"], ng["v(x1.x)"], stop);
        var x = native["x(x1)"];
        Assert.True(x.Max() - x.Min() > 0.05, $"state barely moved ({x.Min()}..{x.Max()})");
    }

    /// <summary>
    /// A 2×2 crossbar of HP/Biolek memristors: two sine-driven rows; column 1 is not grounded but held near 0.3 V by
    /// a DC source through 1 kΩ, column 2 goes to ground through 1 kΩ. Every device has both pins off ground, and
    /// the column voltages depend on all four devices' stamps.
    /// </summary>
    [Fact]
    public void CrossbarWithBiasedColumns()
    {
        const double stop = 2.0, maxStep = 1e-3;
        var ng = NgspiceBatch.Run(Decks.With(
            "V1 r1 0 SIN(0 1.2 1)",
            "V2 r2 0 SIN(0 -0.8 1)",
            "VB bias 0 DC 0.3",
            "RC1 c1 bias 1k",
            "RC2 c2 0 1k",
            "X11 r1 c1 MEM_HP_BIOLEK",
            "X12 r1 c2 MEM_HP_BIOLEK rinit=4000",
            "X21 r2 c1 MEM_HP_BIOLEK rinit=2000",
            "X22 r2 c2 MEM_HP_BIOLEK",
            $".tran {N(maxStep)} {N(stop)} 0 {N(maxStep)}"));
        var hp = MemristorPresets.Hp(WindowKind.Biolek);
        IMemristorModel Cell(double ohms) => new LinearDriftModel(hp with { InitialOhms = ohms });
        var circuit = new Circuit("crossbar").Add(
            new VoltageSource("V1", "r1", "0", null, new SineWaveform(0, 1.2, 1)),
            new VoltageSource("V2", "r2", "0", null, new SineWaveform(0, -0.8, 1)),
            new VoltageSource("VB", "bias", "0", 0.3),
            new Resistor("RC1", "c1", "bias", 1e3), new Resistor("RC2", "c2", "0", 1e3),
            new Memristor("X11", "r1", "c1", Cell(hp.InitialOhms)),
            new Memristor("X12", "r1", "c2", Cell(4000)),
            new Memristor("X21", "r2", "c1", Cell(2000)),
            new Memristor("X22", "r2", "c2", Cell(hp.InitialOhms)));
        var native = new Transient(circuit, maxStep, stop, new SimulationOptions { MaxStep = maxStep }).Run();

        foreach (var s in new[] { "v(c1)", "v(c2)", "i(v1)", "i(v2)" })
            AssertClose(s, native.Axis, native[s], ng["time"], ng[s], stop);
        foreach (var d in new[] { "x11", "x12", "x21", "x22" })
        {
            AssertClose($"x({d})", native.Axis, native[$"x({d})"], ng["time"], ng[$"v({d}.x)"], stop);
            var x = native[$"x({d})"];
            Assert.True(x.Max() - x.Min() > 0.05, $"{d}: state barely moved ({x.Min()}..{x.Max()})");
        }
    }
}
