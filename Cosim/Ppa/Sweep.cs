using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text;
using CsvHelper;
using MemristorSpice.Cosim.Backends;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Driver;
using MemristorSpice.Cosim.Reports;
using MemristorSpice.Network.Data;
using MemristorSpice.Network.Layers;
using MemristorSpice.Network.Models;

namespace MemristorSpice.Cosim.Ppa;

/// <summary>A circuit parameter that <c>memspice sweep</c> varies, and how a value enters the non-idealities.</summary>
public sealed record SweepParameter(string Name, string Unit, string Meaning)
{
    /// <summary>Every parameter the sweep can vary.</summary>
    public static readonly IReadOnlyList<SweepParameter> All =
    [
        new("wire-r", "Ω per cell segment", "wire resistance per cell segment on rows and columns (wire.rowOhms = wire.columnOhms)"),
        new("sigma", "σ of ln G", "log-normal device-to-device conductance variation (variation.sigma)"),
        new("levels", "levels", "programmable conductance levels between Gmin and Gmax (conductanceLevels; 0 = continuous)"),
        new("adc-bits", "bits", "ADC resolution (adc.bits; 0 = ideal)"),
        new("dac-bits", "bits", "DAC resolution (dac.bits; 0 = ideal)"),
        new("stuck-at", "fraction of cells", "stuck-at fault rate, half stuck at Gmin and half at Gmax (stuckAt.gminRate = gmaxRate = value/2)"),
        new("opamp-gain", "V/V", "op-amp open-loop gain A0 (opAmp.a0)"),
    ];

    /// <summary>The parameter called <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="ArgumentException">Unknown name; lists the valid ones.</exception>
    public static SweepParameter Parse(string name) => All.FirstOrDefault(p => p.Name == name.ToLowerInvariant())
        ?? throw new ArgumentException($"unknown parameter '{name}' (choose {string.Join(", ", All.Select(p => p.Name))})");

    /// <summary>The settings with this parameter set to <paramref name="value"/> and the random draws seeded by <paramref name="seed"/>.</summary>
    public NonIdealities Apply(NonIdealities s, double value, int seed)
    {
        int Whole() => value == Math.Floor(value) && Math.Abs(value) < int.MaxValue ? (int)value
            : throw new ArgumentException($"{Name} takes whole numbers (got {value.ToString(CultureInfo.InvariantCulture)})");
        var r = (Name switch
        {
            "wire-r" => s with { WireRowOhms = value, WireColumnOhms = value },
            "sigma" => s with { VariationSigma = value },
            "levels" => s with { ConductanceLevels = Whole() },
            "adc-bits" => s with { AdcBits = Whole() },
            "dac-bits" => s with { DacBits = Whole() },
            "stuck-at" => s with { StuckAtGminRate = value / 2, StuckAtGmaxRate = value / 2 },
            "opamp-gain" => s with { OpAmpGain = value },
            _ => throw new InvalidOperationException(Name),
        }) with { VariationSeed = seed, FaultSeed = seed };
        if (r.FirstProblem() is { } p) throw new ArgumentException($"{Name} = {value.ToString(CultureInfo.InvariantCulture)}: field '{p.Field}' {p.Problem}");
        return r;
    }
}

/// <summary>One co-simulation of a sweep: a model at one parameter value with one seed.</summary>
public readonly record struct SweepPoint(int Index, string Model, double Value, int Seed);

/// <summary>The result of one point: circuit and float accuracy on the sweep's images.</summary>
public readonly record struct SweepPointResult(SweepPoint Point, int Images, int Correct, int FloatCorrect)
{
    /// <summary>Circuit accuracy, fraction of images.</summary>
    public double Accuracy => (double)Correct / Images;
    /// <summary>Float network accuracy, fraction of images.</summary>
    public double FloatAccuracy => (double)FloatCorrect / Images;
}

/// <summary>A model of the sweep: its name and the SHA-256 of its weights file.</summary>
public sealed record SweepModel(string Name, string WeightsSha256);

/// <summary>
/// Everything that determines a sweep's results. Points are ordered model-major, then value (as given), then seed
/// (SeedBase, SeedBase + 1, ...): point index = (m·values + v)·seeds + s. Shard k of N takes points
/// [floor((k−1)·P/N), floor(k·P/N)) of the P points (the same rule as cosim's image shards).
/// </summary>
public sealed record SweepPlan(SweepParameter Parameter, IReadOnlyList<double> Values, IReadOnlyList<SweepModel> Models, int Seeds, int SeedBase,
    string Dataset, int Images, NonIdealities BaseSettings)
{
    /// <summary>All points: every model × value × seed, indexed in that order.</summary>
    public IReadOnlyList<SweepPoint> Points()
    {
        var list = new List<SweepPoint>();
        foreach (var m in Models)
            foreach (var v in Values)
                for (int s = 0; s < Seeds; s++) list.Add(new SweepPoint(list.Count, m.Name, v, SeedBase + s));
        return list;
    }

    /// <summary>Canonical JSON of the plan (fixed order, round-trip numbers).</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("parameter", Parameter.Name);
            w.WriteStartArray("values");
            foreach (var v in Values) w.WriteNumberValue(v);
            w.WriteEndArray();
            w.WriteStartArray("models");
            foreach (var m in Models) { w.WriteStartObject(); w.WriteString("name", m.Name); w.WriteString("weightsSha256", m.WeightsSha256); w.WriteEndObject(); }
            w.WriteEndArray();
            w.WriteNumber("seeds", Seeds);
            w.WriteNumber("seedBase", SeedBase);
            w.WriteString("dataset", Dataset);
            w.WriteNumber("images", Images);
            w.WriteString("backend", "native-dc");
            w.WritePropertyName("baseNonIdealities");
            NonIdealitiesJson.WriteTo(w, BaseSettings);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>SHA-256 of <see cref="ToJson"/>, lower-case hex; shards of one sweep share it.</summary>
    public string Hash => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ToJson())));
}

/// <summary>Mean and spread of one (model, value) over the seeds. Accuracies are fractions.</summary>
public sealed record SweepSummaryRow(string Model, double Value, int Seeds, double Mean, double Std, double Min, double Max, double FloatAccuracy, int Images)
{
    /// <summary>
    /// Noise band of the mean (fraction): two standard errors over the seeds, 2·std/√seeds, but at least one image
    /// (1/images), the resolution of the accuracy itself.
    /// </summary>
    public double NoiseBand => Math.Max(2 * Std / Math.Sqrt(Seeds), 1.0 / Images);

    /// <summary>One summary row per (model, value), aggregated over the seeds.</summary>
    public static IReadOnlyList<SweepSummaryRow> Of(SweepPlan plan, IReadOnlyList<SweepPointResult> results) =>
        plan.Models.SelectMany(m => plan.Values.Select(v =>
        {
            var acc = results.Where(r => r.Point.Model == m.Name && r.Point.Value.Equals(v)).ToList();
            if (acc.Count == 0) throw new ArgumentException($"no results for {m.Name} at {v}");
            var a = acc.Select(r => r.Accuracy).ToList();
            double mean = a.Average();
            double std = a.Count > 1 ? Math.Sqrt(a.Sum(x => (x - mean) * (x - mean)) / (a.Count - 1)) : 0;
            return new SweepSummaryRow(m.Name, v, a.Count, mean, std, a.Min(), a.Max(), acc[0].FloatAccuracy, acc[0].Images);
        })).ToList();
}

/// <summary>Runs the points of one shard of a sweep on the native dc backend.</summary>
public static class SweepRunner
{
    /// <param name="plan">The sweep.</param>
    /// <param name="shard">Slice of the points to run.</param>
    /// <param name="calibration">Images for the converter ranges.</param>
    /// <param name="test">Images the accuracy is measured on.</param>
    /// <param name="threads">Images evaluated in parallel.</param>
    /// <param name="cancel">Stops between images.</param>
    /// <param name="models">Loaded model per name.</param>
    /// <param name="progress">(images done, images total) over all points of the shard.</param>
    public static IReadOnlyList<SweepPointResult> Run(SweepPlan plan, Shard shard, IReadOnlyDictionary<string, Model> models, Dataset calibration, Dataset test,
        int threads, Action<int, int>? progress = null, CancellationToken cancel = default)
    {
        var all = plan.Points();
        var (start, count) = shard.Range(all.Count);
        var results = new List<SweepPointResult>();
        int total = count * plan.Images;
        for (int i = 0; i < count; i++)
        {
            cancel.ThrowIfCancellationRequested();
            var point = all[start + i];
            var settings = plan.Parameter.Apply(plan.BaseSettings, point.Value, point.Seed);
            var sha = plan.Models.First(m => m.Name == point.Model).WeightsSha256;
            var session = new CosimSession(models[point.Model], sha, settings, new CircuitDcBackend(settings), "dc", calibration, test, plan.Images);
            int offset = i * plan.Images;
            var report = session.Run(Shard.Whole, threads, (done, _) => progress?.Invoke(offset + done, total), cancel);
            results.Add(new SweepPointResult(point, report.Outcome.Predictions.Count, report.Outcome.Analog.Correct, report.Outcome.Ideal.Correct));
        }
        return results;
    }
}

/// <summary>
/// Files of a sweep folder: points.csv (one row per point), summary.csv (mean, std, min, max, noise band per model
/// and value) and sweep.json (plan, settings hash, shard, for <c>memspice merge</c>). A merged folder has the same
/// points.csv and summary.csv as an unsharded run.
/// </summary>
public static class SweepFiles
{
    /// <summary>Format tag of sweep.json.</summary>
    public const string Format = "memspice-sweep-shard/1";
    /// <summary>File names inside a sweep folder.</summary>
    public const string PointsCsv = "points.csv", SummaryCsv = "summary.csv", SweepJson = "sweep.json";

    /// <summary>Writes points.csv, summary.csv and sweep.json of a shard (or a merge) into <paramref name="dir"/>.</summary>
    /// <param name="dir">Output folder.</param>
    /// <param name="plan">The sweep.</param>
    /// <param name="shard">Which shard the results are.</param>
    /// <param name="mergedShards">Shards merged into these results (1 for a single run).</param>
    /// <param name="results">Results of the points.</param>
    public static void Write(string dir, SweepPlan plan, Shard shard, int mergedShards, IReadOnlyList<SweepPointResult> results)
    {
        using (var writer = new StreamWriter(Path.Combine(dir, PointsCsv)))
        using (var csv = new CsvWriter(writer, CultureInfo.InvariantCulture))
        {
            foreach (var h in new[] { "index", "param", "value", "model", "seed", "images", "correct", "float_correct", "accuracy", "float_accuracy" }) csv.WriteField(h);
            csv.NextRecord();
            foreach (var r in results)
            {
                csv.WriteField(r.Point.Index); csv.WriteField(plan.Parameter.Name); csv.WriteField(Num(r.Point.Value)); csv.WriteField(r.Point.Model);
                csv.WriteField(r.Point.Seed); csv.WriteField(r.Images); csv.WriteField(r.Correct); csv.WriteField(r.FloatCorrect); csv.WriteField(Num(r.Accuracy)); csv.WriteField(Num(r.FloatAccuracy));
                csv.NextRecord();
            }
        }
        if (shard.Count == 1) WriteSummary(Path.Combine(dir, SummaryCsv), plan, SweepSummaryRow.Of(plan, results));
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("format", Format);
            w.WriteString("settingsHash", plan.Hash);
            w.WriteString("shard", shard.ToString());
            w.WriteNumber("mergedShards", mergedShards);
            w.WriteNumber("totalPoints", plan.Points().Count);
            w.WriteNumber("firstPoint", shard.Range(plan.Points().Count).Start);
            w.WriteNumber("pointCount", results.Count);
            w.WriteString("order", "model-major, then value as given, then seed; shard k of N takes points [floor((k-1)P/N), floor(kP/N))");
            w.WritePropertyName("plan");
            using (var doc = JsonDocument.Parse(plan.ToJson())) doc.RootElement.WriteTo(w);
            w.WriteEndObject();
        }
        File.WriteAllBytes(Path.Combine(dir, SweepJson), [.. stream.ToArray(), (byte)'\n']);
    }

    private static void WriteSummary(string path, SweepPlan plan, IReadOnlyList<SweepSummaryRow> rows)
    {
        using var writer = new StreamWriter(path);
        using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
        foreach (var h in new[] { "param", "value", "model", "seeds", "images", "mean_accuracy", "std_accuracy", "min_accuracy", "max_accuracy", "noise_band", "float_accuracy" })
            csv.WriteField(h);
        csv.NextRecord();
        foreach (var r in rows)
        {
            csv.WriteField(plan.Parameter.Name); csv.WriteField(Num(r.Value)); csv.WriteField(r.Model); csv.WriteField(r.Seeds); csv.WriteField(r.Images);
            csv.WriteField(Num(r.Mean)); csv.WriteField(Num(r.Std)); csv.WriteField(Num(r.Min)); csv.WriteField(Num(r.Max)); csv.WriteField(Num(r.NoiseBand));
            csv.WriteField(Num(r.FloatAccuracy));
            csv.NextRecord();
        }
    }

    private static string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>True when the folder holds a sweep (shard) rather than a co-simulation.</summary>
    public static bool IsSweepFolder(string dir) => File.Exists(Path.Combine(dir, SweepJson));

    private sealed record Loaded(string Dir, Shard Shard, string Hash, string PlanJson, int FirstPoint, int TotalPoints, List<SweepPointResult> Results);

    /// <summary>The plan stored in a sweep folder.</summary>
    public static SweepPlan ReadPlan(string dir)
    {
        var path = Path.Combine(dir, SweepJson);
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var p = doc.RootElement.GetProperty("plan");
            return new SweepPlan(SweepParameter.Parse(p.GetProperty("parameter").GetString()!),
                p.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToList(),
                p.GetProperty("models").EnumerateArray().Select(m => new SweepModel(m.GetProperty("name").GetString()!, m.GetProperty("weightsSha256").GetString()!)).ToList(),
                p.GetProperty("seeds").GetInt32(), p.GetProperty("seedBase").GetInt32(), p.GetProperty("dataset").GetString()!, p.GetProperty("images").GetInt32(),
                NonIdealitiesJson.Parse(p.GetProperty("baseNonIdealities").GetRawText(), path));
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException or IOException or NonIdealitiesException)
        {
            throw new ShardMergeException($"{dir}: unreadable sweep shard ({ex.Message}).");
        }
    }

    /// <summary>Checks that the folders are the shards 1..N of one sweep (same settings hash, each k once) and joins their points.</summary>
    public static (SweepPlan Plan, IReadOnlyList<SweepPointResult> Results) Merge(IReadOnlyList<string> dirs)
    {
        var ordered = ShardSet.Ordered(dirs.Select(Load).ToList(), s => s.Dir, s => s.Shard, s => s.Hash, "sweep");
        var first = ordered[0];
        foreach (var s in ordered)
        {
            var (start, count) = s.Shard.Range(s.TotalPoints);
            if (s.FirstPoint != start || s.Results.Count != count || s.Results.Select((r, i) => r.Point.Index != start + i).Any(b => b))
                throw new ShardMergeException($"{s.Dir}: shard {s.Shard} should hold points {start}..{start + count - 1} (incomplete or edited folder).");
        }
        return (ReadPlan(first.Dir), ordered.SelectMany(s => s.Results).ToList());
    }

    private static Loaded Load(string dir)
    {
        var path = Path.Combine(dir, SweepJson);
        if (!File.Exists(path)) throw new ShardMergeException($"{dir}: no {SweepJson} (not a finished sweep folder).");
        ResultMarker.VerifyShard(dir, SweepJson, PointsCsv);
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var r = doc.RootElement;
            if (r.GetProperty("format").GetString() != Format) throw new ShardMergeException($"{path}: format is not {Format}.");
            var results = new List<SweepPointResult>();
            using (var reader = new StreamReader(Path.Combine(dir, PointsCsv)))
            using (var csv = new CsvReader(reader, CultureInfo.InvariantCulture))
            {
                csv.Read(); csv.ReadHeader();
                while (csv.Read())
                {
                    var point = new SweepPoint(csv.GetField<int>("index"), csv.GetField("model")!, double.Parse(csv.GetField("value")!, CultureInfo.InvariantCulture), csv.GetField<int>("seed"));
                    results.Add(new SweepPointResult(point, csv.GetField<int>("images"), csv.GetField<int>("correct"), csv.GetField<int>("float_correct")));
                }
            }
            return new Loaded(dir, Shard.Parse(r.GetProperty("shard").GetString()!), r.GetProperty("settingsHash").GetString()!, r.GetProperty("plan").GetRawText(),
                r.GetProperty("firstPoint").GetInt32(), r.GetProperty("totalPoints").GetInt32(), results);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or CsvHelperException or IOException)
        {
            throw new ShardMergeException($"{dir}: unreadable sweep shard ({ex.Message}).");
        }
    }
}
