namespace MemristorSpice.Cosim.Backends;

/// <summary>Reference backend: exact double-precision Σ_r w_r·V_r, no circuit.</summary>
public sealed class IdealBackend : ICrossbarBackend
{
    /// <inheritdoc/>
    public string Name => "ideal";

    /// <inheritdoc/>
    public ITileReader Program(CrossbarTile tile) => new MatrixTileReader(tile, tile.Weights, null);
}

/// <summary>
/// A tile read as an affine map out = V·T + offset, with T [Rows × Outputs] in weight·volt per volt. For the ideal
/// backend T is the weights; for a linear circuit T is the exact transfer matrix found by superposition.
/// </summary>
public sealed class MatrixTileReader : ITileReader
{
    private readonly double[] _transfer;
    private readonly double[]? _offset;

    /// <summary>Reader of a tile with its transfer matrix and optional offset.</summary>
    /// <param name="tile">The programmed tile.</param>
    /// <param name="transfer">Transfer matrix [Rows × Outputs], row-major, weight·volt per volt.</param>
    /// <param name="offset">Outputs with all rows at 0 V (weight·volts), or null when zero.</param>
    /// <exception cref="ArgumentException">The sizes do not match the tile.</exception>
    public MatrixTileReader(CrossbarTile tile, double[] transfer, double[]? offset)
    {
        if (transfer.Length != tile.Rows * tile.Outputs)
            throw new ArgumentException($"{tile.Id}: transfer matrix has {transfer.Length} entries, expected {tile.Rows}×{tile.Outputs}.");
        if (offset is not null && offset.Length != tile.Outputs)
            throw new ArgumentException($"{tile.Id}: offset has {offset.Length} entries, expected {tile.Outputs}.");
        Tile = tile; _transfer = transfer; _offset = offset;
    }

    /// <inheritdoc/>
    public CrossbarTile Tile { get; }

    /// <summary>Transfer matrix [Rows × Outputs], row-major.</summary>
    public ReadOnlySpan<double> Transfer => _transfer;

    /// <summary>Output with all rows at 0 V, weight·volt units (empty when it is zero).</summary>
    public ReadOnlySpan<double> Offset => _offset;

    /// <inheritdoc/>
    public void Read(ReadOnlySpan<double> rowVolts, int patches, Span<double> outputs)
    {
        int rows = Tile.Rows, outs = Tile.Outputs;
        if (rowVolts.Length < patches * rows || outputs.Length < patches * outs)
            throw new ArgumentException($"{Tile.Id}: buffers too small for {patches} patches.");
        var t = _transfer.AsSpan();
        for (int p = 0; p < patches; p++)
        {
            var o = outputs.Slice(p * outs, outs);
            if (_offset is null) o.Clear(); else _offset.CopyTo(o);
            var v = rowVolts.Slice(p * rows, rows);
            for (int r = 0; r < rows; r++)
            {
                double vr = v[r];
                if (vr == 0) continue;
                var tr = t.Slice(r * outs, outs);
                for (int j = 0; j < outs; j++) o[j] = Math.FusedMultiplyAdd(vr, tr[j], o[j]);
            }
        }
    }
}
