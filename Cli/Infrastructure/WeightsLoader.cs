using MemristorSpice.Network.IO;
using MemristorSpice.Network.Models;
using MemristorSpice.Network.Onnx;

namespace MemristorSpice.Cli.Infrastructure;

/// <summary>Loads a weights file for a command, turning format problems into one-line errors naming the option.</summary>
internal static class WeightsLoader
{
    /// <summary>
    /// Loads and checks the file (docs/weights-format.md). The network declares its input shape and output count;
    /// commands that run it on data check those against the data set (<see cref="DataSetOption.RequireFits"/>).
    /// </summary>
    public static Model Load(string path, string optionName = "--weights")
    {
        var model = LoadAny(path, optionName);
        return model;
    }

    /// <summary>True when <paramref name="path"/> names an ONNX model (extension .onnx, any case) rather than a .msw file.</summary>
    public static bool IsOnnx(string path) => Path.GetExtension(path).Equals(".onnx", StringComparison.OrdinalIgnoreCase);

    /// <summary>Loads a .msw weights file, or imports an .onnx model (docs/onnx.md), without the data-set shape check.</summary>
    public static Model LoadAny(string path, string optionName = "--weights")
    {
        if (IsOnnx(path)) return ImportOnnx(path, optionName).Model;
        try
        {
            return WeightsFile.Load(path);
        }
        catch (Exception ex) when (ex is WeightsFormatException or FileNotFoundException or IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{optionName}: {ex.Message}");
        }
    }

    /// <summary>
    /// The input normalization a weights file records: its "mean" and "std" metadata (one value, or one per channel,
    /// comma-separated), from an ONNX model's metadata_props or the .msw it was imported into (docs/datasets.md);
    /// null for either that is absent. A malformed value is an error naming the file and the key.
    /// </summary>
    public static (IReadOnlyList<float>? Mean, IReadOnlyList<float>? Std) RecordedNormalization(string path, string optionName = "--weights")
    {
        IReadOnlyDictionary<string, string>? metadata;
        if (IsOnnx(path)) metadata = ImportOnnx(path, optionName).Metadata;
        else
        {
            try { metadata = WeightsFile.ReadHeader(File.ReadAllBytes(path), path).Metadata; }
            catch (Exception ex) when (ex is WeightsFormatException or FileNotFoundException or IOException or UnauthorizedAccessException)
            {
                throw new CliException($"{optionName}: {ex.Message}");
            }
        }
        IReadOnlyList<float>? Read(string key)
        {
            if (metadata is null || !metadata.TryGetValue(key, out var text)) return null;
            var parts = text.Split(',', StringSplitOptions.TrimEntries);
            var values = new float[parts.Length];
            for (int k = 0; k < parts.Length; k++)
                if (!float.TryParse(parts[k], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out values[k]) || !float.IsFinite(values[k]))
                    throw new CliException($"{optionName} {path}: metadata '{key}' must be numbers separated by commas (got '{Terminal.Plain(text)}').");
            return values;
        }
        return (Read("mean"), Read("std"));
    }

    /// <summary>Imports an ONNX model, turning import problems into one-line errors naming the option.</summary>
    public static OnnxImport ImportOnnx(string path, string optionName, string? modelName = null)
    {
        try
        {
            return OnnxImporter.Import(path, modelName);
        }
        catch (Exception ex) when (ex is OnnxImportException or FileNotFoundException or IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{optionName}: {ex.Message}");
        }
    }
}
