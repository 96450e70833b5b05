namespace MemristorSpice.Network.Core;

/// <summary>
/// Geometry of a k×k convolution and the im2col/col2im transforms. Patch rows are ordered (channel, ky, kx),
/// which is also the row order of the conv crossbar (docs/assumptions.md, "Crossbar mapping") so co-simulation can reuse the patches.
/// </summary>
/// <param name="Channels">Input channels.</param>
/// <param name="InH">Input height in pixels.</param>
/// <param name="InW">Input width in pixels.</param>
/// <param name="Kernel">Kernel side k in pixels.</param>
/// <param name="Stride">Step between windows in pixels.</param>
/// <param name="Padding">Zero padding on the top border (and on every border unless the other pads are set), in pixels.</param>
public readonly record struct ConvGeometry(int Channels, int InH, int InW, int Kernel, int Stride, int Padding)
{
    private readonly int _dilationMinusOne;
    private readonly int? _padLeft, _padBottom, _padRight;

    /// <summary>Spacing between kernel taps in pixels (1 = a dense kernel); an imported ONNX Conv's <c>dilations</c>.</summary>
    public int Dilation { get => _dilationMinusOne + 1; init => _dilationMinusOne = value - 1; }
    /// <summary>Zero padding on the left border in pixels (defaults to <see cref="Padding"/>).</summary>
    public int PadLeft { get => _padLeft ?? Padding; init => _padLeft = value; }
    /// <summary>Zero padding on the bottom border in pixels (defaults to <see cref="Padding"/>).</summary>
    public int PadBottom { get => _padBottom ?? Padding; init => _padBottom = value; }
    /// <summary>Zero padding on the right border in pixels (defaults to <see cref="Padding"/>).</summary>
    public int PadRight { get => _padRight ?? Padding; init => _padRight = value; }
    /// <summary>True for a dense kernel with the same padding on every border: the form the co-simulator's fast paths handle.</summary>
    public bool IsSymmetric => Dilation == 1 && PadLeft == Padding && PadBottom == Padding && PadRight == Padding;
    /// <summary>Extent of the (dilated) kernel in pixels: Dilation·(Kernel − 1) + 1.</summary>
    public int Span => Dilation * (Kernel - 1) + 1;

    /// <summary>Output height in pixels.</summary>
    public int OutH => (InH + Padding + PadBottom - Span) / Stride + 1;
    /// <summary>Output width in pixels.</summary>
    public int OutW => (InW + PadLeft + PadRight - Span) / Stride + 1;
    /// <summary>Rows of one im2col patch column: Channels·Kernel·Kernel.</summary>
    public int PatchSize => Channels * Kernel * Kernel;
    /// <summary>Output pixels per channel: OutH·OutW.</summary>
    public int OutPlane => OutH * OutW;

    /// <summary>True when im2col is the identity (1×1, stride 1, no padding): the input plane is used directly.</summary>
    public bool IsIdentity => Kernel == 1 && Stride == 1 && Padding == 0 && PadLeft == 0 && PadBottom == 0 && PadRight == 0;

    /// <summary>cols[(c·k+ky)·k+kx, oy·OutW+ox] = x[c, oy·s+ky·d−p_top, ox·s+kx·d−p_left] (zero outside).</summary>
    public void Im2Col(ReadOnlySpan<float> x, Span<float> cols)
    {
        int oh = OutH, ow = OutW, k = Kernel;
        for (int c = 0; c < Channels; c++)
            for (int ky = 0; ky < k; ky++)
                for (int kx = 0; kx < k; kx++)
                {
                    var row = cols.Slice(((c * k + ky) * k + kx) * oh * ow, oh * ow);
                    for (int oy = 0; oy < oh; oy++)
                    {
                        int iy = oy * Stride + ky * Dilation - Padding;
                        var dst = row.Slice(oy * ow, ow);
                        if (iy < 0 || iy >= InH) { dst.Clear(); continue; }
                        var src = x.Slice((c * InH + iy) * InW, InW);
                        for (int ox = 0; ox < ow; ox++)
                        {
                            int ix = ox * Stride + kx * Dilation - PadLeft;
                            dst[ox] = ix >= 0 && ix < InW ? src[ix] : 0f;
                        }
                    }
                }
    }

    /// <summary>Adjoint of <see cref="Im2Col"/>: scatters column gradients back into dx (dx is overwritten).</summary>
    public void Col2Im(ReadOnlySpan<float> cols, Span<float> dx)
    {
        dx[..(Channels * InH * InW)].Clear();
        int oh = OutH, ow = OutW, k = Kernel;
        for (int c = 0; c < Channels; c++)
            for (int ky = 0; ky < k; ky++)
                for (int kx = 0; kx < k; kx++)
                {
                    var row = cols.Slice(((c * k + ky) * k + kx) * oh * ow, oh * ow);
                    for (int oy = 0; oy < oh; oy++)
                    {
                        int iy = oy * Stride + ky * Dilation - Padding;
                        if (iy < 0 || iy >= InH) continue;
                        var dst = dx.Slice((c * InH + iy) * InW, InW);
                        for (int ox = 0; ox < ow; ox++)
                        {
                            int ix = ox * Stride + kx * Dilation - PadLeft;
                            if (ix >= 0 && ix < InW) dst[ix] += row[oy * ow + ox];
                        }
                    }
                }
    }
}
