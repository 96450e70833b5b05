using MemristorSpice.Network;

namespace MemristorSpice.Cli.Infrastructure;

/// <summary>Loads a weights file for a command, turning format problems into one-line errors naming the option.</summary>
internal static class WeightsLoader
{
    public static Model Load(string path, string optionName = "--weights")
    {
        try
        {
            return WeightsFile.Load(path);
        }
        catch (Exception ex) when (ex is WeightsFormatException or FileNotFoundException or IOException)
        {
            throw new CliException($"{optionName}: {ex.Message}");
        }
    }
}
