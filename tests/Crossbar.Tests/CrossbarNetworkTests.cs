using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Network.Layers;
using MemristorSpice.Network.Models;
using MemristorSpice.Network.Tests;

namespace MemristorSpice.Crossbar.Tests;

/// <summary>
/// The crossbar-form network (folded weights as signed crossbar matrices, bias row last) computes the same
/// function as the eval-mode model. Tolerance 1e-5 relative to the largest output: folding and re-ordering only
/// re-associate float32 products (error about a few eps times |y|, about 1e-6).
/// </summary>
public class CrossbarNetworkTests
{
    [Fact]
    public void CrossbarStagesReproduceEachLayer()
    {
        var m = ModelZoo.Create("msccnn", 21);
        TestUtil.RandomizeBatchNorm(m, 22);
        var net = CrossbarNetwork.FromModel(m);
        Assert.Equal(6, net.AnalogStages.Count());
        Assert.Equal([AnalogKind.StandardConv, AnalogKind.Depthwise, AnalogKind.Pointwise, AnalogKind.Depthwise, AnalogKind.Pointwise, AnalogKind.Pointwise],
            net.AnalogStages.Select(s => s.Kind));
        var x = TestUtil.Random(2, 1, 28, 28, 23);
        for (int i = 0; i < x.Length; i++) x.Data[i] = Math.Abs(x.Data[i]);
        var input = x;
        foreach (var stage in net.Stages)
        {
            var ideal = stage.Forward(input);
            if (stage is AnalogStage a)
            {
                // Rows = im2col patch + bias row, as docs/assumptions.md ("Crossbar mapping") maps them.
                var shapes = CrossbarMappingRules.For(a.Layer);
                Assert.Equal(shapes, a.Crossbars.Select(c => c.Shape));
                var assembled = ideal.ZerosLike();
                for (int n = 0; n < input.N; n++)
                    for (int k = 0; k < a.Crossbars.Count; k++)
                    {
                        var patches = a.Patches(input, n, k);
                        Assert.Equal(1f, patches[a.Crossbars[k].Rows - 1]);
                        a.Scatter(a.IdealColumns(input, n, k), k, assembled, n);
                    }
                double err = TestUtil.RelMaxError(assembled, ideal);
                Assert.True(err <= 1e-5, $"{stage.Name}: relative error {err:G3}");
            }
            input = ideal;
        }
        Assert.True(TestUtil.RelMaxError(net.Forward(x), m.Forward(x)) <= 1e-5);
    }

    [Fact]
    public void FullyConnectedStageUsesFlattenedFeatures()
    {
        var m = ModelZoo.Create("lenet", 5);
        var net = CrossbarNetwork.FromModel(m);
        var fc1 = net.AnalogStages.Single(s => s.Name == "fc1");
        Assert.Equal(AnalogKind.FullyConnected, fc1.Kind);
        Assert.Equal(new CrossbarShape(257, 120), fc1.Crossbars[0].Shape);
        var w = ((FullyConnected)fc1.Layer).Weight.Value;
        Assert.Equal(w[3 * 256 + 7], fc1.Crossbars[0][7, 3]);   // row = input feature, column = output
    }
}
