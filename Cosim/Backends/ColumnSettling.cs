using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Controller;
using MemristorSpice.Crossbar.Layout;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Network.Data;

namespace MemristorSpice.Cosim.Backends;

/// <summary>Measured read settling of one analog layer (<see cref="ColumnSettling"/>).</summary>
/// <param name="Layer">Name of the analog layer.</param>
/// <param name="Seconds">Time from the DAC step after which every column of every tile of the layer stays within 0.5 LSB of its
/// settled value for every patch transition of the images, seconds; 0 when nothing in the read is dynamic.</param>
/// <param name="StepSeconds">Time resolution of the measurement (the integration step), seconds.</param>
/// <param name="Transitions">Patch transitions examined per tile (summed over the layer's tiles).</param>
/// <param name="WorstTile">Tile whose column settles last (its id), or empty when nothing is dynamic.</param>
/// <param name="WorstOutput">Output (column pair) of <paramref name="WorstTile"/> that settles last, or −1.</param>
public sealed record LayerSettling(string Layer, double Seconds, double StepSeconds, long Transitions, string WorstTile, int WorstOutput);

/// <summary>
/// Measures the read time each analog layer needs from the tiles' step responses (docs/cosim.md "Choosing the clock").
/// For every tile, <see cref="TranTileModel.StepResponseErrors"/> gives each row's unit step response minus its settled
/// value, S[k][r, j], at times (k + 1)·h on the transient's BDF2 grid (op-amp GBW, wire capacitance). The patches of each
/// image are read one after the other starting from the idle DAC (0 V on every row), so the read of patch p starts
/// from the settled read of patch p − 1 (0 V before patch 0) and its settling error at time t after the DAC step is
/// e_j(t) = Σ_r S_rj(t)·(V_p,r − V_p−1,r). The layer's settling time is the smallest t such that |e_j(t')| ≤ 0.5 LSB of
/// the tile's ADC for every t' ≥ t, every column j, every tile of the layer and every transition (p − 1 → p) of the
/// images, where V are the DAC outputs of the ideal network's activations (bias row at Vread). It is measured on the
/// grid: the first sample after the last one above 0.5 LSB (one step h of resolution, h = 1/50 of the closed-form
/// estimate). The horizon starts at twice the closed-form estimate and doubles until the last sample is settled.
/// This is the settling of one transition from a settled previous read: the residues of earlier transitions (each below
/// 0.5 LSB at a read time of at least this settling time) are not added.
/// </summary>
public static class ColumnSettling
{
    /// <summary>Settling threshold, ADC LSBs.</summary>
    public const double ThresholdLsb = 0.5;

    /// <summary>Samples of the step response per closed-form settling estimate (the resolution of the measurement).</summary>
    public const int SamplesPerEstimate = 50;

    /// <summary>Largest horizon, in closed-form estimates, before a tile is reported as not settling (its settling is then the horizon).</summary>
    public const int MaxHorizonEstimates = 96;

    /// <summary>
    /// Measures every analog layer of <paramref name="controller"/>.
    /// </summary>
    /// <param name="controller">Controller with its converter ranges (ADC LSB per tile, DAC) and tiles.</param>
    /// <param name="layout">Generated layout of a tile with the op-amp and wire settings of <paramref name="settings"/>.</param>
    /// <param name="settings">Non-idealities with the dynamic elements (opAmp.gbwHz, wire.capacitanceFarads).</param>
    /// <param name="images">Images whose patch sequences are examined (the calibration images).</param>
    /// <param name="threads">Tiles (or row blocks of one tile) simulated in parallel.</param>
    /// <param name="cancel">Stops between layers.</param>
    public static IReadOnlyList<LayerSettling> Measure(DigitalController controller, Func<CrossbarTile, CrossbarTileLayout> layout, NonIdealities settings,
        Dataset images, int threads, CancellationToken cancel = default)
    {
        var result = new List<LayerSettling>();
        var ideal = Enumerable.Range(0, images.Count).Select(i =>
        {
            var x = images.Batch(i, 1).Images;
            return (Image: x, Outputs: controller.Network.ForwardAll(x));
        }).ToList();
        foreach (var plan in controller.Plans)
        {
            cancel.ThrowIfCancellationRequested();
            var stage = plan.Stage;
            var inputs = ideal.Select(d => controller.Network.StageInput(plan.StageIndex, d.Image, d.Outputs)).ToList();
            var tiles = Enumerable.Range(0, stage.Crossbars.Count).SelectMany(c => Enumerable.Range(0, plan.TileCount).Select(t => (c, t))).ToList();
            var perTile = new TileResult[tiles.Count];
            Parallel.For(0, tiles.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads), CancellationToken = cancel }, i =>
            {
                var (c, t) = tiles[i];
                perTile[i] = MeasureTile(plan, c, t, layout(plan.Readers[c][t].Tile), settings, inputs, tiles.Count == 1 ? threads : 1);
            });
            var worst = perTile.MaxBy(r => r.Seconds)!;
            result.Add(new LayerSettling(stage.Name, worst.Seconds, perTile.Max(r => r.StepSeconds), perTile.Sum(r => r.Transitions),
                worst.Seconds > 0 ? worst.Tile : "", worst.Seconds > 0 ? worst.Output : -1));
        }
        return result;
    }

    private sealed record TileResult(string Tile, double Seconds, double StepSeconds, long Transitions, int Output);

    private static TileResult MeasureTile(AnalogLayerPlan plan, int crossbar, int tileIndex, CrossbarTileLayout layout, NonIdealities settings,
        IReadOnlyList<Network.Core.Tensor> inputs, int threads)
    {
        var tile = plan.Readers[crossbar][tileIndex].Tile;
        var adc = plan.Adcs[tileIndex];
        // With an ideal ADC the 0.5 LSB threshold is that of an 8-bit ADC over the same range (as the settling plot does).
        double lsb = adc.Bits > 0 ? adc.Lsb : adc.FullScale / 127;
        double threshold = ThresholdLsb * lsb;
        double estimate = Estimate(layout, settings, adc.Bits > 0 ? adc.Bits : 8);
        if (estimate == 0) return new TileResult(tile.Id, 0, 0, 0, -1);
        double h = estimate / SamplesPerEstimate;
        var model = new TranTileModel(layout, settings, new TranOptions { ReadTimeSeconds = 40 * h, StepsPerSlot = 40 }, CircuitDcBackend.WeightVoltsPerVolt(tile, layout));
        if (model.Capacitors.Count == 0) return new TileResult(tile.Id, 0, 0, 0, -1);
        var transitions = Transitions(plan, crossbar, tile, inputs);
        for (int steps = 2 * SamplesPerEstimate; ; steps *= 2)
        {
            var errors = model.StepResponseErrors(steps, threads)
                ?? throw new NonIdealitiesException("device", $"{tile.Id}: the cells move at read voltages, so the read has no fixed step response to measure settling on");
            var scan = new Scan(errors, tile.Rows, tile.Outputs, threshold);
            foreach (var delta in transitions) scan.Add(delta);
            if (scan.LastAbove < steps - 1 || steps >= MaxHorizonEstimates * SamplesPerEstimate)
                return new TileResult(tile.Id, (scan.LastAbove + 2) * h, h, transitions.Count, scan.WorstOutput);
        }
    }

    /// <summary>Closed-form single-pole estimate of the tile's settling (its largest column conductance), seconds; 0 when nothing is dynamic.</summary>
    private static double Estimate(CrossbarTileLayout layout, NonIdealities settings, int bits)
    {
        double gbw = settings.OpAmpGbwHz ?? 0;
        double opAmp = gbw > 0 ? Ppa.ReadSettling.Seconds(Ppa.CircuitInventory.LargestColumnConductance(layout), settings.FeedbackOhms, gbw, bits) : 0;
        // Wire RC without op-amp poles: the Elmore delay of the longest wire (N segments of R and C: N²·R·C/2) to 2^(bits+1).
        double wire = 0;
        if (settings.WireCapacitanceFarads > 0)
        {
            int n = Math.Max(layout.Rows.Count, layout.Tias.Count);
            wire = Math.Log(Math.Pow(2, bits + 1)) * n * n * Math.Max(settings.WireRowOhms, settings.WireColumnOhms) * settings.WireCapacitanceFarads / 2;
        }
        return Math.Max(opAmp, wire);
    }

    /// <summary>Row-voltage steps V_p − V_p−1 of every patch of every image (0 V before patch 0), rows of the tile, volts; zero steps left out.</summary>
    private static List<double[]> Transitions(AnalogLayerPlan plan, int crossbar, CrossbarTile tile, IReadOnlyList<Network.Core.Tensor> inputs)
    {
        var stage = plan.Stage;
        var xb = stage.Crossbars[crossbar];
        int rows = tile.Rows, positions = stage.Positions;
        var list = new List<double[]>();
        var previous = new double[rows];
        var now = new double[rows];
        foreach (var input in inputs)
        {
            var patches = stage.Patches(input, 0, crossbar);
            Array.Clear(previous);
            for (int p = 0; p < positions; p++)
            {
                for (int r = 0; r < rows; r++)
                {
                    int row = tile.FirstRow + r;
                    now[r] = row == xb.BiasRow ? plan.VreadVolts : plan.Dac.Convert(patches[p * xb.Rows + row]) * plan.VoltsPerActivation;
                }
                var delta = new double[rows];
                bool any = false;
                for (int r = 0; r < rows; r++) { delta[r] = now[r] - previous[r]; any |= delta[r] != 0; }
                if (any) list.Add(delta);
                (previous, now) = (now, previous);
            }
        }
        return list;
    }

    /// <summary>
    /// Finds the last sample index at which any column's settling error exceeds the threshold over a set of transitions.
    /// Only samples after the current last one can change it; a transition whose bound max|ΔV|·max_{k'≥k} max_j Σ_r |S[k'][r, j]|
    /// is below the threshold from sample k on is not evaluated there, so most transitions cost a few samples.
    /// </summary>
    internal sealed class Scan
    {
        private readonly double[][] _errors;
        private readonly double[] _suffixBound;
        private readonly int _rows, _outs;
        private readonly double _threshold;

        public Scan(double[][] errors, int rows, int outs, double threshold)
        {
            _errors = errors;
            _rows = rows;
            _outs = outs;
            _threshold = threshold;
            _suffixBound = new double[errors.Length + 1];
            for (int k = errors.Length - 1; k >= 0; k--)
            {
                double bound = 0;
                for (int j = 0; j < outs; j++)
                {
                    double sum = 0;
                    for (int r = 0; r < rows; r++) sum += Math.Abs(errors[k][r * outs + j]);
                    bound = Math.Max(bound, sum);
                }
                _suffixBound[k] = Math.Max(bound, _suffixBound[k + 1]);
            }
        }

        /// <summary>Last sample index above the threshold so far (−1: none).</summary>
        public int LastAbove { get; private set; } = -1;
        /// <summary>Column whose error set <see cref="LastAbove"/> (−1: none).</summary>
        public int WorstOutput { get; private set; } = -1;

        public void Add(ReadOnlySpan<double> delta)
        {
            double vmax = 0;
            foreach (var v in delta) vmax = Math.Max(vmax, Math.Abs(v));
            int from = LastAbove + 1;
            if (from >= _errors.Length || vmax * _suffixBound[from] <= _threshold) return;
            // First sample at or after 'from' from which the bound stays within the threshold (the bound is non-increasing).
            int lo = from, hi = _errors.Length;
            while (lo < hi)
            {
                int mid = (lo + hi) / 2;
                if (vmax * _suffixBound[mid] <= _threshold) hi = mid; else lo = mid + 1;
            }
            for (int k = lo - 1; k >= from; k--)
            {
                var s = _errors[k];
                for (int j = 0; j < _outs; j++)
                {
                    double e = 0;
                    for (int r = 0; r < _rows; r++) e += s[r * _outs + j] * delta[r];
                    if (Math.Abs(e) > _threshold)
                    {
                        LastAbove = k;
                        WorstOutput = j;
                        return;
                    }
                }
            }
        }
    }
}
