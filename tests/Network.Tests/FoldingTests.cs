using MemristorSpice.Network.Folding;
using MemristorSpice.Network.Layers;
using MemristorSpice.Network.Models;

namespace MemristorSpice.Network.Tests;

/// <summary>
/// The BatchNorm-folded network computes the same function as the eval-mode model. Tolerance 1e-5 relative
/// to the largest output: folding only re-associates float32 products (error ≈ few·eps·|y| ≈ 1e-6).
/// </summary>
public class FoldingTests
{
    [Theory]
    [InlineData("msccnn")]
    [InlineData("fcn")]
    [InlineData("lenet")]
    public void FoldedNetworkEqualsEvalOutputs(string name)
    {
        var m = ModelZoo.Create(name, 11);
        TestUtil.RandomizeBatchNorm(m, 12);
        var x = TestUtil.Random(4, 1, 28, 28, 13, 0.5f);
        for (int i = 0; i < x.Length; i++) x.Data[i] = Math.Abs(x.Data[i]);
        var folded = BatchNormFolder.Fold(m);
        Assert.DoesNotContain(folded.Layers, l => l is BatchNorm);
        double err = TestUtil.RelMaxError(folded.Forward(x), m.Forward(x));
        Assert.True(err <= 1e-5, $"relative error {err:G3}");
    }
}
