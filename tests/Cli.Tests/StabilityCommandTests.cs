using System.Globalization;
using MemristorSpice.Cli.Commands.Stability;
using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Stability;
using MemristorSpice.Crossbar.Generation;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Devices.OpAmps;

namespace MemristorSpice.Cli.Tests;

/// <summary><c>memspice stability</c>: usage errors exit 2 before any work; the output folder holds the CSV and the Bode plot.</summary>
public class StabilityCommandTests
{
    private static string Dir() => SeededWeights.TempDir("stability");

    [Theory]
    [InlineData("0")]
    [InlineData("90")]
    [InlineData("-10")]
    public void Phase_margin_outside_1_to_89_degrees_exits_2(string value)
    {
        var dir = Dir();
        var r = CliRunner.Run("stability", "--weights", SeededWeights.Msccnn(dir), "--gbw", "1e7", "--phase-margin", value, "--out", Path.Combine(dir, "out"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--phase-margin must be in [1, 89] degrees", r.Err);
        Assert.DoesNotContain("   at ", r.Err);
        Assert.False(Directory.Exists(Path.Combine(dir, "out")));
    }

    [Fact]
    public void Missing_or_absent_weights_exit_2()
    {
        var dir = Dir();
        var missing = CliRunner.Run("stability", "--gbw", "1e7", "--out", Path.Combine(dir, "out"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("--weights", missing.Err);
        var absent = CliRunner.Run("stability", "--weights", Path.Combine(dir, "nope.msw"), "--gbw", "1e7", "--out", Path.Combine(dir, "out"));
        Assert.Equal(2, absent.ExitCode);
        Assert.Contains("file not found", absent.Err);
        Assert.DoesNotContain("   at ", missing.Err + absent.Err);
    }

    [Fact]
    public void Wire_capacitance_without_wires_is_a_usage_error_naming_the_option()
    {
        var dir = Dir();
        // The default design point has 1 Ω wires, so the wires are taken out explicitly.
        var r = CliRunner.Run("stability", "--weights", SeededWeights.Msccnn(dir), "--gbw", "1e7", "--wire-ohms", "0", "--wire-farads", "1e-15", "--out", Path.Combine(dir, "out"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--wire-farads", r.Err);
    }

    [Fact]
    public void Output_folder_holds_the_csv_row_per_layer_and_the_bode_plot()
    {
        // A 4-row tile whose loop needs a feedback capacitor (lumped 10 pF column): the CSV carries the analysis' numbers.
        var options = new CrossbarOptions
        {
            OpAmp = new OpAmpParameters("XBAR_OPAMP", "test", 1e5, 1e7).Validate(),
            NonIdealities = new CrossbarNonIdealities { ColumnWireOhms = 1e-6 },
        };
        var layout = new CrossbarGenerator(options).Generate(new CrossbarMatrix(4, 1, [0.9f, -0.4f, 0.7f, 0.1f], null), CrossbarContext.ForMatrix("t")).Tiles[0];
        var layer = ReadoutStability.Analyze("t", [("t/tile0", layout)], 2.5e-12, new StabilityOptions());
        var dir = Dir();
        var outDir = Path.Combine(dir, "out");
        var config = StabilityOutput.Configuration("test", new NonIdealities { OpAmpGain = 1e5, OpAmpGbwHz = 1e7, WireColumnOhms = 1e-6, WireCapacitanceFarads = 2.5e-12 });
        StabilityOutput.Write(outDir, OutputOptions.Target("stability", false), [layer], config);
        var lines = File.ReadAllLines(Path.Combine(outDir, StabilityOutput.Csv));
        Assert.Equal(2, lines.Length);
        var header = lines[0].Split(',');
        var row = lines[1].Split(',');
        double Field(string name) => double.Parse(row[Array.IndexOf(header, name)], CultureInfo.InvariantCulture);
        Assert.Equal(layer.AsBuilt.Margin!.Value.PhaseMarginDegrees, Field("phase_margin_deg"));
        Assert.Equal(layer.RecommendedFeedbackFarads!.Value, Field("recommended_cf_farads"));
        Assert.True(Field("phase_margin_with_cf_deg") >= 60);
        Assert.Equal(4 * 2.5e-12, Field("column_capacitance_farads"), 1e-24);
        Assert.True(new FileInfo(Path.Combine(outDir, StabilityOutput.Png)).Length > 10_000);
        Assert.Contains("GBW 10 MHz", config);
    }
}
