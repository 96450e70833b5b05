using MemristorSpice.Cli.Commands.Generate;
using MemristorSpice.Crossbar.Generation;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Netlist.Writing;
using MemristorSpice.Network.IO;
using MemristorSpice.Network.Models;
using MemristorSpice.Tests.Shared;

namespace MemristorSpice.Cli.Tests;

/// <summary>
/// Binding of <c>generate crossbar</c> and <c>generate network</c> options into their settings and the checks the parser
/// cannot make, without generating anything. Every comparison is exact: the values are parsed from text, not computed.
/// </summary>
public class GenerateSettingsTests : IDisposable
{
    // 3 inputs + bias row, 2 outputs.
    private const string Matrix = "0.5,-1\n0.25,0\n-0.75,1\n0.1,-0.2\n";

    private readonly string _dir = Directory.CreateTempSubdirectory("memspice-generate-settings-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Csv(string text = Matrix)
    {
        var path = Path.Combine(_dir, "w.csv");
        File.WriteAllText(path, text);
        return path;
    }

    private string OutDir => Path.Combine(_dir, "out");

    private GenerateCrossbarSettings BindCrossbar(params string[] extra)
    {
        var command = new GenerateCrossbarCommand();
        var parse = command.Command.Parse(["--weights", Csv(), "--out", OutDir, .. extra]);
        Assert.Empty(parse.Errors);
        return command.Bind(parse);
    }

    [Fact]
    public void Crossbar_options_bind_with_the_documented_defaults()
    {
        var s = BindCrossbar();
        Assert.Equal(("w", OutDir), (s.Stem, s.OutDir));
        Assert.Equal((4, 2), (s.Matrix.Rows, s.Matrix.Outputs));
        Assert.Equal([0.5f, -1f, 0.25f, 0f, -0.75f, 1f, 0.1f, -0.2f], s.Matrix.Values);
        var o = s.Generator.Crossbar;
        // The help texts: VTEAM_XBAR, Vread 0.2 V, amax 1, Rf = Rdiff = 10 kOhm, ideal op-amp, device's whole window.
        Assert.Equal(("VTEAM_XBAR", 0.2, 1.0, 10e3, 10e3), (o.DevicePreset, o.ReadVolts, o.InputFullScale, o.FeedbackOhms, o.DifferenceOhms));
        Assert.Null(o.WeightFullScale);
        Assert.Null(o.OpAmp);
        Assert.Null(o.Conductances);
        Assert.Equal(CrossbarMappingRules.MaxRows, o.MaxTileRows);
        Assert.Equal(new CrossbarNonIdealitiesView(0, 0, 0, 0, 1, null, 0, 0, 2), CrossbarNonIdealitiesView.Of(o));
        // The netlists include a copy of the library written beside them (a portable folder); hierarchical by default.
        Assert.Equal(("devices.lib", true, NetlistForm.Hierarchical), (o.DeviceLibraryInclude, s.Generator.LibraryCopy, s.Generator.Form));
        Assert.Equal(("generate crossbar", false), (s.Target.Command, s.Target.Force));
        Assert.Contains(Csv(), s.Target.Inputs);
    }

    [Fact]
    public void Crossbar_option_values_bind()
    {
        var s = BindCrossbar("--name", "layer1", "--vread", "0.3", "--input-full-scale", "0.5", "--weight-full-scale", "2", "--rf", "5000",
            "--rdiff", "20000", "--opamp", "POLE", "--opamp-gain", "2e5", "--row-wire", "2", "--col-wire", "3", "--driver", "50",
            "--variation", "0.1", "--variation-seed", "7", "--levels", "16", "--stuck-min", "0.01", "--stuck-max", "0.02", "--fault-seed", "9",
            "--max-rows", "64", "--device-lib", "lib/devices.lib", "--flat", "--force");
        var o = s.Generator.Crossbar;
        Assert.Equal("layer1", s.Stem);
        Assert.Equal((0.3, 0.5, (double?)2, 5000.0, 20000.0, 64), (o.ReadVolts, o.InputFullScale, o.WeightFullScale, o.FeedbackOhms, o.DifferenceOhms, o.MaxTileRows));
        Assert.Equal(("XBAR_OPAMP_POLE", 2e5), (o.OpAmp!.Name, o.OpAmp.OpenLoopGain));
        Assert.Equal(new CrossbarNonIdealitiesView(2, 3, 50, 0.1, 7, 16, 0.01, 0.02, 9), CrossbarNonIdealitiesView.Of(o));
        Assert.Equal(("lib/devices.lib", false, true, NetlistForm.Flat), (o.DeviceLibraryInclude, s.Generator.LibraryCopy, s.Target.Force, s.Generator.Form));
    }

    [Theory]
    // The op-amp help text: finite A0 1e4, pole A0 1e5, swing A0 1e5 (pole + rails).
    [InlineData("finite", "XBAR_OPAMP_FINITE", 1e4)]
    [InlineData("pole", "XBAR_OPAMP_POLE", 1e5)]
    [InlineData("swing", "XBAR_OPAMP_SWING", 1e5)]
    public void Op_amp_names_bind_to_their_models(string name, string subcircuit, double gain)
    {
        var o = BindCrossbar("--opamp", name).Generator.Crossbar.OpAmp!;
        Assert.Equal((subcircuit, gain), (o.Name, o.OpenLoopGain));
    }

    [Fact]
    public void One_conductance_bound_keeps_the_other_of_the_device()
    {
        // VTEAM_XBAR in netlists/lib/devices.lib: Ron 10 kOhm, Roff 1 MOhm, so the window is [1e-6, 1e-4] S.
        var r = BindCrossbar("--gmin", "2e-6").Generator.Crossbar.Conductances!;
        Assert.Equal(2e-6, r.MinSiemens);
        Assert.Equal(1e-4, r.MaxSiemens, 1e-16); // 1/Ron computed as 1.0/10000: one rounding step
        r = BindCrossbar("--gmax", "5e-5").Generator.Crossbar.Conductances!;
        Assert.Equal(1e-6, r.MinSiemens, 1e-18);
        Assert.Equal(5e-5, r.MaxSiemens);
    }

    [Theory]
    [InlineData("--name", "a b", "--name: 'a b' is not usable as a file stem (no spaces or path characters).")]
    [InlineData("--opamp-gain", "1e5", "--opamp-gain: the ideal op-amp has no finite gain; choose --opamp finite, pole or swing.")]
    public void Bad_values_are_usage_errors_naming_the_option(string option, string value, string message)
    {
        var ex = Assert.Throws<CliException>(() => BindCrossbar(option, value));
        Assert.Equal((CliApp.UsageError, message), (ex.ExitCode, ex.Message));
    }

    [Fact]
    public void Stuck_fractions_above_one_together_are_a_usage_error()
    {
        var ex = Assert.Throws<CliException>(() => BindCrossbar("--stuck-min", "0.75", "--stuck-max", "0.5"));
        Assert.Equal((CliApp.UsageError, "--stuck-min + --stuck-max must not exceed 1 (got 1.25)."), (ex.ExitCode, ex.Message));
    }

    [Fact]
    public void A_window_outside_the_device_names_gmax()
    {
        var ex = Assert.Throws<CliException>(() => BindCrossbar("--gmax", "0.5"));
        Assert.Equal(CliApp.UsageError, ex.ExitCode);
        Assert.StartsWith("--gmax: conductance window [", ex.Message);
        Assert.Contains("is outside what VTEAM_XBAR can be programmed to", ex.Message);
    }

    [Fact]
    public void A_malformed_csv_is_an_input_error_naming_weights()
    {
        var command = new GenerateCrossbarCommand();
        var parse = command.Command.Parse(["--weights", Csv("0.5,x\n"), "--out", OutDir]);
        var ex = Assert.Throws<CliException>(() => command.Bind(parse));
        Assert.Equal(1, ex.ExitCode);
        Assert.StartsWith("--weights: ", ex.Message);
    }

    [Fact]
    public void The_output_folder_is_refused_before_the_option_values_are_checked()
    {
        // --out is the input file itself, and the stuck fractions are invalid too: the folder rule answers first.
        var command = new GenerateCrossbarCommand();
        var csv = Csv();
        var parse = command.Command.Parse(["--weights", csv, "--out", csv, "--stuck-min", "0.75", "--stuck-max", "0.5"]);
        var ex = Assert.Throws<OutputPathException>(() => command.Bind(parse));
        Assert.StartsWith($"--out {csv} is one of the inputs", ex.Message);
    }

    [Theory]
    [InlineData(false, CrossbarSelection.All)]
    [InlineData(true, CrossbarSelection.RepresentativePerKind)]
    public void Network_options_bind(bool representative, CrossbarSelection selection)
    {
        var weights = Path.Combine(_dir, "m.msw");
        WeightsFile.Save(ModelZoo.Create("msccnn", 3), weights);
        var command = new GenerateNetworkCommand();
        var parse = command.Command.Parse(["--weights", weights, "--out", OutDir, "--rf", "20000", .. representative ? new[] { "--representative" } : []]);
        Assert.Empty(parse.Errors);
        var s = command.Bind(parse);
        Assert.Equal((weights, "msccnn", selection, OutDir), (s.WeightsPath, s.Model.Name, s.Selection, s.OutDir));
        Assert.Equal(20000, s.Generator.Crossbar.FeedbackOhms);
        Assert.Equal("generate network", s.Target.Command);
        Assert.Contains(weights, s.Target.Inputs);
    }

    [Fact]
    public void A_file_that_is_not_weights_names_weights()
    {
        var command = new GenerateNetworkCommand();
        var parse = command.Command.Parse(["--weights", Csv(), "--out", OutDir]);
        var ex = Assert.Throws<CliException>(() => command.Bind(parse));
        Assert.Equal(1, ex.ExitCode);
        Assert.StartsWith("--weights: ", ex.Message);
    }

    /// <summary>The non-ideality fields in one comparable value.</summary>
    private sealed record CrossbarNonIdealitiesView(double RowWire, double ColumnWire, double Driver, double Sigma, int VariationSeed, int? Levels,
        double StuckMin, double StuckMax, int FaultSeed)
    {
        public static CrossbarNonIdealitiesView Of(CrossbarOptions o)
        {
            var n = o.NonIdealities;
            return new(n.RowWireOhms, n.ColumnWireOhms, n.DriverOhms, n.VariationSigma, n.VariationSeed, n.Levels, n.StuckAtMinRate, n.StuckAtMaxRate, n.FaultSeed);
        }
    }
}
