using System.Text;
using System.Text.Json;
using MemristorSpice.Cosim.Reports;

namespace MemristorSpice.Cli.Cluster;

/// <summary>One sbatch of the array (all shards, or the ones a resume resubmitted) and its merge job.</summary>
internal sealed record Submission(string ArrayJobId, IReadOnlyList<int> Shards, string MergeJobId, DateTime SubmittedUtc);

/// <summary>
/// The layout of a cluster job folder:
/// manifest.json, array.sbatch, merge.sbatch, jobs.json (Slurm job ids of every submission),
/// shards/shard-K (finished shard outputs, renamed into place whole), tasks/shard-K.exit (exit code of the last
/// task run for shard K), logs/ (Slurm output of every task) and merged/ (the merged report).
/// </summary>
internal sealed class JobFolder(string path)
{
    public const string ShardStamp = MemristorSpice.Cosim.Reports.ShardMerger.ClusterStampJson;
    public const string StampFormat = "memspice-cluster-shard/1";

    public string Path { get; } = System.IO.Path.GetFullPath(path);
    public string ArrayScript => Combine("array.sbatch");
    public string MergeScript => Combine("merge.sbatch");
    public string JobsFile => Combine("jobs.json");
    public string ShardsDir => Combine("shards");
    public string TasksDir => Combine("tasks");
    public string LogsDir => Combine("logs");
    public string MergedDir => Combine("merged");

    public string ShardDir(int k) => System.IO.Path.Combine(ShardsDir, $"shard-{k}");
    public string ExitFile(int k) => System.IO.Path.Combine(TasksDir, $"shard-{k}.exit");

    private string Combine(string name) => System.IO.Path.Combine(Path, name);

    public void CreateLayout()
    {
        foreach (var d in new[] { ShardsDir, TasksDir, LogsDir }) Directory.CreateDirectory(d);
    }

    public IReadOnlyList<Submission> ReadSubmissions()
    {
        if (!File.Exists(JobsFile)) return [];
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(JobsFile));
            return doc.RootElement.GetProperty("submissions").EnumerateArray().Select(s => new Submission(
                s.GetProperty("arrayJobId").GetString()!, s.GetProperty("shards").EnumerateArray().Select(k => k.GetInt32()).ToList(),
                s.GetProperty("mergeJobId").GetString()!, s.GetProperty("submittedUtc").GetDateTime())).ToList();
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new CliException($"{JobsFile}: unreadable ({ex.Message}).");
        }
    }

    public void AppendSubmission(Submission submission)
    {
        var all = ReadSubmissions().Append(submission).ToList();
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteStartArray("submissions");
            foreach (var s in all)
            {
                w.WriteStartObject();
                w.WriteString("arrayJobId", s.ArrayJobId);
                w.WriteStartArray("shards");
                foreach (var k in s.Shards) w.WriteNumberValue(k);
                w.WriteEndArray();
                w.WriteString("mergeJobId", s.MergeJobId);
                w.WriteString("submittedUtc", s.SubmittedUtc);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        AtomicFile.WriteAllText(JobsFile, Encoding.UTF8.GetString(stream.ToArray()) + "\n");
    }

    /// <summary>The array job that last ran (or runs) shard k, if any.</summary>
    public static Submission? LatestFor(IReadOnlyList<Submission> submissions, int k) => submissions.LastOrDefault(s => s.Shards.Contains(k));
}
