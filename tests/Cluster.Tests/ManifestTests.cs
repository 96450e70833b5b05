using System.Security.Cryptography;
using System.Text;
using MemristorSpice.Cli.Cluster;
using MemristorSpice.Cli;

namespace MemristorSpice.Cluster.Tests;

public class ManifestTests
{
    [Fact]
    public void Hash_is_sha256_of_the_canonical_work_text()
    {
        var m = TestJobs.Manifest("/jobs/a");
        // the canonical text written out by hand (field order fixed), hashed by the framework's SHA-256: exact match
        const string expected = "{\"kind\":\"cosim\",\"arguments\":[\"--weights\",\"w.msw\",\"--images\",\"40\",\"--threads\",\"1\"],\"shards\":4,"
            + "\"inputs\":[{\"argument\":\"w.msw\",\"sha256\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}],"
            + "\"settings\":{\"variation\":{\"sigma\":0.05,\"seed\":7}},\"toolVersion\":\"0.1.0+test\"}";
        Assert.Equal(expected, m.Work.CanonicalJson());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(expected))), m.Hash);
    }

    [Fact]
    public void Hash_covers_the_work_but_not_where_it_runs()
    {
        var m = TestJobs.Manifest("/jobs/a");
        // where the tool lives, the job folder and the Slurm resources do not change results
        var moved = m with { Run = m.Run with { ToolDll = "/elsewhere/memspice.dll", JobFolder = "/jobs/b", Resources = new SlurmResources("long", "2:00:00", "4G", 2) } };
        Assert.Equal(m.Hash, moved.Hash);
        // every argument, the shard count, an input file's content, a seed and the tool version do
        var changed = new[]
        {
            m.Work with { Arguments = ["--weights", "w.msw", "--images", "41", "--threads", "1"] },
            m.Work with { Shards = 5 },
            m.Work with { Inputs = [new InputFile("w.msw", new string('b', 64))] },
            m.Work with { SettingsJson = """{"variation":{"sigma":0.05,"seed":8}}""" },
            m.Work with { ToolVersion = "0.1.1" },
        };
        foreach (var w in changed) Assert.NotEqual(m.Hash, w.Hash);
    }

    [Fact]
    public void Saved_manifest_loads_with_the_same_hash_and_an_edited_one_is_refused()
    {
        var dir = TestJobs.TempDir("manifest");
        var m = TestJobs.Manifest(dir, resources: new SlurmResources("debug", "10:00", "2G", 2));
        m.Save(dir);
        var loaded = ClusterManifest.Load(dir);
        Assert.Equal(m.Hash, loaded.Hash);
        Assert.Equal(m.Work.Arguments, loaded.Work.Arguments);
        Assert.Equal(m.Run, loaded.Run with { Resources = loaded.Run.Resources });
        Assert.Equal(m.Run.Resources, loaded.Run.Resources);

        var path = Path.Combine(dir, ClusterManifest.FileName);
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"40\"", "\"400\""));
        var ex = Assert.Throws<CliException>(() => ClusterManifest.Load(dir));
        Assert.Contains("manifest was edited", ex.Message);

        var empty = TestJobs.TempDir("not-a-job");
        Assert.Contains("not a 'memspice cluster submit' job folder", Assert.Throws<CliException>(() => ClusterManifest.Load(empty)).Message);
    }
}
