using MemristorSpice.Cli.Commands.Prune;
using MemristorSpice.Network;
using MemristorSpice.Network.Data;
using MemristorSpice.Network.IO;
using MemristorSpice.Network.Layers;
using MemristorSpice.Network.Models;
using MemristorSpice.Network.Pruning;
using MemristorSpice.Network.Training;

namespace MemristorSpice.Cli.Tests;

/// <summary>
/// The prune command's pieces without a whole CLI run: option binding (checked against the meaning each option's help
/// text gives) and the mapping of recipe failures to the option that caused them.
/// </summary>
public class PruneSettingsTests
{
    private static string Weights()
    {
        var dir = Path.Combine(Path.GetTempPath(), "memspice-prune-settings", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "seeded.msw");
        WeightsFile.Save(ModelZoo.Create("msccnn", 3), path);
        return path;
    }

    private static (PruneSettings Settings, int Errors) Bind(params string[] args)
    {
        var command = new PruneCommand();
        var parse = command.Command.Parse(args);
        return (parse.Errors.Count == 0 ? command.Bind(parse) : null!, parse.Errors.Count);
    }

    [Fact]
    public void Options_bind_into_settings_and_recipe_options()
    {
        var w = Weights();
        var outPath = Path.Combine(Path.GetDirectoryName(w)!, "small.msw");
        var (s, errors) = Bind("--weights", w, "--ratio", "0.3", "--criterion", "l1", "--schedule", "cosine", "--lr", "0.01", "--seed", "7",
            "--fade-epochs", "2", "--finetune-epochs", "5", "--sparsity-epochs", "0", "--distill", "0.5", "--temperature", "2",
            "--validation-images", "100", "--out", outPath, "--force");
        Assert.Equal(0, errors);
        Assert.Equal(w, s.WeightsPath);
        Assert.Equal(new PruneAmount(0.3, null, null), s.Amount);
        Assert.Equal(PruningCriterion.L1Norm, s.Criterion);
        Assert.Equal(ScheduleKind.Cosine, s.Schedule);
        Assert.True(s.Force);
        // --log defaults to the weights file with the extension .log.csv (help text of --log).
        Assert.Equal(Path.ChangeExtension(outPath, ".log.csv"), s.LogPath);
        Assert.StartsWith("memspice --weights", s.CommandLine);

        var o = s.ToPruningOptions(null);
        Assert.Equal(0.3, o.Ratio);   // exact: the parsed decimal literal passes through unchanged
        Assert.Null(o.MaxDropPoints);
        Assert.Null(o.RemoveCounts);
        Assert.Equal(PruningCriterion.L1Norm, o.Criterion);
        Assert.Equal(0, o.Sparsity.Epochs);
        Assert.Equal((5, 7, ScheduleKind.Cosine, 0.01f, true), (o.FineTune.Epochs, o.FineTune.Seed, o.FineTune.Schedule, o.FineTune.MaxLearningRate, o.FineTune.EvaluateEachEpoch));
        // The fade run has its own shuffles (seed + 1000) and the same schedule and peak rate as the fine-tuning.
        Assert.Equal((2, 1007, ScheduleKind.Cosine, 0.01f), (o.Fade.Epochs, o.Fade.Seed, o.Fade.Schedule, o.Fade.MaxLearningRate));
        Assert.Equal((0.5f, 2f, 100), (o.DistillWeight, o.DistillTemperature, o.ValidationImages));
    }

    [Fact]
    public void Defaults_are_those_the_help_text_states()
    {
        var w = Weights();
        var (s, errors) = Bind("--weights", w, "--max-drop", "1.5", "--out", Path.ChangeExtension(w, ".pruned.msw"));
        Assert.Equal(0, errors);
        Assert.Equal(new PruneAmount(null, null, 1.5), s.Amount);
        Assert.Equal((PruningCriterion.BatchNormScale, ScheduleKind.OneCycle, 3, 3, 0, 1, 5000, "mnist", false),
            (s.Criterion, s.Schedule, s.FineTuneEpochs, s.SparsityEpochs, s.FadeEpochs, s.Seed, s.ValidationImages, s.Dataset, s.Force));
        Assert.Equal((0.002, 0.0, 4.0), (s.LearningRate, s.DistillWeight, s.DistillTemperature));
        Assert.Equal(1.5, s.ToPruningOptions(null).MaxDropPoints);
    }

    [Theory]
    [InlineData("--ratio", "0.5", "--remove", "dw1=4")]
    [InlineData("--max-drop", "1", "--ratio", "0.5")]
    public void Two_amounts_do_not_bind(string o1, string v1, string o2, string v2)
    {
        var w = Weights();
        var (_, errors) = Bind("--weights", w, o1, v1, o2, v2, "--out", Path.ChangeExtension(w, ".pruned.msw"));
        Assert.Equal(1, errors);
    }

    [Fact]
    public void Remove_binds_as_text_and_parses_against_the_model()
    {
        var w = Weights();
        var (s, _) = Bind("--weights", w, "--remove", "dw1=8, dw2=40", "--out", Path.ChangeExtension(w, ".pruned.msw"));
        var counts = RemoveCounts.Parse(s.Amount.RemoveSpec!, ModelZoo.Create("msccnn", 3));
        Assert.Equal(new Dictionary<string, int> { ["dw1"] = 8, ["dw2"] = 40 }, counts);
        Assert.Equal(counts, s.ToPruningOptions(counts).RemoveCounts);
    }

    /// <summary>Four random 8×8 images: enough for the recipe to evaluate and prune, far too few to learn anything.</summary>
    private static Dataset Tiny(int n = 4)
    {
        var rng = new Random(5);
        var pixels = new float[n * 64];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = (float)rng.NextDouble();
        return new Dataset("tiny", 8, 8, pixels, [.. Enumerable.Range(0, n).Select(i => (byte)(i % 10))]);
    }

    private static PruningOptions Quick(PruningOptions o) => o with
    {
        Sparsity = o.Sparsity with { Epochs = 0 }, FineTune = o.FineTune with { Epochs = 0 }, ValidationImages = 0,
    };

    [Fact]
    public void A_ratio_run_that_the_model_refuses_does_not_blame_max_drop()
    {
        // Depthwise layer without a BatchNorm after it: the bn criterion has no scale to rank by (the recipe refuses).
        var model = new Model("nobn", new Shape3(1, 8, 8),
        [
            new Conv2d("conv1", 1, 4, 3, 1, 1), new ReLU("relu1"), new DepthwiseConv("dw1", 4, 3, 1, 1), new ReLU("relu2"),
            new PointwiseConv("pw1", 4, 10), new GlobalAvgPool("gap"),
        ]);
        Initializer.HeInit(model, 1);
        var data = Tiny();
        var ex = Assert.Throws<CliException>(() => PruneHandler.Prune(model, data, data, Quick(new PruningOptions { Ratio = 0.5 })));
        Assert.DoesNotContain("--max-drop", ex.Message);
        Assert.Contains("has no BatchNorm after it", ex.Message);
        Assert.Equal(1, ex.ExitCode);
    }

    [Fact]
    public void A_failed_ratio_search_names_max_drop()
    {
        // An accuracy drop is at least -100 points, so a limit of -200 points fails every candidate ratio.
        var model = ModelZoo.Create("msccnn", 3);
        var images = new float[4 * 28 * 28];
        var data = new Dataset("tiny", 28, 28, images, [0, 1, 2, 3]);
        var options = Quick(new PruningOptions { MaxDropPoints = -200, SearchRatios = [0.25, 0.5] });
        var ex = Assert.Throws<CliException>(() => PruneHandler.Prune(model, data, data, options));
        Assert.StartsWith("--max-drop: No candidate ratio keeps the accuracy drop within -200 points", ex.Message);
    }
}
