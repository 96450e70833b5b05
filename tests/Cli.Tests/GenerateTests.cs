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
        // Hierarchical: the deck holds the .param design point and instantiates the tile subcircuit of w.sub.
        var cir = File.ReadAllText(Path.Combine(outDir, "w.cir"));
        var sub = File.ReadAllText(Path.Combine(outDir, "w.sub"));
        Assert.Equal(16, sub.Split('\n').Count(l => l.StartsWith("xm_r", StringComparison.Ordinal)));   // 4 rows x 4 columns
        Assert.Equal(6, sub.Split('\n').Count(l => l.StartsWith("xtia", StringComparison.Ordinal) || l.StartsWith("xdiff", StringComparison.Ordinal)));
        Assert.Contains("rwr0_c0p row0 row0_c0p {rrow}", sub);
        Assert.Contains(".param rrow=2\n", cir);
        Assert.Contains(".subckt XBAR_OPAMP_POLE", File.ReadAllText(Path.Combine(outDir, "readout.lib")));
        // Portable folder: the library is copied beside the decks and included by its bare name.
        Assert.Contains(".include devices.lib\n", cir);
        Assert.True(File.Exists(Path.Combine(outDir, "devices.lib")));
        Assert.True(File.Exists(Path.Combine(outDir, "w.layer.cir")));
        Assert.True(File.Exists(Path.Combine(outDir, "w.manifest.json")));
        Assert.Equal(9, File.ReadAllLines(Path.Combine(outDir, "w.cells.csv")).Length); // header + 4 rows x 2 outputs
        Assert.Contains("16", r.Out);
    }

    [Fact]
    public void Crossbar_Flat_WritesOneSelfContainedDeckPerTile()
    {
        var outDir = Path.Combine(_dir, "flat");
        var r = CliRunner.Run("generate", "crossbar", "--weights", WriteCsv(Matrix), "--row-wire", "2", "--flat", "--out", outDir);
        Assert.True(r.ExitCode == 0, r.Err);
        var cir = File.ReadAllText(Path.Combine(outDir, "w.cir"));
        Assert.Equal(16, cir.Split('\n').Count(l => l.StartsWith("xm_r", StringComparison.Ordinal)));
        Assert.Contains("rwr0_c0p row0 row0_c0p 2", cir);
        Assert.Contains(".include devices.lib\n", cir);
        Assert.True(File.Exists(Path.Combine(outDir, "devices.lib")));
        Assert.False(File.Exists(Path.Combine(outDir, "w.sub")));
    }

    /// <summary>
    /// --dialect hspice writes the same files in HSPICE form (E/G VOL=/CUR= memristors in devices.lib as a .lib section,
    /// quoted expressions, .lib references), ltspice in LTspice form (if() in devices.lib, .lib devices.lib); --flat
    /// with another dialect is a usage error naming the construct and the dialect (the flat form is ngspice only).
    /// The translations themselves are run in ngspice's compatibility modes in Crossbar.Tests (DialectExportTests).
    /// </summary>
    [Fact]
    public void Crossbar_Dialect_WritesTheTranslatedFolder_AndRefusesTheFlatForm()
    {
        var hs = CliRunner.Run("generate", "crossbar", "--weights", WriteCsv(Matrix), "--dialect", "hspice", "--out", Path.Combine(_dir, "hs"));
        Assert.True(hs.ExitCode == 0, hs.Err);
        var lib = File.ReadAllText(Path.Combine(_dir, "hs", "devices.lib"));
        Assert.Contains("\nGx 0 x CUR='time>0?", lib);
        Assert.DoesNotContain("\nBx ", lib);
        Assert.Contains(".lib 'devices.lib' memspice_devices\n", File.ReadAllText(Path.Combine(_dir, "hs", "w.cir")));
        var lt = CliRunner.Run("generate", "crossbar", "--weights", WriteCsv(Matrix), "--dialect", "ltspice", "--out", Path.Combine(_dir, "lt"));
        Assert.True(lt.ExitCode == 0, lt.Err);
        Assert.Contains("\nBx 0 x I=if(time>0,", File.ReadAllText(Path.Combine(_dir, "lt", "devices.lib")));
        Assert.Contains(".lib devices.lib\n", File.ReadAllText(Path.Combine(_dir, "lt", "w.cir")));
        var flat = CliRunner.Run("generate", "crossbar", "--weights", WriteCsv(Matrix), "--dialect", "ltspice", "--flat", "--out", Path.Combine(_dir, "fl"));
        Assert.Equal(2, flat.ExitCode);
        Assert.Contains("--dialect ltspice", flat.Err);
        Assert.Contains("flat form", flat.Err);
        Assert.False(Directory.Exists(Path.Combine(_dir, "fl")));
    }

    /// <summary>
    /// A .msw file with --layer (and --channel for a depthwise layer) gives that crossbar's files; without --layer the
    /// error lists the analog layers; --channel is refused where a layer has one crossbar, and a missing channel of a
    /// depthwise layer names the range.
    /// </summary>
    [Fact]
    public void Crossbar_FromANetworkLayer_AndItsErrors()
    {
        var msw = Path.Combine(Dependencies.RepoRoot, "weights", "msccnn.msw");
        var dw = CliRunner.Run("generate", "crossbar", "--weights", msw, "--layer", "dw1", "--channel", "3", "--out", Path.Combine(_dir, "dw"));
        Assert.True(dw.ExitCode == 0, dw.Err);
        foreach (var f in new[] { "dw1_ch3.cir", "dw1_ch3.sub", "dw1_ch3.manifest.json", "dw1_ch3.cells.csv", "readout.lib", "devices.lib" })
            Assert.True(File.Exists(Path.Combine(_dir, "dw", f)), f);
        Assert.Contains("\"channel\": 3", File.ReadAllText(Path.Combine(_dir, "dw", "dw1_ch3.manifest.json")));
        var pw = CliRunner.Run("generate", "crossbar", "--weights", msw, "--layer", "classifier", "--out", Path.Combine(_dir, "cls"));
        Assert.True(pw.ExitCode == 0, pw.Err);
        // 128 input rows plus the bias: the bias is added by the controller (bias placement auto), so one tile.
        Assert.True(File.Exists(Path.Combine(_dir, "cls", "classifier.sub")), "128 rows + digital bias: one tile");
        Assert.False(File.Exists(Path.Combine(_dir, "cls", "classifier_t1.sub")), "no tile for a lone bias row");
        var noLayer = CliRunner.Run("generate", "crossbar", "--weights", msw, "--out", Path.Combine(_dir, "x1"));
        Assert.Equal(1, noLayer.ExitCode);
        Assert.Contains("conv1, dw1, pw1, dw2, pw2, classifier", noLayer.Err);
        var noChannel = CliRunner.Run("generate", "crossbar", "--weights", msw, "--layer", "dw1", "--out", Path.Combine(_dir, "x2"));
        Assert.Equal(2, noChannel.ExitCode);
        Assert.Contains("channels 0..31", noChannel.Err);
        var stray = CliRunner.Run("generate", "crossbar", "--weights", msw, "--layer", "conv1", "--channel", "0", "--out", Path.Combine(_dir, "x3"));
        Assert.Equal(2, stray.ExitCode);
        Assert.Contains("--channel", stray.Err);
        var unknown = CliRunner.Run("generate", "network", "--weights", msw, "--layer", "fc9", "--out", Path.Combine(_dir, "x4"));
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("analog layers: conv1", unknown.Err);
        var stimulusWithoutLayer = CliRunner.Run("generate", "network", "--weights", msw, "--stimulus", "0", "--out", Path.Combine(_dir, "x5"));
        Assert.Equal(2, stimulusWithoutLayer.ExitCode);
        Assert.Contains("--stimulus needs --layer", stimulusWithoutLayer.Err);
        foreach (var d in new[] { "x1", "x2", "x3", "x4", "x5" }) Assert.False(Directory.Exists(Path.Combine(_dir, d)));
    }

    /// <summary>generate network --layer writes every crossbar of that layer (all 32 depthwise channels) and its layer deck, nothing else.</summary>
    [Fact]
    public void Network_Layer_WritesThatLayerOnly()
    {
        var outDir = Path.Combine(_dir, "dw1");
        var r = CliRunner.Run("generate", "network", "--weights", Path.Combine(Dependencies.RepoRoot, "weights", "msccnn.msw"), "--layer", "dw1", "--out", outDir);
        Assert.True(r.ExitCode == 0, r.Err);
        var files = Directory.GetFiles(outDir).Select(f => Path.GetFileName(f)).ToHashSet();
        Assert.Equal(32, files.Count(f => f.EndsWith(".sub", StringComparison.Ordinal)));
        Assert.Contains("dw1.layer.cir", files);
        Assert.DoesNotContain(files, f => f.StartsWith("conv1", StringComparison.Ordinal) || f.StartsWith("pw", StringComparison.Ordinal));
        var layer = File.ReadAllText(Path.Combine(outDir, "dw1.layer.cir"));
        Assert.Equal(32, layer.Split('\n').Count(l => l.StartsWith(".include dw1_ch", StringComparison.Ordinal)));
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
