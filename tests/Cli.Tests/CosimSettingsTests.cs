using MemristorSpice.Cli.Commands.Cosimulation;
using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Cosim;
using MemristorSpice.Cosim.Driver;
using MemristorSpice.Network;
using MemristorSpice.Network.Data;
using MemristorSpice.Network.IO;
using MemristorSpice.Network.Models;

namespace MemristorSpice.Cli.Tests;

/// <summary>
/// Binding of <c>cosim</c>'s options into <see cref="CosimSettings"/> without running a co-simulation: mode and backend
/// as enums, the ngspice cross-check as a patch count (never a backend), and the cross-option usage errors.
/// </summary>
public class CosimSettingsTests
{
    private static readonly string WeightsPath = CreateWeights();

    private static string CreateWeights()
    {
        var dir = Path.Combine(Path.GetTempPath(), "memspice-cosim-settings", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "seeded.msw");
        WeightsFile.Save(ModelZoo.Create("msccnn", 3), path);
        return path;
    }

    private static CosimSettings Bind(params string[] extra)
    {
        var command = new CosimCommand();
        var parse = command.Command.Parse(["--weights", WeightsPath, "--out", Path.Combine(Path.GetTempPath(), "memspice-cosim-settings-out"), .. extra]);
        Assert.Empty(parse.Errors);
        return command.Bind(parse);
    }

    [Fact]
    public void Defaults_are_native_dc_without_ngspice()
    {
        var s = Bind();
        Assert.Equal((CosimMode.Dc, CosimBackend.Native, 0), (s.Mode, s.Backend, s.NgspiceCheckPatches));
        Assert.Null(s.Tran);
        Assert.Equal(Shard.Whole, s.Shard);
        Assert.Equal(WeightsPath, s.WeightsPath);
        Assert.Equal("mnist", s.Dataset);
    }

    [Theory]
    // --backend ngspice is native plus a check of --ngspice-patches (default 3) patches; --ngspice-check K is the same check.
    [InlineData(new[] { "--backend", "ngspice" }, 3)]
    [InlineData(new[] { "--backend", "ngspice", "--ngspice-patches", "5" }, 5)]
    [InlineData(new[] { "--backend", "ngspice", "--ngspice-patches", "2", "--ngspice-check", "7" }, 7)]
    [InlineData(new[] { "--ngspice-check", "4" }, 4)]
    public void The_ngspice_spellings_bind_to_the_native_backend_and_a_check_count(string[] args, int patches)
    {
        var s = Bind(args);
        Assert.Equal(CosimBackend.Native, s.Backend);
        Assert.Equal(patches, s.NgspiceCheckPatches);
    }

    [Fact]
    public void Tran_mode_binds_its_pulse_timing()
    {
        var s = Bind("--mode", "tran", "--read-time", "2e-6", "--steps-per-slot", "40", "--chunk-patches", "16", "--shard", "2/4");
        Assert.Equal(CosimMode.Tran, s.Mode);
        Assert.Equal("tran", s.Mode.Name());
        Assert.NotNull(s.Tran);
        Assert.Equal((2e-6, 40, 16), (s.Tran.ReadTimeSeconds, s.Tran.StepsPerSlot, s.Tran.ChunkPatches));
        Assert.Equal(new Shard(2, 4), s.Shard);
    }

    [Fact]
    public void Overrides_replace_the_json_defaults()
    {
        // Native backend: the ideal backend has no wires or op-amps, so --wire-ohms and --a0 are refused there (DesignPointCommandTests).
        var s = Bind("--backend", "native", "--dac-bits", "6", "--adc-bits", "7", "--wire-ohms", "2.5", "--a0", "1000");
        Assert.Equal(CosimBackend.Native, s.Backend);
        Assert.Equal((6, 7, 2.5, 2.5, 1000.0), (s.Circuit.DacBits, s.Circuit.AdcBits, s.Circuit.WireRowOhms, s.Circuit.WireColumnOhms, s.Circuit.OpAmpGain));
    }

    [Theory]
    [InlineData(new[] { "--backend", "ideal", "--mode", "tran" }, "--mode tran needs --backend native or ngspice")]
    [InlineData(new[] { "--backend", "ideal", "--ngspice-check", "2" }, "--ngspice-check needs --backend native or ngspice")]
    [InlineData(new[] { "--shard", "5/4" }, "--shard")]
    [InlineData(new[] { "--adc-bits", "1" }, "--adc-bits")]
    public void Contradictions_are_usage_errors_naming_the_option(string[] args, string message)
    {
        var ex = Assert.Throws<CliException>(() => Bind(args));
        Assert.Equal(CliApp.UsageError, ex.ExitCode);
        Assert.StartsWith(message, ex.Message);
    }
}
