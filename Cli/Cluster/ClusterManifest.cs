using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using MemristorSpice.Cosim.Reports;

namespace MemristorSpice.Cli.Cluster;

/// <summary>An input file named on the command line, fixed by its content.</summary>
internal sealed record InputFile(string Argument, string Sha256);

/// <summary>
/// What a cluster job computes: the command (cosim or sweep), every argument passed to it (shard and output folder
/// excepted), the shard count, the SHA-256 of every input file, the resolved settings with their seeds (cosim) and
/// the tool version. Two job folders with the same work produce the same results; its hash is the manifest hash.
/// </summary>
internal sealed record ClusterWork(string Kind, IReadOnlyList<string> Arguments, int Shards, IReadOnlyList<InputFile> Inputs,
    string? SettingsJson, string ToolVersion)
{
    public void WriteTo(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("kind", Kind);
        w.WriteStartArray("arguments");
        foreach (var a in Arguments) w.WriteStringValue(a);
        w.WriteEndArray();
        w.WriteNumber("shards", Shards);
        w.WriteStartArray("inputs");
        foreach (var f in Inputs)
        {
            w.WriteStartObject(); w.WriteString("argument", f.Argument); w.WriteString("sha256", f.Sha256); w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WritePropertyName("settings");
        if (SettingsJson is null) w.WriteNullValue();
        else using (var doc = JsonDocument.Parse(SettingsJson)) doc.RootElement.WriteTo(w);
        w.WriteString("toolVersion", ToolVersion);
        w.WriteEndObject();
    }

    /// <summary>Compact JSON in a fixed field order: the text the manifest hash is taken of.</summary>
    public string CanonicalJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = Relaxed })) WriteTo(w);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Paths and versions as written (no \u escapes for '+' or non-ASCII letters); quotes and controls stay escaped.</summary>
    internal static readonly JavaScriptEncoder Relaxed = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    /// <summary>SHA-256 (lower-case hex) of <see cref="CanonicalJson"/>.</summary>
    public string Hash => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalJson())));

    public static ClusterWork Read(JsonElement e)
    {
        var settings = e.GetProperty("settings");
        return new ClusterWork(
            e.GetProperty("kind").GetString()!,
            e.GetProperty("arguments").EnumerateArray().Select(a => a.GetString()!).ToList(),
            e.GetProperty("shards").GetInt32(),
            e.GetProperty("inputs").EnumerateArray().Select(f => new InputFile(f.GetProperty("argument").GetString()!, f.GetProperty("sha256").GetString()!)).ToList(),
            settings.ValueKind == JsonValueKind.Null ? null : settings.GetRawText(),
            e.GetProperty("toolVersion").GetString()!);
    }
}

/// <summary>Slurm resources asked for every task (null: the cluster's default).</summary>
internal sealed record SlurmResources(string? Partition, string? Time, string? Memory, int CpusPerTask);

/// <summary>
/// How the work runs: the tool on the nodes (dotnet + memspice.dll), the working directory relative file names
/// refer to, the job folder and the Slurm resources. Not part of the hash: moving the tool does not change results.
/// </summary>
internal sealed record ClusterRun(string Dotnet, string ToolDll, string WorkingDirectory, string JobFolder, SlurmResources Resources);

/// <summary>manifest.json of a job folder: the work, its hash, and how it runs.</summary>
internal sealed record ClusterManifest(ClusterWork Work, ClusterRun Run)
{
    public const string Format = "memspice-cluster-manifest/1";
    public const string FileName = "manifest.json";

    public string Hash => Work.Hash;

    /// <summary>The command each array task runs, without --shard and --out.</summary>
    public IReadOnlyList<string> TaskCommand => [Run.Dotnet, Run.ToolDll, Work.Kind, .. Work.Arguments];

    public void Save(string jobFolder)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = ClusterWork.Relaxed }))
        {
            w.WriteStartObject();
            w.WriteString("format", Format);
            w.WriteString("manifestHash", Hash);
            w.WriteString("hashOf", "SHA-256 of the compact JSON of 'work' (field order as written)");
            w.WritePropertyName("work");
            Work.WriteTo(w);
            w.WriteStartObject("run");
            w.WriteString("dotnet", Run.Dotnet);
            w.WriteString("toolDll", Run.ToolDll);
            w.WriteString("workingDirectory", Run.WorkingDirectory);
            w.WriteString("jobFolder", Run.JobFolder);
            w.WriteString("partition", Run.Resources.Partition);
            w.WriteString("time", Run.Resources.Time);
            w.WriteString("memory", Run.Resources.Memory);
            w.WriteNumber("cpusPerTask", Run.Resources.CpusPerTask);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        AtomicFile.WriteAllText(Path.Combine(jobFolder, FileName), Encoding.UTF8.GetString(stream.ToArray()) + "\n");
    }

    /// <summary>Reads and verifies manifest.json; a missing, unreadable or edited manifest is a <see cref="CliException"/>.</summary>
    public static ClusterManifest Load(string jobFolder)
    {
        var path = Path.Combine(jobFolder, FileName);
        if (!File.Exists(path))
            throw new CliException($"{jobFolder}: no {FileName} (not a 'memspice cluster submit' job folder).");
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var r = doc.RootElement;
            if (r.GetProperty("format").GetString() != Format) throw new CliException($"{path}: format is not {Format}.");
            var work = ClusterWork.Read(r.GetProperty("work"));
            var stored = r.GetProperty("manifestHash").GetString()!;
            if (stored != work.Hash)
                throw new CliException($"{path}: manifestHash {Short(stored)} does not match its work ({Short(work.Hash)}): the manifest was edited; submit a new job folder.");
            var run = r.GetProperty("run");
            string? Opt(string name) => run.GetProperty(name).ValueKind == JsonValueKind.Null ? null : run.GetProperty(name).GetString();
            return new ClusterManifest(work, new ClusterRun(run.GetProperty("dotnet").GetString()!, run.GetProperty("toolDll").GetString()!,
                run.GetProperty("workingDirectory").GetString()!, run.GetProperty("jobFolder").GetString()!,
                new SlurmResources(Opt("partition"), Opt("time"), Opt("memory"), run.GetProperty("cpusPerTask").GetInt32())));
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new CliException($"{path}: unreadable manifest ({ex.Message}).");
        }
    }

    /// <summary>First 12 hex digits: enough to tell hashes apart in a message.</summary>
    public static string Short(string hash) => hash.Length > 12 ? hash[..12] : hash;
}
