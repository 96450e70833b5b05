using MemristorSpice.Network.Core;
using MemristorSpice.Network.Data;
using MemristorSpice.Tests.Shared;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Tensor = MemristorSpice.Network.Core.Tensor;

namespace MemristorSpice.Network.Tests.Onnx;

/// <summary>The checked-in PyTorch exports (tests/Fixtures/onnx, made by scripts/onnx-fixtures/make_fixtures.py) and ONNX Runtime as the reference.</summary>
internal static class OnnxFixtures
{
    public static readonly string[] Names = ["mobilenet", "resnet", "grouped", "lenet"];

    public static string Path(string name) => System.IO.Path.Combine(Dependencies.RepoRoot, "tests", "Fixtures", "onnx", name + ".onnx");

    private static readonly Lazy<Dataset> Test = new(() => Datasets.MnistTest(Dependencies.RequireMnist()));

    /// <summary>The first <paramref name="count"/> MNIST test images (pixels in [0, 1], as the fixtures were trained).</summary>
    public static (Tensor Images, byte[] Labels) MnistTest(int count) => Test.Value.Batch(0, count);

    /// <summary>ONNX Runtime's output for a batch of images: [N × outputs].</summary>
    public static float[] RunOrt(string onnxPath, Tensor images) => RunOrt(File.ReadAllBytes(onnxPath), images);

    /// <summary>ONNX Runtime's output for model bytes and a batch of images.</summary>
    public static float[] RunOrt(byte[] model, Tensor images)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL };
        using var session = new InferenceSession(model, options);
        var input = new DenseTensor<float>(images.Data, [images.N, images.C, images.H, images.W]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(session.InputMetadata.Keys.Single(), input)]);
        return results.Single().AsEnumerable<float>().ToArray();
    }

    public static int[] Top1(float[] logits, int classes) =>
        Enumerable.Range(0, logits.Length / classes).Select(n => Argmax(logits.AsSpan(n * classes, classes))).ToArray();

    private static int Argmax(ReadOnlySpan<float> v)
    {
        int best = 0;
        for (int i = 1; i < v.Length; i++) if (v[i] > v[best]) best = i;
        return best;
    }

    public static double Accuracy(int[] predictions, byte[] labels) =>
        predictions.Zip(labels).Count(p => p.First == p.Second) / (double)labels.Length;
}
