using System.CommandLine;
using MemristorSpice.Network.Data;

namespace MemristorSpice.Cli.Infrastructure;

/// <summary>The <c>--dataset mnist|fashion</c> option and loading of its train and test splits.</summary>
internal static class DataSetOption
{
    public static Option<string> Create() => new Option<string>("--dataset")
    {
        Description = "Data set: mnist (data/mnist, fetched by scripts/bootstrap) or fashion (Debian dataset-fashion-mnist).",
        DefaultValueFactory = _ => "mnist",
    }.AcceptOnlyFromAmong("mnist", "fashion");

    public static Dataset LoadTrain(string name) => Load(name, train: true);

    public static Dataset LoadTest(string name) => Load(name, train: false);

    private static Dataset Load(string name, bool train)
    {
        try
        {
            return (name, train) switch
            {
                ("fashion", true) => Datasets.FashionTrain(),
                ("fashion", false) => Datasets.FashionTest(),
                (_, true) => Datasets.MnistTrain(RepoPaths.MnistDir),
                _ => Datasets.MnistTest(RepoPaths.MnistDir),
            };
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or IdxFormatException)
        {
            throw new CliException($"--dataset {name}: {ex.Message} Run scripts/bootstrap to fetch and check the data.");
        }
    }

    /// <summary>The folder a data set is read from when it is ours (mnist), else null; outputs must stay out of it.</summary>
    public static string? Folder(string name) => name == "mnist" ? RepoPaths.MnistDir : null;

    /// <summary>The first <paramref name="limit"/> samples, or all when the limit is null.</summary>
    public static Dataset Limit(Dataset data, int? limit) => limit is { } n && n < data.Count ? data.Take(n) : data;
}
