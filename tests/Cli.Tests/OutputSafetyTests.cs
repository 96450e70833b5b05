using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using MemristorSpice.Tests.Shared;

namespace MemristorSpice.Cli.Tests;

/// <summary>
/// The tool never deletes or overwrites what it did not write, never writes outside --out, refuses edited shards,
/// survives hostile names on the console and reports environment failures as one sentence (exit 1, never 70).
/// Truths: the bytes of files the test itself put in place, and where files exist on disk afterwards.
/// </summary>
public class OutputSafetyTests
{
    private static string Shipped(string name) => Path.Combine(Dependencies.RepoRoot, "weights", name + ".msw");

    private static string UsersFolder()
    {
        var dir = SeededWeights.TempDir("users");
        File.WriteAllText(Path.Combine(dir, "notes.txt"), "my notes");
        return dir;
    }

    [Fact]
    public void Cosim_report_sweep_merge_leave_a_users_folder_alone()
    {
        var dir = UsersFolder();
        var runs = new[]
        {
            CliRunner.Run("cosim", "--weights", Shipped("msccnn"), "--images", "3", "--out", dir),
            CliRunner.Run("cosim", "--weights", Shipped("msccnn"), "--images", "3", "--out", dir, "--force"),
            CliRunner.Run("report", "--models", "msccnn", "--images", "3", "--out", dir),
            CliRunner.Run("sweep", "--param", "adc-bits", "--values", "8", "--models", "msccnn", "--out", dir),
            CliRunner.Run("merge", "--out", dir, SeededWeights.TempDir("shard")),
        };
        foreach (var r in runs)
        {
            Assert.True(r.ExitCode == 1, r.Err + r.Out);
            Assert.Contains(dir, r.Err);
            Assert.Contains("not a memspice result folder", r.Err);
        }
        Assert.Equal("my notes", File.ReadAllText(Path.Combine(dir, "notes.txt")));
        Assert.Single(Directory.EnumerateFileSystemEntries(dir));
    }

    [Fact]
    public void Merge_output_may_not_be_an_input()
    {
        var root = SeededWeights.TempDir("merge-in");
        var s1 = Directory.CreateDirectory(Path.Combine(root, "s1")).FullName;
        var s2 = Directory.CreateDirectory(Path.Combine(root, "s2")).FullName;
        File.WriteAllText(Path.Combine(s1, "shard.json"), "{}");
        foreach (var outDir in new[] { s1, Path.Combine(s1, "merged"), root })
        {
            var r = CliRunner.Run("merge", "--out", outDir, s1, s2);
            Assert.True(r.ExitCode == 1, r.Err);
            Assert.Contains("input", r.Err);
        }
        Assert.Equal("{}", File.ReadAllText(Path.Combine(s1, "shard.json")));
        Assert.False(Directory.Exists(Path.Combine(s1, "merged")));
    }

    [Fact]
    public void Generate_network_never_mixes_two_models_in_one_folder()
    {
        var outDir = Path.Combine(SeededWeights.TempDir("gen"), "net");
        Assert.Equal(0, CliRunner.Run("generate", "network", "--weights", Shipped("msccnn"), "--representative", "--out", outDir).ExitCode);
        var again = CliRunner.Run("generate", "network", "--weights", Shipped("lenet"), "--representative", "--out", outDir);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("--force", again.Err);
        Assert.Contains("\"model\": \"msccnn\"", File.ReadAllText(Path.Combine(outDir, "network.json")));
        var forced = CliRunner.Run("generate", "network", "--weights", Shipped("lenet"), "--representative", "--out", outDir, "--force");
        Assert.True(forced.ExitCode == 0, forced.Err);
        // Only lenet's files: every file network.json lists, the marker, and nothing else.
        var listed = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "network.json")))!["files"]!.AsArray().Select(f => f!.GetValue<string>()).ToHashSet();
        listed.Add("network.json");
        listed.Add(".memspice-result.json");
        var present = Directory.EnumerateFiles(outDir).Select(Path.GetFileName).ToHashSet();
        Assert.Equal(listed.Order(), present.Order()!);
        Assert.DoesNotContain(present, f => f!.StartsWith("dw", StringComparison.Ordinal));   // MSCCNN's depthwise layers
        Assert.Empty(Directory.GetDirectories(Path.GetDirectoryName(outDir)!, ".net.run.*"));
    }

    /// <summary>The shipped LeNet with one layer renamed in its header (the rest of the file unchanged).</summary>
    private static string Renamed(string dir, string layerName)
    {
        var bytes = File.ReadAllBytes(Shipped("lenet"));
        int start = Array.IndexOf(bytes, (byte)'{');
        int length = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(start - 4));
        var header = JsonNode.Parse(bytes.AsSpan(start, length))!;
        var layers = header["Layers"]?.AsArray() ?? header["layers"]!.AsArray();
        var last = layers[^1]!;
        last[last["Name"] is null ? "name" : "Name"] = layerName;
        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        var result = new List<byte>(bytes[..(start - 4)]);
        var len = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(len, json.Length);
        result.AddRange(len);
        result.AddRange(json);
        result.AddRange(bytes[(start + length)..]);
        var path = Path.Combine(dir, "renamed.msw");
        File.WriteAllBytes(path, [.. result]);
        return path;
    }

    [Theory]
    [InlineData("../../escaped")]
    [InlineData("/tmp/memspice-escaped-abs")]
    public void Generate_network_cannot_write_outside_out(string layerName)
    {
        var root = SeededWeights.TempDir("escape");
        var outDir = Path.Combine(root, "a", "b", "net");
        var r = CliRunner.Run("generate", "network", "--weights", Renamed(root, layerName), "--out", outDir);
        Assert.True(r.ExitCode == 1, r.Err + r.Out);
        Assert.DoesNotContain("internal error", r.Err);
        Assert.Empty(Directory.EnumerateFiles(root, "escaped*", SearchOption.AllDirectories));
        Assert.Empty(Directory.EnumerateFiles("/tmp", "memspice-escaped-abs*"));
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void Merge_refuses_a_shard_whose_prediction_was_edited()
    {
        Dependencies.RequireMnist();
        var dir = SeededWeights.TempDir("tamper");
        var weights = SeededWeights.Msccnn(dir);
        var cfg = Path.Combine(dir, "cfg.json");
        File.WriteAllText(cfg, """{ "calibrationImages": 20, "columnCalibrationImages": 5 }""");
        for (int k = 1; k <= 2; k++)
        {
            var s = CliRunner.Run("cosim", "--weights", weights, "--images", "4", "--nonideal", cfg, "--backend", "ideal", "--shard", $"{k}/2", "--out", Path.Combine(dir, $"s{k}"));
            Assert.True(s.ExitCode == 0, s.Err);
        }
        var predictions = Path.Combine(dir, "s2", "predictions.csv");
        var lines = File.ReadAllLines(predictions);
        var cells = lines[1].Split(',');
        cells[2] = ((int.Parse(cells[2]) + 1) % 10).ToString();   // the analog prediction of one image
        lines[1] = string.Join(',', cells);
        File.WriteAllLines(predictions, lines);
        var m = CliRunner.Run("merge", "--out", Path.Combine(dir, "merged"), Path.Combine(dir, "s1"), Path.Combine(dir, "s2"));
        Assert.Equal(1, m.ExitCode);
        Assert.Contains(Path.Combine(dir, "s2"), m.Err);
        Assert.Contains("predictions.csv changed", m.Err);
        Assert.False(Directory.Exists(Path.Combine(dir, "merged")));
    }

    [Fact]
    public void Simulate_with_a_noncharacter_in_a_node_name_writes_its_csv_and_prints_an_escape()
    {
        var dir = SeededWeights.TempDir("ffff");
        var deck = Path.Combine(dir, "ffff.cir");
        File.WriteAllText(deck, "noncharacter in a node name\nV1 a\uFFFF 0 1\nR1 a\uFFFF 0 1k\n.op\n.end\n", new UTF8Encoding(false));
        var csv = Path.Combine(dir, "r.csv");
        var r = CliRunner.Run("simulate", deck, "--out", csv);
        Assert.True(r.ExitCode is 0 or 1, $"exit {r.ExitCode}: {r.Err}");   // 1 if a name check rejects it at load
        Assert.DoesNotContain("internal error", r.Err);
        Assert.DoesNotContain("\uFFFF", r.Out + r.Err);
        if (r.ExitCode == 0)
        {
            Assert.True(File.Exists(csv));
            Assert.Contains("\\uFFFF", r.Out);
        }
    }

    [Fact]
    public void Environment_problems_are_one_sentence_with_the_path_and_exit_1()
    {
        var dir = SeededWeights.TempDir("env");
        var file = Path.Combine(dir, "existing.txt");
        File.WriteAllText(file, "mine");
        var cases = new (string[] Args, string Expect)[]
        {
            (["cosim", "--weights", Shipped("msccnn"), "--images", "3", "--out", file], "existing file"),
            (["cosim", "--weights", Shipped("msccnn"), "--images", "3", "--out", ""], "empty"),
            (["generate", "network", "--weights", Shipped("lenet"), "--out", Path.Combine(file, "sub")], file),
            (["merge", "--out", "", dir], "empty"),
            (["devices", "export", "--out", file], "--force"),
        };
        foreach (var (args, expect) in cases)
        {
            var r = CliRunner.Run(args);
            Assert.True(r.ExitCode == 1, $"{string.Join(' ', args)}: exit {r.ExitCode} {r.Err}");
            Assert.Contains(expect, r.Err);
            Assert.DoesNotContain("internal error", r.Err);
            Assert.Single(r.Err.Trim().Split('\n'));
        }
        Assert.Equal("mine", File.ReadAllText(file));
    }

    [Fact]
    public void Simulate_does_not_overwrite_an_existing_file_without_force()
    {
        var dir = SeededWeights.TempDir("sim-force");
        var csv = Path.Combine(dir, "r.csv");
        File.WriteAllText(csv, "mine");
        var deck = Path.Combine(Dependencies.RepoRoot, "netlists", "reference", "divider.cir");
        var r = CliRunner.Run("simulate", deck, "--out", csv);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("--force", r.Err);
        Assert.Equal("mine", File.ReadAllText(csv));
        var forced = CliRunner.Run("simulate", deck, "--out", csv, "--force");
        Assert.True(forced.ExitCode == 0, forced.Err);
        Assert.NotEqual("mine", File.ReadAllText(csv));
        var input = CliRunner.Run("simulate", deck, "--out", deck, "--force");
        Assert.Equal(1, input.ExitCode);
        Assert.Contains("one of the inputs", input.Err);
    }

    [Fact]
    public void Console_text_escapes_what_a_terminal_should_not_receive()
    {
        Assert.Equal("a\\x1B[31mb", Infrastructure.Terminal.Plain("a\u001b[31mb"));
        Assert.Equal("n\\x0Al", Infrastructure.Terminal.Plain("n\nl"));
        Assert.Equal("x\\uFFFFy\\uD800", Infrastructure.Terminal.Plain("x\uFFFFy\uD800"));
        Assert.Equal("\\U0001FFFF", Infrastructure.Terminal.Plain(char.ConvertFromUtf32(0x1FFFF)));
        Assert.Equal("Ω µ 😀", Infrastructure.Terminal.Plain("Ω µ 😀"));
        Assert.Equal("[[x]] \\u202E", Infrastructure.Terminal.Escape("[x] \u202E"));
    }
}
