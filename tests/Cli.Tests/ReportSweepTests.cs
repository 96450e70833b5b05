using System.Globalization;
using System.Text.Json;
using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Reading;
using MemristorSpice.Tests.Shared;

namespace MemristorSpice.Cli.Tests;

/// <summary><c>memspice report</c>, <c>sweep</c> and <c>merge</c> of sweep shards, end to end on the shipped weights.</summary>
public class ReportSweepTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("memspice-ppa-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Weights => Path.Combine(Dependencies.RepoRoot, "weights");

    private static List<Dictionary<string, string>> ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        return lines.Skip(1).Select(l => header.Zip(l.Split(',')).ToDictionary(p => p.First, p => p.Second)).ToList();
    }

    /// <summary>Counts per layer of the netlists written by <c>memspice generate network</c>, read with the SPICE reader.</summary>
    private Dictionary<string, long[]> CountGenerated(string model)
    {
        var outDir = Path.Combine(_dir, "gen-" + model);
        // Flat decks hold every instance at top level (the hierarchical form is the same circuit; Crossbar.Tests compare both).
        var r = CliRunner.Run("generate", "network", "--weights", Path.Combine(Weights, model + ".msw"), "--flat", "--out", outDir);
        Assert.True(r.ExitCode == 0, r.Err);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "network.json")));
        var result = new Dictionary<string, long[]>();
        foreach (var layer in doc.RootElement.GetProperty("layers").EnumerateArray())
        {
            var counts = new long[5]; // crossbars, memristors, op-amps, DACs, ADCs
            bool fullRead = true;
            foreach (var stem in layer.GetProperty("written").EnumerateArray().Select(s => s.GetString()!))
            {
                var files = File.Exists(Path.Combine(outDir, stem + ".cir"))
                    ? [Path.Combine(outDir, stem + ".cir")]
                    : Directory.GetFiles(outDir, stem + "_t*.cir").OrderBy(f => int.Parse(Path.GetFileNameWithoutExtension(f)[(stem.Length + 2)..], CultureInfo.InvariantCulture)).ToArray();
                Assert.NotEmpty(files);
                for (int t = 0; t < files.Length; t++)
                {
                    // The netlist must also be complete and valid for the full reader (includes, subcircuits, flattening):
                    // checked on the first file of each layer (flattening all 88 k LeNet memristors would take minutes).
                    if (fullRead) Assert.NotEmpty(NetlistReader.ReadFile(files[t]).Circuit.Elements);
                    fullRead = false;
                    // Top-level cards via the SPICE reader's own line reader and deck parser (continuations, comments, .subckt nesting).
                    var bag = new DiagnosticBag();
                    var deck = new DeckParser(bag).Parse("t", LogicalLineReader.Read(File.ReadAllText(files[t]), files[t], true, bag, out _));
                    var top = deck.Top.Elements;
                    string? Subcircuit(Statement st) => st.Keyword.StartsWith('x')
                        ? st.Tokens.Skip(1).Select(k => k.Text).FirstOrDefault(k => k.StartsWith("MEM_", StringComparison.OrdinalIgnoreCase) || k is "XBAR_TIA" or "XBAR_DIFF")
                        : null;
                    counts[0]++;
                    counts[1] += top.Count(st => Subcircuit(st)?.StartsWith("MEM_", StringComparison.OrdinalIgnoreCase) == true);
                    counts[2] += top.Count(st => Subcircuit(st) is "XBAR_TIA" or "XBAR_DIFF");
                    // One DAC per row source, except the bias row (constant Vread), which is the last row of the last tile;
                    // a bias added by the digital controller (its header says so) has no row source.
                    int rowSources = top.Count(st => st.Keyword.StartsWith("vrow", StringComparison.Ordinal));
                    bool analogBias = !File.ReadAllText(files[t]).Contains("the bias has no crossbar row", StringComparison.Ordinal);
                    counts[3] += rowSources - (t == files.Length - 1 && analogBias ? 1 : 0);
                    counts[4] += top.Count(st => Subcircuit(st) is "XBAR_DIFF");
                }
            }
            result[layer.GetProperty("layer").GetString()!] = counts;
        }
        return result;
    }

    [Fact]
    public void Report_counts_equal_the_counts_in_the_generated_netlists()
    {
        Dependencies.RequireMnist();
        var outDir = Path.Combine(_dir, "report");
        var r = CliRunner.Run("report", "--models", "lenet,msccnn-pruned", "--images", "4", "--threads", "2", "--out", outDir);
        Assert.True(r.ExitCode == 0, r.Err + r.Out);
        var rows = ReadCsv(Path.Combine(outDir, "layers.csv"));
        foreach (var model in new[] { "lenet", "msccnn-pruned" })
        {
            var generated = CountGenerated(model);
            var reported = rows.Where(x => x["model"] == model).ToList();
            Assert.Equal(generated.Keys.Order(), reported.Select(x => x["layer"]).Order());
            foreach (var x in reported)
            {
                var g = generated[x["layer"]];
                long[] rep = [long.Parse(x["crossbars"]), long.Parse(x["memristors"]), long.Parse(x["op-amps"]), long.Parse(x["DACs"]), long.Parse(x["ADCs"])];
                Assert.True(g.SequenceEqual(rep), $"{model}/{x["layer"]}: netlists {string.Join(' ', g)}, report {string.Join(' ', rep)}");
            }
            var total = ReadCsv(Path.Combine(outDir, "models.csv")).Single(m => m["model"] == model);
            Assert.Equal(generated.Values.Sum(c => c[1]), long.Parse(total["memristors"]));
        }
        foreach (var f in new[] { "models.csv", "savings.csv", "breakdown.csv", "settling.csv", "report.md", "technology.md", "area.png", "power.png", "accuracy.png" })
            Assert.True(File.Exists(Path.Combine(outDir, f)), f);
        // The read time of every layer is its measured settling, and the report says so.
        Assert.All(ReadCsv(Path.Combine(outDir, "models.csv")), m => Assert.Equal("measured settling", m["read time source"]));
        Assert.Contains("Read time source: measured settling", File.ReadAllText(Path.Combine(outDir, "report.md")));
        Assert.Contains("read time source: measured settling", r.Out);
        Assert.Contains("msccnn-pruned", File.ReadAllText(Path.Combine(outDir, "savings.csv")));
    }

    [Fact]
    public void Accuracy_vs_sigma_mean_over_seeds_does_not_rise_beyond_its_noise_band()
    {
        // Larger conductance variation can only hurt on average; the mean over seeds may wiggle by its stated noise
        // band (two standard errors over seeds, at least one image). Any pair of values must respect that, and the
        // largest sigma must lose clearly (the test would otherwise pass on a flat, broken curve).
        Dependencies.RequireMnist();
        var outDir = Path.Combine(_dir, "sigma");
        var r = CliRunner.Run("sweep", "--param", "sigma", "--values", "0,0.1,0.25,0.5", "--seeds", "3", "--images", "40",
            "--models", "msccnn-pruned", "--threads", "2", "--out", outDir);
        Assert.True(r.ExitCode == 0, r.Err + r.Out);
        var rows = ReadCsv(Path.Combine(outDir, "summary.csv"))
            .Select(x => (Value: double.Parse(x["value"], CultureInfo.InvariantCulture), Mean: double.Parse(x["mean_accuracy"], CultureInfo.InvariantCulture),
                Band: double.Parse(x["noise_band"], CultureInfo.InvariantCulture))).OrderBy(x => x.Value).ToList();
        Assert.Equal(4, rows.Count);
        for (int i = 0; i < rows.Count; i++)
            for (int j = i + 1; j < rows.Count; j++)
                Assert.True(rows[j].Mean <= rows[i].Mean + rows[i].Band + rows[j].Band,
                    $"sigma {rows[j].Value}: mean {rows[j].Mean} above sigma {rows[i].Value}: {rows[i].Mean} + bands {rows[i].Band} + {rows[j].Band}");
        Assert.True(rows[^1].Mean < rows[0].Mean - rows[0].Band - rows[^1].Band, $"sigma 0.5 should lose accuracy: {rows[^1].Mean} vs {rows[0].Mean}");
        Assert.Equal(12, File.ReadAllLines(Path.Combine(outDir, "points.csv")).Length - 1);
        Assert.True(File.Exists(Path.Combine(outDir, "sweep.png")));
    }

    [Fact]
    public void Merged_sweep_shards_equal_an_unsharded_sweep_and_bad_sets_are_refused()
    {
        Dependencies.RequireMnist();
        string[] common = ["sweep", "--param", "stuck-at", "--values", "0,0.02", "--seeds", "2", "--images", "6", "--models", "msccnn-pruned", "--threads", "2"];
        var whole = Path.Combine(_dir, "whole");
        Assert.Equal(0, CliRunner.Run([.. common, "--out", whole]).ExitCode);
        var shards = Enumerable.Range(1, 3).Select(k => Path.Combine(_dir, $"shard-{k}")).ToList();
        for (int k = 1; k <= 3; k++)
        {
            var s = CliRunner.Run([.. common, "--shard", $"{k}/3", "--out", shards[k - 1]]);
            Assert.True(s.ExitCode == 0, s.Err);
        }
        var merged = Path.Combine(_dir, "merged");
        var m = CliRunner.Run("merge", "--out", merged, shards[2], shards[0], shards[1]);
        Assert.True(m.ExitCode == 0, m.Err);
        foreach (var f in new[] { "points.csv", "summary.csv" })
            Assert.Equal(File.ReadAllText(Path.Combine(whole, f)), File.ReadAllText(Path.Combine(merged, f)));

        var missing = CliRunner.Run("merge", "--out", Path.Combine(_dir, "bad1"), shards[0], shards[2]);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("Missing shard(s) 2/3", missing.Err);
        var other = Path.Combine(_dir, "other");
        Assert.Equal(0, CliRunner.Run([.. common.Select(a => a == "0,0.02" ? "0,0.05" : a), "--shard", "2/3", "--out", other]).ExitCode);
        var mixed = CliRunner.Run("merge", "--out", Path.Combine(_dir, "bad2"), shards[0], other, shards[2]);
        Assert.Equal(1, mixed.ExitCode);
        Assert.Contains("settings hash", mixed.Err);
    }

    [Fact]
    public void Bad_options_name_the_option_or_field()
    {
        var tech = Path.Combine(_dir, "tech.json");
        File.WriteAllText(tech, """{ "adc": { "energyPerConversionJoules": -2 } }""");
        var r = CliRunner.Run("report", "--tech", tech, "--models", "msccnn", "--out", Path.Combine(_dir, "x"));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("--tech", r.Err);
        Assert.Contains("field 'adc.energyPerConversionJoules' must be >= 0", r.Err);
        Assert.DoesNotContain("   at ", r.Err);

        var models = CliRunner.Run("report", "--models", "msccnn,nosuch", "--out", Path.Combine(_dir, "y"));
        Assert.Equal(2, models.ExitCode);
        Assert.Contains("--models: no weights file for 'nosuch'", models.Err);

        var levels = CliRunner.Run("sweep", "--param", "levels", "--values", "16,2.5", "--out", Path.Combine(_dir, "z"));
        Assert.Equal(2, levels.ExitCode);
        Assert.Contains("--values: levels takes whole numbers", levels.Err);

        var param = CliRunner.Run("sweep", "--param", "temperature", "--values", "1", "--out", Path.Combine(_dir, "w"));
        Assert.Equal(2, param.ExitCode);
        Assert.Contains("--param: temperature is not modelled", param.Err);
    }
}
