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

    /// <summary>--fault-aware and --spare-columns set the design point's mapping fields; a missing --fault-map file is an error naming the option.</summary>
    [Fact]
    public void Fault_mapping_options_bind()
    {
        var s = Bind("--param", "stuck-at", "--values", "0.01", "--fault-aware", "--spare-columns", "2");
        Assert.Equal((true, 2), (s.Circuit.FaultAware, s.Circuit.SpareColumns));
        var plain = Bind("--param", "stuck-at", "--values", "0.01");
        Assert.Equal((false, 0), (plain.Circuit.FaultAware, plain.Circuit.SpareColumns));
        var ex = Assert.Throws<CliException>(() => Bind("--param", "stuck-at", "--values", "0.01", "--fault-map", Path.Combine(WeightsDir, "none.csv")));
        Assert.StartsWith("--fault-map: ", ex.Message);
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
    [InlineData("wire-r", "1,2e6", "--values: wire-ohms must be in [0, 1E+06] ohms per cell segment, the range of --wire-ohms (got 2E+06).")]
    [InlineData("read-time", "1e-6,2", "--values: read-time must be in [1E-12, 1] seconds, the range of --read-time (got 2).")]
    [InlineData("gbw", "1e7,10", "--values: gbw must be in [1000, 1E+12] Hz, the range of --gbw (got 10).")]
    // Wire capacitance needs wire segments: the default base point has 1 ohm wires, so 2e-16 is fine and 1 F is not.
    [InlineData("wire-farads", "2e-16,1", "--values: wire-farads must be in [0, 1E-09] farads per cell segment, the range of --wire-farads (got 1).")]
    public void Bad_values_are_usage_errors_naming_values(string param, string values, string message)
    {
        var ex = Assert.Throws<CliException>(() => Bind("--param", param, "--values", values));
        Assert.Equal(CliApp.UsageError, ex.ExitCode);
        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void Tran_only_parameters_run_in_tran_mode_and_the_read_time_defaults_to_the_design_points_settling()
    {
        var gbw = Bind("--param", "gbw", "--values", "5e6,1e7", "--read-time", "2e-6", "--steps-per-slot", "20");
        Assert.True(gbw.Parameter.TranOnly);
        Assert.Equal((2e-6, 20), (gbw.Tran.ReadTimeSeconds, gbw.Tran.StepsPerSlot));
        var sigma = Bind("--param", "sigma", "--values", "0");
        Assert.False(sigma.Parameter.TranOnly);
        // No --read-time: the design point's read time, by default each layer's measured settling (measured per circuit when it runs).
        Assert.True(sigma.Tran.NeedsSettling);
        Assert.False(gbw.Tran.FromSettling);
        Assert.True(Bind("--param", "gbw", "--values", "5e6", "--read-time", "settling").Tran.NeedsSettling);
        Assert.Equal("a0", Bind("--param", "opamp-gain", "--values", "1e4").Parameter.Name);
    }

    [Theory]
    [InlineData(new[] { "--param", "sigma", "--values", "0", "--steps-per-slot", "20" },
        "--steps-per-slot: a sweep of sigma runs in dc mode, which has no time steps (only read-time, gbw and wire-farads sweeps run in tran mode).")]
    [InlineData(new[] { "--param", "read-time", "--values", "1e-6", "--read-time", "2e-6" },
        "--read-time: this sweep varies the read time; give its values with --values.")]
    [InlineData(new[] { "--param", "temperature", "--values", "300" },
        "--param: temperature is not modelled by the co-simulation: the read circuits use the device and op-amp parameters at their nominal values (only the engine's noise analysis has a temperature).")]
    [InlineData(new[] { "--param", "gbw", "--values", "1e7", "--per-layer" },
        "--per-layer: gbw acts only in tran mode and per-layer sweeps run in dc mode; choose wire-ohms, sigma, levels, stuck-at or a0.")]
    public void Options_a_sweep_cannot_use_are_usage_errors_naming_the_option(string[] args, string message)
    {
        var ex = Assert.Throws<CliException>(() => Bind(args));
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
