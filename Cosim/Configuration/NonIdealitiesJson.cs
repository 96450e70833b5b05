using System.Globalization;
using System.Text.Json;
using System.Text;
using MemristorSpice.Crossbar.Mapping;

namespace MemristorSpice.Cosim.Configuration;

/// <summary>
/// Reads and writes <see cref="NonIdealities"/> and <see cref="DesignPoint"/> as JSON (one file format: the design point).
/// Every field is optional (the values of <see cref="DesignPoint.Default"/> apply); unknown fields,
/// wrong types and out-of-range values are errors naming the field path, e.g. <c>field 'adc.bits' must be ...</c>.
/// <code>
/// { "vreadVolts": 0.2, "feedbackOhms": 10000, "device": "VTEAM_XBAR", "driverOhms": 0,
///   "wire": { "rowOhms": 1, "columnOhms": 1, "capacitanceFarads": 1e-15 }, "variation": { "sigma": 0.05, "seed": 7 },
///   "conductanceLevels": 64, "stuckAt": { "gminRate": 0.001, "gmaxRate": 0.001, "seed": 3, "mapFile": "failed-cells.csv" },
///   "mapping": { "faultAware": true, "spareColumns": 2 },
///   "opAmp": { "a0": 1e5, "gbwHz": 1e7, "swingVolts": 1.5 },
///   "dac": { "bits": 8, "rangeScale": 1 }, "adc": { "bits": 8, "rangeScale": 1 }, "calibrationImages": 200, "columnCalibrationImages": 20,
///   "biasRow": "auto", "read": { "timeSeconds": 1e-6, "stepsPerSlot": 40 },
///   "noise": { "enabled": false, "seed": 1, "opAmpVoltage": 1e-8, "opAmpCurrent": 1e-14, "readNoise": true } }
/// </code>
/// </summary>
public static class NonIdealitiesJson
{
    /// <summary>Reads and validates a non-idealities file.</summary>
    /// <param name="path">Path of the JSON file.</param>
    /// <exception cref="NonIdealitiesException">The file cannot be read or a value is invalid; names the file and the field.</exception>
    public static NonIdealities Load(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new NonIdealitiesException("(file)", $"cannot be read: {ex.Message}", path);
        }
        return Parse(text, path);
    }

    /// <summary>Reads and validates a design-point file (the non-idealities fields plus <c>read</c>).</summary>
    /// <param name="path">Path of the JSON file.</param>
    /// <exception cref="NonIdealitiesException">The file cannot be read or a value is invalid; names the file and the field.</exception>
    public static DesignPoint LoadDesign(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new NonIdealitiesException("(file)", $"cannot be read: {ex.Message}", path);
        }
        return ParseDesign(text, path, Path.GetDirectoryName(Path.GetFullPath(path)));
    }

    /// <summary>
    /// Parses and validates the circuit part of a design-point JSON; missing fields take the values of
    /// <see cref="DesignPoint.Default"/> (the realistic design, not the <see cref="NonIdealities"/> property initialisers).
    /// </summary>
    /// <param name="json">The JSON text (comments and trailing commas allowed).</param>
    /// <param name="source">Name of the text's origin for error messages (usually the file path).</param>
    /// <exception cref="NonIdealitiesException">Malformed JSON or an invalid field.</exception>
    public static NonIdealities Parse(string json, string source = "non-idealities") => ParseDesign(json, source).Circuit;

    /// <summary>Parses and validates a design-point JSON; missing fields take the values of <see cref="DesignPoint.Default"/>.</summary>
    /// <param name="json">The JSON text (comments and trailing commas allowed).</param>
    /// <param name="source">Name of the text's origin for error messages (usually the file path).</param>
    /// <exception cref="NonIdealitiesException">Malformed JSON or an invalid field.</exception>
    /// <param name="baseDirectory">Folder a relative stuckAt.mapFile is resolved against; null = the working directory.</param>
    public static DesignPoint ParseDesign(string json, string source = "design point", string? baseDirectory = null)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }); }
        catch (JsonException ex)
        {
            throw new NonIdealitiesException("(document)", $"is not valid JSON: {ex.Message}", source);
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new NonIdealitiesException("(document)", "must be a JSON object", source);
            var r = new Reader(source);
            var design = DesignPoint.Default;
            var d = design.Circuit;
            var result = d with
            {
                VreadVolts = r.Number(root, "vreadVolts", d.VreadVolts),
                FeedbackOhms = r.Number(root, "feedbackOhms", d.FeedbackOhms),
                DevicePreset = r.Text(root, "device", d.DevicePreset),
                DriverOhms = r.Number(root, "driverOhms", d.DriverOhms),
                ConductanceLevels = r.Integer(root, "conductanceLevels", d.ConductanceLevels),
                CalibrationImages = r.Integer(root, "calibrationImages", d.CalibrationImages),
                ColumnCalibrationImages = r.Integer(root, "columnCalibrationImages", d.ColumnCalibrationImages),
                BiasRow = r.Text(root, "biasRow", d.BiasRow.ToString().ToLowerInvariant()) switch
                {
                    "auto" => BiasPlacement.Auto,
                    "analog" => BiasPlacement.Analog,
                    "digital" => BiasPlacement.Digital,
                    var v => throw new NonIdealitiesException("biasRow", $"must be \"auto\", \"analog\" or \"digital\" (got \"{v}\")", source),
                },
                RangeCalibration = r.Text(root, "rangeCalibration", "mse") switch
                {
                    "mse" => RangeCalibration.Mse,
                    "max" => RangeCalibration.Max,
                    var v => throw new NonIdealitiesException("rangeCalibration", $"must be \"mse\" or \"max\" (got \"{v}\")", source),
                },
            };
            var wire = r.Object(root, "wire", ["rowOhms", "columnOhms", "capacitanceFarads"]);
            var variation = r.Object(root, "variation", ["sigma", "seed", "devicesPerCell", "devicesPerCellLayers"]);
            var stuck = r.Object(root, "stuckAt", ["gminRate", "gmaxRate", "seed", "mapFile"]);
            var mapping = r.Object(root, "mapping", ["faultAware", "spareColumns"]);
            var opAmp = r.Object(root, "opAmp", ["a0", "gbwHz", "swingVolts"]);
            var dac = r.Object(root, "dac", ["bits", "rangeScale", "polarity"]);
            var adc = r.Object(root, "adc", ["bits", "rangeScale"]);
            r.RejectUnknown(root, "", ["vreadVolts", "feedbackOhms", "device", "driverOhms", "conductanceLevels", "calibrationImages", "columnCalibrationImages",
                "biasRow", "rangeCalibration", "wire", "variation", "stuckAt", "mapping", "opAmp", "dac", "adc", "read", "noise"]);
            var read = r.Object(root, "read", ["timeSeconds", "stepsPerSlot"]);
            var noise = r.Object(root, "noise", ["enabled", "seed", "opAmpVoltage", "opAmpCurrent", "readNoise"]);
            result = result with
            {
                WireRowOhms = r.Number(wire, "wire.rowOhms", d.WireRowOhms),
                WireColumnOhms = r.Number(wire, "wire.columnOhms", d.WireColumnOhms),
                WireCapacitanceFarads = r.Number(wire, "wire.capacitanceFarads", d.WireCapacitanceFarads),
                VariationSigma = r.Number(variation, "variation.sigma", d.VariationSigma),
                VariationSeed = r.Integer(variation, "variation.seed", d.VariationSeed),
                VariationDevicesPerCell = r.Integer(variation, "variation.devicesPerCell", d.VariationDevicesPerCell),
                VariationDevicesPerCellLayers = r.NullableText(variation, "variation.devicesPerCellLayers") ?? d.VariationDevicesPerCellLayers,
                StuckAtGminRate = r.Number(stuck, "stuckAt.gminRate", d.StuckAtGminRate),
                StuckAtGmaxRate = r.Number(stuck, "stuckAt.gmaxRate", d.StuckAtGmaxRate),
                FaultSeed = r.Integer(stuck, "stuckAt.seed", d.FaultSeed),
                FaultAware = r.Boolean(mapping, "mapping.faultAware", d.FaultAware),
                SpareColumns = r.Integer(mapping, "mapping.spareColumns", d.SpareColumns),
                OpAmpGain = r.NullableNumber(opAmp, "opAmp.a0", d.OpAmpGain),
                OpAmpGbwHz = r.NullableNumber(opAmp, "opAmp.gbwHz", d.OpAmpGbwHz),
                OpAmpSwingVolts = r.NullableNumber(opAmp, "opAmp.swingVolts", d.OpAmpSwingVolts),
                DacBits = r.Integer(dac, "dac.bits", d.DacBits),
                DacRangeScale = r.Number(dac, "dac.rangeScale", d.DacRangeScale),
                DacPolarity = r.Text(dac, "dac.polarity", "auto") switch
                {
                    "auto" => DacPolarity.Auto,
                    "unipolar" => DacPolarity.Unipolar,
                    "bipolar" => DacPolarity.Bipolar,
                    var v => throw new NonIdealitiesException("dac.polarity", $"must be \"auto\", \"unipolar\" or \"bipolar\" (got \"{v}\")", source),
                },
                AdcBits = r.Integer(adc, "adc.bits", d.AdcBits),
                AdcRangeScale = r.Number(adc, "adc.rangeScale", d.AdcRangeScale),
                Noise = d.Noise with
                {
                    Enabled = r.Boolean(noise, "noise.enabled", d.Noise.Enabled),
                    Seed = r.Integer(noise, "noise.seed", d.Noise.Seed),
                    OpAmpNoiseVoltage = r.Number(noise, "noise.opAmpVoltage", d.Noise.OpAmpNoiseVoltage),
                    OpAmpNoiseCurrent = r.Number(noise, "noise.opAmpCurrent", d.Noise.OpAmpNoiseCurrent),
                    ReadNoise = r.Boolean(noise, "noise.readNoise", d.Noise.ReadNoise),
                },
            };
            if (r.NullableText(stuck, "stuckAt.mapFile") is { } mapFile)
            {
                // A relative path is relative to the design-point file's folder (the working directory for inline JSON).
                var resolved = baseDirectory is null || Path.IsPathRooted(mapFile) ? mapFile : Path.Combine(baseDirectory, mapFile);
                result = result with { FaultMapFile = resolved, ListedFaults = FaultMapCsv.LoadOrThrow(resolved, "stuckAt.mapFile", source) };
            }
            var point = new DesignPoint
            {
                Circuit = result,
                ReadTimeSeconds = r.ReadTime(read, "read.timeSeconds", design.ReadTimeSeconds),
                StepsPerSlot = r.Integer(read, "read.stepsPerSlot", design.StepsPerSlot),
            };
            if (point.FirstProblem() is { } p) throw new NonIdealitiesException(p.Field, p.Problem, source);
            return point;
        }
    }

    /// <summary>Canonical JSON (fixed field order, round-trip numbers): the file format and the settings-hash input.</summary>
    public static string Write(NonIdealities n, bool indented = true)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented }))
        {
            WriteTo(w, n);
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>
    /// The design-point file: every field written, including the ones the run settings leave out at their defaults
    /// (wire.capacitanceFarads, biasRow) and the read timing, so a user starting from it sees every knob.
    /// <see cref="ParseDesign"/> of the text gives back an equal <see cref="DesignPoint"/>.
    /// </summary>
    public static string WriteDesign(DesignPoint design)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            WriteFields(w, design.Circuit, complete: true);
            w.WriteStartObject("read");
            if (design.ReadTimeSeconds is { } t) w.WriteNumber("timeSeconds", t);
            else w.WriteString("timeSeconds", DesignPoint.SettlingReadTime);
            w.WriteNumber("stepsPerSlot", design.StepsPerSlot);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>Writes every setting as a JSON object in the file format (used in run reports and for their hash).</summary>
    /// <param name="w">Writer positioned where the object goes.</param>
    /// <param name="n">Settings to write.</param>
    public static void WriteTo(Utf8JsonWriter w, NonIdealities n)
    {
        w.WriteStartObject();
        WriteFields(w, n, complete: false);
        w.WriteEndObject();
    }

    /// <summary>The fields of <paramref name="n"/>; <paramref name="complete"/> also writes those the run settings omit at their defaults.</summary>
    private static void WriteFields(Utf8JsonWriter w, NonIdealities n, bool complete)
    {
        w.WriteNumber("vreadVolts", n.VreadVolts);
        w.WriteNumber("feedbackOhms", n.FeedbackOhms);
        w.WriteString("device", n.DevicePreset);
        w.WriteNumber("driverOhms", n.DriverOhms);
        w.WriteStartObject("wire"); w.WriteNumber("rowOhms", n.WireRowOhms); w.WriteNumber("columnOhms", n.WireColumnOhms);
        // Written only when set, so dc-mode settings (and their shard hashes) are unchanged by the tran-only field.
        if (complete || n.WireCapacitanceFarads != 0) w.WriteNumber("capacitanceFarads", n.WireCapacitanceFarads);
        w.WriteEndObject();
        w.WriteStartObject("variation"); w.WriteNumber("sigma", n.VariationSigma); w.WriteNumber("seed", n.VariationSeed);
        // Written only when set, so settings and shard hashes with one device per cell stay unchanged.
        if (complete || n.VariationDevicesPerCell != 1) w.WriteNumber("devicesPerCell", n.VariationDevicesPerCell);
        if (n.VariationDevicesPerCellLayers is { } layers) w.WriteString("devicesPerCellLayers", layers);
        w.WriteEndObject();
        w.WriteNumber("conductanceLevels", n.ConductanceLevels);
        w.WriteStartObject("stuckAt");
        w.WriteNumber("gminRate", n.StuckAtGminRate); w.WriteNumber("gmaxRate", n.StuckAtGmaxRate); w.WriteNumber("seed", n.FaultSeed);
        // Written only when set, so settings and shard hashes without a fault map stay unchanged.
        if (n.FaultMapFile is { } mapFile) w.WriteString("mapFile", mapFile);
        w.WriteEndObject();
        // Written only when not the default (or for the complete design file), for the same reason.
        if (complete || n.FaultAware || n.SpareColumns != 0)
        {
            w.WriteStartObject("mapping"); w.WriteBoolean("faultAware", n.FaultAware); w.WriteNumber("spareColumns", n.SpareColumns); w.WriteEndObject();
        }
        w.WriteStartObject("opAmp");
        WriteNullable(w, "a0", n.OpAmpGain); WriteNullable(w, "gbwHz", n.OpAmpGbwHz); WriteNullable(w, "swingVolts", n.OpAmpSwingVolts);
        w.WriteEndObject();
        w.WriteStartObject("dac"); w.WriteNumber("bits", n.DacBits); w.WriteNumber("rangeScale", n.DacRangeScale);
        if (complete || n.DacPolarity != DacPolarity.Auto) w.WriteString("polarity", n.DacPolarity.ToString().ToLowerInvariant());
        w.WriteEndObject();
        w.WriteStartObject("adc"); w.WriteNumber("bits", n.AdcBits); w.WriteNumber("rangeScale", n.AdcRangeScale); w.WriteEndObject();
        w.WriteNumber("calibrationImages", n.CalibrationImages);
        w.WriteNumber("columnCalibrationImages", n.ColumnCalibrationImages);
        // Written only when not the default, so settings (and shard hashes) without the field stay unchanged.
        if (complete || n.BiasRow != BiasPlacement.Auto) w.WriteString("biasRow", n.BiasRow.ToString().ToLowerInvariant());
        w.WriteString("rangeCalibration", n.RangeCalibration.ToString().ToLowerInvariant());
        // Written only when enabled (or for the complete design file), so settings and shard hashes without noise stay unchanged.
        if (complete || n.Noise.Enabled)
        {
            w.WriteStartObject("noise");
            w.WriteBoolean("enabled", n.Noise.Enabled); w.WriteNumber("seed", n.Noise.Seed);
            w.WriteNumber("opAmpVoltage", n.Noise.OpAmpNoiseVoltage); w.WriteNumber("opAmpCurrent", n.Noise.OpAmpNoiseCurrent);
            w.WriteBoolean("readNoise", n.Noise.ReadNoise);
            w.WriteEndObject();
        }
    }

    private static void WriteNullable(Utf8JsonWriter w, string name, double? v)
    {
        if (v is { } x) w.WriteNumber(name, x); else w.WriteNull(name);
    }

    private sealed class Reader(string source)
    {
        public JsonElement? Object(JsonElement root, string name, string[] known)
        {
            if (!root.TryGetProperty(name, out var e) || e.ValueKind == JsonValueKind.Null) return null;
            if (e.ValueKind != JsonValueKind.Object) throw Error(name, $"must be an object with fields {string.Join(", ", known)}");
            RejectUnknown(e, name + ".", known);
            return e;
        }

        public void RejectUnknown(JsonElement obj, string prefix, string[] known)
        {
            foreach (var p in obj.EnumerateObject())
                if (!known.Contains(p.Name, StringComparer.Ordinal))
                    throw Error(prefix + p.Name, $"is not a known field (known here: {string.Join(", ", known)})");
        }

        public double Number(JsonElement? obj, string path, double fallback) =>
            Get(obj, path) is { } e ? ReadNumber(e, path) : fallback;

        /// <summary>read.timeSeconds: a number of seconds, or "settling" (null: each layer's measured settling).</summary>
        public double? ReadTime(JsonElement? obj, string path, double? fallback)
        {
            if (Get(obj, path) is not { } e) return fallback;
            if (e.ValueKind == JsonValueKind.String && e.GetString() == DesignPoint.SettlingReadTime) return null;
            if (e.ValueKind != JsonValueKind.Number)
                throw Error(path, $"must be a number of seconds or \"{DesignPoint.SettlingReadTime}\" (got {e.GetRawText()})");
            return e.GetDouble();
        }

        public double? NullableNumber(JsonElement? obj, string path, double? fallback)
        {
            if (obj is not { } o || !o.TryGetProperty(Leaf(path), out var e)) return fallback;
            return e.ValueKind == JsonValueKind.Null ? null : ReadNumber(e, path);
        }

        public string? NullableText(JsonElement? obj, string path) => Get(obj, path) is { } e ? Text(obj, path, "") : null;

        public string Text(JsonElement? obj, string path, string fallback)
        {
            if (Get(obj, path) is not { } e) return fallback;
            if (e.ValueKind != JsonValueKind.String) throw Error(path, $"must be a string (got {e.GetRawText()})");
            return e.GetString()!;
        }

        public bool Boolean(JsonElement? obj, string path, bool fallback)
        {
            if (Get(obj, path) is not { } e) return fallback;
            if (e.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) throw Error(path, $"must be true or false (got {e.GetRawText()})");
            return e.GetBoolean();
        }

        public int Integer(JsonElement? obj, string path, int fallback)
        {
            if (Get(obj, path) is not { } e) return fallback;
            if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt32(out int v))
                throw Error(path, $"must be an integer (got {e.GetRawText()})");
            return v;
        }

        private static JsonElement? Get(JsonElement? obj, string path)
        {
            if (obj is not { } o || !o.TryGetProperty(Leaf(path), out var e) || e.ValueKind == JsonValueKind.Null) return null;
            return e;
        }

        private double ReadNumber(JsonElement e, string path)
        {
            if (e.ValueKind != JsonValueKind.Number) throw Error(path, $"must be a number (got {e.GetRawText()})");
            return e.GetDouble();
        }

        private static string Leaf(string path) => path[(path.LastIndexOf('.') + 1)..];

        private NonIdealitiesException Error(string field, string problem) => new(field, problem, source);
    }

    internal static string Format(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
