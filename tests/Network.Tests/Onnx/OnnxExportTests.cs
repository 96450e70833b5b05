using MemristorSpice.Network.IO;
using MemristorSpice.Network.Onnx;
using MemristorSpice.Tests.Shared;

namespace MemristorSpice.Network.Tests.Onnx;

public sealed class OnnxExportTests
{
    private const int Images = 1000;

    /// <summary>
    /// import → export → ONNX Runtime: the exported model gives ONNX Runtime's own logits of the original export
    /// (1e-4 relative: the export holds BatchNorm folded into the weights, so float32 sums differ in the last bits)
    /// and identical top-1 on 1,000 test images.
    /// </summary>
    [Theory]
    [InlineData("mobilenet")]
    [InlineData("resnet")]
    [InlineData("grouped")]
    [InlineData("lenet")]
    public void ImportExportRoundTripRunsIdenticallyInOnnxRuntime(string fixture)
    {
        var path = OnnxFixtures.Path(fixture);
        var exported = OnnxExporter.Export(OnnxImporter.Import(path).Model);
        var (x, _) = OnnxFixtures.MnistTest(Images);
        AssertSame(OnnxFixtures.RunOrt(path, x), OnnxFixtures.RunOrt(exported, x), fixture);
        // And the export imports again to the same network.
        var again = OnnxImporter.Import(exported, "exported", "again").Model;
        AssertSame(OnnxFixtures.RunOrt(path, x), again.Forward(x).Data, fixture + " re-imported");
    }

    /// <summary>Our own trained and pruned networks (shipped .msw files) run in ONNX Runtime with our float logits (1e-4 relative) and identical top-1.</summary>
    [Theory]
    [InlineData("msccnn")]
    [InlineData("msccnn-pruned")]
    [InlineData("lenet")]
    public void ShippedWeightsExportToOnnxRuntime(string name)
    {
        var model = WeightsFile.Load(Path.Combine(Dependencies.RepoRoot, "weights", name + ".msw"));
        var (x, _) = OnnxFixtures.MnistTest(Images);
        AssertSame(model.Forward(x).Data, OnnxFixtures.RunOrt(OnnxExporter.Export(model), x), name);
    }

    private static void AssertSame(float[] reference, float[] actual, string what)
    {
        Assert.Equal(reference.Length, actual.Length);
        int classes = reference.Length / Images;
        for (int n = 0; n < Images; n++)
        {
            var r = reference.AsSpan(n * classes, classes);
            var a = actual.AsSpan(n * classes, classes);
            double scale = Math.Max(1e-6, Math.Abs(System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(r)));
            for (int k = 0; k < classes; k++)
                Assert.True(Math.Abs(a[k] - r[k]) <= 1e-4 * scale, $"{what} image {n} output {k}: {a[k]} vs {r[k]}");
        }
        Assert.Equal(OnnxFixtures.Top1(reference, classes), OnnxFixtures.Top1(actual, classes));
    }
}
