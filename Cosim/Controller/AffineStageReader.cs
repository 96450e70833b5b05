using System.Numerics.Tensors;
using MemristorSpice.Cosim.Backends;
using MemristorSpice.Cosim.Converters;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Network.Core;

namespace MemristorSpice.Cosim.Controller;

/// <summary>
/// The controller's fast path for an analog stage whose tiles are all affine maps out = V·T + offset
/// (<see cref="MatrixTileReader"/>: the ideal backend and the native dc backend). Per image it applies the DAC once to
/// every input activation (<see cref="ReadKernels.Quantize"/>), then reads all patches of a crossbar at once: the row
/// volts as columns [rows × positions] (<see cref="PatchGather"/>), out = offset + Tᵀ·V per tile with SIMD across
/// positions, ADC and digital correction per output, tile partial sums, and the ideal float layer fed the same input
/// (the layer's own GEMM). Depthwise crossbars (one output) are read plane-wise, a shifted copy of the channel plane
/// per row. Every value is the same sequence of IEEE operations as the general path (rows added in order, the bias
/// row last, no fused multiply-add), so both paths give bit-identical results (tests compare them).
/// </summary>
internal sealed class AffineStageReader
{
    private readonly AnalogLayerPlan _plan;
    private readonly PatchGather _gather;
    private readonly MatrixTileReader[][] _readers;
    private readonly int _maxOutputs;
    private readonly double[][][] _biasTerms;
    /// <summary>Values of one zero-padded input plane (depthwise plane-wise reads), 0 for other stages.</summary>
    private readonly int _paddedPlane;

    /// <summary>Tran tiles read by superposition ([crossbar][tile]; null entries: plain affine tiles).</summary>
    private readonly TranTileReader?[][] _tran;

    /// <summary>Noisy tiles ([crossbar][tile]; null entries: noiseless) and their input-independent variances.</summary>
    private readonly NoisyTileReader?[][] _noise;
    private readonly double[]?[][] _fixedVariance;

    private AffineStageReader(AnalogLayerPlan plan, MatrixTileReader[][] readers, TranTileReader?[][] tran, NoisyTileReader?[][] noise)
    {
        _plan = plan;
        _readers = readers;
        _tran = tran;
        _noise = noise;
        _fixedVariance = noise.Select(tiles => tiles.Select(n => n?.FixedVariance(plan.VreadVolts)).ToArray()).ToArray();
        _gather = new PatchGather(plan.Stage);
        _maxOutputs = plan.Stage.Crossbars.Max(x => x.Outputs);
        _paddedPlane = _gather.Geometry is { } g ? (g.InH + 2 * g.Padding) * (g.InW + 2 * g.Padding) : 0;
        _biasTerms = readers.Select(tiles => tiles.Select(r => BiasTerms(r, plan.VreadVolts)).ToArray()).ToArray();
    }

    /// <summary>Vread·T[bias row, o] per output of a tile holding the bias row (its contribution to every read); empty otherwise.</summary>
    private static double[] BiasTerms(MatrixTileReader reader, double vreadVolts)
    {
        var tile = reader.Tile;
        if (!tile.HoldsBiasRow) return [];
        var row = reader.Transfer.Slice((tile.Rows - 1) * tile.Outputs, tile.Outputs);
        var terms = new double[tile.Outputs];
        for (int o = 0; o < terms.Length; o++) terms[o] = vreadVolts * row[o];
        return terms;
    }

    /// <summary>
    /// The fast path of <paramref name="plan"/>, or null when a tile is neither an affine map nor a transient tile read
    /// by superposition (e.g. a transient tile on the full solver, or an ngspice reader). A superposition tile is its
    /// DC affine map plus the settling of its taps over the image's patch sequence (<see cref="TranTileReader"/>).
    /// </summary>
    public static AffineStageReader? TryCreate(AnalogLayerPlan plan)
    {
        // The gather assumes one group and equal paddings without dilation; other convolutions take the general path.
        if (plan.Stage.Layer is Network.Layers.Conv2d conv && (conv.Groups != 1 || !conv.Geometry(plan.Stage.InputShape).IsSymmetric)) return null;
        var readers = new MatrixTileReader[plan.Readers.Count][];
        var tran = new TranTileReader?[plan.Readers.Count][];
        var noise = new NoisyTileReader?[plan.Readers.Count][];
        for (int c = 0; c < readers.Length; c++)
        {
            readers[c] = new MatrixTileReader[plan.TileCount];
            tran[c] = new TranTileReader?[plan.TileCount];
            noise[c] = new NoisyTileReader?[plan.TileCount];
            for (int t = 0; t < plan.TileCount; t++)
            {
                switch (plan.Readers[c][t])
                {
                    case MatrixTileReader m: readers[c][t] = m; break;
                    case NoisyTileReader nz: readers[c][t] = nz.Inner; noise[c][t] = nz; break;
                    case TranTileReader { SettlingTaps: not null } r: readers[c][t] = r.Dc; tran[c][t] = r; noise[c][t] = r.Noise; break;
                    default: return null;
                }
            }
        }
        return new AffineStageReader(plan, readers, tran, noise);
    }

    /// <summary>
    /// Runs one image: <paramref name="x"/> is the stage input (one sample), <paramref name="y"/> receives the analog
    /// output and <paramref name="ideal"/> the ideal float layer of the same input (both one sample, C·H·W).
    /// </summary>
    public (long AdcClipped, long DacClipped) Run(ReadOnlySpan<float> x, Span<float> y, Span<float> ideal)
    {
        var plan = _plan;
        var s = Scratch.For(x.Length, _gather.Positions * _gather.RowsPerPatch, _gather.Positions * _maxOutputs, _gather.Positions, _paddedPlane);
        var volts = s.InputVolts.AsSpan(0, x.Length);
        // The DAC acts on every activation once; a value drives the same volts in every patch it belongs to.
        long dacClipped = ReadKernels.Quantize(x, plan.Dac, plan.VoltsPerActivation, volts, _gather.Multiplicity, _gather.Multiplicity.Length);
        long adcClipped = 0;
        for (int c = 0; c < _readers.Length; c++)
            adcClipped += _gather.PerChannel && _readers[c].Length == 1 && _gather.Geometry is { } g
                ? RunPlane(c, g, x, volts, y, ideal, s)
                : RunColumns(c, x, volts, y, ideal, s);
        return (adcClipped, dacClipped);
    }

    /// <summary>
    /// A one-output crossbar over a whole channel plane (depthwise): each crossbar row is a shifted copy of the
    /// plane, so the reads of all positions are accumulated row by row with SIMD over the output columns.
    /// </summary>
    private long RunPlane(int c, ConvGeometry g, ReadOnlySpan<float> x, ReadOnlySpan<double> volts, Span<float> y, Span<float> ideal, Scratch s)
    {
        var plan = _plan;
        var xb = plan.Stage.Crossbars[c];
        var reader = _readers[c][0];
        var transfer = reader.Transfer;
        int positions = _gather.Positions, plane = _gather.PlaneOffset(xb), size = _gather.PlaneSize, k = _gather.RowsPerPatch;
        int outBase = xb.Channel!.Value * positions;
        var acc = s.PlaneRead.AsSpan(0, positions);
        var sum = s.PlaneSum.AsSpan(0, positions);
        var accIdeal = ideal.Slice(outBase, positions);
        var xPlane = x.Slice(plane, size);
        var vPlane = volts.Slice(plane, size);
        var offset = reader.Offset;
        double start = offset.IsEmpty ? 0 : offset[0];
        if (g.Stride == 1 && g.Padding > 0)
        {
            // Stride 1 reads run over the zero-padded plane (see ReadPlaneVolts).
            int paddedSize = (g.InH + 2 * g.Padding) * (g.InW + 2 * g.Padding);
            vPlane = Pad(vPlane, g, s.PaddedVolts.AsSpan(0, paddedSize));
            xPlane = Pad(xPlane, g, s.PaddedInput.AsSpan(0, paddedSize));
        }
        ReadPlaneVolts(g, vPlane, transfer, start, acc, s);
        if (g.Stride == 1)
        {
            int width = g.InW + 2 * g.Padding, wide = (g.OutH - 1) * width + g.OutW;
            var idealWide = s.WideIdeal.AsSpan(0, wide);
            idealWide.Fill(xb.Values[k]);
            for (int ky = 0; ky < g.Kernel; ky++)
                for (int kx = 0; kx < g.Kernel; kx++)
                    ReadKernels.AccumulateScaled(idealWide, xPlane.Slice(ky * width + kx, wide), xb.Values[ky * g.Kernel + kx]);
            for (int oy = 0; oy < g.OutH; oy++) idealWide.Slice(oy * width, g.OutW).CopyTo(accIdeal.Slice(oy * g.OutW));
        }
        else
        {
            accIdeal.Fill(xb.Values[k]);
            for (int ky = 0; ky < g.Kernel; ky++)
                for (int kx = 0; kx < g.Kernel; kx++)
                    ReadKernels.AccumulateShifted(accIdeal, xPlane, xb.Values[ky * g.Kernel + kx], g, ky, kx);
        }
        if (_tran[c][0] is { } tran)
        {
            var settle = s.Settle.AsSpan(0, positions);
            var z = s.TapRead.AsSpan(0, positions);
            settle.Clear();
            var taps = tran.SettlingTaps!;
            for (int m = 1; m <= taps.Count; m++)
            {
                ReadPlaneVolts(g, vPlane, taps[m - 1], 0, z, s);
                AddStepDifference(settle, z, BiasTaps(tran.Tile, taps[m - 1]), 1, positions, m);
            }
            tran.Record(AddSettling(acc, settle), positions);
        }
        if (_noise[c][0] is { } noisy)
        {
            // Per-read noise: variance = fixed + Σ_r V_r²·Q[r], read over the plane like the signal (Q has one output).
            var variance = s.NoiseVariance.AsSpan(0, positions);
            var squared = s.SquaredVolts.AsSpan(0, vPlane.Length);
            for (int i = 0; i < squared.Length; i++) squared[i] = vPlane[i] * vPlane[i];
            var q = noisy.Noise.ReadCoefficients;
            if (q is null) variance.Fill(_fixedVariance[c][0]![0]);
            else ReadPlaneVolts(g, squared, q, _fixedVariance[c][0]![0], variance, s);
            noisy.AddSamples(acc, variance, 1, positions);
        }
        sum.Clear();
        var correction = plan.Corrections[c][0];
        long clipped = ReadKernels.ConvertAndCorrectOutputs(acc, positions, _biasTerms[c][0], plan.ColumnAdcs[c][0], correction.InverseGain, correction.Offset, sum);
        plan.AddDigitalBias(c, sum, positions, outputMajor: true);
        ReadKernels.ScaleToSingle(sum, 1 / plan.VoltsPerActivation, y.Slice(outBase, positions));
        return clipped;
    }

    /// <summary>
    /// Reads every position of a one-output crossbar over a channel plane: acc = start + Σ_r w_r·V_r, rows in order.
    /// Stride 1: position (oy, ox) accumulates at oy·Wp + ox of a grid as wide as the (zero-padded, already padded in
    /// <paramref name="vPlane"/>) input plane, so every crossbar row (ky, kx) is one contiguous run over the plane
    /// shifted by ky·Wp + kx instead of OutH short ones; the Wp − OutW unused values per grid row are dropped
    /// afterwards. Padding positions add w·0, as the general path's zero row volts do.
    /// </summary>
    private static void ReadPlaneVolts(ConvGeometry g, ReadOnlySpan<double> vPlane, ReadOnlySpan<double> w, double start, Span<double> acc, Scratch s)
    {
        if (g.Stride == 1)
        {
            int width = g.InW + 2 * g.Padding, wide = (g.OutH - 1) * width + g.OutW;
            var accWide = s.WideRead.AsSpan(0, wide);
            accWide.Fill(start);
            for (int ky = 0; ky < g.Kernel; ky++)
                for (int kx = 0; kx < g.Kernel; kx++)
                    ReadKernels.AccumulateScaled(accWide, vPlane.Slice(ky * width + kx, wide), w[ky * g.Kernel + kx]);
            for (int oy = 0; oy < g.OutH; oy++) accWide.Slice(oy * width, g.OutW).CopyTo(acc.Slice(oy * g.OutW));
        }
        else
        {
            acc.Fill(start);
            for (int ky = 0; ky < g.Kernel; ky++)
                for (int kx = 0; kx < g.Kernel; kx++)
                    ReadKernels.AccumulateShifted(acc, vPlane, w[ky * g.Kernel + kx], g, ky, kx);
        }
    }

    /// <summary>Vread·D[bias row, o] of a settling tap when the tile holds the bias row (the bias row steps from 0 V to Vread before patch 0); empty otherwise.</summary>
    private ReadOnlySpan<double> BiasTaps(CrossbarTile tile, double[] tap)
    {
        if (!tile.HoldsBiasRow) return [];
        var terms = new double[tile.Outputs];
        for (int o = 0; o < terms.Length; o++) terms[o] = _plan.VreadVolts * tap[(tile.Rows - 1) * tile.Outputs + o];
        return terms;
    }

    /// <summary>
    /// settle[o, p] += Z[o, p − m + 1] − Z[o, p − m] for tap m, where Z = z + bias[o] is the tap read of every patch
    /// [outs × n] and Z[o, q &lt; 0] = 0 (the settled idle state before patch 0): the response at slot p to the DAC
    /// step made m − 1 slots earlier (<see cref="TranTileModel.SettlingTaps"/>).
    /// </summary>
    private static void AddStepDifference(Span<double> settle, ReadOnlySpan<double> z, ReadOnlySpan<double> bias, int outs, int n, int m)
    {
        int lag = m - 1;
        for (int o = 0; o < outs; o++)
        {
            double b = bias.IsEmpty ? 0 : bias[o];
            var zo = z.Slice(o * n, n);
            var so = settle.Slice(o * n, n);
            for (int p = lag; p < n; p++) so[p] += p - m >= 0 ? zo[p - lag] - zo[p - m] : zo[p - lag] + b;
        }
    }

    /// <summary>acc += settle; returns max |settle| (the settling error of these reads, weight·volts).</summary>
    private static double AddSettling(Span<double> acc, ReadOnlySpan<double> settle)
    {
        double max = 0;
        for (int i = 0; i < settle.Length; i++)
        {
            acc[i] += settle[i];
            max = Math.Max(max, Math.Abs(settle[i]));
        }
        return max;
    }

    /// <summary>The channel plane inside a border of <see cref="ConvGeometry.Padding"/> zeros (row width InW + 2·Padding).</summary>
    private static ReadOnlySpan<T> Pad<T>(ReadOnlySpan<T> plane, ConvGeometry g, Span<T> padded) where T : unmanaged
    {
        int width = g.InW + 2 * g.Padding;
        padded.Clear();
        for (int iy = 0; iy < g.InH; iy++)
            plane.Slice(iy * g.InW, g.InW).CopyTo(padded.Slice((iy + g.Padding) * width + g.Padding));
        return padded;
    }

    /// <summary>
    /// Any crossbar, all patches of the image at once: the row volts as columns V [rows × positions] (the input
    /// itself for pointwise and fully connected stages, a gather for convolutions), each tile read as
    /// out [outputs × positions] = offset + Tᵀ·V with rows added in order and the bias row last, then ADC and
    /// correction per output, SIMD across positions. The ideal layer is the float GEMM the layer itself uses
    /// (<see cref="Gemm.Multiply"/> after a bias fill), on the same float patches.
    /// </summary>
    private long RunColumns(int c, ReadOnlySpan<float> x, ReadOnlySpan<double> volts, Span<float> y, Span<float> ideal, Scratch s)
    {
        var plan = _plan;
        var xb = plan.Stage.Crossbars[c];
        int n = _gather.Positions, k = _gather.RowsPerPatch, outs = xb.Outputs, plane = _gather.PlaneOffset(xb);
        int outBase = plan.Stage.Kind == AnalogKind.Depthwise ? xb.Channel!.Value * n : 0;
        ReadOnlySpan<float> xCols;
        ReadOnlySpan<double> vCols;
        if (_gather.IsIdentity)
        {
            xCols = x.Slice(plane, k * n);
            vCols = volts.Slice(plane, k * n);
        }
        else
        {
            _gather.Columns(x, plane, s.FloatColumns.AsSpan(0, k * n));
            _gather.Columns(volts, plane, s.VoltColumns.AsSpan(0, k * n));
            xCols = s.FloatColumns.AsSpan(0, k * n);
            vCols = s.VoltColumns.AsSpan(0, k * n);
        }

        var idealOut = ideal.Slice(outBase, outs * n);
        for (int o = 0; o < outs; o++) idealOut.Slice(o * n, n).Fill(xb.Values[k * outs + o]);
        Gemm.Multiply(xb.Values, 1, outs, xCols, idealOut, outs, k, n, accumulate: true);

        var sum = s.ColumnSum.AsSpan(0, outs * n);
        var acc = s.ColumnRead.AsSpan(0, outs * n);
        sum.Clear();
        long clipped = 0;
        var readers = _readers[c];
        for (int t = 0; t < readers.Length; t++)
        {
            var reader = readers[t];
            var tile = reader.Tile;
            var transfer = reader.Transfer;
            var offset = reader.Offset;
            int rows = tile.HoldsBiasRow ? tile.Rows - 1 : tile.Rows;
            for (int o = 0; o < outs; o++) acc.Slice(o * n, n).Fill(offset.IsEmpty ? 0 : offset[o]);
            ReadKernels.MultiplyTransposed(acc, transfer, outs, vCols.Slice(tile.FirstRow * n, rows * n), rows, n);
            if (_tran[c][t] is { } tran)
            {
                var settle = s.Settle.AsSpan(0, outs * n);
                var z = s.TapRead.AsSpan(0, outs * n);
                settle.Clear();
                var taps = tran.SettlingTaps!;
                for (int m = 1; m <= taps.Count; m++)
                {
                    z.Clear();
                    ReadKernels.MultiplyTransposed(z, taps[m - 1], outs, vCols.Slice(tile.FirstRow * n, rows * n), rows, n);
                    AddStepDifference(settle, z, BiasTaps(tile, taps[m - 1]), outs, n, m);
                }
                tran.Record(AddSettling(acc, settle), n);
            }
            if (_noise[c][t] is { } noisy)
            {
                // Per-read noise: variance [outputs × positions] = fixed + Qᵀ·V² (the read's own kernel on squared volts).
                var variance = s.NoiseVariance.AsSpan(0, outs * n);
                var fixedVariance = _fixedVariance[c][t]!;
                for (int o = 0; o < outs; o++) variance.Slice(o * n, n).Fill(fixedVariance[o]);
                if (noisy.Noise.ReadCoefficients is { } q)
                {
                    var squared = s.SquaredVolts.AsSpan(0, rows * n);
                    var v = vCols.Slice(tile.FirstRow * n, rows * n);
                    for (int i = 0; i < squared.Length; i++) squared[i] = v[i] * v[i];
                    ReadKernels.MultiplyTransposed(variance, q, outs, squared, rows, n);
                }
                noisy.AddSamples(acc, variance, outs, n);
            }
            var correction = plan.Corrections[c][t];
            clipped += ReadKernels.ConvertAndCorrectOutputs(acc, n, _biasTerms[c][t], plan.ColumnAdcs[c][t], correction.InverseGain, correction.Offset, sum);
        }
        plan.AddDigitalBias(c, sum, n, outputMajor: true);
        ReadKernels.ScaleToSingle(sum, 1 / plan.VoltsPerActivation, y.Slice(outBase, outs * n));
        return clipped;
    }

    /// <summary>Per-thread work arrays (grown on demand, never shrunk).</summary>
    private sealed class Scratch
    {
        [ThreadStatic] private static Scratch? t_current;

        public float[] FloatColumns = [], WideIdeal = [], PaddedInput = [];
        public double[] InputVolts = [], VoltColumns = [], ColumnRead = [], ColumnSum = [], PlaneRead = [], PlaneSum = [], WideRead = [], PaddedVolts = [];
        public double[] Settle = [], TapRead = [], NoiseVariance = [], SquaredVolts = [];

        public static Scratch For(int inputs, int columns, int outputs, int positions, int paddedPlane)
        {
            var s = t_current ??= new Scratch();
            if (s.InputVolts.Length < inputs) s.InputVolts = new double[inputs];
            if (s.VoltColumns.Length < columns) { s.VoltColumns = new double[columns]; s.FloatColumns = new float[columns]; }
            int squares = Math.Max(Math.Max(columns, inputs), paddedPlane);
            if (s.SquaredVolts.Length < squares) s.SquaredVolts = new double[squares];
            if (s.ColumnRead.Length < outputs) { s.ColumnRead = new double[outputs]; s.ColumnSum = new double[outputs]; }
            int settle = Math.Max(outputs, positions);
            if (s.Settle.Length < settle) { s.Settle = new double[settle]; s.TapRead = new double[settle]; s.NoiseVariance = new double[settle]; }
            if (s.PlaneRead.Length < positions) { s.PlaneRead = new double[positions]; s.PlaneSum = new double[positions]; }
            if (s.WideRead.Length < paddedPlane)
            {
                s.WideRead = new double[paddedPlane]; s.PaddedVolts = new double[paddedPlane];
                s.WideIdeal = new float[paddedPlane]; s.PaddedInput = new float[paddedPlane];
            }
            return s;
        }
    }
}
