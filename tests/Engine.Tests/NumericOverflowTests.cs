using MemristorSpice.Engine.Analyses;
using MemristorSpice.Engine.Components;
using MemristorSpice.Engine.Core;
using MemristorSpice.Engine.Waveforms;

namespace MemristorSpice.Engine.Tests;

/// <summary>
/// Numbers beyond double range are reported as what they are (an element whose stamp overflowed, an out-of-range
/// temperature), never as a floating node: in each circuit every node has a DC path to ground, so a topology message
/// would be false. The truth is structural: the exception type and the named element are exact, no tolerance.
/// </summary>
public sealed class NumericOverflowTests
{
    private static Circuit DiodeAcross(double volts, DiodeModel model) =>
        new Circuit().Add(new VoltageSource("V1", "1", "0", volts), new Diode("D1", "1", "0", model));

    [Fact]
    public void A_diode_forced_to_1000_V_names_the_diode_not_a_floating_node()
    {
        // exp(1000 V / 25.9 mV) is far beyond the largest double (about exp(709)).
        var e = Limits.Within(() => Assert.Throws<NumericOverflowException>(() => new OperatingPoint(DiodeAcross(1000, new DiodeModel())).Run()));
        Assert.Equal("D1", e.Element);
        Assert.Contains("numeric overflow in element D1 at the operating point", e.Message);
        Assert.DoesNotContain("Floating", e.Message);
    }

    [Fact]
    public void A_saturation_current_of_1e308_names_the_diode()
    {
        var e = Limits.Within(() => Assert.Throws<NumericOverflowException>(() => new OperatingPoint(DiodeAcross(1, new DiodeModel { Is = 1e308 })).Run()));
        Assert.Equal("D1", e.Element);
    }

    [Fact]
    public void A_resistance_of_1e_320_names_the_resistor()
    {
        // 1/1e-320 overflows to +inf: the conductance is not a double.
        var c = new Circuit().Add(new VoltageSource("V1", "1", "0", 1), new Resistor("R2", "1", "2", 1e3), new Resistor("R1", "2", "0", 1e-320));
        var e = Limits.Within(() => Assert.Throws<NumericOverflowException>(() => new OperatingPoint(c).Run()));
        Assert.Equal("R1", e.Element);
    }

    [Fact]
    public void A_capacitance_of_1e308_in_a_transient_names_the_capacitor_and_the_time()
    {
        // C/h for h ≈ 1e-8 s exceeds the double range at the first time step.
        var c = new Circuit().Add(new VoltageSource("V1", "1", "0", null, new PulseWaveform(0, 1, 0, 1e-9, 1e-9, 1e-6, 2e-6)),
            new Resistor("R1", "1", "2", 1e3), new Capacitor("C1", "2", "0", 1e308));
        var e = Limits.Within(() => Assert.Throws<NumericOverflowException>(() => new Transient(c, 1e-8, 1e-6).Run()));
        Assert.Equal("C1", e.Element);
        Assert.NotNull(e.Time);
        Assert.Contains("at time", e.Message);
    }

    [Theory]
    [InlineData(1e308)]     // .temp 1e308
    [InlineData(-300)]      // below absolute zero (−273.15 °C)
    public void A_circuit_temperature_outside_the_physical_range_is_refused(double celsius)
    {
        var options = new SimulationOptions { Temperature = celsius + 273.15 };
        var e = Limits.Within(() => Assert.ThrowsAny<CircuitException>(() => new OperatingPoint(DiodeAcross(0.6, new DiodeModel()), options).Run()));
        Assert.Contains("temperature", e.Message);
        Assert.DoesNotContain("Floating", e.Message);
    }

    [Fact]
    public void A_true_floating_node_keeps_its_topology_message()
    {
        var c = new Circuit().Add(new VoltageSource("V1", "1", "0", 1), new Resistor("R1", "1", "0", 1e3), new Capacitor("C1", "1", "2", 1e-9));
        var e = Assert.Throws<FloatingNodeException>(() => new OperatingPoint(c).Run());
        Assert.Equal(["2"], e.Nodes);
    }

    [Fact]
    public void A_forward_diode_at_a_normal_bias_still_solves()
    {
        // Closed form: with V1 = 0.6 V straight across the diode, I = IS·(e^(0.6/vt) − 1) + gmin·0.6; the engine's Newton
        // tolerance (reltol 1e-3) bounds the difference.
        var op = new OperatingPoint(DiodeAcross(0.6, new DiodeModel())).Run();
        double vt = 1.380649e-23 * 300.15 / 1.602176634e-19;
        double expected = 1e-14 * (Math.Exp(0.6 / vt) - 1) + 1e-12 * 0.6;
        Assert.Equal(expected, -op.Current("v1"), expected * 1e-3);
    }
}
