using MemristorSpice.Cosim.Metrics;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Network.Evaluation;
using MemristorSpice.Network.Layers;

namespace MemristorSpice.Cosim.Driver;

/// <summary>Comparison statistics of one analog layer over all images of a run (mergeable exactly).</summary>
public sealed class LayerStatistics(int stageIndex, string layer, AnalogKind kind, int crossbars, int tiles, int positionsPerImage)
{
    /// <summary>Index of the stage in the crossbar network.</summary>
    public int StageIndex { get; } = stageIndex;
    /// <summary>Name of the network layer.</summary>
    public string Layer { get; } = layer;
    /// <summary>Kind of analog layer.</summary>
    public AnalogKind Kind { get; } = kind;
    /// <summary>Logical crossbars of the layer.</summary>
    public int Crossbars { get; } = crossbars;
    /// <summary>Tiles per logical crossbar.</summary>
    public int Tiles { get; } = tiles;
    /// <summary>Reads (patches) per image per crossbar.</summary>
    public int PositionsPerImage { get; } = positionsPerImage;
    /// <summary>Images accumulated.</summary>
    public long Images { get; set; }
    /// <summary>Analog output vs the ideal float layer fed the same (analog-path) input.</summary>
    public ErrorStatistics VsSameInput { get; init; } = new();
    /// <summary>Analog output vs the fully ideal network's activation.</summary>
    public ErrorStatistics VsIdealNetwork { get; init; } = new();
    /// <summary>ADC conversions that clipped at full scale.</summary>
    public long AdcClipped { get; set; }
    /// <summary>DAC conversions that clipped at full scale.</summary>
    public long DacClipped { get; set; }

    /// <summary>Patches applied: images × positions × crossbars.</summary>
    public long Patches => Images * PositionsPerImage * Crossbars;

    /// <summary>Statistics of the same layer with nothing accumulated (start of a shard or thread).</summary>
    public LayerStatistics EmptyCopy() => new(StageIndex, Layer, Kind, Crossbars, Tiles, PositionsPerImage);

    /// <summary>Adds the counts and sums of <paramref name="other"/> (exact, order independent).</summary>
    /// <exception cref="ArgumentException">The other statistics belong to a different layer.</exception>
    public void Merge(LayerStatistics other)
    {
        if (other.StageIndex != StageIndex || other.Layer != Layer)
            throw new ArgumentException($"Cannot merge statistics of layer {other.Layer} into {Layer}.");
        Images += other.Images;
        VsSameInput.Merge(other.VsSameInput);
        VsIdealNetwork.Merge(other.VsIdealNetwork);
        AdcClipped += other.AdcClipped;
        DacClipped += other.DacClipped;
    }
}

/// <summary>Prediction for one image: analog path and fully ideal float network.</summary>
public readonly record struct ImagePrediction(int Image, int Label, int Analog, int Ideal);

/// <summary>Analog vs ideal values of one layer for the first image of a run (scatter plot data).</summary>
public sealed record ScatterSample(string Layer, int Image, float[] Ideal, float[] Analog);

/// <summary>Everything a run (or a merge of shards) produced.</summary>
public sealed class CosimOutcome
{
    /// <summary>Statistics per analog layer in network order.</summary>
    public required IReadOnlyList<LayerStatistics> Layers { get; init; }
    /// <summary>Prediction per image, in image order.</summary>
    public required IReadOnlyList<ImagePrediction> Predictions { get; init; }
    /// <summary>Number of classes of the data set.</summary>
    public required int Classes { get; init; }
    /// <summary>Analog vs ideal values per layer for the scatter plot.</summary>
    public IReadOnlyList<ScatterSample> Scatter { get; init; } = [];
    /// <summary>Wall time of the run, seconds.</summary>
    public double Seconds { get; init; }

    /// <summary>Accuracy and confusion of the analog path.</summary>
    public EvaluationResult Analog => Evaluate(p => p.Analog);
    /// <summary>Accuracy and confusion of the ideal float network.</summary>
    public EvaluationResult Ideal => Evaluate(p => p.Ideal);

    private EvaluationResult Evaluate(Func<ImagePrediction, int> predicted)
    {
        var confusion = new int[Classes, Classes];
        int correct = 0;
        foreach (var p in Predictions)
        {
            int q = predicted(p);
            confusion[p.Label, q]++;
            if (q == p.Label) correct++;
        }
        return new EvaluationResult(correct, Predictions.Count, confusion);
    }
}
