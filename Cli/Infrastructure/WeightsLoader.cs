using MemristorSpice.Network.IO;
using MemristorSpice.Network.Models;

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
        Model model;
        try
        {
            model = WeightsFile.Load(path);
        }
        catch (Exception ex) when (ex is WeightsFormatException or FileNotFoundException or IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{optionName}: {ex.Message}");
        }
        return model;
    }
}
