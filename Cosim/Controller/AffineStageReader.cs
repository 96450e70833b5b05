using MemristorSpice.Network;

namespace MemristorSpice.Cosim;

/// <summary>
/// The controller's fast path for an analog stage whose tiles are all affine maps out = V·T + offset
/// (<see cref="MatrixTileReader"/>: the ideal backend and the native dc backend). Per output position it gathers
/// the patch straight from the activation tensor (<see cref="PatchGather"/>), keeps only the non-zero rows (after
/// ReLU most activations are zero, and a zero row adds nothing), and computes for that patch, in one pass:
/// the DAC codes and row volts, each tile's read V·T + offset, its ADC code and digital correction, the tile partial
/// sums, and the ideal float layer fed the same input (bias + Σ w·a in float, the layer's own arithmetic).
/// Every value is the same sequence of IEEE operations as the general path (DAC, <see cref="ITileReader.Read"/>, ADC,
/// correction per element, rows added in order), so both paths give bit-identical results.
/// </summary>
internal sealed class AffineStageReader
{
    private readonly AnalogLayerPlan _plan;
    private readonly PatchGather _gather;
    private readonly MatrixTileReader[][] _readers;
    private readonly int _maxRows, _maxOutputs;

    private AffineStageReader(AnalogLayerPlan plan, MatrixTileReader[][] readers)
    {
        _plan = plan;
        _readers = readers;
        _gather = new PatchGather(plan.Stage);
        _maxRows = plan.Stage.Crossbars.Max(x => x.Rows);
        _maxOutputs = plan.Stage.Crossbars.Max(x => x.Outputs);
    }

    /// <summary>The fast path of <paramref name="plan"/>, or null when a tile is not an affine map (e.g. a transient or ngspice reader).</summary>
    public static AffineStageReader? TryCreate(AnalogLayerPlan plan)
    {
        var readers = new MatrixTileReader[plan.Readers.Count][];
        for (int c = 0; c < readers.Length; c++)
        {
            readers[c] = new MatrixTileReader[plan.TileCount];
            for (int t = 0; t < plan.TileCount; t++)
            {
                if (plan.Readers[c][t] is not MatrixTileReader m) return null;
                readers[c][t] = m;
            }
        }
        return new AffineStageReader(plan, readers);
    }

    /// <summary>
    /// Runs one image: <paramref name="x"/> is the stage input (one sample), <paramref name="y"/> receives the analog
    /// output and <paramref name="ideal"/> the ideal float layer of the same input (both one sample, C·H·W).
    /// </summary>
    public (long AdcClipped, long DacClipped) Run(ReadOnlySpan<float> x, Span<float> y, Span<float> ideal)
    {
        var plan = _plan;
        var stage = plan.Stage;
        var dac = plan.Dac;
        var s = Scratch.For(_maxRows, _maxOutputs);
        int positions = _gather.Positions, k = _gather.RowsPerPatch;
        bool depthwise = stage.Kind == AnalogKind.Depthwise, quantize = dac.Bits > 0;
        double toVolts = plan.VoltsPerActivation, toActivation = 1 / toVolts, vread = plan.VreadVolts, fullScale = dac.FullScale;
        long adcClipped = 0, dacClipped = 0;
        for (int c = 0; c < stage.Crossbars.Count; c++)
        {
            var xb = stage.Crossbars[c];
            int outs = xb.Outputs, plane = _gather.PlaneOffset(xb), outBase = depthwise ? xb.Channel!.Value * positions : 0;
            var weights = xb.Values.AsSpan();
            var bias = weights.Slice(k * outs, outs);
            var readers = _readers[c];
            var corrections = plan.Corrections[c];
            var acc = s.Read.AsSpan(0, outs);
            var sum = s.Sum.AsSpan(0, outs);
            var accIdeal = s.Ideal.AsSpan(0, outs);
            for (int pos = 0; pos < positions; pos++)
            {
                var sources = _gather.Sources(pos);
                int nonZero = 0, driven = 0;
                for (int r = 0; r < k; r++)
                {
                    int src = sources[r];
                    if (src < 0) continue;
                    float a = x[plane + src];
                    if (a == 0) continue;
                    s.ActiveRows[nonZero] = r;
                    s.Activations[nonZero++] = a;
                    double ad = a;
                    if (quantize && (ad > fullScale || ad < 0)) dacClipped++;
                    double v = dac.Convert(ad) * toVolts;
                    if (v == 0) continue;
                    s.DrivenRows[driven] = r;
                    s.Volts[driven++] = v;
                }
                // The ideal float layer: bias, then w·a row by row (what the float convolution does per output).
                bias.CopyTo(accIdeal);
                ReadKernels.AccumulateRows<float>(accIdeal, weights, s.ActiveRows.AsSpan(0, nonZero), s.Activations.AsSpan(0, nonZero));

                sum.Clear();
                int next = 0;
                for (int t = 0; t < readers.Length; t++)
                {
                    var reader = readers[t];
                    var tile = reader.Tile;
                    int first = tile.FirstRow, end = first + tile.Rows, m = 0;
                    for (; next < driven && s.DrivenRows[next] < end; next++)
                    {
                        s.TileRows[m] = s.DrivenRows[next] - first;
                        s.TileVolts[m++] = s.Volts[next];
                    }
                    if (tile.HoldsBiasRow) { s.TileRows[m] = tile.Rows - 1; s.TileVolts[m++] = vread; }
                    var offset = reader.Offset;
                    if (offset.IsEmpty) acc.Clear(); else offset.CopyTo(acc);
                    ReadKernels.AccumulateRows<double>(acc, reader.Transfer, s.TileRows.AsSpan(0, m), s.TileVolts.AsSpan(0, m));
                    var correction = corrections[t];
                    adcClipped += ReadKernels.ConvertAndCorrect(acc, plan.Adcs[t], correction.Gain, correction.Offset, sum);
                }
                for (int o = 0; o < outs; o++)
                {
                    int i = outBase + o * positions + pos;
                    y[i] = (float)(sum[o] * toActivation);
                    ideal[i] = accIdeal[o];
                }
            }
        }
        return (adcClipped, dacClipped);
    }

    /// <summary>Per-thread work arrays (grown on demand, never shrunk).</summary>
    private sealed class Scratch
    {
        [ThreadStatic] private static Scratch? t_current;

        public int[] ActiveRows = [], DrivenRows = [], TileRows = [];
        public float[] Activations = [], Ideal = [];
        public double[] Volts = [], TileVolts = [], Read = [], Sum = [];

        public static Scratch For(int rows, int outputs)
        {
            var s = t_current ??= new Scratch();
            if (s.ActiveRows.Length < rows)
            {
                s.ActiveRows = new int[rows]; s.DrivenRows = new int[rows]; s.TileRows = new int[rows];
                s.Activations = new float[rows]; s.Volts = new double[rows]; s.TileVolts = new double[rows];
            }
            if (s.Read.Length < outputs) { s.Read = new double[outputs]; s.Sum = new double[outputs]; s.Ideal = new float[outputs]; }
            return s;
        }
    }
}
