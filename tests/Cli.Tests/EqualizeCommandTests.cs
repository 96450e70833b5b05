using MemristorSpice.Network.Data;
using MemristorSpice.Network.IO;
using MemristorSpice.Network.Layers;
using MemristorSpice.Network.Models;
using MemristorSpice.Tests.Shared;

namespace MemristorSpice.Cli.Tests;

public class EqualizeCommandTests
{
    /// <summary>
    /// <c>equalize</c> on a seeded msccnn (random BatchNorm statistics, MNIST from the checkout) rescales the four
    /// chains and writes a network that computes the same logits: checked against the original model on 50 MNIST test
    /// images, tolerance 1e-4 of the largest logit (float32 rounding of the rescaled γ, β and weights through eight
    /// layers, a few ulp each).
    /// </summary>
    [Fact]
    public void Equalized_weights_compute_the_same_logits()
    {
        var mnist = Dependencies.RequireMnist();
        var dir = Path.Combine(Path.GetTempPath(), "memspice-equalize-cli", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "seeded.msw");
        var model = ModelZoo.Create("msccnn", 3);
        var rng = new Random(4);
        foreach (var bn in model.Layers.OfType<BatchNorm>())
            for (int c = 0; c < bn.Channels; c++) bn.Gamma.Value[c] = (float)(0.05 + 2 * rng.NextDouble());
        WeightsFile.Save(model, path);
        var outPath = Path.Combine(dir, "equalized.msw");
        var r = CliRunner.Run("equalize", "--weights", path, "--dataset", "mnist:" + mnist, "--out", outPath);
        Assert.True(r.ExitCode == 0, r.Err + r.Out);
        foreach (var pair in new[] { "dw1 -> pw1", "dw2 -> pw2", "conv1 -> dw1", "pw1 -> dw2" }) Assert.Contains(pair, r.Out);
        var (x, _) = Datasets.MnistTest(mnist).Batch(0, 50);
        var before = model.Forward(x);
        var after = WeightsFile.Load(outPath).Forward(x);
        double err = 0, mag = 1;
        for (int i = 0; i < before.Length; i++) { err = Math.Max(err, Math.Abs(after.Data[i] - before.Data[i])); mag = Math.Max(mag, Math.Abs(before.Data[i])); }
        Assert.True(err <= 1e-4 * mag, $"max logit difference {err:G3} (largest logit {mag:G3})");
        Assert.NotEqual(File.ReadAllBytes(path), File.ReadAllBytes(outPath));
    }
}
