using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using MemristorSpice.Tests.Shared;

namespace MemristorSpice.Cli.Tests;

/// <summary>
/// Hostile or damaged input files given to the commands: each ends in one clean error line naming the option, the
/// file, the field and the value, exit 1 (never 70), and nothing is written for it, in --out or anywhere else.
/// </summary>
public sealed class InputFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("memspice-inputs-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Shipped => Path.Combine(Dependencies.RepoRoot, "weights", "msccnn.msw");

    /// <summary>A copy of the shipped weights with an edited header (data section unchanged), written to the temp folder.</summary>
    private string Edited(Action<JsonObject> edit, string name = "edited.msw")
    {
        var file = File.ReadAllBytes(Shipped);
        int len = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(8));
        var header = JsonNode.Parse(file.AsSpan(12, len))!.AsObject();
        edit(header);
        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        var result = new byte[12 + json.Length + file.Length - 12 - len];
        file.AsSpan(0, 8).CopyTo(result);
        BinaryPrimitives.WriteInt32LittleEndian(result.AsSpan(8), json.Length);
        json.CopyTo(result, 12);
        file.AsSpan(12 + len).CopyTo(result.AsSpan(12 + json.Length));
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, result);
        return path;
    }

    private static JsonObject Layer(JsonObject header, string name) =>
        header["layers"]!.AsArray().Select(l => l!.AsObject()).First(l => (string?)l["name"] == name);

    private static void AssertCleanError(CliRunner.Result r, params string[] expected)
    {
        Assert.True(r.ExitCode == 1, $"exit {r.ExitCode}: {r.Err}");
        Assert.StartsWith("memspice: error: ", r.Err);
        Assert.Single(r.Err.TrimEnd().Split('\n'));
        foreach (var e in expected) Assert.Contains(e, r.Err);
    }

    /// <summary>Everything in the temp folder except the inputs the test wrote.</summary>
    private List<string> Written(params string[] inputs) =>
        Directory.EnumerateFileSystemEntries(_dir, "*", SearchOption.AllDirectories).Except(inputs).ToList();

    [Theory]
    [InlineData("conv1\n.control\nshell touch /tmp/memspice-pwned\n.endc", "\\u000A.control\\u000Ashell")]
    [InlineData("../../x", "'../../x' must start with a letter")]
    [InlineData("/abs/path", "'/abs/path' must start with a letter")]
    [InlineData("a/b", "holds the character /")]
    [InlineData("con", "reserved device name 'con'")]
    public void GenerateNetworkRefusesUnsafeLayerNames(string name, string expected)
    {
        var weights = Edited(h => Layer(h, "pw1")["name"] = name);
        var outDir = Path.Combine(_dir, "sub", "out");
        var r = CliRunner.Run("generate", "network", "--weights", weights, "--out", outDir);
        AssertCleanError(r, "--weights: ", weights, "layers[7].name", expected);
        Assert.DoesNotContain('\n', r.Err.TrimEnd());
        Assert.Empty(Written(weights));
    }

    [Theory]
    [InlineData("conv1", "stride", 0, "hyper-parameter stride = 0 is outside [1, 64]")]
    [InlineData("classifier", "out", -10, "hyper-parameter out = -10 is outside [1, 65536]")]
    [InlineData("classifier", "out", int.MaxValue, "hyper-parameter out = 2147483647 is outside [1, 65536]")]
    public void EvaluateRefusesBadCounts(string layer, string key, int value, string expected)
    {
        var weights = Edited(h => Layer(h, layer)["hyper"]![key] = value);
        AssertCleanError(CliRunner.Run("evaluate", "--weights", weights), weights, $"'{layer}'", expected);
    }

    [Fact]
    public void EvaluateRefusesNaNWeights()
    {
        var bytes = File.ReadAllBytes(Shipped);
        int dataStart = 12 + BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8));
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(dataStart + 4 * 3), float.NaN);   // conv1.weight[0,3]
        var weights = Path.Combine(_dir, "nan.msw");
        File.WriteAllBytes(weights, bytes);
        AssertCleanError(CliRunner.Run("evaluate", "--weights", weights), weights, "tensor 'conv1.weight' value 3 (index [0,3]) = NaN is not a finite number");
    }

    [Fact]
    public void NetworkForAnotherInputShapeIsRefused()
    {
        // A valid file whose network takes 14x56 images (every layer chains): MNIST has 28x28, so the commands refuse it.
        Dependencies.RequireMnist();
        var weights = Edited(h => h["input"] = JsonNode.Parse("[1,14,56]"));
        AssertCleanError(CliRunner.Run("evaluate", "--weights", weights), weights, "takes 1x14x56 inputs", "images of --dataset mnist are 1x28x28");
    }

    [Fact]
    public void GenerateCrossbarGivenMswPointsToGenerateNetwork()
    {
        var weights = Path.Combine(_dir, "msccnn.msw");
        File.Copy(Shipped, weights);
        var r = CliRunner.Run("generate", "crossbar", "--weights", weights, "--out", Path.Combine(_dir, "out"));
        AssertCleanError(r, "--weights: ", "network weights file (.msw)", "memspice generate network", "--layer NAME", "conv1, dw1, pw1, dw2, pw2, classifier");
        Assert.Empty(Written(weights));
    }

    [Theory]
    [InlineData("1,2\n3,NaN\n", "line 2 (row 2), column 2: 'NaN' is not a finite number")]
    [InlineData("1,2\n3,4,5\n", "line 2 (row 2): 3 columns, but row 1 has 2 (one per output); column 3 is extra")]
    [InlineData("", "no rows of numbers")]
    public void GenerateCrossbarRefusesDamagedCsv(string text, string expected)
    {
        var csv = Path.Combine(_dir, "w.csv");
        File.WriteAllText(csv, text);
        AssertCleanError(CliRunner.Run("generate", "crossbar", "--weights", csv, "--out", Path.Combine(_dir, "out")), "--weights: ", csv, expected);
        Assert.Empty(Written(csv));
    }
}
