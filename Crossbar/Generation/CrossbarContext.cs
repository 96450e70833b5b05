using MemristorSpice.Crossbar.Layout;
using MemristorSpice.Crossbar.Mapping;

namespace MemristorSpice.Crossbar.Generation;

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

    /// <summary>Context for a bare weight matrix (no network layer) called <paramref name="name"/>.</summary>
    public static CrossbarContext ForMatrix(string name) => new(name, "Matrix", 0, null, "matrix rows, then bias");
}

/// <summary>A weight or bias entry of a layer: tensor name, indices in its stored shape, and what input the row carries.</summary>
/// <param name="Tensor">Parameter name, for example conv1.weight or conv1.bias.</param>
/// <param name="Index">Indices in the parameter's stored shape.</param>
/// <param name="Input">The row's input, for example "c=0 ky=1 kx=2", "feature 17" or "bias".</param>
public sealed record WeightRef(string Tensor, int[] Index, string Input);

/// <summary>Maps (row, output) of a crossbar matrix to the layer parameter entry it holds.</summary>
public delegate WeightRef WeightIndexer(int row, int output);
