using System.Text.Json;

namespace MemristorSpice.Cli.Cluster;

/// <summary>
/// cluster-shard.json, written by the array task into its finished output before renaming it into shards/shard-K:
/// which manifest and which shard the folder belongs to.
/// </summary>
internal sealed record ShardStamp(string ManifestHash, int Index, int Count, string ArrayJobId)
{
    /// <summary>The stamp of a shard folder, or the reason it has none / an unreadable one.</summary>
    public static (ShardStamp? Stamp, string? Problem) Read(string shardDir)
    {
        var path = Path.Combine(shardDir, JobFolder.ShardStamp);
        if (!File.Exists(path)) return (null, $"no {JobFolder.ShardStamp} (not written by an array task of a cluster job)");
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var r = doc.RootElement;
            if (r.GetProperty("format").GetString() != JobFolder.StampFormat) return (null, $"{JobFolder.ShardStamp} format is not {JobFolder.StampFormat}");
            var shard = r.GetProperty("shard").GetString()!.Split('/');
            return (new ShardStamp(r.GetProperty("manifestHash").GetString()!, int.Parse(shard[0]), int.Parse(shard[1]),
                r.GetProperty("arrayJobId").GetString()!), null);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or IndexOutOfRangeException or IOException)
        {
            return (null, $"unreadable {JobFolder.ShardStamp} ({ex.Message})");
        }
    }
}
