using MemristorSpice.Cli.Commands.Report;
using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Cosim.Ppa;
using MemristorSpice.Network;
using MemristorSpice.Network.Data;
using MemristorSpice.Network.IO;
using MemristorSpice.Network.Models;

namespace MemristorSpice.Cli.Tests;

/// <summary>Binding of <c>report</c>'s options into <see cref="ReportSettings"/>, without co-simulating.</summary>
public class ReportSettingsTests
{
    private static readonly string WeightsDir = CreateWeights();

    private static string CreateWeights()
    {
        var dir = Path.Combine(Path.GetTempPath(), "memspice-report-settings", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        WeightsFile.Save(ModelZoo.Create("msccnn", 3), Path.Combine(dir, "m1.msw"));
        WeightsFile.Save(ModelZoo.Create("lenet", 3), Path.Combine(dir, "m2.msw"));
        return dir;
    }

    private static ReportSettings Bind(params string[] extra)
    {
        var command = new ReportCommand();
        var parse = command.Command.Parse(["--weights-dir", WeightsDir, "--models", "m1,m2", .. extra]);
        Assert.Empty(parse.Errors);
        return command.Bind(parse);
    }

    [Fact]
    public void Options_bind_and_the_regenerate_line_repeats_them()
    {
        var outDir = Path.Combine(WeightsDir, "r");
        var s = Bind("--images", "40", "--threads", "2", "--out", outDir);
        Assert.Equal([new ModelFile("m1", Path.Combine(WeightsDir, "m1.msw")), new ModelFile("m2", Path.Combine(WeightsDir, "m2.msw"))], s.Models);
        Assert.Equal((40, 2, "mnist"), (s.Images, s.Threads, s.Dataset));
        // Default circuit (help text of --nonideal): 1 ohm wires, A0 1e5, 8-bit converters; Vread from the technology.
        Assert.Equal((1.0, 1e5, 8, 8, s.Technology.ReadVolts), (s.Circuit.WireRowOhms, s.Circuit.OpAmpGain, s.Circuit.DacBits, s.Circuit.AdcBits, s.Circuit.VreadVolts));
        Assert.Equal($"memspice report --models m1,m2 --images 30 --out {outDir}", s.RegenerateLine(30));
    }

    [Fact]
    public void A_missing_technology_file_is_a_usage_error_naming_tech()
    {
        var missing = Path.Combine(WeightsDir, "no-such-tech.json");
        var ex = Assert.Throws<CliException>(() => Bind("--tech", missing, "--out", Path.Combine(WeightsDir, "r")));
        Assert.Equal(($"--tech: file not found: {missing}", CliApp.UsageError), (ex.Message, ex.ExitCode));
    }
}
