using MemristorSpice.Network.Layers;

namespace MemristorSpice.Network.Models;

/// <summary>
/// The models of docs/assumptions.md ("Networks") for 28×28 single-channel inputs, freshly initialised for a seed.
/// </summary>
public static class ModelZoo
{
    /// <summary>Names accepted by <see cref="Create"/>.</summary>
    public static readonly IReadOnlyList<string> Names = ["msccnn", "lenet", "fcn"];
    /// <summary>Per-sample MNIST input shape: one channel of 28×28 pixels.</summary>
    public static readonly Shape3 MnistShape = new(1, 28, 28);

    /// <summary>Builds model <paramref name="name"/> (one of <see cref="Names"/>) with He-initialised weights from <paramref name="seed"/>.</summary>
    public static Model Create(string name, int seed)
    {
        var model = name switch
        {
            "msccnn" => Msccnn(),
            "lenet" => LeNet(),
            "fcn" => Fcn(),
            _ => throw new ArgumentException($"Unknown model '{name}' (known: {string.Join(", ", Names)})."),
        };
        Initializer.HeInit(model, seed);
        return model;
    }

    /// <summary>
    /// MSCCNN: conv3×3 1→32 +BN+ReLU, maxpool → DW3×3(32)+BN+ReLU, PW 32→64 +BN+ReLU, maxpool →
    /// DW3×3(64)+BN+ReLU, PW 64→128 +BN+ReLU → PW 128→10 → GAP. Padding 1 keeps 28→14→7.
    /// </summary>
    public static Model Msccnn() => new("msccnn", MnistShape,
    [
        new Conv2d("conv1", 1, 32, 3, 1, 1), new BatchNorm("bn1", 32), new ReLU("relu1"), new MaxPool("pool1", 2),
        new DepthwiseConv("dw1", 32, 3, 1, 1), new BatchNorm("bn_dw1", 32), new ReLU("relu_dw1"),
        new PointwiseConv("pw1", 32, 64), new BatchNorm("bn_pw1", 64), new ReLU("relu_pw1"), new MaxPool("pool2", 2),
        new DepthwiseConv("dw2", 64, 3, 1, 1), new BatchNorm("bn_dw2", 64), new ReLU("relu_dw2"),
        new PointwiseConv("pw2", 64, 128), new BatchNorm("bn_pw2", 128), new ReLU("relu_pw2"),
        new PointwiseConv("classifier", 128, 10), new GlobalAvgPool("gap"),
    ]);

    /// <summary>
    /// LeNet-5 style baseline with ReLU and max pooling. No padding (28→24→12→8→4, 16·4·4 = 256 features): this
    /// is the variant whose crossbar count matches the expected ≈89 k memristors (docs/assumptions.md); padding 2 would give 400 features
    /// and ≈ 96 k memristors in FC1 alone.
    /// </summary>
    public static Model LeNet() => new("lenet", MnistShape,
    [
        new Conv2d("conv1", 1, 6, 5), new ReLU("relu1"), new MaxPool("pool1", 2),
        new Conv2d("conv2", 6, 16, 5), new ReLU("relu2"), new MaxPool("pool2", 2),
        new FullyConnected("fc1", 256, 120), new ReLU("relu3"),
        new FullyConnected("fc2", 120, 84), new ReLU("relu4"),
        new FullyConnected("fc3", 84, 10),
    ]);

    /// <summary>
    /// FCN baseline: the MSCCNN topology and widths with each depthwise-separable pair (DW3×3 + PW) replaced by one
    /// standard 3×3 convolution: conv 1→32, pool, conv 32→64, pool, conv 64→128, PW 128→10, GAP (93.7 k weights).
    /// </summary>
    public static Model Fcn() => new("fcn", MnistShape,
    [
        new Conv2d("conv1", 1, 32, 3, 1, 1), new BatchNorm("bn1", 32), new ReLU("relu1"), new MaxPool("pool1", 2),
        new Conv2d("conv2", 32, 64, 3, 1, 1), new BatchNorm("bn2", 64), new ReLU("relu2"), new MaxPool("pool2", 2),
        new Conv2d("conv3", 64, 128, 3, 1, 1), new BatchNorm("bn3", 128), new ReLU("relu3"),
        new PointwiseConv("classifier", 128, 10), new GlobalAvgPool("gap"),
    ]);
}

/// <summary>Seeded weight initialisation (He-normal on fan-in, zero biases; BN starts at γ=1, β=0).</summary>
public static class Initializer
{
    /// <summary>Fills conv, depthwise and fully connected weights with He-normal values (std = √(2/fan-in)) drawn from <paramref name="seed"/>; other parameters are left as they are.</summary>
    public static void HeInit(Model model, int seed)
    {
        var rng = new Random(seed);
        foreach (var layer in model.Layers)
        {
            (Parameter w, int fanIn)? target = layer switch
            {
                Conv2d c => (c.Weight, c.PatchSize),
                DepthwiseConv d => (d.Weight, d.Kernel * d.Kernel),
                FullyConnected f => (f.Weight, f.InFeatures),
                _ => null,
            };
            if (target is not { } t) continue;
            double std = Math.Sqrt(2.0 / t.fanIn);
            for (int i = 0; i < t.w.Size; i++) t.w.Value[i] = (float)(Gaussian(rng) * std);
        }
    }

    /// <summary>Standard normal sample (Box–Muller) from <paramref name="rng"/>.</summary>
    public static double Gaussian(Random rng)
    {
        double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
