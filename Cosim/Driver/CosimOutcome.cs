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

    /// <summary>ADC resolution of the layer, bits (0 = ideal ADC).</summary>
    public int AdcBits { get; init; }

    /// <summary>
    /// One ADC LSB in the layer's output units (activation units, the units of the error statistics): the coarsest
    /// LSB over the layer's tile ADCs, times amax/Vread. For an ideal ADC the LSB an 8-bit ADC over the same calibrated
    /// range would have, so errors still read in familiar units. 0 when unknown (a shard written before this field).
    /// </summary>
    public double AdcLsb { get; init; }

    /// <summary>Full scale (peak) of the ADC with <see cref="AdcLsb"/>, output units: the reference of <see cref="Enob"/>.</summary>
    public double AdcFullScale { get; init; }

    /// <summary>ADC conversions per image: crossbars × positions × tiles × outputs.</summary>
    public long AdcConversionsPerImage { get; init; }

    /// <summary>DAC conversions per image: crossbars × positions × activation rows (the bias row is not converted).</summary>
    public long DacConversionsPerImage { get; init; }

    /// <summary>Largest |error| against the ideal layer fed the same input, in ADC LSBs (NaN when the LSB is unknown).</summary>
    public double MaxErrorLsb => AdcLsb > 0 ? VsSameInput.MaxAbsError / AdcLsb : double.NaN;

    /// <summary>RMS error against the ideal layer fed the same input, in ADC LSBs (NaN when the LSB is unknown).</summary>
    public double RmsErrorLsb => AdcLsb > 0 ? VsSameInput.RmsError / AdcLsb : double.NaN;

    /// <summary>
    /// Signal to noise and distortion ratio of the analog path referred to a full-scale sine, dB:
    /// SINAD = 10·log10((FS²/2) / mean((y − x)²)), FS = <see cref="AdcFullScale"/>, x the ideal layer fed the same input,
    /// y the analog output; +∞ when they agree exactly, NaN when the full scale is unknown.
    /// </summary>
    public double SinadDb
    {
        get
        {
            if (!(AdcFullScale > 0) || VsSameInput.Count == 0) return double.NaN;
            double mse = VsSameInput.SumErrorSquared.Value / VsSameInput.Count;
            return mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(AdcFullScale * AdcFullScale / 2 / mse);
        }
    }

    /// <summary>
    /// Effective number of bits of the analog path: ENOB = (SINAD − 1.76 dB) / 6.02 dB (the IEEE 1241 relation
    /// between SINAD and resolution for a full-scale sine). A pure b-bit quantizer gives ENOB ≈ b (its RMS error is LSB/√12).
    /// </summary>
    public double Enob => (SinadDb - 1.76) / 6.02;

    /// <summary>ADC conversions over the accumulated images.</summary>
    public long AdcConversions => Images * AdcConversionsPerImage;

    /// <summary>DAC conversions over the accumulated images.</summary>
    public long DacConversions => Images * DacConversionsPerImage;

    /// <summary>Share of ADC conversions that clipped (NaN when nothing was converted).</summary>
    public double AdcClipFraction => AdcConversions > 0 ? (double)AdcClipped / AdcConversions : double.NaN;

    /// <summary>Share of DAC conversions that clipped (NaN when nothing was converted).</summary>
    public double DacClipFraction => DacConversions > 0 ? (double)DacClipped / DacConversions : double.NaN;

    /// <summary>Statistics of the same layer with nothing accumulated (start of a shard or thread).</summary>
    public LayerStatistics EmptyCopy() => new(StageIndex, Layer, Kind, Crossbars, Tiles, PositionsPerImage)
    {
        AdcBits = AdcBits, AdcLsb = AdcLsb, AdcFullScale = AdcFullScale,
        AdcConversionsPerImage = AdcConversionsPerImage, DacConversionsPerImage = DacConversionsPerImage,
    };

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
