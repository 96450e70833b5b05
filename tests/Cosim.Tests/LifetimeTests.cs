using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Lifetime;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Devices.Memristors;
using MemristorSpice.Network.Layers;
using MemristorSpice.Network.Models;
using Xunit;

namespace MemristorSpice.Cosim.Tests;

/// <summary>
/// The lifetime analyses on the tile circuits of a tiny network (4×4 max-pool to 7×7, a 3×3 convolution with two
/// channels, a pointwise classifier; 49 reads of the first layer per inference), checked against closed forms.
/// </summary>
public sealed class LifetimeTests
{
    private static Model Tiny()
    {
        var model = new Model("tiny", ModelZoo.MnistShape,
        [
            new MaxPool("pool", 4), new Conv2d("conv1", 1, 2, 3, 1, 1), new ReLU("relu1"),
            new PointwiseConv("classifier", 2, 10), new GlobalAvgPool("gap"),
        ]);
        Initializer.HeInit(model, 7);
        return model;
    }

    private static LifetimeStudy Study(NonIdealities settings) =>
        new(Tiny(), settings with { CalibrationImages = 10, BiasRow = BiasPlacement.Analog }, TestModels.MnistTrainHead(10), TestModels.Mnist(0, 20), 20, 4) { Threads = 2 };

    [Fact]
    public void ZeroSpreadPowerLawDriftIsUndoneExactlyByTheGlobalCompensation()
    {
        // Ideal circuit (ideal wires, op-amps and converters): a tile output is Rf·Σ V·(G+ − G−), so a drift that scales
        // every cell by s = (t/t0)^−ν scales every layer's read by s and the fitted gain must be 1/s.
        var study = Study(NonIdealities.Ideal);
        const double nu = 0.06, t0 = 20, t = 86400;
        var drift = RetentionDrift.ConstantPowerLaw(nu, t0, "closed-form test");
        var map = LifetimeAnalyses.Drifted(study.ProgrammedSiemens, drift, t, seed: 5);
        double s = Math.Pow(t / t0, -nu);
        foreach (var (key, g) in map.Values)
            for (int r = 0; r < g.GetLength(0); r++)
                for (int c = 0; c < g.GetLength(1); c++)
                    Assert.Equal(s * study.ProgrammedSiemens.Values[key][r, c], g[r, c], 1e-12 * study.ProgrammedSiemens.Values[key][r, c]);

        var aged = study.AgedController(map);
        var gains = study.Compensate(aged);
        // 1e-9: the gain is a least-squares ratio of circuit solves (LU in double), exact up to solver rounding.
        foreach (var a in gains) Assert.Equal(1 / s, a, 1e-9 / s);
        for (int i = 0; i < 5; i++)
        {
            var (x, _) = study.Data.Batch(i, 1);
            var fresh = study.Programmed.Run(x)[^1].Output.Data;
            var restored = aged.Run(x)[^1].Output.Data;
            double scale = fresh.Max(v => Math.Abs(v));
            // float32 activations between layers: 1e-5 of the largest logit.
            for (int k = 0; k < fresh.Length; k++) Assert.Equal(fresh[k], restored[k], 1e-5 * scale);
        }
        var result = study.Evaluate(map);
        Assert.Equal(study.Baseline, result.CompensatedAccuracy);
    }

    [Fact]
    public void FaultAwarePlacementAgesLikeTheIdentityOneAndSparePairsAreRefused()
    {
        // The cell maps are keyed by logical cell; a fault-aware placement permutes rows and column pairs on the tile.
        // Same closed form as above: a drift scaling every cell (stuck ones included) by s scales every read by s, so the
        // gain must be 1/s (1e-9, solver rounding) and the compensated outputs the fresh ones (1e-5, float32 activations).
        var settings = NonIdealities.Ideal with { StuckAtGminRate = 0.05, StuckAtGmaxRate = 0.05, FaultSeed = 3, FaultAware = true };
        var study = Study(settings);
        Assert.Contains(study.Programmed.Plans, p => p.Readers.Any(tiles => tiles.Any(r => !study.Fresh.Generated(r.Tile).Placements[r.Tile.Tile].Placement.IsIdentity)));
        double s = Math.Pow(86400 / 20.0, -0.06);
        var aged = study.AgedController(LifetimeAnalyses.Drifted(study.ProgrammedSiemens, RetentionDrift.ConstantPowerLaw(0.06, 20, "closed-form test"), 86400, seed: 5));
        foreach (var a in study.Compensate(aged)) Assert.Equal(1 / s, a, 1e-9 / s);
        for (int i = 0; i < 3; i++)
        {
            var (x, _) = study.Data.Batch(i, 1);
            var fresh = study.Programmed.Run(x)[^1].Output.Data;
            var restored = aged.Run(x)[^1].Output.Data;
            double scale = fresh.Max(v => Math.Abs(v));
            for (int k = 0; k < fresh.Length; k++) Assert.Equal(fresh[k], restored[k], 1e-5 * scale);
        }
        // Spare pairs have no place in the logical cell maps: refused, naming the design-point field.
        var ex = Assert.Throws<NonIdealitiesException>(() => Study(settings with { SpareColumns = 1 }));
        Assert.Equal("mapping.spareColumns", ex.Field);
    }

    [Fact]
    public void SpreadIsNotUndoneByTheGlobalCompensation()
    {
        // The compensation is one scalar per layer: with the PCM spread of ν the cells drift apart, and the restored
        // logits must differ from the fresh ones (else the test above could pass with a compensation that copies t = 0).
        var study = Study(NonIdealities.Ideal);
        var map = LifetimeAnalyses.Drifted(study.ProgrammedSiemens, MemristorPresets.PcmDrift(), 3.15576e8, seed: 5);
        var aged = study.AgedController(map);
        study.Compensate(aged);
        var (x, _) = study.Data.Batch(0, 1);
        var fresh = study.Programmed.Run(x)[^1].Output.Data;
        var restored = aged.Run(x)[^1].Output.Data;
        double scale = fresh.Max(v => Math.Abs(v));
        Assert.True(fresh.Zip(restored).Max(p => Math.Abs(p.First - p.Second)) > 1e-3 * scale);
    }

    [Fact]
    public void VteamBelowThresholdHasZeroReadDisturb()
    {
        // VTEAM_XBAR reads at 0.2 V with thresholds −1.0/+0.8 V: every cell's rate is exactly 0, so the integration
        // reaches 1e9 inferences in one step and the states are the programmed ones bit for bit.
        var study = Study(DesignPoint.RealisticCircuit);
        var disturb = new ReadDisturb(study, TestModels.MnistTrainHead(10), 2, 1e-6);
        var d = disturb.PerInference(study.ProgrammedStates);
        Assert.All(d.Values.Values, v => Assert.All(v.Cast<double>(), x => Assert.Equal(0.0, x)));
        CellMap? final = null;
        var steps = disturb.Integrate(study.ProgrammedStates, [1e3, 1e9], 1e-3, (_, x) => final = x);
        Assert.Equal(2, steps.Count);
        Assert.Equal(0, CellMap.MaxDifference(study.ProgrammedStates, final!));
    }

    [Fact]
    public void MultiRateIntegrationAgreesWithStepByStep()
    {
        // HP/Biolek cells move on every read. A 100 µs read pulse makes the disturb large enough that the states move by
        // ~0.2 over 300 inferences, in the window's nonlinear range; 1 Ω wires put the IR drop into every cell voltage.
        var settings = NonIdealities.Ideal with { DevicePreset = "HP_BIOLEK", WireRowOhms = 1, WireColumnOhms = 1 };
        var study = Study(settings);
        var disturb = new ReadDisturb(study, TestModels.MnistTrainHead(10), 1, 1e-4);
        const int n = 300;
        var reference = disturb.StepByStep(study.ProgrammedStates, n);
        int stepEvaluations = disturb.Evaluations;
        double moved = CellMap.MaxDifference(study.ProgrammedStates, reference);
        Assert.True(moved > 0.1, $"the states must move for the comparison to mean something (moved {moved})");

        CellMap? multi = null;
        const double tolerance = 5e-4;
        var steps = disturb.Integrate(study.ProgrammedStates, [n], tolerance, (_, x) => multi = x);
        int multiEvaluations = disturb.Evaluations - stepEvaluations;
        double difference = CellMap.MaxDifference(reference, multi!);
        // Bound: the multi-rate local errors (≤ tolerance each, summed over its steps) plus the first-order error of
        // the step-by-step reference itself (explicit Euler per inference: ½·Σ|D(x_{k+1}) − D(x_k)| ≤ ½·moved·max|D'|,
        // below 1e-3 here); stated as 1e-3 + Σ local error estimates.
        double bound = 1e-3 + steps.Sum(s => s.ErrorEstimate);
        Assert.True(difference <= bound, $"multi-rate vs step-by-step: max |Δx| = {difference:G3} > {bound:G3} ({steps.Count} steps)");
        // The agreement must be far tighter than the movement itself.
        Assert.True(difference < 0.05 * moved, $"max |Δx| = {difference:G3} vs moved {moved:G3}");
        Assert.True(multiEvaluations * 3 < stepEvaluations, $"multi-rate used {multiEvaluations} evaluations vs {stepEvaluations}");
    }
}
