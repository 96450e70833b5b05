using MemristorSpice.Devices.Spice;

namespace MemristorSpice.Cli.Tests;

public class DeviceCommandTests
{
    [Fact]
    public void DevicesExportWritesTheGeneratedLibrary()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("memspice-cli-").FullName, "devices.lib");
        var r = CliRunner.Run("devices", "export", "--format", "ngspice", "--out", path);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(DeviceLibrary.Generate(), File.ReadAllText(path));
        Assert.Contains("MEM_VTEAM_XBAR", r.Out);
    }

    [Fact]
    public void DevicesExportRejectsUnknownFormat()
    {
        var r = CliRunner.Run("devices", "export", "--format", "spectre", "--out", "x.lib");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("only 'ngspice'", r.Err);
    }

    /// <summary>Write-verify to 100 kOhm on the crossbar preset: exit 0, a report with the pulses used.</summary>
    [Fact]
    public void ProgramReachesTarget()
    {
        var r = CliRunner.Run("device", "program", "--device", "VTEAM_XBAR", "--target-ohms", "100000");
        Assert.Equal(0, r.ExitCode);
        Assert.Matches(@"reached \d+(\.\d+)? Ohms \(target 100000 Ohms, error -?\d\.\d+ %\) with \d+ pulses", r.Out);
    }

    /// <summary>
    /// One device name across commands: --device takes the preset names of generate and devices.lib; the older
    /// --model/--preset pair still works, gives the same result and prints a note naming the --device spelling.
    /// </summary>
    [Fact]
    public void DeprecatedModelPreset_GivesTheSameResult_WithANote()
    {
        var canonical = CliRunner.Run("device", "program", "--device", "vteam_xbar", "--target-ohms", "100000");
        var old = CliRunner.Run("device", "program", "--model", "vteam", "--preset", "xbar", "--target-ohms", "100000");
        Assert.Equal((0, 0), (canonical.ExitCode, old.ExitCode));
        Assert.Equal(canonical.Out, old.Out);
        Assert.Contains("deprecated; use --device VTEAM_XBAR", old.Err);
        Assert.DoesNotContain("deprecated", canonical.Err);
        var both = CliRunner.Run("device", "program", "--device", "VTEAM_XBAR", "--model", "vteam", "--target-ohms", "100000");
        Assert.Equal(2, both.ExitCode);
        var unknown = CliRunner.Run("device", "program", "--device", "NOPE", "--target-ohms", "100000");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("HP_BIOLEK", unknown.Err);
    }

    [Fact]
    public void ProgramFailsClearly()
    {
        var outside = CliRunner.Run("device", "program", "--device", "VTEAM_XBAR", "--target-ohms", "5000");
        Assert.Equal(2, outside.ExitCode);
        Assert.Contains("outside the device range [Ron, Roff]", outside.Err);
        Assert.DoesNotContain("   at ", outside.Err);
        var limit = CliRunner.Run("device", "program", "--device", "VTEAM_XBAR", "--target-ohms", "100000",
            "--pulse-volts", "0.5", "--max-pulses", "10");
        Assert.Equal(1, limit.ExitCode);
        Assert.Contains("pulse limit of 10", limit.Err);
        var model = CliRunner.Run("device", "program", "--model", "nope", "--target-ohms", "100");
        Assert.Equal(2, model.ExitCode);
        Assert.Contains("unknown memristor model 'nope'", model.Err);
    }

    [Fact]
    public void IvWritesCsvPerFrequencyAndOnePng()
    {
        var dir = Directory.CreateTempSubdirectory("memspice-iv-").FullName;
        var r = CliRunner.Run("device", "iv", "--device", "HP_BIOLEK", "--amplitude", "1", "--freq", "1,2,4", "--out", dir);
        Assert.Equal(0, r.ExitCode);
        foreach (var f in new[] { "iv_1Hz.csv", "iv_2Hz.csv", "iv_4Hz.csv" })
        {
            var lines = File.ReadAllLines(Path.Combine(dir, f));
            Assert.Equal("time_s,voltage_v,current_a,state_x", lines[0]);
            Assert.True(lines.Length > 1000);
        }
        var png = File.ReadAllBytes(Path.Combine(dir, "iv.png"));
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, png[..4]);
        var bad = CliRunner.Run("device", "iv", "--device", "HP_BIOLEK", "--amplitude", "1", "--freq", "1,x", "--out", dir);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("'x' is not a positive frequency", bad.Err);
    }
}
