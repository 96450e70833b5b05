using MemristorSpice.Cli.Commands;
using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Tests.Shared;

namespace MemristorSpice.Cli.Tests;

public class DoctorTests
{
    [Fact]
    public void Doctor_ReportsRuntimeNgspiceMnistCoresAndMemory()
    {
        Dependencies.RequireNgspice();
        Dependencies.RequireMnist();
        var r = CliRunner.Run("doctor");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains(".NET 10", r.Out);
        Assert.Contains("/ngspice (version 39", r.Out);
        Assert.Contains("4 IDX files valid", r.Out);
        Assert.Contains($"cores ", r.Out);
        Assert.Contains(Environment.ProcessorCount.ToString(), r.Out);
        Assert.Contains("GiB available", r.Out);
        Assert.DoesNotContain("\u001b[", r.Out); // redirected output carries no colour codes
    }

    [Fact]
    public void MnistProbe_NamesTheCorruptFile()
    {
        var mnist = Dependencies.RequireMnist();
        var dir = Directory.CreateTempSubdirectory("memspice-mnist-").FullName;
        try
        {
            foreach (var f in Directory.GetFiles(mnist)) File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
            // Corrupt the magic number of one file and truncate another.
            var labels = Path.Combine(dir, "t10k-labels-idx1-ubyte");
            var bytes = File.ReadAllBytes(labels);
            bytes[3] = 0x03;
            File.WriteAllBytes(labels, bytes);
            var images = Path.Combine(dir, "train-images-idx3-ubyte");
            using (var s = File.OpenWrite(images)) s.SetLength(1000);

            var problems = MnistProbe.Problems(dir);
            Assert.Equal(2, problems.Count);
            Assert.Contains(problems, p => p.StartsWith("t10k-labels-idx1-ubyte: bad magic number 0x00000803, expected 0x00000801"));
            Assert.Contains(problems, p => p.StartsWith("train-images-idx3-ubyte: truncated file"));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void MnistProbe_ReportsMissingFiles()
    {
        var dir = Directory.CreateTempSubdirectory("memspice-empty-").FullName;
        try { Assert.Equal(4, MnistProbe.Problems(dir).Count(p => p.EndsWith("missing"))); }
        finally { Directory.Delete(dir); }
    }
}
