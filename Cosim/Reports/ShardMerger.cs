using System.Globalization;
using System.Text.Json;
using CsvHelper;
using MemristorSpice.Cosim.Driver;
using MemristorSpice.Cosim.Metrics;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Network.Layers;

namespace MemristorSpice.Cosim.Reports;

/// <summary>A shard folder that cannot be merged; the message names the folder and the problem.</summary>
public sealed class ShardMergeException(string message) : Exception(message);

/// <summary>
/// Combines shard folders of one run into the report of the whole run. All shards must carry the same settings hash
/// and shard count, and every shard index 1..N must appear exactly once. Statistics are exact sums, so the merged
/// layers.csv, predictions.csv and scatter.csv equal those of an unsharded run byte for byte.
/// </summary>
public static class ShardMerger
{
    private sealed record Loaded(string Dir, Shard Shard, string Hash, int ImageStart, int TotalImages, int Classes, double Seconds,
        string SettingsJson, List<ControllerStep> Controller, List<LayerStatistics> Layers, List<ImagePrediction> Predictions, List<ScatterSample> Scatter)
    {
        /// <summary>Manifest hash of the Slurm job that produced the folder (cluster-shard.json), null outside a cluster job.</summary>
        public string? ManifestHash { get; init; }
    }

    /// <summary>Written by <c>memspice cluster</c> array tasks into each shard folder: the job's manifest hash.</summary>
    public const string ClusterStampJson = "cluster-shard.json";

    /// <summary>Merges the shard folders of one run into the report of the whole run.</summary>
    /// <param name="shardDirs">Shard folders, in any order.</param>
    public static CosimReport Merge(IReadOnlyList<string> shardDirs)
    {
        var ordered = ShardSet.Ordered(shardDirs.Select(Load).ToList(), s => s.Dir, s => s.Shard, s => s.Hash, "run settings", (s, head) =>
        {
            if (s.ManifestHash != head.ManifestHash)
                throw new ShardMergeException($"{s.Dir}: cluster manifest hash {Short(s.ManifestHash)} differs from {head.Dir} ({Short(head.ManifestHash)}): shards of different cluster jobs.");
        });
        var first = ordered[0];
        int n = first.Shard.Count;
        foreach (var s in ordered)
        {
            var (start, count) = s.Shard.Range(s.TotalImages);
            if (s.ImageStart != start || s.Predictions.Count != count)
                throw new ShardMergeException($"{s.Dir}: shard {s.Shard} should hold images {start}..{start + count - 1} but holds {s.Predictions.Count} from {s.ImageStart} (incomplete or edited folder).");
        }

        var layers = first.Layers.Select(l => l.EmptyCopy()).ToList();
        foreach (var s in ordered)
        {
            if (s.Layers.Count != layers.Count) throw new ShardMergeException($"{s.Dir}: {s.Layers.Count} layers, expected {layers.Count}.");
            for (int i = 0; i < layers.Count; i++) layers[i].Merge(s.Layers[i]);
        }
        var outcome = new CosimOutcome
        {
            Layers = layers,
            Predictions = ordered.SelectMany(s => s.Predictions).ToList(),
            Classes = first.Classes,
            Scatter = ordered[0].Scatter,
            Seconds = ordered.Sum(s => s.Seconds),
        };
        return new CosimReport(outcome, first.SettingsJson, first.Hash, first.Controller, Shard.Whole, 0, first.TotalImages, n);
    }

    private static string Short(string? hash) => hash is null ? "none (not a cluster job)" : hash[..Math.Min(12, hash.Length)] + "…";

    private static string? ReadManifestHash(string dir)
    {
        var path = Path.Combine(dir, ClusterStampJson);
        if (!File.Exists(path)) return null;
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.GetProperty("manifestHash").GetString();
    }

    private static Loaded Load(string dir)
    {
        var path = Path.Combine(dir, ReportFiles.ShardJson);
        if (!File.Exists(path)) throw new ShardMergeException($"{dir}: no {ReportFiles.ShardJson} (not a finished co-simulation folder).");
        ResultMarker.VerifyShard(dir, ReportFiles.ShardJson, ReportFiles.PredictionsCsv, ReportFiles.ScatterCsv);
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var r = doc.RootElement;
            if (r.GetProperty("format").GetString() != ReportFiles.Format)
                throw new ShardMergeException($"{path}: format is not {ReportFiles.Format}.");
            var controller = r.GetProperty("controller").EnumerateArray()
                .Select(c => new ControllerStep(c.GetProperty("stage").GetInt32(), c.GetProperty("layer").GetString()!, c.GetProperty("operation").GetString()!)).ToList();
            var layers = r.GetProperty("layers").EnumerateArray().Select(l =>
            {
                var s = new LayerStatistics(l.GetProperty("stage").GetInt32(), l.GetProperty("layer").GetString()!,
                    Enum.Parse<AnalogKind>(l.GetProperty("kind").GetString()!), l.GetProperty("crossbars").GetInt32(),
                    l.GetProperty("tiles").GetInt32(), l.GetProperty("positionsPerImage").GetInt32())
                {
                    // Converter facts: absent from shards written before they were recorded (the per-LSB columns are then NaN).
                    AdcBits = l.TryGetProperty("adcBits", out var bits) ? bits.GetInt32() : 0,
                    AdcLsb = l.TryGetProperty("adcLsb", out var lsb) ? double.Parse(lsb.GetString()!, CultureInfo.InvariantCulture) : 0,
                    AdcFullScale = l.TryGetProperty("adcFullScale", out var fs) ? double.Parse(fs.GetString()!, CultureInfo.InvariantCulture) : 0,
                    AdcConversionsPerImage = l.TryGetProperty("adcConversionsPerImage", out var ac) ? ac.GetInt64() : 0,
                    DacConversionsPerImage = l.TryGetProperty("dacConversionsPerImage", out var dc) ? dc.GetInt64() : 0,
                    VsSameInput = ReadStats(l.GetProperty("vsSameInput")),
                    VsIdealNetwork = ReadStats(l.GetProperty("vsIdealNetwork")),
                };
                s.Images = l.GetProperty("images").GetInt64();
                s.AdcClipped = l.GetProperty("adcClipped").GetInt64();
                s.DacClipped = l.GetProperty("dacClipped").GetInt64();
                return s;
            }).ToList();
            return new Loaded(dir, Shard.Parse(r.GetProperty("shard").GetString()!), r.GetProperty("settingsHash").GetString()!,
                r.GetProperty("imageStart").GetInt32(), r.GetProperty("totalImages").GetInt32(), r.GetProperty("classes").GetInt32(),
                r.GetProperty("seconds").GetDouble(), r.GetProperty("settings").GetRawText(), controller, layers,
                ReadPredictions(Path.Combine(dir, ReportFiles.PredictionsCsv)), ReadScatter(Path.Combine(dir, ReportFiles.ScatterCsv)))
            {
                ManifestHash = ReadManifestHash(dir),
            };
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException or CsvHelperException or IOException)
        {
            throw new ShardMergeException($"{dir}: unreadable shard ({ex.Message}).");
        }
    }

    private static ErrorStatistics ReadStats(JsonElement e) => ErrorStatistics.FromParts(
        e.GetProperty("count").GetInt64(),
        ExactSum.Parse(e.GetProperty("sumX").GetString()!), ExactSum.Parse(e.GetProperty("sumY").GetString()!),
        ExactSum.Parse(e.GetProperty("sumXX").GetString()!), ExactSum.Parse(e.GetProperty("sumYY").GetString()!),
        ExactSum.Parse(e.GetProperty("sumXY").GetString()!), ExactSum.Parse(e.GetProperty("sumErrorSquared").GetString()!),
        double.Parse(e.GetProperty("maxAbsError").GetString()!, CultureInfo.InvariantCulture));

    private static List<ImagePrediction> ReadPredictions(string path)
    {
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        csv.Read(); csv.ReadHeader();
        var list = new List<ImagePrediction>();
        while (csv.Read())
            list.Add(new ImagePrediction(csv.GetField<int>("image"), csv.GetField<int>("label"), csv.GetField<int>("analog"), csv.GetField<int>("ideal")));
        return list;
    }

    private static List<ScatterSample> ReadScatter(string path)
    {
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        csv.Read(); csv.ReadHeader();
        var rows = new List<(string Layer, int Image, float Ideal, float Analog)>();
        while (csv.Read())
            rows.Add((csv.GetField("layer")!, csv.GetField<int>("image"),
                float.Parse(csv.GetField("ideal")!, CultureInfo.InvariantCulture), float.Parse(csv.GetField("analog")!, CultureInfo.InvariantCulture)));
        return rows.GroupBy(r => r.Layer).Select(g => new ScatterSample(g.Key, g.First().Image,
            g.Select(r => r.Ideal).ToArray(), g.Select(r => r.Analog).ToArray())).ToList();
    }
}
