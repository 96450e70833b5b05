using MemristorSpice.Cosim.Configuration;

namespace MemristorSpice.Cosim.Tests;

public class NonIdealitiesTests
{
    [Theory]
    [InlineData("""{ "adc": { "bits": 1 } }""", "adc.bits")]
    [InlineData("""{ "dac": { "bits": -2 } }""", "dac.bits")]
    [InlineData("""{ "wire": { "rowOhm": 1 } }""", "wire.rowOhm")]
    [InlineData("""{ "wire": { "columnOhms": -1 } }""", "wire.columnOhms")]
    [InlineData("""{ "variation": { "sigma": "big" } }""", "variation.sigma")]
    [InlineData("""{ "variation": { "seed": 1.5 } }""", "variation.seed")]
    [InlineData("""{ "variation": { "devicesPerCell": 0 } }""", "variation.devicesPerCell")]
    [InlineData("""{ "variation": { "devicesPerCell": 65 } }""", "variation.devicesPerCell")]
    [InlineData("""{ "stuckAt": { "gminRate": 0.7, "gmaxRate": 0.6 } }""", "stuckAt.gmaxRate")]
    [InlineData("""{ "opAmp": { "a0": 0.5 } }""", "opAmp.a0")]
    [InlineData("""{ "opAmp": { "gbwHz": -1 } }""", "opAmp.gbwHz")]
    [InlineData("""{ "device": "NO_SUCH_DEVICE" }""", "device")]
    [InlineData("""{ "driverOhms": -3 }""", "driverOhms")]
    [InlineData("""{ "vreadVolts": 0 }""", "vreadVolts")]
    [InlineData("""{ "conductanceLevels": 1 }""", "conductanceLevels")]
    [InlineData("""{ "vread": 0.2 }""", "vread")]
    [InlineData("""{ "adc": 8 }""", "adc")]
    // Sanity upper bounds: a mistyped exponent is refused instead of starting a run that cannot finish.
    [InlineData("""{ "wire": { "rowOhms": 1e100 } }""", "wire.rowOhms")]
    [InlineData("""{ "wire": { "columnOhms": 2e6 } }""", "wire.columnOhms")]
    [InlineData("""{ "opAmp": { "a0": 1e300 } }""", "opAmp.a0")]
    [InlineData("""{ "opAmp": { "gbwHz": 1e15 } }""", "opAmp.gbwHz")]
    [InlineData("""{ "feedbackOhms": 1e20 } """, "feedbackOhms")]
    [InlineData("""{ "vreadVolts": 1e5 }""", "vreadVolts")]
    public void Bad_values_name_the_field(string json, string field)
    {
        var ex = Assert.Throws<NonIdealitiesException>(() => NonIdealitiesJson.Parse(json, "cfg.json"));
        Assert.Equal(field, ex.Field);
        Assert.Contains($"'{field}'", ex.Message);
        Assert.StartsWith("cfg.json: ", ex.Message);
    }

    /// <summary>devicesPerCell applies to the listed layers only (every layer without a list); exact.</summary>
    [Fact]
    public void Devices_per_cell_apply_to_the_listed_layers()
    {
        var listed = NonIdealitiesJson.Parse("""{ "variation": { "sigma": 0.3, "devicesPerCell": 4, "devicesPerCellLayers": "dw1, dw2" } }""", "cfg.json");
        Assert.Equal(4, listed.ForLayer("dw1").VariationDevicesPerCell);
        Assert.Equal(4, listed.ForLayer("dw2").VariationDevicesPerCell);
        Assert.Equal(1, listed.ForLayer("pw1").VariationDevicesPerCell);
        var all = NonIdealitiesJson.Parse("""{ "variation": { "devicesPerCell": 3 } }""", "cfg.json");
        Assert.Equal(3, all.ForLayer("pw1").VariationDevicesPerCell);
        Assert.Equal(1, NonIdealitiesJson.Parse("{}", "cfg.json").ForLayer("dw1").VariationDevicesPerCell);
    }

    [Fact]
    public void Invalid_json_is_reported_as_such()
    {
        var ex = Assert.Throws<NonIdealitiesException>(() => NonIdealitiesJson.Parse("{ \"adc\": ", "cfg.json"));
        Assert.Contains("not valid JSON", ex.Message);
    }

    [Fact]
    public void Written_json_reads_back_equal_and_missing_fields_take_defaults()
    {
        var n = new NonIdealities
        {
            WireRowOhms = 1, WireColumnOhms = 0.5, VariationSigma = 0.05, VariationSeed = 7, ConductanceLevels = 64,
            StuckAtGminRate = 0.001, StuckAtGmaxRate = 0.002, FaultSeed = 3, OpAmpGain = 1e5, OpAmpGbwHz = 1e7,
            DacBits = 6, AdcBits = 10, DriverOhms = 2, AdcRangeScale = 1.25, CalibrationImages = 50,
        };
        Assert.Equal(n, NonIdealitiesJson.Parse(NonIdealitiesJson.Write(n)));
        // Missing fields take the default design point's values (the realistic design every command starts from).
        Assert.Equal(DesignPoint.Default.Circuit, NonIdealitiesJson.Parse("{}"));
        Assert.Null(NonIdealitiesJson.Parse("""{ "opAmp": { "a0": null } }""").OpAmpGain);
    }
}
