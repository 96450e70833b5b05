using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Network.Core;
using MemristorSpice.Network.Layers;

namespace MemristorSpice.Cosim.Controller;

/// <summary>
/// Where each crossbar row of each read of an analog stage takes its activation from: Source[pos·K + r] is the
/// index (inside one image's activation tensor, relative to <see cref="PlaneOffset"/>) of the value that drives row r
/// of the patch at output position pos, or −1 for a zero-padding position. K = crossbar rows − 1 (the bias row is
/// always driven). It is the same gather as <see cref="AnalogStage.Patches"/> (im2col in (c, ky, kx) order), computed
/// once per stage so that the controller can read patches straight from the activation tensor without building them.
/// </summary>
internal sealed class PatchGather
{
    private readonly int[] _source;
    private readonly int _planeSize;
    private readonly bool _perChannel;

    public PatchGather(AnalogStage stage)
    {
        Positions = stage.Positions;
        var input = stage.InputShape;
        ConvGeometry? geometry = stage.Layer switch
        {
            DepthwiseConv d => d.ChannelGeometry(input),
            Conv2d c => c.Geometry(input),
            _ => null,
        };
        _perChannel = stage.Layer is DepthwiseConv;
        _planeSize = input.H * input.W;
        RowsPerPatch = stage.Crossbars[0].Rows - 1;
        _source = new int[Positions * RowsPerPatch];
        Geometry = geometry;
        if (geometry is not { } g)
        {
            // Fully connected: one read per image, row r = feature r.
            for (int r = 0; r < RowsPerPatch; r++) _source[r] = r;
            Multiplicity = Enumerable.Repeat(1, RowsPerPatch).ToArray();
            return;
        }
        if (g.PatchSize != RowsPerPatch || g.OutPlane != Positions)
            throw new ArgumentException($"{stage.Name}: geometry gives {g.PatchSize} rows × {g.OutPlane} positions, the crossbar {RowsPerPatch} × {Positions}.");
        int k = g.Kernel;
        for (int oy = 0; oy < g.OutH; oy++)
            for (int ox = 0; ox < g.OutW; ox++)
            {
                int pos = oy * g.OutW + ox;
                for (int c = 0; c < g.Channels; c++)
                    for (int ky = 0; ky < k; ky++)
                        for (int kx = 0; kx < k; kx++)
                        {
                            int iy = oy * g.Stride + ky - g.Padding, ix = ox * g.Stride + kx - g.Padding;
                            bool inside = iy >= 0 && iy < g.InH && ix >= 0 && ix < g.InW;
                            _source[pos * RowsPerPatch + (c * k + ky) * k + kx] = inside ? (c * g.InH + iy) * g.InW + ix : -1;
                        }
            }
        Multiplicity = new int[_perChannel ? _planeSize : input.C * _planeSize];
        foreach (int src in _source)
            if (src >= 0) Multiplicity[src]++;
        IsIdentity = true;
        for (int pos = 0; pos < Positions && IsIdentity; pos++)
            for (int r = 0; r < RowsPerPatch; r++)
                if (_source[pos * RowsPerPatch + r] != r * Positions + pos) { IsIdentity = false; break; }
    }

    /// <summary>
    /// True when the input, read from <see cref="PlaneOffset"/>, already is the patch matrix in column form
    /// [rows × positions] (pointwise and fully connected stages), so no gather is needed.
    /// </summary>
    public bool IsIdentity { get; }

    /// <summary>
    /// The patches as columns: cols[r·Positions + pos] = value driving row r of the patch at pos (0 for padding),
    /// taken from <paramref name="input"/> starting at <paramref name="planeOffset"/>.
    /// </summary>
    public void Columns<T>(ReadOnlySpan<T> input, int planeOffset, Span<T> cols) where T : unmanaged
    {
        if (Geometry is { Stride: 1 } g && !_perChannel) { ColumnsByRuns(g, input, planeOffset, cols); return; }
        int k = RowsPerPatch, n = Positions;
        for (int pos = 0; pos < n; pos++)
        {
            var src = _source.AsSpan(pos * k, k);
            for (int r = 0; r < k; r++) cols[r * n + pos] = src[r] < 0 ? default : input[planeOffset + src[r]];
        }
    }

    /// <summary>
    /// <see cref="Columns{T}"/> for a stride-1 convolution: row (c, ky, kx) of the patch matrix at output row oy is a
    /// run of consecutive input values (input row oy + ky − p from column kx − p), so it is copied as a block, with
    /// zeros where the window reaches into the padding.
    /// </summary>
    private void ColumnsByRuns<T>(ConvGeometry g, ReadOnlySpan<T> input, int planeOffset, Span<T> cols) where T : unmanaged
    {
        int k = g.Kernel, p = g.Padding, outW = g.OutW, n = Positions;
        for (int c = 0; c < g.Channels; c++)
            for (int ky = 0; ky < k; ky++)
                for (int kx = 0; kx < k; kx++)
                {
                    var dst = cols.Slice(((c * k + ky) * k + kx) * n, n);
                    // Output columns whose input column ox + kx − p lies inside the image.
                    int lo = Math.Clamp(p - kx, 0, outW), hi = Math.Clamp(g.InW + p - kx, lo, outW);
                    for (int oy = 0; oy < g.OutH; oy++)
                    {
                        var row = dst.Slice(oy * outW, outW);
                        int iy = oy + ky - p;
                        if (iy < 0 || iy >= g.InH) { row.Clear(); continue; }
                        row[..lo].Clear();
                        input.Slice(planeOffset + (c * g.InH + iy) * g.InW + lo + kx - p, hi - lo).CopyTo(row[lo..hi]);
                        row[hi..].Clear();
                    }
                }
    }

    /// <summary>The convolution geometry of a read (one channel for depthwise), or null for a fully connected stage.</summary>
    public ConvGeometry? Geometry { get; }

    /// <summary>
    /// How many patch entries each input value drives (indexed like <see cref="Sources"/>; per channel plane for
    /// depthwise): 9 inside a 3×3 same-padded convolution, fewer at the borders, 1 for pointwise. A value outside the
    /// DAC range clips in every patch entry it drives, which is how the controller counts DAC clipping.
    /// </summary>
    public int[] Multiplicity { get; }

    /// <summary>True when each crossbar reads one channel plane (depthwise) rather than the whole image.</summary>
    public bool PerChannel => _perChannel;

    /// <summary>Values per channel plane of the stage input.</summary>
    public int PlaneSize => _planeSize;

    /// <summary>Reads per image per crossbar.</summary>
    public int Positions { get; }

    /// <summary>Activation rows per patch (crossbar rows without the bias row).</summary>
    public int RowsPerPatch { get; }

    /// <summary>Source indices of the patch at <paramref name="position"/> (−1 = padding).</summary>
    public ReadOnlySpan<int> Sources(int position) => _source.AsSpan(position * RowsPerPatch, RowsPerPatch);

    /// <summary>Start of the part of the image tensor crossbar <paramref name="crossbar"/> reads (its channel plane for depthwise).</summary>
    public int PlaneOffset(CrossbarMatrix crossbar) => _perChannel ? crossbar.Channel!.Value * _planeSize : 0;
}
