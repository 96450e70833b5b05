using System.CommandLine;
using System.Globalization;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Network.Data;
using MemristorSpice.Network.Models;

namespace MemristorSpice.Cli.Infrastructure;

/// <summary>
/// What <c>--dataset</c>, <c>--mean</c> and <c>--std</c> chose: the data set spec as given (mnist, fashion,
/// mnist:DIR, fashion:DIR, idx:DIR, folder:DIR, npy:IMAGES,LABELS[,TEST_IMAGES,TEST_LABELS]) and an optional
/// per-channel normalization (x − mean) / std applied after the loader scales pixels to [0, 1].
/// </summary>
internal sealed record DataSetChoice(string Spec, IReadOnlyList<float>? Mean = null, IReadOnlyList<float>? Std = null)
{
    /// <summary>The spec plus the normalization, as printed and recorded in outputs.</summary>
    public override string ToString() => Mean is null && Std is null ? Spec
        : $"{Spec} (mean {DataSetOption.Format(Mean ?? [0f])}, std {DataSetOption.Format(Std ?? [1f])})";

    /// <summary>The implicit conversion keeps <c>Settings("mnist")</c>-style construction short in code and tests.</summary>
    public static implicit operator DataSetChoice(string spec) => new(spec);
}

/// <summary>The <c>--dataset</c>, <c>--mean</c> and <c>--std</c> options and loading of the chosen data set's splits.</summary>
internal sealed class DataSetOption
{
    /// <summary>Data set kinds that take a path after a colon.</summary>
    public static readonly IReadOnlyList<string> PathKinds = ["mnist", "fashion", "idx", "folder", "npy"];

    /// <summary>The <c>--dataset</c> option.</summary>
    public Option<string> Spec { get; } = Create();
    /// <summary>The <c>--mean</c> option: per-channel means subtracted after scaling to [0, 1].</summary>
    public Option<string?> Mean { get; } = ListOption("--mean", "Per-channel mean subtracted from pixels scaled to [0, 1], e.g. 0.5,0.5,0.5 (one value applies to all channels; default 0).");
    /// <summary>The <c>--std</c> option: per-channel standard deviations divided out after the mean.</summary>
    public Option<string?> Std { get; } = ListOption("--std", "Per-channel standard deviation divided out after --mean, e.g. 0.25,0.25,0.25 (default 1).");

    /// <summary>The three options, to add to a command.</summary>
    public IEnumerable<Option> All => [Spec, Mean, Std];

    /// <summary>The choice made on the command line.</summary>
    public DataSetChoice Bind(ParseResult parse)
    {
        var mean = parse.GetValue(Mean) is { } m ? ParseList(m) : null;
        var std = parse.GetValue(Std) is { } s ? ParseList(s) : null;
        return new DataSetChoice(parse.GetValue(Spec)!, mean, std);
    }

    /// <summary>
    /// The choice made on the command line; without --mean and --std, the normalization the network's weights file
    /// records ("mean"/"std" metadata, <see cref="WeightsLoader.RecordedNormalization"/>), so an exported network
    /// that names its training normalization is fed as it was trained.
    /// </summary>
    public DataSetChoice Bind(ParseResult parse, string weightsPath)
    {
        var choice = Bind(parse);
        if (choice.Mean is not null || choice.Std is not null) return choice;
        var (mean, std) = WeightsLoader.RecordedNormalization(weightsPath);
        return mean is null && std is null ? choice : choice with { Mean = mean, Std = std };
    }

    /// <summary>The bare <c>--dataset</c> option with its spec check (a malformed spec is a usage error, exit 2).</summary>
    public static Option<string> Create()
    {
        var option = new Option<string>("--dataset")
        {
            Description = "Data set: mnist (found via --dataset mnist:DIR, $MEMSPICE_DATA/mnist or the checkout's data/mnist), fashion " +
                          "(likewise, then Debian dataset-fashion-mnist), idx:DIR (an IDX image/label pair found by magic number), " +
                          "folder:DIR (one sub-folder of PNG/JPEG images per class), npy:IMAGES.npy,LABELS.npy[,TEST_IMAGES.npy,TEST_LABELS.npy]. " +
                          "docs/datasets.md has the details.",
            DefaultValueFactory = _ => "mnist",
        };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string>() is { } v && SpecProblem(v) is { } problem) r.AddError($"--dataset: {problem}");
        });
        return option;
    }

    /// <summary>Null when <paramref name="spec"/> is well formed, else what is wrong.</summary>
    internal static string? SpecProblem(string spec)
    {
        if (spec is "mnist" or "fashion") return null;
        int colon = spec.IndexOf(':');
        var kind = colon < 0 ? spec : spec[..colon];
        if (colon < 0 || !PathKinds.Contains(kind))
            return $"'{spec}' is not a data set; use mnist, fashion, mnist:DIR, fashion:DIR, idx:DIR, folder:DIR or npy:IMAGES.npy,LABELS.npy.";
        var rest = spec[(colon + 1)..];
        if (rest.Length == 0) return $"'{spec}' lacks the path after '{kind}:'.";
        if (kind == "npy" && rest.Split(',').Length is not (2 or 4))
            return $"'{spec}': npy takes two files (images, labels) or four (training images, labels, test images, labels), comma-separated.";
        return null;
    }

    private static Option<string?> ListOption(string name, string description)
    {
        var option = new Option<string?>(name) { Description = description };
        OptionChecks.RangeOf(name);
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is not { } text) return;
            var values = text.Split(',');
            if (values.Length is not (1 or 3)) { r.AddError($"{name}: give one value or three (one per RGB channel), comma-separated (got '{text}')."); return; }
            foreach (var v in values)
            {
                if (!double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double d)) { r.AddError($"{name}: '{v}' is not a number."); return; }
                if (OptionChecks.Problem(name, d) is { } problem) { r.AddError(problem); return; }
            }
        });
        return option;
    }

    private static float[] ParseList(string text) =>
        [.. text.Split(',').Select(v => (float)double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture))];

    internal static string Format(IReadOnlyList<float> values) => string.Join(",", values.Select(v => v.ToString("G6", CultureInfo.InvariantCulture)));

    /// <summary>The training split (training images; the co-simulation's calibration images).</summary>
    public static Dataset LoadTrain(DataSetChoice choice) => Load(choice, DataSplit.Train);

    /// <summary>The test split (evaluated images).</summary>
    public static Dataset LoadTest(DataSetChoice choice) => Load(choice, DataSplit.Test);

    private static Dataset Load(DataSetChoice choice, DataSplit split)
    {
        var spec = choice.Spec;
        int colon = spec.IndexOf(':');
        string kind = colon < 0 ? spec : spec[..colon], path = colon < 0 ? "" : spec[(colon + 1)..];
        string suffix = split == DataSplit.Train ? "train" : "test";
        Dataset data;
        try
        {
            data = kind switch
            {
                "mnist" or "fashion" => Named(kind, path.Length > 0 ? path : DataLocator.Locate(kind, split), split),
                "idx" => IdxFolder.Load($"idx-{suffix}", path, split),
                "folder" => ImageFolder.Load($"folder-{suffix}", FolderSplit(path, split)),
                "npy" => Npy(path, split),
                _ => throw new CliException($"--dataset: {SpecProblem(spec)}", 2),
            };
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or DataFormatException or UnauthorizedAccessException or IOException)
        {
            throw new CliException($"--dataset {spec}: {ex.Message}" + (kind is "mnist" or "fashion" ? " Run scripts/bootstrap to fetch and check the data." : ""));
        }
        if (choice.Mean is null && choice.Std is null) return data;
        try
        {
            return data.Normalized(choice.Mean ?? [0f], choice.Std ?? [1f]);
        }
        catch (ArgumentException ex)
        {
            throw new CliException($"--mean/--std: {ex.Message}");
        }
    }

    private static Dataset Named(string kind, string dir, DataSplit split) => (kind, split) switch
    {
        ("fashion", DataSplit.Train) => Datasets.FashionTrain(dir),
        ("fashion", _) => Datasets.FashionTest(dir),
        (_, DataSplit.Train) => Datasets.MnistTrain(dir),
        _ => Datasets.MnistTest(dir),
    };

    /// <summary>An image folder with train/ and test/ sub-folders gives each split its own; otherwise the folder serves both.</summary>
    internal static string FolderSplit(string dir, DataSplit split)
    {
        string train = Path.Combine(dir, "train"), test = Path.Combine(dir, "test");
        if (!Directory.Exists(train) || !Directory.Exists(test)) return dir;
        var trainClasses = ImageFolder.ClassNames(train);
        var testClasses = ImageFolder.ClassNames(test);
        if (!trainClasses.SequenceEqual(testClasses))
            throw new DataFormatException($"{dir}: train/ and test/ have different class sub-folders ({string.Join(", ", trainClasses)} vs {string.Join(", ", testClasses)}).");
        return split == DataSplit.Train ? train : test;
    }

    private static Dataset Npy(string files, DataSplit split)
    {
        var parts = files.Split(',');
        int at = parts.Length == 4 && split == DataSplit.Test ? 2 : 0;
        return NpyDataset.Load($"npy-{(split == DataSplit.Train ? "train" : "test")}", parts[at], parts[at + 1]);
    }

    /// <summary>The folder a data set is read from, or null; outputs must stay out of it.</summary>
    public static string? Folder(DataSetChoice choice)
    {
        var spec = choice.Spec;
        if (spec is "mnist" or "fashion") return DataLocator.Find(spec, DataSplit.Test);
        var path = spec[(spec.IndexOf(':') + 1)..];
        return spec.StartsWith("npy:", StringComparison.Ordinal) ? Path.GetDirectoryName(Path.GetFullPath(path.Split(',')[0])) : path;
    }

    /// <summary>The first <paramref name="limit"/> samples, or all when the limit is null.</summary>
    public static Dataset Limit(Dataset data, int? limit) => limit is { } n && n < data.Count ? data.Take(n) : data;

    /// <summary>
    /// Checks that <paramref name="model"/> fits <paramref name="data"/>: the network's declared input shape equals the
    /// images' shape, and its outputs equal the declared classes (MNIST, an image folder) or cover every label (IDX, npy).
    /// </summary>
    public static void RequireFits(Model model, string weightsPath, DataSetChoice choice, Dataset data, string optionName = "--weights")
    {
        int outputs = model.OutputShape.Size;
        if (model.InputShape != data.SampleShape)
            throw new CliException($"{optionName}: {weightsPath}: the network takes {model.InputShape} inputs (channels x rows x columns) but the " +
                                   $"images of --dataset {choice.Spec} are {data.SampleShape}.");
        if (data.ClassesDeclared && data.Classes != outputs)
            throw new CliException($"{optionName}: {weightsPath}: the network has {outputs} outputs but --dataset {choice.Spec} has {data.Classes} classes " +
                                   $"({data.LabelSource}).");
        if (data.Classes > outputs)
            throw new CliException($"--dataset {choice.Spec}: {data.LabelSource}: label {data.Classes - 1} is out of range for the network's {outputs} outputs " +
                                   $"({weightsPath}: classes 0 to {outputs - 1}).");
    }

    /// <summary>
    /// A normalized data set with negative pixels drives the first crossbar's rows below 0 V, which a bipolar DAC does
    /// (the default: <see cref="DacPolarity.Auto"/> makes the first layer's DAC bipolar when its calibration pixels go
    /// negative). A design point that fixes unipolar DACs (JSON dac.polarity) cannot, so circuit commands refuse such
    /// data then instead of clipping it.
    /// </summary>
    public static void RequireNonNegative(DataSetChoice choice, Dataset data, string command, DacPolarity polarity)
    {
        if (data.Count == 0 || polarity != DacPolarity.Unipolar) return;
        float min = System.Numerics.Tensors.TensorPrimitives.Min(data.Pixels);
        if (min < 0)
            throw new CliException($"{command}: --dataset {choice}: normalized pixels go down to {min:G4}, but the design point fixes unipolar " +
                                   "DACs (dac.polarity, 0 to Vread); use \"auto\" or \"bipolar\", or drop --mean/--std for circuit runs.");
    }
}
