using MemristorSpice.Network.IO;
using MemristorSpice.Network.Layers;
using MemristorSpice.Network.Onnx;

namespace MemristorSpice.Network.Tests.Onnx;

public sealed class OnnxImportTests
{
    private const int Images = 1000;

    /// <summary>
    /// Our float inference of every imported fixture equals ONNX Runtime's on 1,000 MNIST test images. Tolerance:
    /// 1e-4 relative to the largest logit magnitude of the image — both compute in float32 but sum in different
    /// orders (and BatchNorm is folded into the weights here), which moves logits by a few ulps of the running
    /// sums, far below 1e-4; the top-1 class must be identical for every image.
    /// </summary>
    [Theory]
    [InlineData("mobilenet")]
    [InlineData("resnet")]
    [InlineData("grouped")]
    [InlineData("lenet")]
    public void FloatInferenceMatchesOnnxRuntime(string fixture)
    {
        var path = OnnxFixtures.Path(fixture);
        var model = OnnxImporter.Import(path).Model;
        var (x, labels) = OnnxFixtures.MnistTest(Images);
        var ours = model.Forward(x).Data;
        var ort = OnnxFixtures.RunOrt(path, x);
        Assert.Equal(ort.Length, ours.Length);
        int classes = ort.Length / Images;
        Assert.Equal(10, classes);
        for (int n = 0; n < Images; n++)
        {
            var o = ours.AsSpan(n * classes, classes);
            var r = ort.AsSpan(n * classes, classes);
            double scale = Math.Max(1e-6, Math.Abs(System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(r)));
            for (int k = 0; k < classes; k++)
                Assert.True(Math.Abs(o[k] - r[k]) <= 1e-4 * scale, $"{fixture} image {n} logit {k}: ours {o[k]}, ONNX Runtime {r[k]}");
        }
        Assert.Equal(OnnxFixtures.Top1(ort, classes), OnnxFixtures.Top1(ours, classes));
        // The fixtures are trained classifiers (briefly: 52-93 % on these images), far above 10 % chance.
        Assert.True(OnnxFixtures.Accuracy(OnnxFixtures.Top1(ours, classes), labels) > 0.4);
    }

    /// <summary>The imported layer kinds are the ones each fixture was built to exercise (exact structural truth from the script).</summary>
    [Fact]
    public void FixturesMapToTheExpectedLayerKinds()
    {
        var mobilenet = OnnxImporter.Import(OnnxFixtures.Path("mobilenet")).Model;
        Assert.Equal(2, mobilenet.Layers.OfType<DepthwiseConv>().Count());
        Assert.Contains(mobilenet.Layers, l => l is Clip { Lower: 0, Upper: 6 });
        Assert.False(mobilenet.IsGraph);
        var resnet = OnnxImporter.Import(OnnxFixtures.Path("resnet")).Model;
        Assert.Equal(2, resnet.Layers.OfType<Add>().Count());
        Assert.Contains(resnet.Layers, l => l is Conv2d { Kernel: 1, Stride: 2 });
        Assert.True(resnet.IsGraph);
        var grouped = OnnxImporter.Import(OnnxFixtures.Path("grouped")).Model;
        Assert.Contains(grouped.Layers, l => l is Conv2d { Groups: 4 });
        Assert.Contains(grouped.Layers, l => l is Conv2d { Dilation: 2 });
        Assert.Single(grouped.Layers.OfType<Concat>());
        Assert.Contains(grouped.Layers, l => l is HardSwish);
        Assert.Contains(grouped.Layers, l => l is LeakyReLU);
        var lenet = OnnxImporter.Import(OnnxFixtures.Path("lenet")).Model;
        Assert.Equal(3, lenet.Layers.OfType<FullyConnected>().Count());
        Assert.Equal(WeightsFile.ChainVersion, WeightsFile.VersionFor(lenet));
        Assert.Equal(WeightsFile.Version, WeightsFile.VersionFor(resnet));
    }

    /// <summary>An imported graph written to .msw and read back computes bit-identical outputs (exact: same float32 values, same code).</summary>
    [Theory]
    [InlineData("resnet")]
    [InlineData("grouped")]
    public void GraphModelsRoundTripThroughWeightsFiles(string fixture)
    {
        var model = OnnxImporter.Import(OnnxFixtures.Path(fixture)).Model;
        var bytes = WeightsFile.Serialize(model);
        var back = WeightsFile.Deserialize(bytes);
        Assert.Equal(bytes, WeightsFile.Serialize(back));
        var (x, _) = OnnxFixtures.MnistTest(50);
        Assert.Equal(model.Forward(x).Data, back.Forward(x).Data);
    }
}
