using MemristorSpice.Network.Data;
using MemristorSpice.Network.Layers;
using MemristorSpice.Network.Models;
using MemristorSpice.Network.Pruning;
using MemristorSpice.Network.Training;

namespace MemristorSpice.Network.Tests;

public class PruningTests
{
    private static Model Trainedish()
    {
        var m = ModelZoo.Create("msccnn", 31);
        TestUtil.RandomizeBatchNorm(m, 32);
        return m;
    }

    [Fact]
    public void RemovesExactlyTheMatchingChannelsRowsAndColumns()
    {
        var m = Trainedish();
        var remove = DepthwisePruner.SelectByRatio(m, 0.5, PruningCriterion.BatchNormScale);
        Assert.Equal(16, remove["dw1"].Length);
        Assert.Equal(32, remove["dw2"].Length);
        // The removed channels are the ones with the smallest |γ| of the BatchNorm after the depthwise layer.
        var g = ((BatchNorm)m["bn_dw1"]).Gamma.Value;
        float maxRemoved = remove["dw1"].Max(c => Math.Abs(g[c]));
        Assert.All(Enumerable.Range(0, 32).Except(remove["dw1"]), c => Assert.True(Math.Abs(g[c]) >= maxRemoved));

        var p = DepthwisePruner.Prune(m, remove);
        Assert.Equal(16, ((Conv2d)p["conv1"]).OutChannels);
        Assert.Equal(16, ((BatchNorm)p["bn1"]).Channels);
        Assert.Equal(16, ((DepthwiseConv)p["dw1"]).Channels);
        Assert.Equal(16, ((BatchNorm)p["bn_dw1"]).Channels);
        Assert.Equal((16, 32), (((Conv2d)p["pw1"]).InChannels, ((Conv2d)p["pw1"]).OutChannels));
        Assert.Equal(32, ((BatchNorm)p["bn_pw1"]).Channels);
        Assert.Equal(32, ((DepthwiseConv)p["dw2"]).Channels);
        Assert.Equal((32, 128), (((Conv2d)p["pw2"]).InChannels, ((Conv2d)p["pw2"]).OutChannels));
        Assert.Equal(128 * 10 + 0, ((Conv2d)p["classifier"]).Weight.Size);

        // Kept values are copied from the right places: kept channel j is original channel keep[j].
        var keep1 = Enumerable.Range(0, 32).Except(remove["dw1"]).ToArray();
        var keep2 = Enumerable.Range(0, 64).Except(remove["dw2"]).ToArray();
        var pw1 = (Conv2d)m["pw1"];
        var ppw1 = (Conv2d)p["pw1"];
        for (int o = 0; o < 32; o++)
            for (int i = 0; i < 16; i++)
                Assert.Equal(pw1.Weight.Value[keep2[o] * 32 + keep1[i]], ppw1.Weight.Value[o * 16 + i]);
        Assert.Equal(((DepthwiseConv)m["dw1"]).Weight.Value.AsSpan(keep1[3] * 9, 9).ToArray(), ((DepthwiseConv)p["dw1"]).Weight.Value.AsSpan(3 * 9, 9).ToArray());
        Assert.Equal(((Conv2d)m["conv1"]).Bias.Value[keep1[5]], ((Conv2d)p["conv1"]).Bias.Value[5]);

        // Half the depthwise channels are gone (each is one crossbar once mapped).
        Assert.Equal(96, m.Layers.OfType<DepthwiseConv>().Sum(d => d.Channels));
        Assert.Equal(48, p.Layers.OfType<DepthwiseConv>().Sum(d => d.Channels));
        Assert.Equal(remove, p.Pruning!.RemovedChannels.ToDictionary(kv => kv.Key, kv => kv.Value));
    }

    [Theory]
    [InlineData(PruningCriterion.BatchNormScale)]
    [InlineData(PruningCriterion.L1Norm)]
    public void PrunedNetEqualsUnprunedWithChannelsZeroed(PruningCriterion criterion)
    {
        // Zeroing γ of a depthwise channel's BatchNorm removes all its signal: the channel then outputs the constant
        // ReLU(β) at every pixel, which pruning moves into the next pointwise bias. So the pruned net must compute the
        // same function as the γ-zeroed one. Tolerance 1e-5 relative (float re-association only).
        var m = Trainedish();
        var remove = DepthwisePruner.SelectByRatio(m, 0.6, criterion);
        var pruned = DepthwisePruner.Prune(m, remove);
        var zeroed = m.Clone();
        foreach (var (dw, bnName) in new[] { ("dw1", "bn_dw1"), ("dw2", "bn_dw2") })
        {
            var bn = (BatchNorm)zeroed[bnName];
            foreach (var c in remove[dw]) bn.Gamma.Value[c] = 0;
        }
        var x = TestUtil.Random(3, 1, 28, 28, 33);
        for (int i = 0; i < x.Length; i++) x.Data[i] = Math.Abs(x.Data[i]);
        double err = TestUtil.RelMaxError(pruned.Forward(x), zeroed.Forward(x));
        Assert.True(err <= 1e-5, $"relative error {err:G3}");
    }

    [Fact]
    public void PruningTwiceRecordsOriginalChannelIndices()
    {
        var m = Trainedish();
        var first = DepthwisePruner.Prune(m, new Dictionary<string, int[]> { ["dw1"] = [0, 1] });
        var second = DepthwisePruner.Prune(first, new Dictionary<string, int[]> { ["dw1"] = [0] });  // current 0 = original 2
        Assert.Equal([0, 1, 2], second.Pruning!.RemovedChannels["dw1"]);
        Assert.Equal(32, second.Pruning.OriginalChannels["dw1"]);
        Assert.Equal(29, ((DepthwiseConv)second["dw1"]).Channels);
    }

    [Fact]
    public void RejectsNonDepthwiseLayersAndRemovingEverything()
    {
        var m = Trainedish();
        Assert.Throws<ArgumentException>(() => DepthwisePruner.Prune(m, new Dictionary<string, int[]> { ["pw1"] = [0] }));
        Assert.Throws<ArgumentException>(() => DepthwisePruner.Prune(m, new Dictionary<string, int[]> { ["dw1"] = Enumerable.Range(0, 32).ToArray() }));
    }
}

public class PruningRecipeTests
{
    private static readonly PruningOptions Quick = new()
    {
        Sparsity = new TrainingOptions { Epochs = 1, BatchSize = 50, SparsityL1 = 1e-3f, EvaluateEachEpoch = false },
        FineTune = new TrainingOptions { Epochs = 1, BatchSize = 50, EvaluateEachEpoch = false },
        ValidationImages = 0,
    };

    private static (Model, Dataset) Trained()
    {
        var data = TestUtil.SyntheticDataset(100, 8);
        var m = ModelZoo.Create("msccnn", 8);
        Trainer.Train(m, data, new TrainingOptions { Epochs = 1, BatchSize = 50, EvaluateEachEpoch = false });
        return (m, data);
    }

    [Fact]
    public void RatioModeReportsCountsBeforeAndAfter()
    {
        var (m, data) = Trained();
        var r = PruningRecipe.Run(m, data, data, Quick with { Ratio = 0.5 });
        Assert.Equal(0.5, r.Ratio);
        // 32 + 64 depthwise channels before; half of each layer removed.
        static int DepthwiseChannels(Model model) => model.Layers.OfType<DepthwiseConv>().Sum(d => d.Channels);
        Assert.Equal((96, 48), (DepthwiseChannels(r.Unpruned), DepthwiseChannels(r.Model)));
        Assert.True(r.Model.Parameters.Sum(p => p.Size) < r.Unpruned.Parameters.Sum(p => p.Size));
        Assert.Equal([16, 32], r.RemovedChannels.Values.Select(v => v.Length));
        Assert.Same(m, r.Unpruned);
        Assert.Equal(32 + 64, m.Layers.OfType<DepthwiseConv>().Sum(d => d.Channels));   // the input model is left untouched
    }

    [Fact]
    public void MaxDropSearchPicksLargestAcceptedRatioAndFailsWhenNoneFits()
    {
        var (m, data) = Trained();
        // Any drop accepted: the binary search over 6 candidates probes 0.5, 0.75, 0.875 and keeps the largest.
        var r = PruningRecipe.Run(m, data, data, Quick with { MaxDropPoints = 100 });
        Assert.Equal(0.875, r.Ratio);
        Assert.Equal([0.5, 0.75, 0.875], r.Trials.Select(t => t.Ratio));
        // An allowance of −101 points would need the accuracy to rise by more than 100 points, which is impossible:
        // the search must report failure instead of returning an over-pruned model.
        var ex = Assert.Throws<PruningSearchException>(() => PruningRecipe.Run(m, data, data, Quick with { MaxDropPoints = -101 }));
        Assert.Equal((-101.0, 0.25), (ex.MaxDropPoints, ex.SmallestRatio));   // 0.25: the smallest default candidate ratio
    }
}

public class ChannelFadeTests
{
    [Fact]
    public void KeepFallsLinearlyToZeroAndStays()
    {
        var m = ModelZoo.Create("msccnn", 3);
        var fade = new ChannelFade(m, new Dictionary<string, int[]> { ["dw1"] = [1] }, fadeFraction: 0.5);
        // Closed form keep = max(0, 1 − step/(0.5·total)) with total = 100: exact in float for these steps.
        Assert.Equal(1f, fade.Keep(0, 100));
        Assert.Equal(0.5f, fade.Keep(25, 100));
        Assert.Equal(0f, fade.Keep(50, 100));
        Assert.Equal(0f, fade.Keep(99, 100));
    }

    [Fact]
    public void FadedChannelsAreRemovedWithoutChangingTheOutput()
    {
        // Training with the fade drives γ and β of the chosen channels to exactly 0 while the optimiser updates them,
        // so the cut network must compute the same function as the faded full-size one. Tolerance 1e-5 relative:
        // only float re-association differs (fewer terms in the next pointwise sums).
        var m = ModelZoo.Create("msccnn", 5);
        TestUtil.RandomizeBatchNorm(m, 6);
        var remove = new Dictionary<string, int[]> { ["dw1"] = [0, 3, 7], ["dw2"] = [2, 9, 10, 40] };
        var fade = new ChannelFade(m, remove);
        var bn = (BatchNorm)m["bn_dw2"];
        float gamma0 = bn.Gamma.Value[9];
        var data = TestUtil.SyntheticDataset(60, 4);
        var seen = new List<float>();
        Trainer.Train(m, data, new TrainingOptions
        {
            Epochs = 2, BatchSize = 20, EvaluateEachEpoch = false,
            AfterStep = (s, t) => { fade.AfterStep(s, t); seen.Add(bn.Gamma.Value[9]); },
        });
        // 6 steps, fade over the first 4: γ = γ0·(1 − s/4) after step s, 0 from step 4 on.
        Assert.Equal(gamma0 * 0.75f, seen[0]);
        Assert.Equal(0f, seen[3]);
        Assert.Equal(0f, seen[5]);
        Assert.All(remove["dw1"], c => Assert.Equal((0f, 0f), (((BatchNorm)m["bn_dw1"]).Gamma.Value[c], ((BatchNorm)m["bn_dw1"]).Beta.Value[c])));
        var pruned = DepthwisePruner.Prune(m, remove);
        var x = TestUtil.Random(4, 1, 28, 28, 8);
        for (int i = 0; i < x.Length; i++) x.Data[i] = Math.Abs(x.Data[i]);
        double err = TestUtil.RelMaxError(pruned.Forward(x), m.Forward(x));
        Assert.True(err <= 1e-5, $"relative error {err:G3}");
    }
}
