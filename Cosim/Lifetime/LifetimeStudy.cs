using MemristorSpice.Cosim.Backends;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Controller;
using MemristorSpice.Cosim.Driver;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Network.Core;
using MemristorSpice.Network.Data;
using MemristorSpice.Network.Models;

namespace MemristorSpice.Cosim.Lifetime;

/// <summary>Accuracy of an aged array.</summary>
/// <param name="Accuracy">Analog accuracy with the per-output corrections fitted when the array was programmed, 0..1.</param>
/// <param name="CompensatedAccuracy">The same after the global drift compensation (one scalar gain per layer), 0..1.</param>
/// <param name="Gains">The fitted gain α of each analog layer in network order.</param>
/// <param name="Seconds">Wall time of both evaluations (programming the aged tiles included), seconds.</param>
public sealed record AgedAccuracy(double Accuracy, double CompensatedAccuracy, IReadOnlyList<double> Gains, double Seconds);

/// <summary>
/// The network programmed once (converter ranges and per-output corrections fitted at t = 0 on the circuit, as
/// cosim does) and re-read with aged cell conductances: every evaluation builds each tile's circuit with the given
/// conductance per cell (<see cref="CircuitDcBackend.CellSiemens"/>, wires and op-amps as designed), keeps the
/// corrections of t = 0 (they are fitted when the array is programmed, not at every read), and scores the test images.
/// <para>
/// Global drift compensation: when the array is programmed, each analog layer reads the first
/// <see cref="CompensationImages"/> calibration images once (the layer fed its ideal input) and the corrected
/// outputs are stored. At time t the layer reads the same inputs again, and one scalar gain per layer is fitted by
/// least squares, α = Σ y0·yt / Σ yt², then applied to every output of the layer after the ADC (digital). A global
/// conductance scale G → s·G with no spread is undone exactly by α = 1/s; spread between cells is not.
/// </para>
/// </summary>
public sealed class LifetimeStudy
{
    private readonly IReadOnlyList<double[]> _referenceReads;
    private readonly Tensor _compensationInputs;
    private readonly IReadOnlyList<Tensor> _compensationIdeal;

    /// <summary>Folds the model, calibrates the converters, programs every tile and records the reference reads.</summary>
    /// <param name="model">Trained network.</param>
    /// <param name="settings">Design point (circuit and converters).</param>
    /// <param name="calibration">Calibration images (converter ranges, per-output corrections, drift compensation, read disturb).</param>
    /// <param name="evaluated">Test set.</param>
    /// <param name="images">Test images scored at every age, 1..Count.</param>
    /// <param name="compensationImages">Calibration images of the drift-compensation read.</param>
    public LifetimeStudy(Model model, NonIdealities settings, Dataset calibration, Dataset evaluated, int images, int compensationImages = 8)
    {
        Settings = settings.Validate();
        // The cell maps hold the logical cells (rows × 2·outputs); a spare column pair has no place in them.
        if (Settings.SpareColumns > 0)
            throw new NonIdealitiesException("mapping.spareColumns", "is not supported by the lifetime study (its cell maps hold the logical cells only); use 0");
        if (images < 1 || images > evaluated.Count)
            throw new ArgumentOutOfRangeException(nameof(images), images, $"Images must be in 1..{evaluated.Count}.");
        if (compensationImages < 1) throw new ArgumentOutOfRangeException(nameof(compensationImages), "at least one compensation image");
        var sw = System.Diagnostics.Stopwatch.StartNew();
        Network = CrossbarNetwork.FromModel(model, settings.BiasRow);
        var calib = calibration.Take(Math.Min(settings.CalibrationImages, calibration.Count));
        Ranges = ConverterCalibration.Calibrate(Network, calib, settings);
        Fresh = new CircuitDcBackend(settings);
        Programmed = new DigitalController(Network, Ranges, settings, Fresh, calib);
        Data = evaluated.Take(images);
        CompensationImages = Math.Min(compensationImages, calib.Count);
        (_compensationInputs, _) = calib.Batch(0, CompensationImages);
        _compensationIdeal = Network.ForwardAll(_compensationInputs);
        _referenceReads = Programmed.Plans.Select(p => LayerReads(p)).ToList();
        ProgrammedSiemens = new CellMap();
        ProgrammedStates = new CellMap();
        foreach (var plan in Programmed.Plans)
            foreach (var tiles in plan.Readers)
                foreach (var reader in tiles)
                {
                    var tile = reader.Tile;
                    var generated = Fresh.Generated(tile);
                    var key = (tile.StageIndex, tile.Crossbar);
                    if (!ProgrammedSiemens.Values.ContainsKey(key))
                    {
                        ProgrammedSiemens.Values[key] = new double[generated.Cells.GetLength(0), generated.Cells.GetLength(1)];
                        ProgrammedStates.Values[key] = new double[generated.Cells.GetLength(0), generated.Cells.GetLength(1)];
                    }
                    var layout = Fresh.Layout(tile);
                    foreach (var cell in layout.Cells)
                    {
                        ProgrammedSiemens.Values[key][cell.LogicalRow, CellMap.Column(cell)] = 1 / layout.Device.Model.Resistance(cell.State);
                        ProgrammedStates.Values[key][cell.LogicalRow, CellMap.Column(cell)] = cell.State;
                    }
                }
        Baseline = Score(Programmed);
        SetupSeconds = sw.Elapsed.TotalSeconds;
    }

    /// <summary>Validated design point.</summary>
    public NonIdealities Settings { get; }
    /// <summary>Folded network on crossbars.</summary>
    public CrossbarNetwork Network { get; }
    /// <summary>Converter ranges calibrated at t = 0.</summary>
    public IReadOnlyList<StageRanges> Ranges { get; }
    /// <summary>Backend of the freshly programmed array (its generated crossbars give every cell's layout).</summary>
    public CircuitDcBackend Fresh { get; }
    /// <summary>Controller of the freshly programmed array (its corrections are kept for every age).</summary>
    public DigitalController Programmed { get; }
    /// <summary>Test images.</summary>
    public Dataset Data { get; }
    /// <summary>Calibration images of the drift-compensation read.</summary>
    public int CompensationImages { get; }
    /// <summary>Read conductance 1/R(x0) of every cell as programmed, Siemens.</summary>
    public CellMap ProgrammedSiemens { get; }
    /// <summary>Normalized state x0 of every cell as programmed.</summary>
    public CellMap ProgrammedStates { get; }
    /// <summary>Accuracy of the freshly programmed array.</summary>
    public double Baseline { get; }
    /// <summary>Setup time (folding, calibration, programming, baseline score), seconds.</summary>
    public double SetupSeconds { get; }
    /// <summary>Images scored in parallel.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Accuracy of the array with the given read conductance per cell (Siemens), without and with the global drift compensation.</summary>
    public AgedAccuracy Evaluate(CellMap siemens)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var aged = AgedController(siemens);
        double plain = Score(aged);
        var gains = Compensate(aged);
        double compensated = Score(aged);
        return new AgedAccuracy(plain, compensated, gains, sw.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// The global drift compensation of an aged controller: per analog layer, reads the compensation images, fits
    /// α = Σ y0·yt / Σ yt² against the reads stored at programming and scales the layer's digital correction by α.
    /// Returns α per layer in network order.
    /// </summary>
    public double[] Compensate(DigitalController aged)
    {
        var gains = new double[aged.Plans.Count];
        for (int l = 0; l < aged.Plans.Count; l++)
        {
            var plan = aged.Plans[l];
            var now = LayerReads(plan);
            var reference = _referenceReads[l];
            double num = 0, den = 0;
            for (int i = 0; i < now.Length; i++) { num += reference[i] * now[i]; den += now[i] * now[i]; }
            double alpha = den > 0 ? num / den : 1;
            gains[l] = alpha;
            plan.UseCorrections(plan.Corrections.Select(tiles => (IReadOnlyList<ColumnCorrection>)tiles
                .Select(c => new ColumnCorrection(c.Gain.Select(g => g / alpha).ToArray(), c.Offset)).ToArray()).ToArray());
        }
        return gains;
    }

    /// <summary>The controller of the aged array: tiles built with <paramref name="siemens"/>, corrections of t = 0.</summary>
    public DigitalController AgedController(CellMap siemens)
    {
        var backend = new CircuitDcBackend(Settings) { CellSiemens = (tile, cell) => siemens[tile, cell] };
        var aged = new DigitalController(Network, Ranges, Settings, backend);
        for (int l = 0; l < aged.Plans.Count; l++) aged.Plans[l].UseCorrections(Programmed.Plans[l].Corrections);
        return aged;
    }

    /// <summary>Analog accuracy of a controller on the test images.</summary>
    public double Score(DigitalController controller) =>
        new CosimRunner(controller) { Threads = Threads, ScatterValuesPerLayer = 0 }.Run(Data, Shard.Whole).Analog.Accuracy;

    /// <summary>
    /// The corrected outputs (after the ADC and the per-output correction, before the digital bias) of every tile of
    /// a layer for the compensation images, the layer fed its ideal input, in a fixed order.
    /// </summary>
    internal double[] LayerReads(AnalogLayerPlan plan)
    {
        var stage = plan.Stage;
        var input = Network.StageInput(plan.StageIndex, _compensationInputs, _compensationIdeal);
        int positions = stage.Positions;
        var all = new List<double>();
        for (int c = 0; c < stage.Crossbars.Count; c++)
        {
            var xb = stage.Crossbars[c];
            for (int t = 0; t < plan.TileCount; t++)
            {
                var reader = plan.Readers[c][t];
                var tile = reader.Tile;
                var volts = RowVolts(plan, input, c, tile);
                int patches = positions * input.N;
                var outputs = new double[patches * tile.Outputs];
                reader.Read(volts, patches, outputs);
                var adcs = plan.ColumnAdcs[c][t];
                var correction = plan.Corrections[c][t];
                for (int i = 0; i < outputs.Length; i++) all.Add(correction.Apply(i % tile.Outputs, adcs[i % tile.Outputs].Convert(outputs[i])));
            }
        }
        return [.. all];
    }

    /// <summary>Row volts [images·positions × tile rows] of a tile for a batch of stage inputs (bias row at Vread, as the controller drives it).</summary>
    internal static double[] RowVolts(AnalogLayerPlan plan, Tensor stageInputs, int crossbar, CrossbarTile tile)
    {
        var stage = plan.Stage;
        var xb = stage.Crossbars[crossbar];
        int positions = stage.Positions;
        var volts = new double[stageInputs.N * positions * tile.Rows];
        for (int n = 0; n < stageInputs.N; n++)
        {
            var x = stage.Patches(stageInputs, n, crossbar);
            for (int p = 0; p < positions; p++)
                for (int r = 0; r < tile.Rows; r++)
                {
                    int row = tile.FirstRow + r;
                    volts[(n * positions + p) * tile.Rows + r] = row == xb.BiasRow ? plan.VreadVolts : plan.Dac.Convert(x[p * xb.Rows + row]) * plan.VoltsPerActivation;
                }
        }
        return volts;
    }
}
