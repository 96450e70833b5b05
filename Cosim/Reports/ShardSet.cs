using MemristorSpice.Cosim.Driver;

namespace MemristorSpice.Cosim.Reports;

/// <summary>
/// The rule every sharded result (co-simulation or sweep) merges by: all folders carry the same settings hash and the
/// same shard count N, and every index 1..N appears exactly once. The message names the folder that breaks it.
/// </summary>
internal static class ShardSet
{
    /// <summary>Checks the rule and returns the shards ordered by index. <paramref name="alsoCheck"/> (shard, first)
    /// runs after the settings-hash check of each shard, for what a kind of result adds (e.g. the cluster manifest).</summary>
    public static List<T> Ordered<T>(IReadOnlyList<T> shards, Func<T, string> dir, Func<T, Shard> shard, Func<T, string> settingsHash,
        string sameWhat, Action<T, T>? alsoCheck = null)
    {
        if (shards.Count == 0) throw new ShardMergeException("No shard folders given.");
        var first = shards[0];
        foreach (var s in shards)
        {
            string hash = settingsHash(s), firstHash = settingsHash(first);
            if (hash != firstHash)
                throw new ShardMergeException($"{dir(s)}: settings hash {hash[..12]}… differs from {dir(first)} ({firstHash[..12]}…): not the same {sameWhat}.");
            alsoCheck?.Invoke(s, first);
            if (shard(s).Count != shard(first).Count)
                throw new ShardMergeException($"{dir(s)}: shard {shard(s)} belongs to a split into {shard(s).Count}, {dir(first)} to a split into {shard(first).Count}.");
        }
        int n = shard(first).Count;
        var byIndex = shards.GroupBy(s => shard(s).Index).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var (index, list) in byIndex)
            if (list.Count > 1)
                throw new ShardMergeException($"Shard {index}/{n} given more than once: {string.Join(", ", list.Select(dir))}.");
        var missing = Enumerable.Range(1, n).Where(k => !byIndex.ContainsKey(k)).ToList();
        if (missing.Count > 0)
            throw new ShardMergeException($"Missing shard(s) {string.Join(", ", missing.Select(k => $"{k}/{n}"))} (have {string.Join(", ", shards.Select(s => $"{shard(s)} in {dir(s)}"))}).");
        return shards.OrderBy(s => shard(s).Index).ToList();
    }
}
