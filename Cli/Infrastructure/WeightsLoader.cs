using MemristorSpice.Network.Data;
using MemristorSpice.Network.IO;
using MemristorSpice.Network.Models;

namespace MemristorSpice.Cli.Infrastructure;

/// <summary>Loads a weights file for a command, turning format problems into one-line errors naming the option.</summary>
internal static class WeightsLoader
{
    /// <summary>
    /// Loads and checks the file (docs/weights-format.md) and that the network fits the data sets the tool runs
    /// (MNIST and Fashion-MNIST): it takes 1x28x28 images and has 10 outputs. A network for another shape would
    /// otherwise only fail, or silently mis-classify, once images reach it.
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
        if (model.InputShape != Datasets.SampleShape || model.OutputShape.Size != Datasets.Classes)
            throw new CliException($"{optionName}: {path}: the network takes {model.InputShape} inputs and has {model.OutputShape.Size} outputs; " +
                                   $"the data sets (MNIST, Fashion-MNIST) need {Datasets.SampleShape} inputs and {Datasets.Classes} outputs.");
        return model;
    }
}
