using MemristorSpice.Cosim.Ppa;

namespace MemristorSpice.Cosim.Tests;

public class TechnologyTests
{
    [Fact]
    public void Default_file_gives_every_field_with_a_source_and_matches_the_checked_in_json()
    {
        var tech = TechnologyFile.Default();
        foreach (var f in Technology.Fields)
            Assert.False(string.IsNullOrWhiteSpace(tech.Sources[f]), f);
        // The embedded resource is the file in netlists/tech (one source of truth).
        var onDisk = TechnologyFile.Parse(File.ReadAllText(Path.Combine(MemristorSpice.Tests.Shared.Dependencies.RepoRoot, "netlists", "tech", "default-tech.json")),
            "default-tech.json", null);
        foreach (var f in Technology.Fields) Assert.Equal(onDisk.ValueText(f), tech.ValueText(f));
    }

    [Fact]
    public void A_user_file_overrides_only_its_fields_and_says_so()
    {
        var path = Path.Combine(Path.GetTempPath(), $"tech-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{ "opAmp": { "staticPowerWatts": 2e-5 }, "read": { "timeSeconds": { "value": 1e-6, "source": "my settling sim" } } }""");
        try
        {
            var tech = TechnologyFile.Load(path);
            var d = TechnologyFile.Default();
            Assert.Equal(2e-5, tech.OpAmpStaticWatts);
            Assert.Equal(1e-6, tech.ReadSeconds);
            Assert.Equal("my settling sim", tech.Sources["read.timeSeconds"]);
            Assert.Contains("user value", tech.Sources["opAmp.staticPowerWatts"]);
            Assert.Equal(d.AdcAreaUm2, tech.AdcAreaUm2);
            Assert.Equal(d.Sources["adc.areaUm2"], tech.Sources["adc.areaUm2"]);
        }
        finally { File.Delete(path); }
    }

    [Theory]
    [InlineData("""{ "adc": { "areaUm2": -1 } }""", "adc.areaUm2")]
    [InlineData("""{ "read": { "timeSeconds": 0 } }""", "read.timeSeconds")]
    [InlineData("""{ "dac": { "bits": 8.5 } }""", "dac.bits")]
    [InlineData("""{ "opAmp": { "gainBandwidth": 1e7 } }""", "opAmp.gainBandwidth")]
    [InlineData("""{ "memristor": { "cellAreaUm2": "small" } }""", "memristor.cellAreaUm2")]
    [InlineData("""{ "peripherals": { "powerGatedPerLayer": 1 } }""", "peripherals.powerGatedPerLayer")]
    [InlineData("""{ "adcs": {} }""", "adcs")]
    [InlineData("""{ "format": "other/2" }""", "format")]
    public void Bad_values_are_errors_naming_the_field(string json, string field)
    {
        var ex = Assert.Throws<TechnologyException>(() => TechnologyFile.Parse(json, "bad.json", TechnologyFile.Default()));
        Assert.Equal(field, ex.Field);
        Assert.Contains($"field '{field}'", ex.Message);
        Assert.StartsWith("bad.json:", ex.Message);
    }

    [Fact]
    public void A_default_file_without_a_source_is_rejected()
    {
        var json = File.ReadAllText(Path.Combine(MemristorSpice.Tests.Shared.Dependencies.RepoRoot, "netlists", "tech", "default-tech.json"))
            .Replace("\"areaUm2\": { \"value\": 1000, \"source\":", "\"areaUm2\": { \"value\": 1000, \"note\":");
        var ex = Assert.Throws<TechnologyException>(() => TechnologyFile.Parse(json, "default-tech.json", null));
        Assert.Equal("opAmp.areaUm2.note", ex.Field);
    }

    [Fact]
    public void Converter_figures_scale_with_two_to_the_bit_difference()
    {
        // Walden figure of merit: energy per conversion step constant, so E(n) = E(ref)·2^(n − ref).
        Assert.Equal(4.0, Technology.ResolutionScale(10, 8));
        Assert.Equal(0.25, Technology.ResolutionScale(6, 8));
        Assert.Equal(1.0, Technology.ResolutionScale(0, 8)); // ideal converter in the co-simulation: reference figures
    }
}
