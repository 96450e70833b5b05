using MemristorSpice.Network.Layers;

namespace MemristorSpice.Crossbar.Mapping;

/// <summary>Logical crossbar of a layer before tiling: weight rows (inputs + one bias row) × output columns.</summary>
public readonly record struct CrossbarShape(int Rows, int Outputs)
{
    /// <summary>Physical columns: a differential pair (G+, G−) per output.</summary>
    public int Columns => CrossbarMappingRules.ColumnsPerOutput * Outputs;
}

/// <summary>
/// Where a layer's bias goes (a design-point choice; docs/assumptions.md, "Crossbar mapping"). The bias is the row
/// driven by the constant Vread; folding it into the digital controller adds b to every output after the ADC and
/// the tile sums, which is exact in ideal math.
/// </summary>
public enum BiasPlacement
{
    /// <summary>Default: a crossbar row in a spare row of the layer's last tile; when the inputs fill their tiles
    /// exactly (the bias alone would need a new tile, e.g. 128 inputs + bias), the bias is added digitally instead.</summary>
    Auto,
    /// <summary>Always a crossbar row, even when it needs a tile of its own (the mapping before bias folding).</summary>
    Analog,
    /// <summary>Never on the crossbar: every bias is added by the digital controller after the ADC.</summary>
    Digital,
}

/// <summary>Crossbar, memristor and op-amp count of one logical crossbar after tiling.</summary>
public readonly record struct CrossbarCost(int Tiles, long Memristors, int OpAmps);

/// <summary>
/// The single source of the layer-to-crossbar mapping rules (docs/assumptions.md, "Crossbar mapping"). The Netlist generators and the PPA
/// model must take their counts from here.
/// <list type="bullet">
/// <item>Standard conv k×k, Cin→Cout: one crossbar (k²·Cin + 1) × 2·Cout, rows = im2col patch (c, ky, kx) then bias.</item>
/// <item>Depthwise k×k over C channels: C crossbars of (k² + 1) × 2.</item>
/// <item>Pointwise / classifier Cin→Cout: (Cin + 1) × 2·Cout.</item>
/// <item>Grouped conv k×k with g groups: g crossbars of (k²·Cin/g + 1) × 2·Cout/g, one per group (a group sees only its
/// own input channels, so a block-diagonal single crossbar would hold (g − 1)/g zeros).</item>
/// <item>Fully connected Nin→Nout: (Nin + 1) × 2·Nout.</item>
/// <item>Tiling: a crossbar with more than <see cref="MaxRows"/> rows is split into ceil(rows/128) row tiles. The
/// bias row is NOT repeated per tile: it is the last row of the last tile (the tiles' partial sums are added by
/// the digital controller, so one bias term is exactly right, and the memristor count does not depend on tiling).
/// Every tile has all the columns.</item>
/// <item>Bias placement (<see cref="BiasPlacement"/>, default Auto): a bias that would need a tile of its own is
/// added by the digital controller instead of occupying a crossbar row.</item>
/// <item>Op-amps per tile: one TIA per physical column (2 per output) plus one difference stage per output = 3·outputs.</item>
/// </list>
/// </summary>
public static class CrossbarMappingRules
{
    /// <summary>Most rows a physical crossbar holds.</summary>
    public const int MaxRows = 128;
    /// <summary>Physical columns per output (G+ and G−).</summary>
    public const int ColumnsPerOutput = 2;
    /// <summary>Op-amps per output per tile: two TIAs and one difference stage.</summary>
    public const int OpAmpsPerOutputPerTile = 3;

    /// <summary>Logical crossbar of a k×k convolution: k²·inChannels + 1 rows, outChannels outputs.</summary>
    public static CrossbarShape StandardConv(int kernel, int inChannels, int outChannels) => new(kernel * kernel * inChannels + 1, outChannels);
    /// <summary>Logical crossbar of one depthwise channel: k² + 1 rows, one output.</summary>
    public static CrossbarShape DepthwiseChannel(int kernel) => new(kernel * kernel + 1, 1);
    /// <summary>Logical crossbar of a 1×1 convolution: inChannels + 1 rows, outChannels outputs.</summary>
    public static CrossbarShape Pointwise(int inChannels, int outChannels) => new(inChannels + 1, outChannels);
    /// <summary>Logical crossbar of a dense layer: inputs + 1 rows, outputs outputs.</summary>
    public static CrossbarShape FullyConnected(int inputs, int outputs) => new(inputs + 1, outputs);

    /// <summary>
    /// True when the bias of a crossbar with <paramref name="inputs"/> input rows is a crossbar row under
    /// <paramref name="placement"/>: always for Analog, never for Digital, and for Auto unless the inputs fill their
    /// tiles exactly (then the bias row would sit alone in an extra tile with its op-amps and ADCs).
    /// </summary>
    public static bool BiasOnCrossbar(int inputs, BiasPlacement placement) => placement switch
    {
        BiasPlacement.Analog => true,
        BiasPlacement.Digital => false,
        _ => inputs % MaxRows != 0,
    };

    /// <summary>The shape <paramref name="s"/> (inputs + bias row) as placed: without the bias row when the bias is digital.</summary>
    public static CrossbarShape Placed(CrossbarShape s, BiasPlacement placement) =>
        BiasOnCrossbar(s.Rows - 1, placement) ? s : s with { Rows = s.Rows - 1 };

    /// <summary>Number of tiles needed for <paramref name="rows"/> logical rows.</summary>
    public static int Tiles(int rows) => (rows + MaxRows - 1) / MaxRows;

    /// <summary>Rows of tile <paramref name="tile"/>: tiles are filled in order, 128 rows each, the last takes the rest.</summary>
    public static (int FirstRow, int Rows) TileRows(int totalRows, int tile) =>
        (tile * MaxRows, Math.Min(MaxRows, totalRows - tile * MaxRows));

    /// <summary>Tiles, memristors and op-amps needed by a logical crossbar of shape <paramref name="s"/>.</summary>
    public static CrossbarCost Cost(CrossbarShape s)
    {
        int tiles = Tiles(s.Rows);
        return new CrossbarCost(tiles, (long)s.Rows * s.Columns, tiles * OpAmpsPerOutputPerTile * s.Outputs);
    }

    /// <summary>Crossbar rows of a weighted layer's logical crossbars as placed (bias row dropped when it is digital).</summary>
    public static IReadOnlyList<CrossbarShape> For(Layer layer, BiasPlacement placement) => For(layer).Select(s => Placed(s, placement)).ToList();

    /// <summary>Logical crossbars of a weighted layer, inputs + one bias row (empty for digital layers such as ReLU or pooling).</summary>
    public static IReadOnlyList<CrossbarShape> For(Layer layer) => layer switch
    {
        PointwiseConv p => [Pointwise(p.InChannels, p.OutChannels)],
        Conv2d c when c.Kernel == 1 && c.Stride == 1 && c.Geometry(new Shape3(c.InChannels, 1, 1)).IsIdentity =>
            Enumerable.Repeat(Pointwise(c.GroupInChannels, c.GroupOutChannels), c.Groups).ToList(),
        Conv2d c => Enumerable.Repeat(StandardConv(c.Kernel, c.GroupInChannels, c.GroupOutChannels), c.Groups).ToList(),
        DepthwiseConv d => Enumerable.Repeat(DepthwiseChannel(d.Kernel), d.Channels).ToList(),
        FullyConnected f => [FullyConnected(f.InFeatures, f.OutFeatures)],
        _ => [],
    };
}
