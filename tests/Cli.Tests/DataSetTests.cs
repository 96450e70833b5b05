using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Network.Data;
using MemristorSpice.Tests.Shared;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace MemristorSpice.Cli.Tests;

/// <summary>
/// --dataset beyond mnist/fashion through the commands, and where named data sets are found. The truth for the
/// image-folder runs is the same MNIST images read through the mnist path: same images, same network, so the
/// accuracy and the confusion matrix must be identical (no tolerance: PNG is lossless and k/255 round-trips exactly).
/// </summary>
public class DataSetTests
{
    private static string Shipped => Path.Combine(Dependencies.RepoRoot, "weights", "msccnn.msw");

    /// <summary>Writes images of <paramref name="data"/> as grey PNGs into dir/&lt;label&gt;/&lt;index&gt;.png.</summary>
    private static void WriteFolder(Dataset data, string dir)
    {
        for (int c = 0; c < 10; c++) Directory.CreateDirectory(Path.Combine(dir, c.ToString()));
        int size = data.Rows * data.Cols;
        for (int n = 0; n < data.Count; n++)
        {
            using var img = new Image<L8>(data.Cols, data.Rows);
            for (int y = 0; y < data.Rows; y++)
                for (int x = 0; x < data.Cols; x++)
                    img[x, y] = new L8((byte)Math.Round(data.Pixels[n * size + y * data.Cols + x] * 255));
            img.SaveAsPng(Path.Combine(dir, data.Labels[n].ToString(), $"{n:D5}.png"));
        }
    }

    private static JsonElement Find(JsonElement e, string name)
    {
        if (e.ValueKind == JsonValueKind.Object)
            foreach (var p in e.EnumerateObject())
            {
                if (p.Name == name) return p.Value;
                if (Find(p.Value, name) is { ValueKind: not JsonValueKind.Undefined } f) return f;
            }
        return default;
    }

    [Fact]
    public void Evaluate_on_an_image_folder_of_mnist_test_images_equals_the_mnist_path()
    {
        var mnist = Dependencies.RequireMnist();
        var dir = SeededWeights.TempDir("dataset-folder-eval");
        WriteFolder(Datasets.MnistTest(mnist).Take(300), Path.Combine(dir, "digits"));
        var viaMnist = CliRunner.Run("evaluate", "--weights", Shipped, "--images", "300");
        var viaFolder = CliRunner.Run("evaluate", "--weights", Shipped, "--dataset", $"folder:{Path.Combine(dir, "digits")}");
        Assert.Equal(0, viaMnist.ExitCode);
        Assert.Equal(0, viaFolder.ExitCode);
        string Correct(string output) => System.Text.RegularExpressions.Regex.Match(output, @"\((\d+/300) ").Groups[1].Value;
        Assert.Matches(@"^\d+/300$", Correct(viaMnist.Out));
        Assert.Equal(Correct(viaMnist.Out), Correct(viaFolder.Out));
    }

    [Fact]
    public void Cosim_on_an_image_folder_equals_the_mnist_path_on_the_same_images()
    {
        var mnist = Dependencies.RequireMnist();
        var dir = SeededWeights.TempDir("dataset-folder-cosim");
        var root = Path.Combine(dir, "digits");
        // train/ holds exactly the 200 calibration images the mnist path uses (the first 200 training images), so the
        // converter ranges (maxima over the set) are the same; the column correction, which depends on image order,
        // is switched off on both runs.
        WriteFolder(Datasets.MnistTrain(mnist).Take(200), Path.Combine(root, "train"));
        WriteFolder(Datasets.MnistTest(mnist).Take(100), Path.Combine(root, "test"));
        var cfg = Path.Combine(dir, "cfg.json");
        File.WriteAllText(cfg, """{ "columnCalibrationImages": 0 }""");
        string[] common = ["cosim", "--weights", Shipped, "--backend", "ideal", "--nonideal", cfg, "--threads", "2"];
        var a = CliRunner.Run([.. common, "--images", "100", "--out", Path.Combine(dir, "mnist")]);
        var b = CliRunner.Run([.. common, "--dataset", $"folder:{root}", "--out", Path.Combine(dir, "folder")]);
        Assert.True(a.ExitCode == 0, a.Err);
        Assert.True(b.ExitCode == 0, b.Err);
        using var sa = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "mnist", "summary.json")));
        using var sb = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "folder", "summary.json")));
        Assert.Equal(100, Find(sa.RootElement, "images").GetInt32());
        Assert.Equal(Find(sa.RootElement, "analogCorrect").GetInt32(), Find(sb.RootElement, "analogCorrect").GetInt32());
        Assert.Equal(Find(sa.RootElement, "analogConfusion").ToString(), Find(sb.RootElement, "analogConfusion").ToString());
    }

    [Fact]
    public void A_data_set_that_does_not_fit_the_network_is_refused_naming_shapes_and_files()
    {
        var dir = SeededWeights.TempDir("dataset-fit");
        var weights = SeededWeights.Msccnn(dir);
        // 3-channel 8x8 images against msccnn's 1x28x28 input.
        for (int c = 0; c < 2; c++)
        {
            using var img = new Image<Rgb24>(8, 8, new Rgb24((byte)(100 * c), 10, 200));
            Directory.CreateDirectory(Path.Combine(dir, "rgb", $"class{c}"));
            img.SaveAsPng(Path.Combine(dir, "rgb", $"class{c}", "a.png"));
        }
        var shape = CliRunner.Run("evaluate", "--weights", weights, "--dataset", $"folder:{Path.Combine(dir, "rgb")}");
        Assert.Equal(1, shape.ExitCode);
        Assert.Contains("the network takes 1x28x28 inputs (channels x rows x columns) but the images of --dataset folder:", shape.Err);
        Assert.Contains("are 3x8x8", shape.Err);

        // npy labels up to 12 against 10 outputs: the label file is named.
        var images = Path.Combine(dir, "x.npy");
        var labels = Path.Combine(dir, "y.npy");
        File.WriteAllBytes(images, Npy("|u1", "(2, 28, 28)", new byte[2 * 28 * 28]));
        File.WriteAllBytes(labels, Npy("|u1", "(2,)", [3, 12]));
        var label = CliRunner.Run("evaluate", "--weights", weights, "--dataset", $"npy:{images},{labels}");
        Assert.Equal(1, label.ExitCode);
        Assert.Contains($"{labels}: label 12 is out of range for the network's 10 outputs", label.Err);
        Assert.DoesNotContain("   at ", label.Err);

        // An image folder with 2 classes against 10 outputs.
        using (var grey = new Image<L8>(28, 28)) foreach (var c in new[] { "a", "b" })
        {
            Directory.CreateDirectory(Path.Combine(dir, "two", c));
            grey.SaveAsPng(Path.Combine(dir, "two", c, "1.png"));
        }
        var classes = CliRunner.Run("evaluate", "--weights", weights, "--dataset", $"folder:{Path.Combine(dir, "two")}");
        Assert.Equal(1, classes.ExitCode);
        Assert.Contains("the network has 10 outputs but --dataset folder:", classes.Err);
        Assert.Contains("has 2 classes", classes.Err);
    }

    private static byte[] Npy(string descr, string shape, byte[] data)
    {
        var dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}";
        var header = Encoding.ASCII.GetBytes(dict.PadRight(64 - 10 - 1) + "\n");
        var b = new byte[10 + header.Length + data.Length];
        new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0 }.CopyTo(b, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(8), (ushort)header.Length);
        header.CopyTo(b, 10);
        data.CopyTo(b, 10 + header.Length);
        return b;
    }

    [Fact]
    public void Bad_data_gives_a_one_line_error_naming_the_file()
    {
        var dir = SeededWeights.TempDir("dataset-bad");
        var weights = SeededWeights.Msccnn(dir);
        var images = Path.Combine(dir, "x.npy");
        File.WriteAllBytes(images, Npy("|u1", "(2, 28, 28)", new byte[100]));
        var r = CliRunner.Run("evaluate", "--weights", weights, "--dataset", $"npy:{images},{images}");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains($"--dataset npy:{images},{images}: {images}: truncated .npy file", r.Err);
        var missing = CliRunner.Run("evaluate", "--weights", weights, "--dataset", $"idx:{Path.Combine(dir, "nowhere")}");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("IDX folder not found", missing.Err);
        var usage = CliRunner.Run("evaluate", "--weights", weights, "--dataset", "cifar");
        Assert.Equal(2, usage.ExitCode);
        Assert.Contains("--dataset: 'cifar' is not a data set", usage.Err);
        var npyCount = CliRunner.Run("evaluate", "--weights", weights, "--dataset", $"npy:{images}");
        Assert.Equal(2, npyCount.ExitCode);
        var std = CliRunner.Run("evaluate", "--weights", weights, "--std", "0");
        Assert.Equal(2, std.ExitCode);
        Assert.Contains("--std must be in [1E-09, 1E+06]", std.Err);
    }

    [Fact]
    public void Negative_normalized_inputs_get_a_bipolar_dac_and_are_refused_only_by_a_unipolar_design_point()
    {
        var dir = SeededWeights.TempDir("dataset-negative");
        string images = Path.Combine(dir, "x.npy"), labels = Path.Combine(dir, "y.npy");
        File.WriteAllBytes(images, Npy("|u1", "(2, 28, 28)", new byte[2 * 28 * 28]));
        File.WriteAllBytes(labels, Npy("|u1", "(2,)", [3, 1]));
        string weights = SeededWeights.Msccnn(dir);
        // Default (dac.polarity auto): pixels of 0 normalized by mean 0.5 are −0.5, the first layer's DAC is bipolar.
        var ok = CliRunner.Run("cosim", "--weights", weights, "--dataset", $"npy:{images},{labels}", "--mean", "0.5", "--out", Path.Combine(SeededWeights.TempDir("dataset-negative-ok"), "out"));
        Assert.True(ok.ExitCode == 0, ok.Err);
        string unipolar = Path.Combine(dir, "unipolar.json");
        File.WriteAllText(unipolar, """{ "dac": { "polarity": "unipolar" } }""");
        var r = CliRunner.Run("cosim", "--weights", weights, "--dataset", $"npy:{images},{labels}", "--mean", "0.5", "--nonideal", unipolar,
            "--out", Path.Combine(SeededWeights.TempDir("dataset-negative-out"), "out"));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("normalized pixels go down to -0.5", r.Err);
        Assert.Contains("unipolar", r.Err);
    }

    private static void Checkout(string dir)
    {
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "MemristorSpice.sln"), "");
    }

    [Fact]
    public void Named_data_sets_are_looked_up_env_then_home_then_checkouts_and_the_error_lists_each_place()
    {
        var dir = SeededWeights.TempDir("dataset-lookup");
        string env = Path.Combine(dir, "envdata"), home = Path.Combine(dir, "home"), cwdCheckout = Path.Combine(dir, "cwd"), exeCheckout = Path.Combine(dir, "exe");
        Checkout(cwdCheckout);
        Checkout(exeCheckout);
        var vars = new Dictionary<string, string?> { ["MEMSPICE_DATA"] = env, ["MEMSPICE_HOME"] = home };
        var context = new DataLocator.Context(k => vars.GetValueOrDefault(k), Path.Combine(cwdCheckout, "sub", "deeper"), Path.Combine(exeCheckout, "bin", "Release"));
        Directory.CreateDirectory(context.CurrentDirectory);
        Assert.Equal(
            [(Path.Combine(env, "mnist"), "$MEMSPICE_DATA"), (Path.Combine(home, "data", "mnist"), "$MEMSPICE_HOME"),
             (Path.Combine(cwdCheckout, "data", "mnist"), "checkout above the current folder"), (Path.Combine(exeCheckout, "data", "mnist"), "checkout above the executable")],
            DataLocator.Candidates("mnist", context).Select(c => (c.Dir, c.Why)).ToArray());
        Assert.Equal(Datasets.FashionMnistDefaultDir, DataLocator.Candidates("fashion", context)[^1].Dir);

        // Nothing anywhere: the error names all four places and why each failed.
        Directory.CreateDirectory(Path.Combine(cwdCheckout, "data", "mnist"));
        var error = Assert.Throws<CliException>(() => DataLocator.Locate("mnist", DataSplit.Test, context)).Message;
        Assert.Contains($"{Path.Combine(env, "mnist")} ($MEMSPICE_DATA: no such folder)", error);
        Assert.Contains($"{Path.Combine(home, "data", "mnist")} ($MEMSPICE_HOME: no such folder)", error);
        Assert.Contains($"{Path.Combine(cwdCheckout, "data", "mnist")} (checkout above the current folder: missing t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte)", error);
        Assert.Contains($"{Path.Combine(exeCheckout, "data", "mnist")} (checkout above the executable: no such folder)", error);
        Assert.Contains("--dataset mnist:DIR", error);

        // The first place holding the split wins: the executable's checkout, then the environment variable before it.
        void Files(string d, string prefix)
        {
            Directory.CreateDirectory(d);
            File.WriteAllBytes(Path.Combine(d, $"{prefix}-images-idx3-ubyte"), []);
            File.WriteAllBytes(Path.Combine(d, $"{prefix}-labels-idx1-ubyte.gz"), []);
        }
        Files(Path.Combine(exeCheckout, "data", "mnist"), "t10k");
        Assert.Equal(Path.Combine(exeCheckout, "data", "mnist"), DataLocator.Locate("mnist", DataSplit.Test, context));
        Files(Path.Combine(env, "mnist"), "t10k");
        Assert.Equal(Path.Combine(env, "mnist"), DataLocator.Locate("mnist", DataSplit.Test, context));
        // The training split is looked up on its own: only the test files exist so far.
        Assert.Throws<CliException>(() => DataLocator.Locate("mnist", DataSplit.Train, context));

        // Without MEMSPICE_DATA the message says it is unset.
        vars.Remove("MEMSPICE_DATA");
        Assert.Contains("$MEMSPICE_DATA (unset)", Assert.Throws<CliException>(() => DataLocator.Locate("mnist", DataSplit.Train, context)).Message);
    }

    [Fact]
    public void An_explicit_mnist_folder_is_used_as_given()
    {
        var mnist = Dependencies.RequireMnist();
        var dir = SeededWeights.TempDir("dataset-explicit");
        foreach (var f in new[] { "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte" }) File.Copy(Path.Combine(mnist, f), Path.Combine(dir, f));
        var r = CliRunner.Run("evaluate", "--weights", Shipped, "--images", "50", "--dataset", $"mnist:{dir}");
        Assert.True(r.ExitCode == 0, r.Err);
        var idx = CliRunner.Run("evaluate", "--weights", Shipped, "--images", "50", "--dataset", $"idx:{dir}");
        Assert.True(idx.ExitCode == 0, idx.Err);
        // Same 50 images through the distributed names and through magic-number discovery: same count.
        string Correct(string output) => System.Text.RegularExpressions.Regex.Match(output, @"\((\d+/50) ").Groups[1].Value;
        Assert.Equal(Correct(r.Out), Correct(idx.Out));
        Assert.NotEqual("", Correct(r.Out));
    }

    [Fact]
    public void A_normalization_recorded_in_the_onnx_metadata_is_used_unless_mean_and_std_are_given()
    {
        // The LeNet fixture with "mean"/"std" in its metadata_props: evaluate must feed exactly what --mean/--std give
        // (same images, same network: identical accuracy line), and the options still win over the metadata.
        Dependencies.RequireMnist();
        var dir = SeededWeights.TempDir("dataset-onnx-meta");
        var fixture = Path.Combine(Dependencies.RepoRoot, "tests", "Fixtures", "onnx", "lenet.onnx");
        var proto = MemristorSpice.Network.Onnx.Proto.ModelProto.Parser.ParseFrom(File.ReadAllBytes(fixture));
        proto.MetadataProps.Add(new MemristorSpice.Network.Onnx.Proto.StringStringEntryProto { Key = "mean", Value = "0.25" });
        proto.MetadataProps.Add(new MemristorSpice.Network.Onnx.Proto.StringStringEntryProto { Key = "std", Value = "0.5" });
        var tagged = Path.Combine(dir, "tagged.onnx");
        File.WriteAllBytes(tagged, Google.Protobuf.MessageExtensions.ToByteArray(proto));

        // The console wraps long lines: compare with whitespace collapsed.
        static string Flat(CliRunner.Result r) => System.Text.RegularExpressions.Regex.Replace(r.Out, @"\s+", " ");
        static string Accuracy(CliRunner.Result r) => System.Text.RegularExpressions.Regex.Match(Flat(r), @"test accuracy [0-9.]+ % \([0-9]+/[0-9]+").Value;
        var fromMetadata = CliRunner.Run("evaluate", "--weights", tagged, "--images", "200");
        var fromOptions = CliRunner.Run("evaluate", "--weights", fixture, "--images", "200", "--mean", "0.25", "--std", "0.5");
        var plain = CliRunner.Run("evaluate", "--weights", fixture, "--images", "200");
        var overridden = CliRunner.Run("evaluate", "--weights", tagged, "--images", "200", "--mean", "0", "--std", "1");
        Assert.All(new[] { fromMetadata, fromOptions, plain, overridden }, r => Assert.True(r.ExitCode == 0, r.Out + r.Err));
        Assert.Contains("mean 0.25, std 0.5", Flat(fromMetadata));
        Assert.NotEmpty(Accuracy(plain));
        Assert.Equal(Accuracy(fromOptions), Accuracy(fromMetadata));
        Assert.Equal(Accuracy(plain), Accuracy(overridden));
        Assert.NotEqual(Accuracy(plain), Accuracy(fromMetadata));

        proto.MetadataProps[0].Value = "0.25;x";
        var bad = Path.Combine(dir, "bad.onnx");
        File.WriteAllBytes(bad, Google.Protobuf.MessageExtensions.ToByteArray(proto));
        var r = CliRunner.Run("evaluate", "--weights", bad, "--images", "10");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("metadata 'mean'", r.Err);
    }
}
