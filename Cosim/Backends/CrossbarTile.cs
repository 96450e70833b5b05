using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Network.Layers;

namespace MemristorSpice.Cosim.Backends;

/// <summary>
/// One physical crossbar tile to program: rows [FirstRow, FirstRow + Rows) of logical crossbar
/// <see cref="Crossbar"/> of an analog layer, with all its outputs. <see cref="Weights"/> are the signed weights in
/// crossbar form [Rows × Outputs], row-major, with the bias row (if this tile holds it, as its last row) already
/// divided by the layer's DAC full scale, so that with row voltages V = a·Vread/amax and the bias row at Vread
/// the tile computes Σ_r w_r·V_r = (Vread/amax)·(Σ w·a + b) in weight·volt units.
/// </summary>
/// <param name="Matrix">The whole logical crossbar (unscaled, bias row last) the tile belongs to.</param>
/// <param name="InputFullScale">amax: the activation that maps to Vread (the layer's DAC full scale).</param>
/// <param name="Layer">Name of the network layer the tile belongs to.</param>
/// <param name="Kind">Kind of analog layer (standard, depthwise or pointwise convolution, fully connected).</param>
/// <param name="StageIndex">Index of the analog stage in the crossbar network.</param>
/// <param name="Crossbar">Index of the logical crossbar within the layer.</param>
/// <param name="Tile">Index of the tile within its logical crossbar.</param>
/// <param name="FirstRow">First row of the logical crossbar held by this tile.</param>
/// <param name="Rows">Rows (inputs) of the tile.</param>
/// <param name="Outputs">Outputs (column pairs) of the tile.</param>
/// <param name="Weights">Signed weights [Rows × Outputs], row-major, bias row scaled by 1/amax.</param>
/// <param name="HoldsBiasRow">True when the tile's last row is the bias row.</param>
/// <param name="VreadVolts">Read voltage applied for a full-scale input, volts.</param>
public sealed record CrossbarTile(
    string Layer, AnalogKind Kind, int StageIndex, int Crossbar, int Tile, int FirstRow, int Rows, int Outputs,
    double[] Weights, bool HoldsBiasRow, double VreadVolts, CrossbarMatrix Matrix, double InputFullScale)
{
    /// <summary>Signed weight at a tile row and output.</summary>
    public double this[int row, int output] => Weights[row * Outputs + output];

    /// <summary>Largest |weight| of the tile (the wmax of the differential conductance mapping).</summary>
    public double MaxAbsWeight => Weights.Length == 0 ? 0 : Weights.Max(Math.Abs);

    /// <summary>Identifier for messages and reports: layer/xbarN/tileM.</summary>
    public string Id => $"{Layer}/xbar{Crossbar}/tile{Tile}";
}

/// <summary>A programmed tile that reads its column outputs for batches of row voltages. Must be thread-safe.</summary>
public interface ITileReader
{
    /// <summary>The tile this reader was programmed from.</summary>
    CrossbarTile Tile { get; }

    /// <summary>
    /// Reads <paramref name="patches"/> input vectors: <paramref name="rowVolts"/> is [patches × Rows] in volts,
    /// <paramref name="outputs"/> receives [patches × Outputs] in weight·volt units (Σ_r w_r·V_r for an ideal tile).
    /// </summary>
    void Read(ReadOnlySpan<double> rowVolts, int patches, Span<double> outputs);
}

/// <summary>How analog layers are evaluated: ideal math, our circuit engine, ngspice, ...</summary>
public interface ICrossbarBackend
{
    /// <summary>Short name for reports (e.g. "ideal", "native-dc").</summary>
    string Name { get; }

    /// <summary>Builds (programs, factors) a tile once; the reader is then used for every image.</summary>
    ITileReader Program(CrossbarTile tile);
}
