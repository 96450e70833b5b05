using MemristorSpice.Cli.Commands.Sweep;
using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Cosim;
using MemristorSpice.Cosim.Driver;
using MemristorSpice.Network;
using MemristorSpice.Network.Data;
using MemristorSpice.Network.IO;
using MemristorSpice.Network.Layers;
using MemristorSpice.Network.Models;

namespace MemristorSpice.Cli.Tests;

/// <summary>Binding of <c>sweep</c>'s options into <see cref="SweepSettings"/> and its value checks, without running a sweep.</summary>
public class SweepSettingsTests
{
    private static readonly string WeightsDir = CreateWeights();

    private static string CreateWeights()
    {
        var dir = Path.Combine(Path.GetTempPath(), "memspice-sweep-settings", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        WeightsFile.Save(ModelZoo.Create("msccnn", 3), Path.Combine(dir, "a.msw"));
        WeightsFile.Save(ModelZoo.Create("msccnn", 4), Path.Combine(dir, "b.msw"));
        return dir;
    }

    private static SweepSettings Bind(params string[] extra)
    {
        var command = new SweepCommand();
        var parse = command.Command.Parse(["--weights-dir", WeightsDir, "--models", "a,b", "--out", Path.Combine(WeightsDir, "out"), .. extra]);
        Assert.Empty(parse.Errors);
        return command.Bind(parse);
    }

    [Fact]
    public void Options_bind_with_the_documented_defaults()
    {
        var s = Bind("--param", "sigma", "--values", "0, 0.1,0.25");
        Assert.Equal("sigma", s.Parameter.Name);
        Assert.Equal([0, 0.1, 0.25], s.Values);
        Assert.Equal([new ModelFile("a", Path.Combine(WeightsDir, "a.msw")), new ModelFile("b", Path.Combine(WeightsDir, "b.msw"))], s.Models);
        Assert.Equal((3, 1, 200, "mnist", Shard.Whole), (s.Seeds, s.SeedBase, s.Images, s.Dataset, s.Shard));
        // Without --nonideal: 1 ohm wires, A0 1e5, 8-bit DAC and ADC (the option's help text).
        Assert.Equal((1.0, 1.0, 1e5, 8, 8), (s.Circuit.WireRowOhms, s.Circuit.WireColumnOhms, s.Circuit.OpAmpGain, s.Circuit.DacBits, s.Circuit.AdcBits));
    }

    [Fact]
    public void Shard_seeds_and_images_bind()
    {
        var s = Bind("--param", "adc-bits", "--values", "4,6,8", "--seeds", "2", "--seed-base", "10", "--images", "40", "--shard", "3/5");
        Assert.Equal((2, 10, 40, new Shard(3, 5)), (s.Seeds, s.SeedBase, s.Images, s.Shard));
    }

    [Theory]
    [InlineData("sigma", "0,0.1,0", "--values: 0 is listed twice.")]
    [InlineData("sigma", "0,x", "--values: 'x' is not a number.")]
    [InlineData("sigma", ",", "--values: give at least one value.")]
    // 2e6 ohms is outside [0, 1e6], the range of --wire-ohms, which sets the same quantity.
    [InlineData("wire-r", "1,2e6", "--values: wire-r must be in [0, 1E+06] ohms per cell segment, the range of --wire-ohms (got 2E+06).")]
    public void Bad_values_are_usage_errors_naming_values(string param, string values, string message)
    {
        var ex = Assert.Throws<CliException>(() => Bind("--param", param, "--values", values));
        Assert.Equal(CliApp.UsageError, ex.ExitCode);
        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void A_missing_model_names_models()
    {
        var command = new SweepCommand();
        var parse = command.Command.Parse(["--weights-dir", WeightsDir, "--models", "a,zzz", "--param", "sigma", "--values", "0", "--out", "x"]);
        var ex = Assert.Throws<CliException>(() => command.Bind(parse));
        Assert.StartsWith("--models: no weights file for 'zzz'", ex.Message);
    }
}
