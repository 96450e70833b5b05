using System.Globalization;
using System.Text.Json;
using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Cosim.Configuration;

namespace MemristorSpice.Cli.Plots;

/// <summary>
/// One line naming the design point of a co-simulation (model, mode, device, wires, op-amp, converters, read time,
/// variation), read from the settings a result folder records, so that a plot shown alone still says what it is of.
/// </summary>
internal static class ConfigurationCaption
{
    /// <summary>
    /// Settings JSON in the shape a cosim folder records (model, mode, nonIdealities, tran.readTimeSeconds) for plots
    /// of commands that do not write one (sweep, report), to caption them the same way.
    /// </summary>
    public static string Settings(NonIdealities n, string mode, double? readTimeSeconds = null, string? model = null)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            if (model is not null) w.WriteString("model", model);
            w.WriteString("mode", mode);
            w.WritePropertyName("nonIdealities");
            NonIdealitiesJson.WriteTo(w, n);
            if (readTimeSeconds is { } t)
            {
                w.WriteStartObject("tran");
                w.WriteNumber("readTimeSeconds", t);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The caption, or an empty string when the settings do not have the expected shape.</summary>
    /// <param name="settingsJson">The recorded run settings.</param>
    /// <param name="readNote">Replaces the read-time part (e.g. where the read time is per layer); null: from the settings.</param>
    public static string From(string settingsJson, string? readNote = null)
    {
        try
        {
            using var doc = JsonDocument.Parse(settingsJson);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return "";
            var parts = new List<string>();
            if (Text(root, "model") is { } model) parts.Add(model);
            if (Text(root, "mode") is { } mode) parts.Add(mode);
            if (!root.TryGetProperty("nonIdealities", out var n) || n.ValueKind != JsonValueKind.Object)
                return string.Join(", ", parts);
            if (Text(n, "device") is { } device) parts.Add(device);
            if (Number(n, "wire", "rowOhms") is { } row && Number(n, "wire", "columnOhms") is { } column)
                parts.Add(row == 0 && column == 0 ? "ideal wires"
                    : $"wires {G(row)}/{G(column)} Ω" + (Number(n, "wire", "capacitanceFarads") is { } c and > 0 ? $" + {G(c * 1e15)} fF" : "") + " per segment");
            parts.Add(Number(n, "opAmp", "a0") is { } a0 ? $"A0 {G(a0)}" : "ideal op-amps");
            if (Number(n, "opAmp", "gbwHz") is { } gbw) parts.Add($"GBW {G(gbw / 1e6)} MHz");
            parts.Add($"DAC {Bits(Number(n, "dac", "bits"))}, ADC {Bits(Number(n, "adc", "bits"))}");
            bool perLayer = root.TryGetProperty("tran", out var tranJson) && tranJson.ValueKind == JsonValueKind.Object && tranJson.TryGetProperty("layerReadTimeSeconds", out _);
            parts.Add(readNote ?? (Number(root, "tran", "readTimeSeconds") is { } t
                ? perLayer ? $"read per layer from measured settling (slowest {G(t * 1e6)} µs)" : $"read {G(t * 1e6)} µs"
                : Text(root, "mode") == "dc" ? "settled DC reads (no clock)" : "read time not recorded"));
            if (Number(n, "variation", "sigma") is { } sigma && sigma > 0) parts.Add($"σ(ln G) {G(sigma)}");
            if (Number(n, "variation", "devicesPerCell") is { } k && k != 1)
                parts.Add($"{G(k)} devices per cell" + (n.TryGetProperty("variation", out var v) && Text(v, "devicesPerCellLayers") is { } layers ? $" ({layers})" : ""));
            if (Number(n, "conductanceLevels") is { } levels && levels > 0) parts.Add($"{G(levels)} conductance levels");
            double gmin = Number(n, "stuckAt", "gminRate") ?? 0, gmax = Number(n, "stuckAt", "gmaxRate") ?? 0;
            if (gmin > 0 || gmax > 0) parts.Add($"stuck at Gmin {G(gmin * 100)} %/Gmax {G(gmax * 100)} %");
            if (n.TryGetProperty("stuckAt", out var stuck) && stuck.ValueKind == JsonValueKind.Object && stuck.TryGetProperty("mapFile", out _))
                parts.Add("fault map file");
            if (n.TryGetProperty("mapping", out var mapping) && mapping.ValueKind == JsonValueKind.Object
                && mapping.TryGetProperty("faultAware", out var aware) && aware.ValueKind == JsonValueKind.True)
                parts.Add("fault-aware mapping" + (Number(n, "mapping", "spareColumns") is { } spares && spares > 0 ? $" + {G(spares)} spare columns" : ""));
            if (n.TryGetProperty("noise", out var noise) && noise.ValueKind == JsonValueKind.Object
                && noise.TryGetProperty("enabled", out var on) && on.ValueKind == JsonValueKind.True)
                parts.Add($"read noise (seed {G(Number(n, "noise", "seed") ?? 0)})");
            return string.Join(", ", parts);
        }
        catch (JsonException)
        {
            return "";
        }
    }

    /// <summary>
    /// <paramref name="title"/> with the caption of <paramref name="settingsJson"/> below it, broken after commas into
    /// lines of at most <see cref="LineLength"/> characters so that it fits narrow plots too.
    /// </summary>
    public static string Titled(string title, string settingsJson, string? readNote = null)
    {
        var caption = From(settingsJson, readNote);
        if (caption.Length == 0) return title;
        var lines = new List<string>();
        var line = "";
        foreach (var part in caption.Split(", "))
        {
            if (line.Length > 0 && line.Length + 2 + part.Length > LineLength) { lines.Add(line + ","); line = part; }
            else line = line.Length == 0 ? part : line + ", " + part;
        }
        lines.Add(line);
        return title + "\n" + string.Join("\n", lines);
    }

    /// <summary>Longest caption line, characters (the narrowest plot, 640 px, fits about this many at the title size).</summary>
    public const int LineLength = 60;

    private static string Bits(double? bits) => bits is null or 0 ? "ideal" : $"{G(bits.Value)}-bit";

    private static string G(double v) => v.ToString("G3", CultureInfo.InvariantCulture);

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? Terminal.Plain(v.GetString() ?? "") : null;

    private static double? Number(JsonElement e, params string[] path)
    {
        foreach (var name in path)
        {
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out e)) return null;
        }
        return e.ValueKind == JsonValueKind.Number ? e.GetDouble() : null;
    }
}
