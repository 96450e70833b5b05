using MemristorSpice.Cosim.Backends;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Converters;
using MemristorSpice.Cosim.Metrics;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Network.Core;
using MemristorSpice.Network.Data;
using MemristorSpice.Network.Layers;

namespace MemristorSpice.Cosim.Controller;

/// <summary>Output of one stage for one image on the analog path, and for analog stages the ideal float layer fed the same input.</summary>
public sealed record StageTrace(int StageIndex, Tensor Output, Tensor? IdealSameInput, long AdcClipped, long DacClipped);

/// <summary>
/// The digital controller of the accelerator. Per image it walks the folded network: for an analog stage it
/// quantizes every patch entry with the stage's DAC, converts activations to row volts (a·Vread/amax; the bias row
/// at Vread), lets the backend read every tile, quantizes each tile output with its ADC, adds the tile partial sums,
/// converts back to activation units (·amax/Vread) and scatters the result; activations, pooling, global average
/// pooling, residual adds and channel concatenations run digitally with the network's own layers, each stage
/// taking the outputs of the stages the network graph names as its inputs.
/// </summary>
public sealed class DigitalController
{
    private readonly IReadOnlyDictionary<int, AnalogLayerPlan> _plans;

    /// <param name="network">Folded network mapped onto crossbars.</param>
    /// <param name="ranges">Calibrated converter ranges of every analog stage.</param>
    /// <param name="settings">Non-idealities (converter bits, read voltage, calibration image count).</param>
    /// <param name="backend">Backend that programs and reads the tiles.</param>
    /// <param name="columnCalibration">Images for the per-output digital correction (the first
    /// <see cref="NonIdealities.ColumnCalibrationImages"/> are used); null or a setting of 0 = no correction.</param>
    public DigitalController(CrossbarNetwork network, IReadOnlyList<StageRanges> ranges, NonIdealities settings, ICrossbarBackend backend,
        Dataset? columnCalibration = null)
    {
        Network = network;
        Settings = settings.Validate();
        Backend = backend;
        var byStage = ranges.ToDictionary(r => r.StageIndex);
        var plans = new Dictionary<int, AnalogLayerPlan>();
        for (int s = 0; s < network.Stages.Count; s++)
        {
            if (network.Stages[s] is not AnalogStage a) continue;
            if (!byStage.TryGetValue(s, out var r)) throw new ArgumentException($"No converter ranges for analog stage {s} ({a.Name}).");
            plans[s] = new AnalogLayerPlan(a, s, r, settings, backend);
        }
        _plans = plans;
        Plans = plans.Values.OrderBy(p => p.StageIndex).ToList();
        if (columnCalibration is not null && settings.ColumnCalibrationImages > 0)
        {
            var (x, _) = columnCalibration.Batch(0, Math.Min(settings.ColumnCalibrationImages, columnCalibration.Count));
            var ideal = network.ForwardAll(x);
            foreach (var plan in Plans) plan.Calibrate(network.StageInput(plan.StageIndex, x, ideal));
            ColumnCalibrationImages = x.N;
        }
    }

    /// <summary>Images the per-output corrections were fitted on (0 = no correction).</summary>
    public int ColumnCalibrationImages { get; }

    /// <summary>Folded network mapped onto crossbars.</summary>
    public CrossbarNetwork Network { get; }
    /// <summary>Validated non-idealities of the run.</summary>
    public NonIdealities Settings { get; }
    /// <summary>Backend that reads the tiles.</summary>
    public ICrossbarBackend Backend { get; }
    /// <summary>Plans of the analog stages in network order.</summary>
    public IReadOnlyList<AnalogLayerPlan> Plans { get; }

    /// <summary>Runs one image ([1 × C × H × W]) through all stages; index i of the result is the output of stage i.</summary>
    public IReadOnlyList<StageTrace> Run(Tensor image) => Run(image, null);

    /// <summary>
    /// As <see cref="Run(Tensor)"/>, adding the time of every stage to <paramref name="profile"/> (when given) and
    /// taking the analog path's activation arrays from <paramref name="pool"/> (when given; the caller returns them).
    /// </summary>
    public IReadOnlyList<StageTrace> Run(Tensor image, CosimProfile? profile, ActivationPool? pool = null)
    {
        if (image.N != 1) throw new ArgumentException($"The controller runs one image at a time (got a batch of {image.N}).");
        var traces = new List<StageTrace>(Network.Stages.Count);
        var outputs = new List<Tensor>(Network.Stages.Count);
        for (int s = 0; s < Network.Stages.Count; s++)
        {
            long start = profile is null ? 0 : CosimProfile.Now();
            var stage = Network.Stages[s];
            var x = Network.StageInput(s, image, outputs);
            if (_plans.TryGetValue(s, out var plan))
            {
                var trace = UseGeneralPath || plan.AffineReader is not { } affine ? RunGeneral(plan, s, x) : RunAffine(affine, plan, s, x, pool);
                traces.Add(trace);
                x = trace.Output;
            }
            else
            {
                x = stage.Layer switch
                {
                    MaxPool { Window.IsPlain: true } maxPool => ControllerDigitalStages.MaxPool(maxPool, x, pool),
                    ReLU => ControllerDigitalStages.Relu(x, pool),
                    MergeLayer => stage.Forward(Network.StageInputs(s, image, outputs)),
                    _ => stage.Forward(x),
                };
                traces.Add(new StageTrace(s, x, null, 0, 0));
            }
            outputs.Add(x);
            profile?.AddStage(s, CosimProfile.Now() - start);
        }
        return traces;
    }

    /// <summary>The analog path's logits for a batch (one image at a time through the controller).</summary>
    public Tensor Forward(Tensor batch)
    {
        var shape = Network.Stages[^1].OutputShape;
        var y = new Tensor(batch.N, shape.C, shape.H, shape.W);
        for (int n = 0; n < batch.N; n++)
        {
            var one = new Tensor(1, batch.C, batch.H, batch.W, batch.Sample(n).ToArray());
            Run(one)[^1].Output.Data.CopyTo(y.Sample(n));
        }
        return y;
    }

    /// <summary>
    /// Forces every analog stage through <see cref="ITileReader.Read"/> with patch matrices (the general path any
    /// backend supports) even where the affine fast path applies; both give bit-identical results (tests compare them).
    /// </summary>
    public bool UseGeneralPath { get; init; }

    private static StageTrace RunAffine(AffineStageReader affine, AnalogLayerPlan plan, int stageIndex, Tensor x, ActivationPool? pool)
    {
        var shape = plan.Stage.OutputShape;
        // Every value of both outputs is written by the reader, so the arrays need no zeroing.
        var y = new Tensor(1, shape.C, shape.H, shape.W, ControllerDigitalStages.Array(shape.Size, pool));
        var ideal = new Tensor(1, shape.C, shape.H, shape.W, ControllerDigitalStages.Array(shape.Size, pool));
        var (adcClipped, dacClipped) = affine.Run(x.Data, y.Data, ideal.Data);
        return new StageTrace(stageIndex, y, ideal, adcClipped, dacClipped);
    }

    private static StageTrace RunGeneral(AnalogLayerPlan plan, int stageIndex, Tensor x)
    {
        var (y, adcClipped, dacClipped) = RunAnalog(plan, x);
        return new StageTrace(stageIndex, y, plan.Stage.Forward(x), adcClipped, dacClipped);
    }

    private static (Tensor Output, long AdcClipped, long DacClipped) RunAnalog(AnalogLayerPlan plan, Tensor x)
    {
        var stage = plan.Stage;
        var shape = stage.OutputShape;
        var y = new Tensor(1, shape.C, shape.H, shape.W);
        int positions = stage.Positions;
        double toVolts = plan.VoltsPerActivation, toActivation = 1 / toVolts;
        long adcClipped = 0, dacClipped = 0;
        for (int c = 0; c < stage.Crossbars.Count; c++)
        {
            var xb = stage.Crossbars[c];
            var patches = stage.Patches(x, 0, c);
            var sum = new double[positions * xb.Outputs];
            for (int t = 0; t < plan.TileCount; t++)
            {
                var reader = plan.Readers[c][t];
                var tile = reader.Tile;
                var volts = new double[positions * tile.Rows];
                for (int p = 0; p < positions; p++)
                    for (int r = 0; r < tile.Rows; r++)
                    {
                        int row = tile.FirstRow + r;
                        double a = patches[p * xb.Rows + row];
                        if (row == xb.BiasRow) { volts[p * tile.Rows + r] = plan.VreadVolts; continue; }
                        if (plan.Dac.Clips(a)) dacClipped++;
                        volts[p * tile.Rows + r] = plan.Dac.Convert(a) * toVolts;
                    }
                var outputs = new double[positions * tile.Outputs];
                reader.Read(volts, positions, outputs);
                var adcs = plan.ColumnAdcs[c][t];
                var correction = plan.Corrections[c][t];
                for (int i = 0; i < outputs.Length; i++)
                {
                    var adc = adcs[i % tile.Outputs];
                    if (adc.Bits > 0 && Math.Abs(outputs[i]) > adc.FullScale) adcClipped++;
                    sum[i] += correction.Apply(i % tile.Outputs, adc.Convert(outputs[i]));
                }
            }
            plan.AddDigitalBias(c, sum, positions, outputMajor: false);
            var columns = new float[sum.Length];
            for (int i = 0; i < sum.Length; i++) columns[i] = (float)(sum[i] * toActivation);
            stage.Scatter(columns, c, y, 0);
        }
        return (y, adcClipped, dacClipped);
    }
}
