using System.Security.Cryptography;
using System.Text.Json;
using System.Text;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Controller;

namespace MemristorSpice.Cosim.Reports;

/// <summary>
/// What determines a run's results (not where it ran or how long it took): weights (by SHA-256), data set and
/// image count, mode, backend, non-idealities, calibration and the converter ranges it produced. Shards of one run
/// share <see cref="Hash"/>; <c>memspice merge</c> refuses shards whose hashes differ.
/// </summary>
public sealed record RunSettings(
    string Model, string WeightsSha256, string Dataset, int Images, string Mode, string Backend,
    NonIdealities NonIdealities, string Calibration, IReadOnlyList<StageRanges> Ranges, TranOptions? Tran = null)
{
    /// <summary>Canonical JSON of the settings (fixed order, round-trip numbers).</summary>
    public string ToJson(bool indented = false)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented }))
            WriteTo(w);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Writes the canonical JSON object of the settings.</summary>
    public void WriteTo(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("model", Model);
        w.WriteString("weightsSha256", WeightsSha256);
        w.WriteString("dataset", Dataset);
        w.WriteNumber("images", Images);
        w.WriteString("mode", Mode);
        w.WriteString("backend", Backend);
        w.WritePropertyName("nonIdealities");
        NonIdealitiesJson.WriteTo(w, NonIdealities);
        if (Tran is not null)
        {
            w.WritePropertyName("tran");
            Tran.WriteTo(w);
        }
        w.WriteString("calibration", Calibration);
        w.WriteStartArray("converterRanges");
        foreach (var r in Ranges)
        {
            w.WriteStartObject();
            w.WriteString("layer", r.Layer);
            w.WriteNumber("stage", r.StageIndex);
            w.WriteNumber("dacFullScaleActivation", r.InputFullScale);
            w.WriteStartArray("adcFullScaleWeightVolts");
            foreach (var v in r.TileOutputFullScale) w.WriteNumberValue(v);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>SHA-256 of the canonical JSON, lower-case hex; equal for all shards of one run.</summary>
    public string Hash => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ToJson())));

    /// <summary>SHA-256 of a file's bytes, lower-case hex.</summary>
    public static string FileSha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
