using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Network.Models;

namespace MemristorSpice.Crossbar.Tests;

/// <summary>Exact counts from CrossbarMappingRules (hand-computed below), and the rounded estimates of docs/assumptions.md within 2 %.</summary>
public class CountingTests
{
    [Fact]
    public void Msccnn()
    {
        // The legacy placement (bias always a crossbar row) is hand-counted here; auto folds a lone bias row (below).
        var c = ModelCounter.Count(ModelZoo.Create("msccnn", 1), BiasPlacement.Analog);
        // weights: 288 + 288 + 2048 + 576 + 8192 + 1280
        Assert.Equal(12672, c.Weights);
        // memristors: 10·64 + 32·(10·2) + 33·128 + 64·(10·2) + 65·256 + 129·20
        Assert.Equal(640 + 640 + 4224 + 1280 + 16640 + 2580, c.Memristors);
        // The classifier has 128 + 1 = 129 rows: the bias row spills into a second tile.
        Assert.Equal(1 + 32 + 1 + 64 + 1 + 2, c.Crossbars);
        Assert.Equal(3 * (32 + 32 + 64 + 64 + 128 + 2 * 10), c.OpAmps);
        // MACs: 784·9·32 + 196·9·32 + 196·32·64 + 49·9·64 + 49·64·128 + 49·128·10
        Assert.Equal(225792 + 56448 + 401408 + 28224 + 401408 + 62720, c.Macs);
        Assert.InRange(c.Memristors, 26000 * 0.98, 26000 * 1.02);
        // Auto: the classifier's bias is added digitally: 128 rows, one tile; 10·2 memristors and 3·10 op-amps fewer.
        var auto = ModelCounter.Count(ModelZoo.Create("msccnn", 1));
        Assert.Equal((c.Memristors - 20, c.Crossbars - 1, c.OpAmps - 30), (auto.Memristors, auto.Crossbars, auto.OpAmps));
    }

    [Fact]
    public void LeNet()
    {
        var c = ModelZoo.Create("lenet", 1);
        var n = ModelCounter.Count(c, BiasPlacement.Analog);
        // 26·12 + 151·32 + 257·240 + 121·168 + 85·20
        Assert.Equal(312 + 4832 + 61680 + 20328 + 1700, n.Memristors);
        Assert.Equal(150 + 2400 + 30720 + 10080 + 840, n.Weights);
        // Tiles: conv2 151 rows → 2, fc1 257 → 3, others 1.
        Assert.Equal(1 + 2 + 3 + 1 + 1, n.Crossbars);
        Assert.Equal(3 * (6 + 2 * 16 + 3 * 120 + 84 + 10), n.OpAmps);
        Assert.InRange(n.Memristors, 89000 * 0.98, 89000 * 1.02);
        // Auto: fc1 has 256 inputs, so its bias (257th row) would fill a third tile alone: 256 rows in 2 tiles.
        var auto = ModelCounter.Count(c);
        Assert.Equal((n.Memristors - 240, n.Crossbars - 1, n.OpAmps - 3 * 120), (auto.Memristors, auto.Crossbars, auto.OpAmps));
    }

    [Fact]
    public void Fcn()
    {
        var n = ModelCounter.Count(ModelZoo.Create("fcn", 1), BiasPlacement.Analog);
        Assert.Equal(288 + 18432 + 73728 + 1280, n.Weights);
        Assert.Equal(640 + 289 * 128 + 577 * 256 + 129 * 20, n.Memristors);
        Assert.Equal(1 + 3 + 5 + 2, n.Crossbars);   // 289 rows → 3 tiles, 577 → 5, classifier 129 → 2
        Assert.Equal(3 * (32 + 3 * 64 + 5 * 128 + 2 * 10), n.OpAmps);
        Assert.InRange(n.Memristors, 188000 * 0.98, 188000 * 1.02);
        // Auto: only the classifier (128 inputs) loses its bias tile; conv2 (288) and conv3 (576) have spare rows.
        var auto = ModelCounter.Count(ModelZoo.Create("fcn", 1));
        Assert.Equal((n.Memristors - 20, n.Crossbars - 1, n.OpAmps - 30), (auto.Memristors, auto.Crossbars, auto.OpAmps));
    }

    [Fact]
    public void TilingKeepsOneBiasRow()
    {
        Assert.Equal(new CrossbarCost(3, 289L * 128, 3 * 3 * 64), CrossbarMappingRules.Cost(CrossbarMappingRules.StandardConv(3, 32, 64)));
        Assert.Equal((256, 33), CrossbarMappingRules.TileRows(289, 2));
        Assert.Equal(new CrossbarShape(10, 1), CrossbarMappingRules.DepthwiseChannel(3));
        Assert.Equal(2, CrossbarMappingRules.DepthwiseChannel(3).Columns);
    }
}
