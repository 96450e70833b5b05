using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Crossbar.Mapping;

namespace MemristorSpice.Cosim.Tests;

/// <summary>
/// The design-point file: its defaults are the realistic design the documentation promises, writing and reading
/// give back the same design, and the read timing is validated with field names like every other field.
/// </summary>
public class DesignPointTests
{
    [Fact]
    public void The_default_is_the_documented_realistic_design_and_ideal_has_no_non_idealities()
    {
        // Truth: the values docs/cosim.md "Design point" states (1 ohm wires, A0 1e5, GBW 10 MHz, 8-bit converters, read time
        // from settling (null), 40 steps).
        var d = DesignPoint.Default;
        Assert.Equal((1.0, 1.0, 0.0), (d.Circuit.WireRowOhms, d.Circuit.WireColumnOhms, d.Circuit.WireCapacitanceFarads));
        Assert.Equal((1e5, 1e7, (double?)null), (d.Circuit.OpAmpGain!.Value, d.Circuit.OpAmpGbwHz!.Value, d.Circuit.OpAmpSwingVolts));
        Assert.Equal((8, 8), (d.Circuit.DacBits, d.Circuit.AdcBits));
        Assert.Equal(((double?)null, 40), (d.ReadTimeSeconds, d.StepsPerSlot));
        var i = DesignPoint.Ideal.Circuit;
        Assert.Equal((0.0, 0.0, 0.0), (i.WireRowOhms, i.WireColumnOhms, i.WireCapacitanceFarads));
        Assert.Equal(((double?)null, (double?)null), (i.OpAmpGain, i.OpAmpGbwHz));
        Assert.Equal((0, 0, 0), (i.DacBits, i.AdcBits, i.ColumnCalibrationImages));
        Assert.Equal((0.0, 0.0, 0.0), (i.VariationSigma, i.StuckAtGminRate, i.StuckAtGmaxRate));
    }

    [Fact]
    public void An_empty_file_is_the_default_design()
    {
        Assert.Equal(DesignPoint.Default, NonIdealitiesJson.ParseDesign("{}"));
        Assert.Equal(DesignPoint.Default.Circuit, NonIdealitiesJson.Parse("{}"));
    }

    public static TheoryData<string> Designs() => ["default", "ideal", "custom"];

    [Theory]
    [MemberData(nameof(Designs))]
    public void Write_then_read_gives_the_identical_design(string which)
    {
        var design = which switch
        {
            "default" => DesignPoint.Default,
            "ideal" => DesignPoint.Ideal,
            _ => new DesignPoint
            {
                Circuit = DesignPoint.RealisticCircuit with
                {
                    WireRowOhms = 2.5, WireColumnOhms = 0.75, WireCapacitanceFarads = 2e-16, DriverOhms = 3, VariationSigma = 0.05, VariationSeed = 9,
                    ConductanceLevels = 64, StuckAtGminRate = 1e-3, StuckAtGmaxRate = 2e-3, FaultSeed = 4, OpAmpGbwHz = 2.5e7, OpAmpSwingVolts = 1.5,
                    DacBits = 6, AdcBits = 10, AdcRangeScale = 1.25, DacRangeScale = 0.9, CalibrationImages = 50, ColumnCalibrationImages = 0,
                    BiasRow = BiasPlacement.Digital, FeedbackOhms = 20_000, VreadVolts = 0.15,
                },
                ReadTimeSeconds = 1.8e-6, StepsPerSlot = 64,
            },
        };
        var text = NonIdealitiesJson.WriteDesign(design);
        Assert.Equal(design, NonIdealitiesJson.ParseDesign(text));
        // The written file is complete: every knob appears, so a user starting from it sees all of them.
        foreach (var field in new[] { "capacitanceFarads", "biasRow", "timeSeconds", "stepsPerSlot", "gbwHz", "swingVolts", "columnCalibrationImages" })
            Assert.Contains($"\"{field}\"", text);
        // And writing what was read gives the same text (a fixed point, not just an equal record).
        Assert.Equal(text, NonIdealitiesJson.WriteDesign(NonIdealitiesJson.ParseDesign(text)));
    }

    [Theory]
    [InlineData("""{ "read": { "timeSeconds": 0 } }""", "read.timeSeconds")]
    [InlineData("""{ "read": { "timeSeconds": 2 } }""", "read.timeSeconds")]
    [InlineData("""{ "read": { "stepsPerSlot": 2 } }""", "read.stepsPerSlot")]
    [InlineData("""{ "read": { "clock": 1e6 } }""", "read.clock")]
    [InlineData("""{ "read": 1e-6 }""", "read")]
    public void Bad_read_timing_names_the_field(string json, string field)
    {
        var ex = Assert.Throws<NonIdealitiesException>(() => NonIdealitiesJson.ParseDesign(json, "design.json"));
        Assert.Equal(field, ex.Field);
        Assert.StartsWith("design.json: ", ex.Message);
    }

    [Fact]
    public void Timing_carries_the_read_time_and_steps_into_the_tran_options()
    {
        var t = new DesignPoint { ReadTimeSeconds = 3e-6, StepsPerSlot = 30 }.Timing();
        Assert.Equal((3e-6, 30), (t.ReadTimeSeconds, t.StepsPerSlot));
        Assert.Equal(1e-7, t.StepSeconds, 1e-20);   // 3e-6/30 in doubles: one rounding, far below 1e-20 s

    }
}
