using System.Globalization;
using System.Text.Json;

namespace MemristorSpice.Cosim.Ppa;

/// <summary>
/// Area, power and timing constants of the accelerator's circuits (one technology file). Every value has the
/// source it came from (<see cref="Sources"/>, by JSON path). Areas in µm², powers in W, energies in J, times in s.
/// </summary>
public sealed record Technology
{
    /// <summary>Name of the technology, as given in the file.</summary>
    public required string Name { get; init; }
    /// <summary>Area of one memristor cell, µm² (memristor.cellAreaUm2).</summary>
    public double CellAreaUm2 { get; init; }
    /// <summary>Area of one op-amp, µm² (opAmp.areaUm2).</summary>
    public double OpAmpAreaUm2 { get; init; }
    /// <summary>Quiescent power of one op-amp, W (opAmp.staticPowerWatts).</summary>
    public double OpAmpStaticWatts { get; init; }
    /// <summary>Gain-bandwidth product, Hz: only for the read-time settling estimate.</summary>
    public double OpAmpGbwHz { get; init; }
    /// <summary>DAC resolution the figures are for, bits (dac.bits).</summary>
    public int DacBits { get; init; }
    /// <summary>Area of one DAC, µm² (dac.areaUm2).</summary>
    public double DacAreaUm2 { get; init; }
    /// <summary>Energy of one DAC conversion, J (dac.energyPerConversionJoules).</summary>
    public double DacEnergyJoules { get; init; }
    /// <summary>Quiescent power of one DAC, W (dac.staticPowerWatts).</summary>
    public double DacStaticWatts { get; init; }
    /// <summary>ADC resolution the figures are for, bits (adc.bits).</summary>
    public int AdcBits { get; init; }
    /// <summary>Area of one ADC, µm² (adc.areaUm2).</summary>
    public double AdcAreaUm2 { get; init; }
    /// <summary>Energy of one ADC conversion, J (adc.energyPerConversionJoules).</summary>
    public double AdcEnergyJoules { get; init; }
    /// <summary>Quiescent power of one ADC, W (adc.staticPowerWatts).</summary>
    public double AdcStaticWatts { get; init; }
    /// <summary>Row read voltage for full-scale input, V (read.volts).</summary>
    public double ReadVolts { get; init; }
    /// <summary>Time of one crossbar read (one patch), s (read.timeSeconds).</summary>
    public double ReadSeconds { get; init; }
    /// <summary>Energy of one digital-controller operation (an add, compare, scaling or element copy), J (digital.energyPerOperationJoules).</summary>
    public double DigitalOperationJoules { get; init; }
    /// <summary>True: op-amps and converters of a layer draw static power only while that layer reads.</summary>
    public bool PowerGatedPerLayer { get; init; }
    /// <summary>Where each number comes from, by JSON path (e.g. "adc.areaUm2").</summary>
    public required IReadOnlyDictionary<string, string> Sources { get; init; }

    /// <summary>Scale factor of converter area and energy for <paramref name="bits"/> instead of the reference resolution: 2^(bits − ref).</summary>
    public static double ResolutionScale(int bits, int referenceBits) => bits <= 0 ? 1 : Math.Pow(2, bits - referenceBits);

    /// <summary>The JSON paths of all fields, in file order.</summary>
    public static IReadOnlyList<string> Fields { get; } =
    [
        "memristor.cellAreaUm2", "opAmp.areaUm2", "opAmp.staticPowerWatts", "opAmp.gbwHz",
        "dac.bits", "dac.areaUm2", "dac.energyPerConversionJoules", "dac.staticPowerWatts",
        "adc.bits", "adc.areaUm2", "adc.energyPerConversionJoules", "adc.staticPowerWatts",
        "read.volts", "read.timeSeconds", "peripherals.powerGatedPerLayer", "digital.energyPerOperationJoules",
    ];

    /// <summary>The value of a field as text (for tables and the report's settings).</summary>
    public string ValueText(string field) => field switch
    {
        "memristor.cellAreaUm2" => G(CellAreaUm2), "opAmp.areaUm2" => G(OpAmpAreaUm2), "opAmp.staticPowerWatts" => G(OpAmpStaticWatts),
        "opAmp.gbwHz" => G(OpAmpGbwHz), "dac.bits" => DacBits.ToString(CultureInfo.InvariantCulture), "dac.areaUm2" => G(DacAreaUm2),
        "dac.energyPerConversionJoules" => G(DacEnergyJoules), "dac.staticPowerWatts" => G(DacStaticWatts),
        "adc.bits" => AdcBits.ToString(CultureInfo.InvariantCulture), "adc.areaUm2" => G(AdcAreaUm2),
        "adc.energyPerConversionJoules" => G(AdcEnergyJoules), "adc.staticPowerWatts" => G(AdcStaticWatts),
        "read.volts" => G(ReadVolts), "read.timeSeconds" => G(ReadSeconds),
        "peripherals.powerGatedPerLayer" => PowerGatedPerLayer ? "true" : "false",
        "digital.energyPerOperationJoules" => G(DigitalOperationJoules),
        _ => throw new ArgumentException($"No technology field '{field}'."),
    };

    private static string G(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>A technology value that cannot be used; the message names the file and the JSON field.</summary>
public sealed class TechnologyException(string source, string field, string problem)
    : Exception($"{source}: field '{field}' {problem}.")
{
    /// <summary>JSON path of the offending field.</summary>
    public string Field { get; } = field;
}

/// <summary>
/// Reads technology files. The default (netlists/tech/default-tech.json, embedded in this assembly) gives every
/// field as <c>{ "value": v, "source": "..." }</c>; a user file given with <c>--tech</c> overrides any subset of
/// fields, each either a bare number/boolean or such an object. Unknown fields, wrong types and out-of-range values
/// are errors naming the field.
/// </summary>
public static class TechnologyFile
{
    /// <summary>Format tag of technology files.</summary>
    public const string Format = "memristorspice-tech/1";
    /// <summary>Resource name of the embedded default technology file.</summary>
    public const string DefaultResource = "default-tech.json";

    /// <summary>The shipped default technology.</summary>
    public static Technology Default()
    {
        using var stream = typeof(TechnologyFile).Assembly.GetManifestResourceStream(DefaultResource)
            ?? throw new InvalidOperationException($"Embedded resource {DefaultResource} missing from the Cosim assembly.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), "default-tech.json", null);
    }

    /// <summary>The default technology with the fields of <paramref name="path"/> applied on top.</summary>
    public static Technology Load(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TechnologyException(path, "(file)", $"cannot be read: {ex.Message}");
        }
        return Parse(text, path, Default());
    }

    /// <summary>Parses a technology document; with <paramref name="defaults"/> null every field is required (with a source).</summary>
    public static Technology Parse(string json, string source, Technology? defaults)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }); }
        catch (JsonException ex) { throw new TechnologyException(source, "(document)", $"is not valid JSON: {ex.Message}"); }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new TechnologyException(source, "(document)", "must be a JSON object");
            var groups = Technology.Fields.GroupBy(f => f.Split('.')[0]).ToDictionary(g => g.Key, g => g.Select(f => f.Split('.')[1]).ToList());
            string? name = null;
            var values = new Dictionary<string, JsonElement>();
            var sources = new Dictionary<string, string>(defaults?.Sources ?? new Dictionary<string, string>());
            foreach (var p in root.EnumerateObject())
            {
                if (p.Name == "format")
                {
                    if (p.Value.ValueKind != JsonValueKind.String || p.Value.GetString() != Format)
                        throw new TechnologyException(source, "format", $"must be \"{Format}\"");
                    continue;
                }
                if (p.Name == "name")
                {
                    if (p.Value.ValueKind != JsonValueKind.String) throw new TechnologyException(source, "name", "must be a string");
                    name = p.Value.GetString();
                    continue;
                }
                if (!groups.TryGetValue(p.Name, out var members))
                    throw new TechnologyException(source, p.Name, $"is not a technology field (known: format, name, {string.Join(", ", groups.Keys)})");
                if (p.Value.ValueKind != JsonValueKind.Object) throw new TechnologyException(source, p.Name, "must be an object");
                foreach (var m in p.Value.EnumerateObject())
                {
                    var path = $"{p.Name}.{m.Name}";
                    if (!members.Contains(m.Name))
                        throw new TechnologyException(source, path, $"is not a technology field (known in '{p.Name}': {string.Join(", ", members)})");
                    var value = m.Value;
                    if (value.ValueKind == JsonValueKind.Object)
                    {
                        foreach (var k in value.EnumerateObject())
                            if (k.Name is not ("value" or "source" or "unit"))
                                throw new TechnologyException(source, $"{path}.{k.Name}", "is not allowed (an entry has 'value' and 'source')");
                        if (!value.TryGetProperty("value", out var v)) throw new TechnologyException(source, path, "has no 'value'");
                        if (value.TryGetProperty("source", out var s) && s.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(s.GetString()))
                            sources[path] = s.GetString()!;
                        else if (defaults is null)
                            throw new TechnologyException(source, path, "needs a non-empty 'source' (where the number comes from)");
                        else
                            sources[path] = $"user value from {Path.GetFileName(source)} (no source given)";
                        value = v;
                    }
                    else
                    {
                        if (defaults is null) throw new TechnologyException(source, path, "must be { \"value\": ..., \"source\": \"...\" } in a default technology file");
                        sources[path] = $"user value from {Path.GetFileName(source)}";
                    }
                    values[path] = value.Clone();
                }
            }
            if (defaults is null)
            {
                var missing = Technology.Fields.FirstOrDefault(f => !values.ContainsKey(f));
                if (missing is not null) throw new TechnologyException(source, missing, "is missing");
            }
            var r = new FieldReader(source, values);
            var d = defaults;
            var tech = new Technology
            {
                Name = name ?? (d is null ? Path.GetFileNameWithoutExtension(source) : $"{d.Name} + {Path.GetFileName(source)}"),
                CellAreaUm2 = r.Positive("memristor.cellAreaUm2", d?.CellAreaUm2),
                OpAmpAreaUm2 = r.NonNegative("opAmp.areaUm2", d?.OpAmpAreaUm2),
                OpAmpStaticWatts = r.NonNegative("opAmp.staticPowerWatts", d?.OpAmpStaticWatts),
                OpAmpGbwHz = r.Positive("opAmp.gbwHz", d?.OpAmpGbwHz),
                DacBits = r.Bits("dac.bits", d?.DacBits),
                DacAreaUm2 = r.NonNegative("dac.areaUm2", d?.DacAreaUm2),
                DacEnergyJoules = r.NonNegative("dac.energyPerConversionJoules", d?.DacEnergyJoules),
                DacStaticWatts = r.NonNegative("dac.staticPowerWatts", d?.DacStaticWatts),
                AdcBits = r.Bits("adc.bits", d?.AdcBits),
                AdcAreaUm2 = r.NonNegative("adc.areaUm2", d?.AdcAreaUm2),
                AdcEnergyJoules = r.NonNegative("adc.energyPerConversionJoules", d?.AdcEnergyJoules),
                AdcStaticWatts = r.NonNegative("adc.staticPowerWatts", d?.AdcStaticWatts),
                ReadVolts = r.Positive("read.volts", d?.ReadVolts),
                ReadSeconds = r.Positive("read.timeSeconds", d?.ReadSeconds),
                PowerGatedPerLayer = r.Boolean("peripherals.powerGatedPerLayer", d?.PowerGatedPerLayer),
                DigitalOperationJoules = r.NonNegative("digital.energyPerOperationJoules", d?.DigitalOperationJoules),
                Sources = sources,
            };
            return tech;
        }
    }

    private sealed class FieldReader(string source, Dictionary<string, JsonElement> values)
    {
        private double Number(string path, double? fallback)
        {
            if (!values.TryGetValue(path, out var e)) return fallback ?? throw new TechnologyException(source, path, "is missing");
            if (e.ValueKind != JsonValueKind.Number || !e.TryGetDouble(out var v) || !double.IsFinite(v))
                throw new TechnologyException(source, path, $"must be a finite number (got {e.GetRawText()})");
            return v;
        }

        public double Positive(string path, double? fallback)
        {
            double v = Number(path, fallback);
            return v > 0 ? v : throw new TechnologyException(source, path, $"must be positive (got {v.ToString(CultureInfo.InvariantCulture)})");
        }

        public double NonNegative(string path, double? fallback)
        {
            double v = Number(path, fallback);
            return v >= 0 ? v : throw new TechnologyException(source, path, $"must be >= 0 (got {v.ToString(CultureInfo.InvariantCulture)})");
        }

        public int Bits(string path, int? fallback)
        {
            double v = Number(path, fallback);
            return v == Math.Floor(v) && v is >= 1 and <= 30 ? (int)v
                : throw new TechnologyException(source, path, $"must be a whole number of bits in [1, 30] (got {v.ToString(CultureInfo.InvariantCulture)})");
        }

        public bool Boolean(string path, bool? fallback)
        {
            if (!values.TryGetValue(path, out var e)) return fallback ?? throw new TechnologyException(source, path, "is missing");
            return e.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw new TechnologyException(source, path, $"must be true or false (got {e.GetRawText()})"),
            };
        }
    }
}
