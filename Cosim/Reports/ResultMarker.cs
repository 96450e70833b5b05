using System.Security.Cryptography;
using System.Text.Json;
using System.Text;
using MemristorSpice.Netlist.Writing;

namespace MemristorSpice.Cosim.Reports;

/// <summary>One file of a result folder as recorded in its marker: path relative to the folder ('/' separated), size and SHA-256.</summary>
internal sealed record MarkedFile(string Path, long Bytes, string Sha256);

/// <summary>
/// <c>.memspice-result.json</c>, written into every result folder: which command and version wrote it, whether it is
/// complete, and every file it holds with its SHA-256. It is how the tool recognises its own folders (the only ones
/// <c>--force</c> may replace) and how <c>merge</c> notices a shard file that changed after it was written.
/// </summary>
internal sealed record ResultMarker(string Command, string Version, bool Complete, IReadOnlyList<MarkedFile> Files)
{
    public const string FileName = ".memspice-result.json";
    public const string Format = "memspice-result/1";

    /// <summary>Records every file now in <paramref name="folder"/> (symbolic links are refused: we never write them).</summary>
    public static ResultMarker Of(string folder, string command, string version)
    {
        var files = new List<MarkedFile>();
        foreach (var entry in Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var info = new FileInfo(entry);
            if (info.LinkTarget is not null)
                throw new OutputPathException($"{entry}: a symbolic link in a result folder (results never contain links).");
            if (Directory.Exists(entry) || Relative(folder, entry) == FileName) continue;
            files.Add(new MarkedFile(Relative(folder, entry), info.Length, Sha256(entry)));
        }
        return new ResultMarker(command, version, true, files);
    }

    public static string Relative(string folder, string path) => System.IO.Path.GetRelativePath(folder, path).Replace('\\', '/');

    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    public void Save(string folder)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("format", Format);
            w.WriteString("command", Command);
            w.WriteString("version", Version);
            w.WriteBoolean("complete", Complete);
            w.WriteStartArray("files");
            foreach (var f in Files)
            {
                w.WriteStartObject();
                w.WriteString("path", f.Path);
                w.WriteNumber("bytes", f.Bytes);
                w.WriteString("sha256", f.Sha256);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        File.WriteAllText(System.IO.Path.Combine(folder, FileName), Encoding.UTF8.GetString(stream.ToArray()) + "\n");
    }

    /// <summary>The marker of <paramref name="folder"/>, or null when it has none or an unreadable one (then it is not ours).</summary>
    public static ResultMarker? TryRead(string folder)
    {
        var path = System.IO.Path.Combine(folder, FileName);
        var info = new FileInfo(path);
        if (!info.Exists || info.LinkTarget is not null || info.Length > 64 << 20) return null;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var r = doc.RootElement;
            if (r.GetProperty("format").GetString() != Format) return null;
            var files = r.GetProperty("files").EnumerateArray().Select(f => new MarkedFile(
                f.GetProperty("path").GetString()!, f.GetProperty("bytes").GetInt64(), f.GetProperty("sha256").GetString()!)).ToList();
            return new ResultMarker(r.GetProperty("command").GetString()!, r.GetProperty("version").GetString()!,
                r.GetProperty("complete").GetBoolean(), files);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or IOException)
        {
            return null;
        }
    }

    /// <summary>Entries of <paramref name="folder"/> (relative paths) that this marker does not list: files someone else put there.</summary>
    public IReadOnlyList<string> Unlisted(string folder)
    {
        var listed = Files.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        var dirs = listed.SelectMany(Parents).ToHashSet(StringComparer.Ordinal);
        return Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories)
            .Select(e => Relative(folder, e))
            .Where(r => r != FileName && !listed.Contains(r) && !dirs.Contains(r))
            .Order(StringComparer.Ordinal).ToList();
    }

    private static IEnumerable<string> Parents(string relative)
    {
        for (int i = relative.LastIndexOf('/'); i > 0; i = relative.LastIndexOf('/', i - 1))
            yield return relative[..i];
    }

    /// <summary>The first listed file that is missing or whose SHA-256 differs from the recorded one, or null when all match.</summary>
    public string? FirstChanged(string folder)
    {
        foreach (var f in Files)
        {
            var path = OutputPaths.Inside(folder, f.Path);
            if (!File.Exists(path)) return $"{f.Path} is missing";
            if (Sha256(path) != f.Sha256) return $"{f.Path} changed after it was written (SHA-256 differs from the one recorded in {FileName})";
        }
        return null;
    }

    /// <summary>
    /// Checks a shard folder before it is merged: it carries a complete marker and every file it lists is unchanged.
    /// <paramref name="required"/> are the files merge reads; they must be listed.
    /// </summary>
    public static void VerifyShard(string folder, params string[] required)
    {
        var marker = TryRead(folder)
            ?? throw new ShardMergeException($"{folder}: no readable {FileName}, so its files cannot be checked (not a finished result folder of this memspice version); rerun that shard.");
        if (!marker.Complete) throw new ShardMergeException($"{folder}: the run that wrote it did not finish; rerun that shard.");
        foreach (var r in required)
            if (!marker.Files.Any(f => f.Path == r))
                throw new ShardMergeException($"{folder}: {r} is not among the files recorded in {FileName}; rerun that shard.");
        if (marker.FirstChanged(folder) is { } problem)
            throw new ShardMergeException($"{folder}: {problem}; merge refuses edited shards, rerun that shard.");
    }
}
