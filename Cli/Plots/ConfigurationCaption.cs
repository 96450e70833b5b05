using System.Globalization;
using System.Text.Json;
using MemristorSpice.Cli.Infrastructure;

namespace MemristorSpice.Cli.Plots;

/// <summary>
/// One line naming the design point of a co-simulation (model, mode, device, wires, op-amp, converters, variation),
/// read from the settings a result folder records, so that a plot shown alone still says what it is of.
/// </summary>
internal static class ConfigurationCaption
{
    /// <summary>The caption, or an empty string when the settings do not have the expected shape.</summary>
    public static string From(string settingsJson)
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
                parts.Add(row == 0 && column == 0 ? "ideal wires" : $"wires {G(row)}/{G(column)} Ω per segment");
            parts.Add(Number(n, "opAmp", "a0") is { } a0 ? $"A0 {G(a0)}" : "ideal op-amps");
            if (Number(n, "opAmp", "gbwHz") is { } gbw) parts.Add($"GBW {G(gbw / 1e6)} MHz");
            parts.Add($"DAC {Bits(Number(n, "dac", "bits"))}, ADC {Bits(Number(n, "adc", "bits"))}");
            if (Number(n, "variation", "sigma") is { } sigma && sigma > 0) parts.Add($"σ(ln G) {G(sigma)}");
            return string.Join(", ", parts);
        }
        catch (JsonException)
        {
            return "";
        }
    }

    /// <summary>
    /// <paramref name="title"/> with the caption of <paramref name="settingsJson"/> below it, broken at the comma
    /// nearest its middle when longer than 60 characters so that it fits narrow plots too.
    /// </summary>
    public static string Titled(string title, string settingsJson)
    {
        var caption = From(settingsJson);
        if (caption.Length == 0) return title;
        if (caption.Length > 60)
        {
            var commas = Enumerable.Range(0, caption.Length).Where(i => caption[i] == ',').ToList();
            if (commas.Count > 0)
            {
                int cut = commas.MinBy(i => Math.Abs(i - caption.Length / 2));
                caption = caption[..(cut + 1)] + "\n" + caption[(cut + 2)..];
            }
        }
        return title + "\n" + caption;
    }

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
