using System.Globalization;
using System.Text.Json;
using System.Text;
using CsvHelper;
using MemristorSpice.Cosim.Driver;
using MemristorSpice.Cosim.Metrics;
using MemristorSpice.Network.Layers;

namespace MemristorSpice.Cosim.Reports;

/// <summary>A run's (or a merge's) complete result as stored in an output folder.</summary>
public sealed record CosimReport(
    CosimOutcome Outcome, string SettingsJson, string SettingsHash, IReadOnlyList<ControllerStep> Controller,
    Shard Shard, int ImageStart, int TotalImages, int MergedShards);

/// <summary>
/// Writes and reads the files of a co-simulation folder: layers.csv (per-layer comparison), predictions.csv,
/// scatter.csv, summary.json (accuracy, confusion matrices, settings, controller steps, timing) and shard.json
/// (exact sums for <c>memspice merge</c>). Everything except the timing fields is a function of the exact
/// statistics, so a merged folder has the same layers.csv, predictions.csv and scatter.csv as an unsharded run.
/// </summary>
public static class ReportFiles
{
    /// <summary>File names inside a co-simulation folder.</summary>
    public const string LayersCsv = "layers.csv", PredictionsCsv = "predictions.csv", ScatterCsv = "scatter.csv";
    /// <summary>File names of the summary and of the exact sums for merging.</summary>
    public const string SummaryJson = "summary.json", ShardJson = "shard.json";
    /// <summary>Format tag of shard.json.</summary>
    public const string Format = "memspice-cosim-shard/1";

    /// <summary>Writes every file of <paramref name="report"/> into <paramref name="dir"/>.</summary>
    public static void Write(string dir, CosimReport report)
    {
        WriteLayers(Path.Combine(dir, LayersCsv), report.Outcome.Layers, LayerReadTimes(report.SettingsJson));
        WritePredictions(Path.Combine(dir, PredictionsCsv), report.Outcome.Predictions);
        WriteScatter(Path.Combine(dir, ScatterCsv), report.Outcome.Scatter);
        File.WriteAllText(Path.Combine(dir, ShardJson), ShardText(report));
        File.WriteAllText(Path.Combine(dir, SummaryJson), SummaryText(report));
    }

    private static string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>
    /// Read slot per layer of a tran run from its settings JSON (tran.layerReadTimeSeconds with the settling read time,
    /// else tran.readTimeSeconds for every layer), seconds; null for a dc run (no clock).
    /// </summary>
    internal static Func<string, double?> LayerReadTimes(string settingsJson)
    {
        using var doc = JsonDocument.Parse(settingsJson);
        if (!doc.RootElement.TryGetProperty("tran", out var tran) || tran.ValueKind != JsonValueKind.Object) return _ => null;
        double common = tran.GetProperty("readTimeSeconds").GetDouble();
        var perLayer = new Dictionary<string, double>();
        if (tran.TryGetProperty("layerReadTimeSeconds", out var layers))
            foreach (var p in layers.EnumerateObject()) perLayer[p.Name] = p.Value.GetDouble();
        return layer => perLayer.TryGetValue(layer, out var t) ? t : common;
    }

    private static void WriteLayers(string path, IReadOnlyList<LayerStatistics> layers, Func<string, double?> readTime)
    {
        using var writer = new StreamWriter(path);
        using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
        string[] header = ["layer", "kind", "crossbars", "tiles", "images", "patches", "values",
            "max_abs_err_same_input", "rms_err_same_input", "snr_db_same_input", "correlation_same_input",
            "max_abs_err_ideal_net", "rms_err_ideal_net", "snr_db_ideal_net", "correlation_ideal_net", "adc_clipped", "dac_clipped",
            "adc_bits", "adc_lsb", "max_err_lsb", "rms_err_lsb", "sinad_db", "enob", "adc_conversions", "adc_clip_fraction", "dac_conversions", "dac_clip_fraction",
            "read_time_s"];
        foreach (var h in header) csv.WriteField(h);
        csv.NextRecord();
        foreach (var l in layers)
        {
            csv.WriteField(l.Layer); csv.WriteField(l.Kind.ToString()); csv.WriteField(l.Crossbars); csv.WriteField(l.Tiles);
            csv.WriteField(l.Images); csv.WriteField(l.Patches); csv.WriteField(l.VsSameInput.Count);
            foreach (var s in new[] { l.VsSameInput, l.VsIdealNetwork })
            {
                csv.WriteField(Num(s.MaxAbsError)); csv.WriteField(Num(s.RmsError)); csv.WriteField(Num(s.SnrDb)); csv.WriteField(Num(s.Correlation));
            }
            csv.WriteField(l.AdcClipped); csv.WriteField(l.DacClipped);
            csv.WriteField(l.AdcBits); csv.WriteField(Num(l.AdcLsb)); csv.WriteField(Num(l.MaxErrorLsb)); csv.WriteField(Num(l.RmsErrorLsb));
            csv.WriteField(Num(l.SinadDb)); csv.WriteField(Num(l.Enob));
            csv.WriteField(l.AdcConversions); csv.WriteField(Num(l.AdcClipFraction)); csv.WriteField(l.DacConversions); csv.WriteField(Num(l.DacClipFraction));
            csv.WriteField(readTime(l.Layer) is { } t ? Num(t) : "");
            csv.NextRecord();
        }
    }

    private static void WritePredictions(string path, IReadOnlyList<ImagePrediction> predictions)
    {
        using var writer = new StreamWriter(path);
        using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
        csv.WriteField("image"); csv.WriteField("label"); csv.WriteField("analog"); csv.WriteField("ideal"); csv.NextRecord();
        foreach (var p in predictions)
        {
            csv.WriteField(p.Image); csv.WriteField(p.Label); csv.WriteField(p.Analog); csv.WriteField(p.Ideal); csv.NextRecord();
        }
    }

    private static void WriteScatter(string path, IReadOnlyList<ScatterSample> samples)
    {
        using var writer = new StreamWriter(path);
        using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
        csv.WriteField("layer"); csv.WriteField("image"); csv.WriteField("index"); csv.WriteField("ideal"); csv.WriteField("analog"); csv.NextRecord();
        foreach (var s in samples)
            for (int i = 0; i < s.Ideal.Length; i++)
            {
                csv.WriteField(s.Layer); csv.WriteField(s.Image); csv.WriteField(i);
                csv.WriteField(s.Ideal[i].ToString("R", CultureInfo.InvariantCulture)); csv.WriteField(s.Analog[i].ToString("R", CultureInfo.InvariantCulture));
                csv.NextRecord();
            }
    }

    private static string Json(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true })) write(w);
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static string ShardText(CosimReport r) => Json(w =>
    {
        w.WriteStartObject();
        w.WriteString("format", Format);
        w.WriteString("settingsHash", r.SettingsHash);
        w.WriteString("shard", r.Shard.ToString());
        w.WriteNumber("imageStart", r.ImageStart);
        w.WriteNumber("imageCount", r.Outcome.Predictions.Count);
        w.WriteNumber("totalImages", r.TotalImages);
        w.WriteNumber("classes", r.Outcome.Classes);
        w.WriteNumber("seconds", r.Outcome.Seconds);
        WriteSettingsAndController(w, r);
        w.WriteStartArray("layers");
        foreach (var l in r.Outcome.Layers)
        {
            w.WriteStartObject();
            w.WriteNumber("stage", l.StageIndex); w.WriteString("layer", l.Layer); w.WriteString("kind", l.Kind.ToString());
            w.WriteNumber("crossbars", l.Crossbars); w.WriteNumber("tiles", l.Tiles); w.WriteNumber("positionsPerImage", l.PositionsPerImage);
            w.WriteNumber("images", l.Images); w.WriteNumber("adcClipped", l.AdcClipped); w.WriteNumber("dacClipped", l.DacClipped);
            w.WriteNumber("adcBits", l.AdcBits); w.WriteString("adcLsb", Num(l.AdcLsb)); w.WriteString("adcFullScale", Num(l.AdcFullScale));
            w.WriteNumber("adcConversionsPerImage", l.AdcConversionsPerImage); w.WriteNumber("dacConversionsPerImage", l.DacConversionsPerImage);
            WriteStats(w, "vsSameInput", l.VsSameInput);
            WriteStats(w, "vsIdealNetwork", l.VsIdealNetwork);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary>The run settings (as given) and the controller's steps, shared by shard.json and summary.json.</summary>
    private static void WriteSettingsAndController(Utf8JsonWriter w, CosimReport r)
    {
        w.WritePropertyName("settings");
        using (var doc = JsonDocument.Parse(r.SettingsJson)) doc.RootElement.WriteTo(w);
        w.WriteStartArray("controller");
        foreach (var c in r.Controller)
        {
            w.WriteStartObject(); w.WriteNumber("stage", c.Stage); w.WriteString("layer", c.Layer); w.WriteString("operation", c.Operation); w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WriteStats(Utf8JsonWriter w, string name, ErrorStatistics s)
    {
        w.WriteStartObject(name);
        w.WriteNumber("count", s.Count);
        w.WriteString("sumX", s.SumX.ToString()); w.WriteString("sumY", s.SumY.ToString());
        w.WriteString("sumXX", s.SumXX.ToString()); w.WriteString("sumYY", s.SumYY.ToString());
        w.WriteString("sumXY", s.SumXY.ToString()); w.WriteString("sumErrorSquared", s.SumErrorSquared.ToString());
        w.WriteString("maxAbsError", Num(s.MaxAbsError));
        w.WriteEndObject();
    }

    private static string SummaryText(CosimReport r) => Json(w =>
    {
        var o = r.Outcome;
        var analog = o.Analog;
        var ideal = o.Ideal;
        w.WriteStartObject();
        w.WriteNumber("images", o.Predictions.Count);
        w.WriteString("shard", r.Shard.ToString());
        w.WriteNumber("imageStart", r.ImageStart);
        w.WriteNumber("mergedShards", r.MergedShards);
        w.WriteNumber("analogAccuracy", analog.Accuracy);
        w.WriteNumber("analogCorrect", analog.Correct);
        w.WriteNumber("idealAccuracy", ideal.Accuracy);
        w.WriteNumber("idealCorrect", ideal.Correct);
        w.WriteNumber("accuracyDropPoints", 100 * (ideal.Accuracy - analog.Accuracy));
        w.WriteNumber("predictionsDifferingFromIdeal", o.Predictions.Count(p => p.Analog != p.Ideal));
        WriteMatrix(w, "analogConfusion", analog.Confusion);
        WriteMatrix(w, "idealConfusion", ideal.Confusion);
        w.WriteStartObject("timing");
        w.WriteNumber("seconds", o.Seconds);
        w.WriteNumber("imagesPerSecond", o.Seconds > 0 ? o.Predictions.Count / o.Seconds : 0);
        w.WriteString("note", r.MergedShards > 1 ? "sum of the shards' wall-clock seconds" : "wall-clock seconds of the co-simulation loop (after setup)");
        w.WriteEndObject();
        w.WriteString("settingsHash", r.SettingsHash);
        WriteSettingsAndController(w, r);
        var readTime = LayerReadTimes(r.SettingsJson);
        w.WriteStartArray("layers");
        foreach (var l in o.Layers)
        {
            w.WriteStartObject();
            w.WriteString("layer", l.Layer); w.WriteString("kind", l.Kind.ToString()); w.WriteNumber("patches", l.Patches);
            // Read slot of the layer in tran mode (its measured settling, or the one read time); null in dc mode.
            if (readTime(l.Layer) is { } t) w.WriteNumber("readTimeSeconds", t); else w.WriteNull("readTimeSeconds");
            w.WriteNumber("snrDbSameInput", Finite(l.VsSameInput.SnrDb)); w.WriteNumber("snrDbIdealNet", Finite(l.VsIdealNetwork.SnrDb));
            w.WriteNumber("rmsErrSameInput", l.VsSameInput.RmsError); w.WriteNumber("rmsErrIdealNet", l.VsIdealNetwork.RmsError);
            w.WriteNumber("correlationSameInput", Finite(l.VsSameInput.Correlation));
            // Errors in the designer's units (docs/cosim.md "Comparisons"): ADC LSBs, ENOB, clipping shares.
            w.WriteNumber("adcBits", l.AdcBits); w.WriteNumber("adcLsb", Finite(l.AdcLsb));
            w.WriteNumber("maxErrLsb", Finite(l.MaxErrorLsb)); w.WriteNumber("rmsErrLsb", Finite(l.RmsErrorLsb));
            w.WriteNumber("sinadDb", Finite(l.SinadDb)); w.WriteNumber("enob", Finite(l.Enob));
            w.WriteNumber("adcClipped", l.AdcClipped); w.WriteNumber("adcConversions", l.AdcConversions); w.WriteNumber("adcClipFraction", Finite(l.AdcClipFraction));
            w.WriteNumber("dacClipped", l.DacClipped); w.WriteNumber("dacConversions", l.DacConversions); w.WriteNumber("dacClipFraction", Finite(l.DacClipFraction));
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    });

    // JSON has no infinity: an exact match (infinite SNR, SINAD or ENOB) is written as 999; NaN (undefined) as 0.
    private static double Finite(double v) => double.IsPositiveInfinity(v) ? 999 : double.IsNaN(v) ? 0 : v;

    private static void WriteMatrix(Utf8JsonWriter w, string name, int[,] m)
    {
        w.WriteStartArray(name);
        for (int i = 0; i < m.GetLength(0); i++)
        {
            w.WriteStartArray();
            for (int j = 0; j < m.GetLength(1); j++) w.WriteNumberValue(m[i, j]);
            w.WriteEndArray();
        }
        w.WriteEndArray();
    }
}
