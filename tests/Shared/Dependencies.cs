namespace MemristorSpice.Tests.Shared;

/// <summary>
/// External dependencies that some tests need (ngspice, MNIST). A test that needs one calls the matching
/// Require method first: a missing dependency fails the test with an instruction, it never skips silently.
/// </summary>
public static class Dependencies
{
    /// <summary>Repository root, found by walking up from the test binary to MemristorSpice.sln.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>Folder holding the four MNIST IDX files fetched by scripts/bootstrap.</summary>
    public static string MnistDir => Path.Combine(RepoRoot, "data", "mnist");

    /// <summary>Full path of the ngspice executable; fails the calling test when it is missing.</summary>
    public static string RequireNgspice()
    {
        var path = FindOnPath("ngspice");
        if (path is null)
            throw new InvalidOperationException(
                "ngspice is required by this test but was not found on PATH. Run scripts/bootstrap (installs the Debian package).");
        return path;
    }

    /// <summary>MNIST folder; fails the calling test when the IDX files are missing.</summary>
    public static string RequireMnist()
    {
        string[] files = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];
        foreach (var f in files)
        {
            if (!File.Exists(Path.Combine(MnistDir, f)))
                throw new InvalidOperationException(
                    $"MNIST file {f} is required by this test but missing in {MnistDir}. Run scripts/bootstrap.");
        }
        return MnistDir;
    }

    /// <summary>
    /// A Slurm controller that answers (sinfo on PATH and responding within 15 s); fails the calling test otherwise.
    /// scripts/test starts the single-node cluster of scripts/slurm-local before the tests.
    /// </summary>
    public static void RequireSlurm()
    {
        const string hint = "Run scripts/slurm-local (as root: installs slurm-wlm and munge, starts a single-node cluster).";
        foreach (var exe in new[] { "sinfo", "sbatch", "squeue", "scancel" })
            if (FindOnPath(exe) is null)
                throw new InvalidOperationException($"Slurm is required by this test but '{exe}' is not on PATH. {hint}");
        var info = new System.Diagnostics.ProcessStartInfo("sinfo", "-h -o %P") { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = System.Diagnostics.Process.Start(info)!;
        var err = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(15_000)) { p.Kill(); throw new InvalidOperationException($"Slurm is required by this test but sinfo did not answer within 15 s. {hint}"); }
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"Slurm is required by this test but sinfo failed ({err.Result.Trim()}). {hint}");
    }

    public static string? FindOnPath(string exe)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            if (dir.Length == 0) continue;
            var candidate = Path.Combine(dir, exe);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MemristorSpice.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("MemristorSpice.sln not found above " + AppContext.BaseDirectory);
    }
}
