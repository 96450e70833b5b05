namespace MemristorSpice.Netlist.Generation;

/// <summary>Where a logical crossbar comes from, for names, headers and the manifest.</summary>
/// <param name="Layer">Layer name (file prefix), for example conv1.</param>
/// <param name="Kind">Layer kind: StandardConv, Depthwise, Pointwise, FullyConnected, or Matrix for a bare CSV.</param>
/// <param name="Crossbar">Index of the logical crossbar within the layer (the channel for depthwise layers).</param>
/// <param name="Channel">Depthwise channel, null otherwise.</param>
/// <param name="RowMeaning">What the rows are, for example "im2col patch (c, ky, kx), then bias".</param>
/// <param name="Indexer">Tensor name and indices of entry (row, output) of the matrix; null for a bare matrix.</param>
public sealed record CrossbarContext(string Layer, string Kind, int Crossbar, int? Channel, string RowMeaning, WeightIndexer? Indexer = null)
{
    /// <summary>File stem of the logical crossbar: layer, or layer_chC for a depthwise channel.</summary>
    public string Stem => Channel is { } c ? $"{Layer}_ch{c}" : Layer;

    /// <summary>Stable salt for the seeded draws of this crossbar.</summary>
    public ulong SeedSalt => SeedMixer.Salt(Stem);

    public static CrossbarContext ForMatrix(string name) => new(name, "Matrix", 0, null, "matrix rows, then bias");
}

/// <summary>Maps (row, output) of a crossbar matrix to a parameter tensor and its indices.</summary>
public delegate (string Tensor, int[] Index) WeightIndexer(int row, int output);
