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
