using System.Diagnostics;
using MemristorSpice.Tests.Shared;

namespace MemristorSpice.Cli.Tests;

/// <summary>The IDX validation of scripts/bootstrap, run as a user would run it.</summary>
public class BootstrapTests
{
    private static (int Code, string Out, string Err) Bootstrap(params string[] args)
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(Dependencies.RepoRoot, "scripts", "bootstrap"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(60_000), "bootstrap did not finish within 60 s");
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void CheckMnist_AcceptsTheFetchedFiles()
    {
        var mnist = Dependencies.RequireMnist();
        var r = Bootstrap("--check-mnist", mnist);
        Assert.Equal(0, r.Code);
        Assert.Contains("valid", r.Out);
    }

    [Fact]
    public void CheckMnist_RejectsCorruptFiles_WithOneLinePerProblem()
    {
        var mnist = Dependencies.RequireMnist();
        var dir = Directory.CreateTempSubdirectory("memspice-idx-").FullName;
        try
        {
            foreach (var f in Directory.GetFiles(mnist)) File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
            var labels = Path.Combine(dir, "train-labels-idx1-ubyte");
            var bytes = File.ReadAllBytes(labels);
            bytes[2] = 0x09; // magic 0x00000801 -> 0x00000901
            File.WriteAllBytes(labels, bytes);
            using (var s = File.OpenWrite(Path.Combine(dir, "t10k-images-idx3-ubyte"))) s.SetLength(7_840_000);

            var r = Bootstrap("--check-mnist", dir);
            Assert.Equal(1, r.Code);
            Assert.Contains("train-labels-idx1-ubyte: magic number 0x00000901, expected 0x00000801", r.Err);
            Assert.Contains("t10k-images-idx3-ubyte: size 7840000 bytes, expected 7840016", r.Err);
            Assert.DoesNotContain("train-images", r.Err);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void UnknownArgument_IsRejected()
    {
        var r = Bootstrap("--frob");
        Assert.NotEqual(0, r.Code);
        Assert.Contains("unknown argument '--frob'", r.Err);
    }
}
