using MemristorSpice.Cosim.Backends;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Converters;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Network.Core;

namespace MemristorSpice.Cosim.Controller;

/// <summary>
/// Everything the controller needs for one analog stage: its DAC, the scale factors between activation units and
/// row volts, and per logical crossbar the programmed tiles with their ADCs.
/// </summary>
public sealed class AnalogLayerPlan
{
    /// <summary>Creates the DAC and ADCs of a stage and programs all its tiles on the backend.</summary>
    /// <param name="stage">The analog stage of the folded network.</param>
    /// <param name="stageIndex">Index of the stage in the network.</param>
    /// <param name="ranges">Calibrated DAC and per-tile ADC full scales of the stage.</param>
    /// <param name="settings">Converter bits, read voltage and other non-idealities.</param>
    /// <param name="backend">Backend that programs the tiles.</param>
    public AnalogLayerPlan(AnalogStage stage, int stageIndex, StageRanges ranges, NonIdealities settings, ICrossbarBackend backend)
    {
        Stage = stage;
        StageIndex = stageIndex;
        VreadVolts = settings.VreadVolts;
        Dac = new Dac(settings.DacBits, ranges.InputFullScale, ranges.BipolarInput);
        TileCount = CrossbarMappingRules.Tiles(stage.Crossbars[0].AnalogRows);
        Adcs = ranges.TileOutputFullScale.Select(fs => new Adc(settings.AdcBits, fs)).ToArray();
        if (Adcs.Count != TileCount) throw new ArgumentException($"{stage.Name}: {Adcs.Count} ADC ranges for {TileCount} tiles.");
        if (ranges.ColumnFullScale.Length != stage.Crossbars.Count || ranges.ColumnFullScale.Any(c => c.Length != TileCount))
            throw new ArgumentException($"{stage.Name}: column ADC ranges do not match {stage.Crossbars.Count} crossbars of {TileCount} tiles.");
        ColumnAdcs = ranges.ColumnFullScale.Select((tiles, c) => (IReadOnlyList<Adc[]>)tiles.Select(cols =>
        {
            if (cols.Length != stage.Crossbars[c].Outputs) throw new ArgumentException($"{stage.Name}: {cols.Length} column ADC ranges for {stage.Crossbars[c].Outputs} outputs.");
            return cols.Select(fs => new Adc(settings.AdcBits, fs)).ToArray();
        }).ToArray()).ToArray();
        Readers = stage.Crossbars.Select((_, c) =>
            (IReadOnlyList<ITileReader>)Enumerable.Range(0, TileCount).Select(t => backend.Program(MakeTile(stage, stageIndex, c, t, Dac.FullScale, VreadVolts))).ToArray()).ToArray();
        Corrections = stage.Crossbars.Select(xb =>
            (IReadOnlyList<ColumnCorrection>)Enumerable.Range(0, TileCount).Select(_ => ColumnCorrection.Identity(xb.Outputs)).ToArray()).ToArray();
        AffineReader = AffineStageReader.TryCreate(this);
    }

    /// <summary>Fast read path when every tile is an affine map (null: the controller goes through <see cref="ITileReader.Read"/>).</summary>
    internal AffineStageReader? AffineReader { get; }

    /// <summary>The analog stage this plan drives.</summary>
    public AnalogStage Stage { get; }
    /// <summary>Index of the stage in the crossbar network.</summary>
    public int StageIndex { get; }
    /// <summary>Row voltage of a full-scale activation, volts.</summary>
    public double VreadVolts { get; }
    /// <summary>Converter shared by all rows of the stage.</summary>
    public Dac Dac { get; }
    /// <summary>Tiles per logical crossbar (rows split by the tile size).</summary>
    public int TileCount { get; }
    /// <summary>Per tile position, a converter with the widest column range of the stage (reports; reads use <see cref="ColumnAdcs"/>).</summary>
    public IReadOnlyList<Adc> Adcs { get; }
    /// <summary>ColumnAdcs[crossbar][tile][output]: the converter of each tile output with its own calibrated range.</summary>
    public IReadOnlyList<IReadOnlyList<Adc[]>> ColumnAdcs { get; }
    /// <summary>Readers[crossbar][tile].</summary>
    public IReadOnlyList<IReadOnlyList<ITileReader>> Readers { get; }

    /// <summary>Digital correction per [crossbar][tile], identity until <see cref="Calibrate"/>.</summary>
    public IReadOnlyList<IReadOnlyList<ColumnCorrection>> Corrections { get; private set; } = [];

    /// <summary>Fits the per-output gain/offset corrections from the ideal stage input of calibration images.</summary>
    public void Calibrate(Tensor stageInputs) => Corrections = ColumnCalibration.Fit(this, stageInputs);

    /// <summary>Uses corrections fitted elsewhere (an aged array keeps the ones fitted when it was programmed).</summary>
    internal void UseCorrections(IReadOnlyList<IReadOnlyList<ColumnCorrection>> corrections) => Corrections = corrections;

    /// <summary>
    /// Adds the digitally placed biases (<see cref="CrossbarMatrix.BiasOnCrossbar"/> false) of crossbar
    /// <paramref name="crossbar"/> to the tile sums [positions × outputs] in weight·volt units: b·Vread/amax, so the
    /// conversion back to activation units gives exactly b. Nothing when the bias is a crossbar row.
    /// </summary>
    internal void AddDigitalBias(int crossbar, Span<double> sum, int positions, bool outputMajor)
    {
        var xb = Stage.Crossbars[crossbar];
        if (xb.BiasOnCrossbar) return;
        double scale = VoltsPerActivation;
        for (int o = 0; o < xb.Outputs; o++)
        {
            double b = xb[xb.BiasRow, o] * scale;
            for (int p = 0; p < positions; p++) sum[outputMajor ? o * positions + p : p * xb.Outputs + o] += b;
        }
    }

    /// <summary>Row volts per activation unit: Vread / amax.</summary>
    public double VoltsPerActivation => VreadVolts / Dac.FullScale;

    /// <summary>
    /// Tile <paramref name="tile"/> of logical crossbar <paramref name="crossbar"/> of a stage, exactly as a plan programs it
    /// (rows split by <see cref="CrossbarMappingRules.TileRows"/>, the bias row divided by the DAC full scale).
    /// </summary>
    /// <param name="stage">The analog stage.</param>
    /// <param name="stageIndex">Index of the stage in the network.</param>
    /// <param name="crossbar">Logical crossbar of the stage.</param>
    /// <param name="tile">Tile of the crossbar.</param>
    /// <param name="inputFullScale">The stage's DAC full scale amax (activation units).</param>
    /// <param name="vreadVolts">Row voltage of a full-scale activation, volts.</param>
    public static CrossbarTile MakeTile(AnalogStage stage, int stageIndex, int crossbar, int tile, double inputFullScale, double vreadVolts)
    {
        var xb = stage.Crossbars[crossbar];
        var (first, rows) = CrossbarMappingRules.TileRows(xb.AnalogRows, tile);
        var w = new double[rows * xb.Outputs];
        for (int r = 0; r < rows; r++)
        {
            bool bias = first + r == xb.BiasRow;
            for (int o = 0; o < xb.Outputs; o++)
                w[r * xb.Outputs + o] = bias ? xb[first + r, o] / inputFullScale : xb[first + r, o];
        }
        return new CrossbarTile(stage.Name, stage.Kind, stageIndex, crossbar, tile, first, rows, xb.Outputs, w,
            first + rows == xb.Rows, vreadVolts, xb, inputFullScale);
    }
}
