using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Tests.Shared;

namespace MemristorSpice.Cli.Tests;

public class GenerateTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("memspice-generate-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteCsv(string text)
    {
        var path = Path.Combine(_dir, "w.csv");
        File.WriteAllText(path, text);
        return path;
    }

    private const string Matrix = "# 3 inputs, 2 outputs, bias last\n0.5,-1\n0.25,0\n-0.75,1\n0.1,-0.2\n";

    [Fact]
    public void Crossbar_WritesNetlistManifestAndCells_WithTheCounts()
    {
        var outDir = Path.Combine(_dir, "out");
        var r = CliRunner.Run("generate", "crossbar", "--weights", WriteCsv(Matrix), "--row-wire", "2", "--opamp", "pole", "--out", outDir);
        Assert.True(r.ExitCode == 0, r.Err);
        var cir = File.ReadAllText(Path.Combine(outDir, "w.cir"));
        Assert.Equal(16, cir.Split('\n').Count(l => l.StartsWith("xm_r", StringComparison.Ordinal)));   // 4 rows x 4 columns
        Assert.Equal(6, cir.Split('\n').Count(l => l.StartsWith("xtia", StringComparison.Ordinal) || l.StartsWith("xdiff", StringComparison.Ordinal)));
        Assert.Contains("rwr0_c0p row0 row0_c0p 2", cir);
        Assert.Contains(".subckt XBAR_OPAMP_POLE", cir);
        Assert.Contains($".include {Path.GetRelativePath(outDir, Path.Combine(Dependencies.RepoRoot, "netlists", "lib", "devices.lib"))}", cir);
        Assert.True(File.Exists(Path.Combine(outDir, "w.manifest.json")));
        Assert.Equal(9, File.ReadAllLines(Path.Combine(outDir, "w.cells.csv")).Length); // header + 4 rows x 2 outputs
        Assert.Contains("16", r.Out);
    }

    [Fact]
    public void Network_Representative_WritesOneCrossbarPerLayerKind()
    {
        var outDir = Path.Combine(_dir, "net");
        var r = CliRunner.Run("generate", "network", "--weights", Path.Combine(Dependencies.RepoRoot, "weights", "msccnn.msw"), "--representative", "--out", outDir);
        Assert.True(r.ExitCode == 0, r.Err);
        var files = Directory.GetFiles(outDir).Select(f => Path.GetFileName(f)).ToHashSet();
        Assert.Contains("conv1.cir", files);
        Assert.Contains("dw1_ch0.cir", files);
        // Default bias placement: the classifier's 128 inputs fill one tile and its bias is added digitally (no classifier_t1).
        Assert.Contains("classifier.cir", files);
        Assert.Contains("network.json", files);
        Assert.Contains("25984", r.Out); // every crossbar counted (CrossbarMappingRules: MSCCNN memristors, 26004 less the 20 of the folded bias row)
    }

    [Theory]
    [InlineData("--levels", "1")]
    [InlineData("--opamp", "perfect")]
    [InlineData("--variation", "-0.1")]
    [InlineData("--stuck-min", "1.5")]
    [InlineData("--max-rows", "1")]
    [InlineData("--device", "NOPE")]
    [InlineData("--opamp-gain", "1e6")]
    [InlineData("--gmax", "0.5")]
    public void BadOption_ExitsTwo_NamingTheOption(string option, string value)
    {
        var r = CliRunner.Run("generate", "crossbar", "--weights", WriteCsv(Matrix), option, value, "--out", Path.Combine(_dir, "bad"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(option, r.Err);
        Assert.False(Directory.Exists(Path.Combine(_dir, "bad")), "nothing is written on a usage error");
    }

    [Fact]
    public void MissingWeightsFile_ExitsTwo_NamingTheOption()
    {
        var r = CliRunner.Run("generate", "crossbar", "--weights", Path.Combine(_dir, "none.csv"), "--out", _dir);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--weights", r.Err);
    }

    [Fact]
    public void MalformedCsv_FailsWithTheLine_NamingTheOption()
    {
        var r = CliRunner.Run("generate", "crossbar", "--weights", WriteCsv("1,2\n3,x\n"), "--out", Path.Combine(_dir, "o"));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("--weights", r.Err);
        Assert.Contains("line 2", r.Err);
        Assert.DoesNotContain("   at ", r.Err);
    }
}
