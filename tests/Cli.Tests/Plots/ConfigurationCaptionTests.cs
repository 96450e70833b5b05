using MemristorSpice.Cli.Plots;

namespace MemristorSpice.Cli.Tests.Plots;

/// <summary>The second title line of the co-simulation plots names the design point recorded in summary.json.</summary>
public class ConfigurationCaptionTests
{
    private const string Settings = """
        { "model": "msccnn", "mode": "dc", "nonIdealities": { "device": "VTEAM_XBAR", "wire": { "rowOhms": 1, "columnOhms": 2 },
          "variation": { "sigma": 0.1 }, "opAmp": { "a0": 100000, "gbwHz": 10000000 }, "dac": { "bits": 8 }, "adc": { "bits": 0 } } }
        """;

    [Fact]
    public void Caption_names_model_mode_device_wires_opamp_converters_and_variation() =>
        Assert.Equal("msccnn, dc, VTEAM_XBAR, wires 1/2 Ω per segment, A0 1E+05, GBW 10 MHz, DAC 8-bit, ADC ideal, σ(ln G) 0.1",
            ConfigurationCaption.From(Settings));

    [Fact]
    public void Ideal_wires_and_op_amps_are_named_as_such() =>
        Assert.Equal("lenet, tran, ideal wires, ideal op-amps, DAC ideal, ADC ideal",
            ConfigurationCaption.From("""{ "model": "lenet", "mode": "tran", "nonIdealities": { "wire": { "rowOhms": 0, "columnOhms": 0 }, "opAmp": { "a0": null } } }"""));

    [Fact]
    public void Long_captions_are_broken_at_a_comma_near_the_middle() =>
        Assert.Equal("SNR\nmsccnn, dc, VTEAM_XBAR, wires 1/2 Ω per segment,\nA0 1E+05, GBW 10 MHz, DAC 8-bit, ADC ideal, σ(ln G) 0.1",
            ConfigurationCaption.Titled("SNR", Settings));

    [Theory]
    [InlineData("not json")]
    [InlineData("[1, 2]")]
    public void Unreadable_settings_leave_the_title_alone(string json) =>
        Assert.Equal("Per-layer SNR", ConfigurationCaption.Titled("Per-layer SNR", json));
}
