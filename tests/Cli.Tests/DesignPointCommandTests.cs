using MemristorSpice.Cli.Commands.Cosimulation;
using MemristorSpice.Cli.Commands.Generate;
using MemristorSpice.Cli.Commands.Report;
using MemristorSpice.Cli.Commands.Sweep;
using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Tests.Shared;

namespace MemristorSpice.Cli.Tests;

/// <summary>
/// One design point for every command: <c>memspice design</c> writes it, cosim, sweep, report and generate's stimulus
/// decks start from the same defaults without a file as with the written file, <c>--ideal</c> is the ideal reference,
/// and an option the chosen mode or backend does not use is a usage error naming the option and the mode.
/// </summary>
public class DesignPointCommandTests
{
    private static string Dir() => SeededWeights.TempDir("design-point");

    private static string WriteDefaults(string dir, params string[] extra)
    {
        var path = Path.Combine(dir, "design.json");
        var r = CliRunner.Run(["design", "--out", path, .. extra]);
        Assert.Equal(0, r.ExitCode);
        return path;
    }

    [Fact]
    public void Design_writes_the_default_the_ideal_or_a_completed_file()
    {
        var dir = Dir();
        Assert.Equal(DesignPoint.Default, NonIdealitiesJson.LoadDesign(WriteDefaults(dir)));
        var again = CliRunner.Run("design", "--out", Path.Combine(dir, "design.json"));
        Assert.Equal(1, again.ExitCode);   // an existing file is replaced only with --force (a refused output is exit 1, as for every command)
        Assert.Contains("--force", again.Err);
        var ideal = Path.Combine(dir, "ideal.json");
        Assert.Equal(0, CliRunner.Run("design", "--ideal", "--out", ideal).ExitCode);
        Assert.Equal(DesignPoint.Ideal, NonIdealitiesJson.LoadDesign(ideal));
        var partial = Path.Combine(dir, "partial.json");
        File.WriteAllText(partial, """{ "adc": { "bits": 6 }, "read": { "timeSeconds": 2e-6 } }""");
        var full = Path.Combine(dir, "full.json");
        Assert.Equal(0, CliRunner.Run("design", "--from", partial, "--out", full).ExitCode);
        var expected = DesignPoint.Default with { Circuit = DesignPoint.Default.Circuit with { AdcBits = 6 }, ReadTimeSeconds = 2e-6 };
        Assert.Equal(expected, NonIdealitiesJson.LoadDesign(full));
        Assert.Contains("\"capacitanceFarads\"", File.ReadAllText(full));
    }

    [Fact]
    public void Every_command_defaults_to_the_file_defaults()
    {
        var dir = Dir();
        var file = WriteDefaults(dir);
        var weights = SeededWeights.Msccnn(dir);
        var models = Path.GetFileNameWithoutExtension(weights);
        var weightsDir = Path.GetDirectoryName(weights)!;

        CosimSettings Cosim(params string[] extra)
        {
            var c = new CosimCommand();
            var parse = c.Command.Parse(["--weights", weights, "--out", Path.Combine(dir, "o"), .. extra]);
            Assert.Empty(parse.Errors);
            return c.Bind(parse);
        }
        var cosim = Cosim("--mode", "tran");
        Assert.Equal(DesignPoint.Default.Circuit, cosim.Circuit);
        Assert.Equal((true, DesignPoint.Default.StepsPerSlot), (cosim.Tran!.NeedsSettling, cosim.Tran.StepsPerSlot));
        var withFile = Cosim("--mode", "tran", "--design", file);
        Assert.Equal((cosim.Circuit, cosim.Tran), (withFile.Circuit, withFile.Tran));
        Assert.Equal(DesignPoint.Ideal.Circuit, Cosim("--ideal").Circuit);

        var sweep = new SweepCommand();
        var sweepParse = sweep.Command.Parse(["--weights-dir", weightsDir, "--models", models, "--param", "sigma", "--values", "0", "--out", Path.Combine(dir, "s")]);
        var sweepDefault = sweep.Bind(sweepParse).Circuit;
        // report and sweep take the read voltage from the technology; everything else is the design point.
        Assert.Equal(DesignPoint.Default.Circuit with { VreadVolts = sweepDefault.VreadVolts }, sweepDefault);
        var sweepFile = new SweepCommand();
        Assert.Equal(sweepDefault, sweepFile.Bind(sweepFile.Command.Parse(["--weights-dir", weightsDir, "--models", models, "--param", "sigma", "--values", "0",
            "--design", file, "--out", Path.Combine(dir, "s")])).Circuit);

        var report = new ReportCommand();
        var reportDefault = report.Bind(report.Command.Parse(["--weights-dir", weightsDir, "--models", models, "--out", Path.Combine(dir, "r")])).Circuit;
        Assert.Equal(sweepDefault, reportDefault);
        var reportIdeal = new ReportCommand();
        var ideal = reportIdeal.Bind(reportIdeal.Command.Parse(["--weights-dir", weightsDir, "--models", models, "--ideal", "--out", Path.Combine(dir, "r")]));
        Assert.Equal(DesignPoint.Ideal.Circuit with { VreadVolts = ideal.Circuit.VreadVolts }, ideal.Circuit);
        Assert.Contains(" --ideal", ideal.RegenerateLine(10));
    }

    [Theory]
    // dc mode: every tran-only option.
    [InlineData(new[] { "--mode", "dc", "--gbw", "1e7" }, "--gbw is not used by --mode dc")]
    [InlineData(new[] { "--wire-farads", "2e-16" }, "--wire-farads is not used by --mode dc")]
    [InlineData(new[] { "--read-time", "2e-6" }, "--read-time is not used by --mode dc")]
    [InlineData(new[] { "--steps-per-slot", "20" }, "--steps-per-slot is not used by --mode dc")]
    [InlineData(new[] { "--chunk-patches", "8" }, "--chunk-patches is not used by --mode dc")]
    [InlineData(new[] { "--tran-solver", "full" }, "--tran-solver is not used by --mode dc")]
    // The ideal backend has no circuit.
    [InlineData(new[] { "--backend", "ideal", "--wire-ohms", "1" }, "--wire-ohms is not used by --backend ideal")]
    [InlineData(new[] { "--backend", "ideal", "--a0", "1e4" }, "--a0 is not used by --backend ideal")]
    // --ngspice-patches only sizes the check of --backend ngspice.
    [InlineData(new[] { "--ngspice-patches", "2" }, "--ngspice-patches is used only by --backend ngspice (got --backend native)")]
    [InlineData(new[] { "--ideal", "--design", "x.json" }, "--ideal and --nonideal/--design both choose the design point")]
    public void An_option_the_mode_does_not_use_is_a_usage_error_naming_option_and_mode(string[] args, string message)
    {
        var dir = Dir();
        var r = CliRunner.Run(["cosim", "--weights", SeededWeights.Msccnn(dir), .. args, "--out", Path.Combine(dir, "out")]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, r.Err);
        Assert.DoesNotContain("   at ", r.Err);
        Assert.False(Directory.Exists(Path.Combine(dir, "out")));
    }

    [Fact]
    public void Generate_network_takes_its_circuit_from_the_design_point()
    {
        var dir = Dir();
        var weights = SeededWeights.Msccnn(dir);
        var file = WriteDefaults(dir);
        GenerateNetworkSettings Generate(params string[] extra)
        {
            var c = new GenerateNetworkCommand();
            var parse = c.Command.Parse(["--weights", weights, "--out", Path.Combine(dir, "g"), .. extra]);
            Assert.Empty(parse.Errors);
            return c.Bind(parse);
        }
        // Truth: the default design's documented values (1 ohm wires, A0 1e5, GBW 10 MHz, Rf 10 kOhm, Vread 0.2 V).
        var x = Generate("--design", file, "--max-rows", "64").Generator.Crossbar;
        Assert.Equal((1.0, 1.0, 0.0), (x.NonIdealities.RowWireOhms, x.NonIdealities.ColumnWireOhms, x.NonIdealities.DriverOhms));
        Assert.Equal((1e5, (double?)1e7), (x.OpAmp!.OpenLoopGain, x.OpAmp.GainBandwidthHertz));
        Assert.Equal((10_000.0, 0.2, 64), (x.FeedbackOhms, x.ReadVolts, x.MaxTileRows));
        var ideal = Generate("--ideal").Generator.Crossbar;
        Assert.Null(ideal.OpAmp);
        Assert.Equal((0.0, 0.0), (ideal.NonIdealities.RowWireOhms, ideal.NonIdealities.ColumnWireOhms));
        var c2 = new GenerateNetworkCommand();
        var ex = Assert.Throws<CliException>(() => c2.Bind(c2.Command.Parse(["--weights", weights, "--design", file, "--row-wire", "2", "--out", Path.Combine(dir, "g")])));
        Assert.Equal(CliApp.UsageError, ex.ExitCode);
        Assert.StartsWith("--row-wire: with --design/--ideal the circuit is the design point's", ex.Message);
    }

    [Fact]
    public void Stimulus_timing_in_dc_mode_is_a_usage_error()
    {
        var dir = Dir();
        var weights = SeededWeights.Msccnn(dir);
        var r = CliRunner.Run("generate", "network", "--weights", weights, "--layer", "conv1", "--stimulus", "0", "--read-time", "2e-6", "--out", Path.Combine(dir, "g"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--read-time is not used by --mode dc", r.Err);
    }
}
