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

/// <summary>The circuit of one sweep point: the non-idealities and the read timing (used by tran mode and for the latency).</summary>
/// <param name="Settings">Non-idealities of the tile circuits and converters.</param>
/// <param name="Tran">Read slot per patch and integration steps.</param>
public sealed record SweepCircuit(NonIdealities Settings, TranOptions Tran);

/// <summary>A circuit parameter that <c>memspice sweep</c> varies, and how a value enters the non-idealities or the read timing.</summary>
public sealed record SweepParameter(string Name, string Unit, string Meaning)
{
    /// <summary>True when the parameter acts only in a transient read (read time, GBW, wire capacitance): the sweep runs in tran mode.</summary>
    public bool TranOnly { get; init; }

    /// <summary>Older names accepted for this parameter.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>Every parameter the sweep can vary.</summary>
    public static readonly IReadOnlyList<SweepParameter> All =
    [
        new("read-time", "s", "read slot per patch, the clock period (tran --read-time); latency and energy per image use it") { TranOnly = true },
        new("gbw", "Hz", "op-amp gain-bandwidth product (opAmp.gbwHz)") { TranOnly = true },
        new("a0", "V/V", "op-amp open-loop gain A0 (opAmp.a0)") { Aliases = ["opamp-gain"] },
        new("wire-ohms", "Ω per cell segment", "wire resistance per cell segment on rows and columns (wire.rowOhms = wire.columnOhms)") { Aliases = ["wire-r"] },
        new("wire-farads", "F per cell segment", "wire capacitance per cell segment to ground (wire.capacitanceFarads; needs wire-ohms > 0)") { TranOnly = true },
        new("adc-bits", "bits", "ADC resolution (adc.bits; 0 = ideal)"),
        new("dac-bits", "bits", "DAC resolution (dac.bits; 0 = ideal)"),
        new("sigma", "σ of ln G", "log-normal device-to-device conductance variation (variation.sigma)"),
        new("stuck-at", "fraction of cells", "stuck-at fault rate, half stuck at Gmin and half at Gmax (stuckAt.gminRate = gmaxRate = value/2)"),
        new("levels", "levels", "programmable conductance levels between Gmin and Gmax (conductanceLevels; 0 = continuous)"),
    ];

    /// <summary>Names that are not parameters but are asked for, with the reason.</summary>
    private static readonly IReadOnlyDictionary<string, string> NotModelled = new Dictionary<string, string>
    {
        ["temperature"] = "temperature is not modelled by the co-simulation: the read circuits use the device and op-amp parameters at their nominal values " +
                          "(only the engine's noise analysis has a temperature)",
    };

    /// <summary>Every accepted name: the parameters and their aliases.</summary>
    public static IEnumerable<string> Names => All.SelectMany(p => p.Aliases.Prepend(p.Name));

    /// <summary>The parameter called <paramref name="name"/> or one of its aliases (case-insensitive).</summary>
    /// <exception cref="ArgumentException">Unknown or not modelled name; lists the valid ones.</exception>
    public static SweepParameter Parse(string name)
    {
        var lower = name.Trim().ToLowerInvariant();
        if (All.FirstOrDefault(p => p.Name == lower || p.Aliases.Contains(lower)) is { } found) return found;
        if (NotModelled.TryGetValue(lower, out var why)) throw new ArgumentException(why);
        throw new ArgumentException($"unknown parameter '{name}' (choose {string.Join(", ", All.Select(p => p.Name))})");
    }

    /// <summary>The circuit with this parameter set to <paramref name="value"/> and the random draws seeded by <paramref name="seed"/>.</summary>
    /// <param name="s">Base non-idealities.</param>
    /// <param name="tran">Base read timing.</param>
    /// <param name="value">Value of the parameter, in <see cref="Unit"/>.</param>
    /// <param name="seed">Seed of the variation and stuck-at draws.</param>
    /// <exception cref="ArgumentException">The value is not usable; names the field or option.</exception>
    public SweepCircuit Apply(NonIdealities s, TranOptions tran, double value, int seed)
    {
        int Whole() => value == Math.Floor(value) && Math.Abs(value) < int.MaxValue ? (int)value
            : throw new ArgumentException($"{Name} takes whole numbers (got {value.ToString(CultureInfo.InvariantCulture)})");
        var t = Name == "read-time" ? tran with { ReadTimeSeconds = value, FromSettling = false, LayerReadTimeSeconds = null } : tran;
        var r = (Name switch
        {
            "read-time" => s,
            "gbw" => s with { OpAmpGbwHz = value },
            "a0" => s with { OpAmpGain = value },
            "wire-ohms" => s with { WireRowOhms = value, WireColumnOhms = value },
            "wire-farads" => s with { WireCapacitanceFarads = value },
            "adc-bits" => s with { AdcBits = Whole() },
            "dac-bits" => s with { DacBits = Whole() },
            "sigma" => s with { VariationSigma = value },
            "stuck-at" => s with { StuckAtGminRate = value / 2, StuckAtGmaxRate = value / 2 },
            "levels" => s with { ConductanceLevels = Whole() },
            _ => throw new InvalidOperationException(Name),
        }) with { VariationSeed = seed, FaultSeed = seed };
        if (r.FirstProblem() is { } p) throw new ArgumentException($"{Name} = {value.ToString(CultureInfo.InvariantCulture)}: field '{p.Field}' {p.Problem}");
        if (t.FirstProblem() is { } q) throw new ArgumentException($"{Name} = {value.ToString(CultureInfo.InvariantCulture)}: {q.Option} {q.Problem}");
        return new SweepCircuit(r, t);
    }
}

/// <summary>One co-simulation of a sweep: a model at one parameter value with one seed.</summary>
public readonly record struct SweepPoint(int Index, string Model, double Value, int Seed);

/// <summary>
/// The result of one point: circuit and float accuracy on the sweep's images, the dc circuit's accuracy on the same
/// images (equal to the circuit accuracy in a dc sweep; the settled reference of a tran sweep), and the latency and
/// energy per image of the point's circuit at its read time (<see cref="PpaEstimator"/>).
/// </summary>
/// <param name="Point">The point.</param>
/// <param name="Images">Images evaluated.</param>
/// <param name="Correct">Images the circuit classifies correctly.</param>
/// <param name="FloatCorrect">Images the float network classifies correctly.</param>
/// <param name="DcCorrect">Images the same circuit read in dc mode (settled reads) classifies correctly.</param>
/// <param name="LatencySeconds">Latency per image: Σ over layers of reads per image × read time, seconds.</param>
/// <param name="EnergyJoules">Energy per image (arrays, op-amps, converters) at the read time, joules.</param>
public readonly record struct SweepPointResult(SweepPoint Point, int Images, int Correct, int FloatCorrect, int DcCorrect, double LatencySeconds, double EnergyJoules)
{
    /// <summary>Accuracy of the dc read of the same circuit, fraction of images.</summary>
    public double DcAccuracy => (double)DcCorrect / Images;
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
    /// <summary>
    /// Base read timing: the read time of every point (unless read-time is swept; with <see cref="TranOptions.FromSettling"/>
    /// each point's circuit reads every layer at its measured settling) and the integration steps of tran mode.
    /// </summary>
    public TranOptions Tran { get; init; } = new();

    /// <summary>Technology of the latency and energy per image.</summary>
    public Technology Technology { get; init; } = TechnologyFile.Default();

    /// <summary>"tran" when the parameter acts only in a transient read (read time, GBW, wire capacitance), else "dc".</summary>
    public string Mode => Parameter.TranOnly ? "tran" : "dc";

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
            w.WriteString("mode", Mode);
            w.WriteString("backend", Mode == "tran" ? "native-tran" : "native-dc");
            w.WritePropertyName("baseNonIdealities");
            NonIdealitiesJson.WriteTo(w, BaseSettings);
            w.WritePropertyName("tran");
            Tran.WriteTo(w);
            w.WritePropertyName("technology");
            WriteTechnology(w, Technology);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The technology's values as a technology-file object (bare values), readable by <see cref="TechnologyFile.Parse"/>.</summary>
    private static void WriteTechnology(Utf8JsonWriter w, Technology tech)
    {
        w.WriteStartObject();
        w.WriteString("name", tech.Name);
        foreach (var group in Technology.Fields.GroupBy(f => f.Split('.')[0]))
        {
            w.WriteStartObject(group.Key);
            foreach (var f in group)
            {
                w.WritePropertyName(f.Split('.')[1]);
                w.WriteRawValue(tech.ValueText(f));
            }
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    /// <summary>SHA-256 of <see cref="ToJson"/>, lower-case hex; shards of one sweep share it.</summary>
    public string Hash => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ToJson())));
}

/// <summary>Mean and spread of one (model, value) over the seeds. Accuracies are fractions.</summary>
public sealed record SweepSummaryRow(string Model, double Value, int Seeds, double Mean, double Std, double Min, double Max, double FloatAccuracy, int Images)
{
    /// <summary>Mean over the seeds of the dc circuit's accuracy on the same images, fraction.</summary>
    public double DcMean { get; init; }
    /// <summary>Mean over the seeds of the latency per image, seconds.</summary>
    public double LatencySeconds { get; init; }
    /// <summary>Mean over the seeds of the energy per image, joules.</summary>
    public double EnergyJoules { get; init; }

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
            return new SweepSummaryRow(m.Name, v, a.Count, mean, std, a.Min(), a.Max(), acc[0].FloatAccuracy, acc[0].Images)
            {
                DcMean = acc.Average(r => r.DcAccuracy), LatencySeconds = acc.Average(r => r.LatencySeconds), EnergyJoules = acc.Average(r => r.EnergyJoules),
            };
        })).ToList();
}

/// <summary>
/// Runs the points of one shard of a sweep: in dc mode on the native dc backend with the array power meter, in tran mode
/// on the native tran backend (superposition reads at the point's read time). Every distinct circuit (model and
/// non-idealities) is also run once metered in dc mode on the same images (in dc mode that run is the point itself): it
/// gives the dc accuracy, the counted hardware and the array power, from which <see cref="PpaEstimator"/> gives the
/// latency and energy per image at the point's read time (the mean array power of a read is that of the settled read,
/// P = Σ_r V_r·I_r of the applied patch).
/// </summary>
public static class SweepRunner
{
    /// <summary>Read-time source of a sweep's latency and energy.</summary>
    public const string SweepReadTime = "sweep read time";

    /// <summary>
    /// Each layer's read time of one circuit from its measured settling (<see cref="SettlingReadTime"/>), on the metered dc
    /// session of that circuit: in a tran sweep the circuit's own dynamic elements, in a dc sweep those the report uses
    /// (the technology's opAmp.gbwHz when the circuit has none).
    /// </summary>
    private static IReadOnlyList<LayerSettling> Settling(CosimSession session, NonIdealities settings, SweepPlan plan, Dataset calibration, int threads,
        CancellationToken cancel) =>
        plan.Mode == "tran" ? SettlingReadTime.Measure(session.Controller, settings, calibration, threads, cancel)
            : PpaRun.MeasureSettling(session, settings, plan.Technology, calibration, threads, cancel);

    /// <param name="plan">The sweep.</param>
    /// <param name="shard">Slice of the points to run.</param>
    /// <param name="calibration">Images for the converter ranges.</param>
    /// <param name="test">Images the accuracy is measured on.</param>
    /// <param name="threads">Images evaluated in parallel.</param>
    /// <param name="cancel">Stops between images.</param>
    /// <param name="models">Loaded model per name.</param>
    /// <param name="progress">(images done, images total) over all runs of the shard.</param>
    public static IReadOnlyList<SweepPointResult> Run(SweepPlan plan, Shard shard, IReadOnlyDictionary<string, Model> models, Dataset calibration, Dataset test,
        int threads, Action<int, int>? progress = null, CancellationToken cancel = default)
    {
        var all = plan.Points();
        var (start, count) = shard.Range(all.Count);
        var circuits = Enumerable.Range(start, count).Select(i => plan.Parameter.Apply(plan.BaseSettings, plan.Tran, all[i].Value, all[i].Seed)).ToList();
        (string, NonIdealities) Key(int i) => (all[start + i].Model, circuits[i].Settings);
        bool tran = plan.Mode == "tran";
        int distinct = Enumerable.Range(0, count).Select(Key).Distinct().Count();
        int total = (tran ? count + distinct : count) * plan.Images, done = 0;
        var measured = new Dictionary<(string, NonIdealities), PpaRun.Measurement>();
        var settled = new Dictionary<(string, NonIdealities), IReadOnlyList<LayerSettling>>();
        var results = new List<SweepPointResult>();
        for (int i = 0; i < count; i++)
        {
            cancel.ThrowIfCancellationRequested();
            var point = all[start + i];
            var (settings, timing) = circuits[i];
            var sha = plan.Models.First(m => m.Name == point.Model).WeightsSha256;
            int offset = done;
            if (!measured.TryGetValue(Key(i), out var m))
            {
                var (measurement, dcSession) = PpaRun.Measure(point.Model, models[point.Model], sha, settings, calibration, test, plan.Images, threads,
                    (d, _) => progress?.Invoke(offset + d, total), cancel);
                measured[Key(i)] = m = measurement;
                // The settling read time is measured once per circuit, on the tiles the metered dc run programmed.
                if (timing.NeedsSettling) settled[Key(i)] = Settling(dcSession, settings, plan, calibration, threads, cancel);
                done += plan.Images;
            }
            if (timing.NeedsSettling) timing = SettlingReadTime.Apply(timing, settled[Key(i)]);
            var outcome = m.Cosim.Outcome;
            int correct = outcome.Analog.Correct, images = outcome.Predictions.Count;
            if (tran)
            {
                int tranOffset = done;
                var backend = new TranBackend(settings, timing) { Threads = threads };
                var session = new CosimSession(models[point.Model], sha, settings, backend, "tran", calibration, test, plan.Images, timing);
                var report = session.Run(Shard.Whole, threads, (d, _) => progress?.Invoke(tranOffset + d, total), cancel);
                correct = report.Outcome.Analog.Correct;
                images = report.Outcome.Predictions.Count;
                done += plan.Images;
            }
            var ppa = timing.LayerReadTimeSeconds is { } perLayer
                ? PpaRun.Estimate(m, plan.Technology, perLayer.ToDictionary(p => p.Key, p => p.Value), SettlingReadTime.Source)
                : PpaRun.Estimate(m, plan.Technology with { ReadSeconds = timing.ReadTimeSeconds }, null, SweepReadTime);
            results.Add(new SweepPointResult(point, images, correct, outcome.Ideal.Correct, outcome.Analog.Correct, ppa.LatencySeconds, ppa.EnergyJoules));
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
            foreach (var h in new[] { "index", "param", "value", "model", "seed", "mode", "images", "correct", "float_correct", "dc_correct", "accuracy", "float_accuracy",
                         "dc_accuracy", "latency_s", "energy_per_image_j" }) csv.WriteField(h);
            csv.NextRecord();
            foreach (var r in results)
            {
                csv.WriteField(r.Point.Index); csv.WriteField(plan.Parameter.Name); csv.WriteField(Num(r.Point.Value)); csv.WriteField(r.Point.Model);
                csv.WriteField(r.Point.Seed); csv.WriteField(plan.Mode); csv.WriteField(r.Images); csv.WriteField(r.Correct); csv.WriteField(r.FloatCorrect); csv.WriteField(r.DcCorrect);
                csv.WriteField(Num(r.Accuracy)); csv.WriteField(Num(r.FloatAccuracy)); csv.WriteField(Num(r.DcAccuracy));
                csv.WriteField(Num(r.LatencySeconds)); csv.WriteField(Num(r.EnergyJoules));
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
        foreach (var h in new[] { "param", "value", "model", "mode", "seeds", "images", "mean_accuracy", "std_accuracy", "min_accuracy", "max_accuracy", "noise_band", "float_accuracy",
                     "dc_accuracy", "latency_s", "energy_per_image_j" })
            csv.WriteField(h);
        csv.NextRecord();
        foreach (var r in rows)
        {
            csv.WriteField(plan.Parameter.Name); csv.WriteField(Num(r.Value)); csv.WriteField(r.Model); csv.WriteField(plan.Mode); csv.WriteField(r.Seeds); csv.WriteField(r.Images);
            csv.WriteField(Num(r.Mean)); csv.WriteField(Num(r.Std)); csv.WriteField(Num(r.Min)); csv.WriteField(Num(r.Max)); csv.WriteField(Num(r.NoiseBand));
            csv.WriteField(Num(r.FloatAccuracy)); csv.WriteField(Num(r.DcMean)); csv.WriteField(Num(r.LatencySeconds)); csv.WriteField(Num(r.EnergyJoules));
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
            var tran = p.GetProperty("tran");
            return new SweepPlan(SweepParameter.Parse(p.GetProperty("parameter").GetString()!),
                p.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToList(),
                p.GetProperty("models").EnumerateArray().Select(m => new SweepModel(m.GetProperty("name").GetString()!, m.GetProperty("weightsSha256").GetString()!)).ToList(),
                p.GetProperty("seeds").GetInt32(), p.GetProperty("seedBase").GetInt32(), p.GetProperty("dataset").GetString()!, p.GetProperty("images").GetInt32(),
                NonIdealitiesJson.Parse(p.GetProperty("baseNonIdealities").GetRawText(), path))
            {
                Tran = new TranOptions
                {
                    ReadTimeSeconds = tran.GetProperty("readTimeSeconds").GetDouble(), StepsPerSlot = tran.GetProperty("stepsPerSlot").GetInt32(),
                    FromSettling = tran.TryGetProperty("readTimeSource", out var source) && source.GetString() == SettlingReadTime.Source,
                }.Validate(),
                Technology = TechnologyFile.Parse(p.GetProperty("technology").GetRawText(), path, TechnologyFile.Default()),
            };
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException or IOException or NonIdealitiesException
                                       or TechnologyException)
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
                    results.Add(new SweepPointResult(point, csv.GetField<int>("images"), csv.GetField<int>("correct"), csv.GetField<int>("float_correct"),
                        csv.GetField<int>("dc_correct"), double.Parse(csv.GetField("latency_s")!, CultureInfo.InvariantCulture),
                        double.Parse(csv.GetField("energy_per_image_j")!, CultureInfo.InvariantCulture)));
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
