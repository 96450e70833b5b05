namespace MemristorSpice.Cosim.Driver;

/// <summary>
/// Slice <see cref="Index"/> (1-based, 1..<see cref="Count"/>) of a run's images: shard k of N takes images
/// [floor((k−1)·M/N), floor(k·M/N)) of the M selected images, so the shards cover every image exactly once and
/// differ in size by at most one. "1/1" is the whole run.
/// </summary>
public readonly record struct Shard(int Index, int Count)
{
    /// <summary>The whole run as one shard, "1/1".</summary>
    public static Shard Whole => new(1, 1);

    /// <summary>Parses "k/N" (1-based k).</summary>
    /// <exception cref="FormatException">The text is not k/N with 1 ≤ k ≤ N.</exception>
    public static Shard Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 2 || !int.TryParse(parts[0], out int k) || !int.TryParse(parts[1], out int n))
            throw new FormatException($"Shard '{text}' must look like k/N (for example 2/4).");
        if (n < 1 || k < 1 || k > n)
            throw new FormatException($"Shard '{text}': k must be in 1..N (1-based) and N at least 1.");
        return new Shard(k, n);
    }

    /// <summary>First image index and image count of this shard among <paramref name="total"/> images.</summary>
    public (int Start, int Count) Range(int total)
    {
        int start = (int)((long)(Index - 1) * total / Count), end = (int)((long)Index * total / Count);
        return (start, end - start);
    }

    /// <summary>"k/N", the form <see cref="Parse"/> reads.</summary>
    public override string ToString() => $"{Index}/{Count}";
}
