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
    public void Caption_names_model_mode_device_wires_opamp_converters_read_and_variation() =>
        Assert.Equal("msccnn, dc, VTEAM_XBAR, wires 1/2 Ω per segment, A0 1E+05, GBW 10 MHz, DAC 8-bit, ADC ideal, settled DC reads (no clock), σ(ln G) 0.1",
            ConfigurationCaption.From(Settings));

    [Fact]
    public void Ideal_wires_and_op_amps_are_named_as_such() =>
        Assert.Equal("lenet, tran, ideal wires, ideal op-amps, DAC ideal, ADC ideal, read time not recorded",
            ConfigurationCaption.From("""{ "model": "lenet", "mode": "tran", "nonIdealities": { "wire": { "rowOhms": 0, "columnOhms": 0 }, "opAmp": { "a0": null } } }"""));

    [Fact]
    public void Tran_runs_name_the_read_time_and_the_wire_capacitance() =>
        Assert.Equal("msccnn, tran, wires 1/1 Ω + 0.2 fF per segment, A0 1E+05, GBW 10 MHz, DAC 8-bit, ADC 8-bit, read 1.8 µs",
            ConfigurationCaption.From("""
                { "model": "msccnn", "mode": "tran", "nonIdealities": { "wire": { "rowOhms": 1, "columnOhms": 1, "capacitanceFarads": 2e-16 },
                  "opAmp": { "a0": 1e5, "gbwHz": 1e7 }, "dac": { "bits": 8 }, "adc": { "bits": 8 } }, "tran": { "readTimeSeconds": 1.8e-6 } }
                """));

    [Fact]
    public void Long_captions_are_broken_after_commas_into_lines_of_at_most_60_characters()
    {
        var titled = ConfigurationCaption.Titled("SNR", Settings);
        Assert.Equal("SNR\nmsccnn, dc, VTEAM_XBAR, wires 1/2 Ω per segment, A0 1E+05,\nGBW 10 MHz, DAC 8-bit, ADC ideal,\nsettled DC reads (no clock), σ(ln G) 0.1", titled);
        Assert.All(titled.Split('\n'), line => Assert.True(line.Length <= ConfigurationCaption.LineLength, line));
    }

    [Fact]
    public void Settings_of_a_design_point_caption_like_a_recorded_run() =>
        Assert.Equal("dc, VTEAM_XBAR, wires 1/1 Ω per segment, A0 1E+05, GBW 10 MHz, DAC 8-bit, ADC 8-bit, settled DC reads (no clock)",
            ConfigurationCaption.From(ConfigurationCaption.Settings(MemristorSpice.Cosim.Configuration.DesignPoint.Default.Circuit, "dc")));

    [Fact]
    public void Devices_per_cell_are_named_with_their_layers() =>
        Assert.Equal("msccnn-hw, dc, ideal op-amps, DAC ideal, ADC ideal, settled DC reads (no clock), σ(ln G) 0.3, 8 devices per cell (dw1,dw2)",
            ConfigurationCaption.From("""
                { "model": "msccnn-hw", "mode": "dc", "nonIdealities": { "opAmp": { "a0": null },
                  "variation": { "sigma": 0.3, "devicesPerCell": 8, "devicesPerCellLayers": "dw1,dw2" } } }
                """));

    [Fact]
    public void Stuck_cells_fault_aware_mapping_levels_and_noise_are_named() =>
        // A plot of a faulty, remapped, noisy run must not read like one of the fault-free design.
        Assert.Equal("msccnn, dc, ideal op-amps, DAC ideal, ADC ideal, settled DC reads (no clock), 16 conductance levels, " +
            "stuck at Gmin 1 %/Gmax 0.5 %, fault-aware mapping + 2 spare columns, read noise (seed 7)",
            ConfigurationCaption.From("""
                { "model": "msccnn", "mode": "dc", "nonIdealities": { "opAmp": { "a0": null }, "conductanceLevels": 16,
                  "stuckAt": { "gminRate": 0.01, "gmaxRate": 0.005, "seed": 1 }, "mapping": { "faultAware": true, "spareColumns": 2 },
                  "noise": { "enabled": true, "seed": 7 } } }
                """));

    [Theory]
    [InlineData("not json")]
    [InlineData("[1, 2]")]
    public void Unreadable_settings_leave_the_title_alone(string json) =>
        Assert.Equal("Per-layer SNR", ConfigurationCaption.Titled("Per-layer SNR", json));
}
