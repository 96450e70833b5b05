using System.Text.RegularExpressions;
using MemristorSpice.Tests.Shared;

namespace MemristorSpice.Cli.Tests.Packaging;

/// <summary>
/// Packs the solution with scripts/pack into a temp folder, installs MemristorSpice.Cli from that folder only into a
/// temp tool path (own NuGet cache, so a stale cached 0.1.0 is never picked up), and runs the installed memspice
/// outside any checkout.
/// </summary>
[Collection("child dotnet processes")]
public class InstalledToolTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    [Fact]
    public void InstalledTool_RunsDoctorAndVersion_OutsideACheckout()
    {
        var ngspice = Dependencies.RequireNgspice();
        Dependencies.RequireMnist();
        var root = Dependencies.RepoRoot;
        var temp = Directory.CreateTempSubdirectory("memspice-pack-").FullName;
        try
        {
            var packages = Path.Combine(temp, "packages");
            var tools = Path.Combine(temp, "tools");
            var work = Directory.CreateDirectory(Path.Combine(temp, "work")).FullName;
            // The test binaries were built in this configuration, so the projects' Release outputs exist only when
            // the test itself is a Release build: then the pack reuses them instead of building again.
            string[] packArgs = IsReleaseBuild ? ["scripts/pack", "--out", packages, "--no-build"] : ["scripts/pack", "--out", packages];
            var pack = ChildProcess.Run("bash", packArgs, root, Timeout);
            Assert.True(pack.ExitCode == 0, pack.ToString());
            var version = ProjectVersion(root);
            foreach (var id in new[] { "Engine", "Devices", "Netlist", "Network", "Crossbar", "Cosim", "Cli" })
                Assert.True(File.Exists(Path.Combine(packages, $"MemristorSpice.{id}.{version}.nupkg")), $"MemristorSpice.{id}.{version}.nupkg missing\n{pack}");

            // Only the local folder as a source: no network.
            var config = Path.Combine(temp, "nuget.config");
            File.WriteAllText(config, $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration><packageSources><clear /><add key="local" value="{packages}" /></packageSources></configuration>
                """);
            var isolated = new Dictionary<string, string?> { ["NUGET_PACKAGES"] = Path.Combine(temp, "nuget-cache") };
            var install = ChildProcess.Run("dotnet", ["tool", "install", "--tool-path", tools, "--configfile", config, "MemristorSpice.Cli"],
                work, Timeout, isolated);
            Assert.True(install.ExitCode == 0, install.ToString());

            var memspice = Path.Combine(tools, OperatingSystem.IsWindows() ? "memspice.exe" : "memspice");
            var outside = new Dictionary<string, string?> { ["MEMSPICE_HOME"] = null };
            var versionRun = ChildProcess.Run(memspice, ["--version"], work, Timeout, outside);
            Assert.True(versionRun.ExitCode == 0, versionRun.ToString());
            Assert.StartsWith(version, versionRun.Out.Trim());

            // Outside a checkout: doctor runs, names what it cannot find, and fails (exit 1) without a stack trace.
            var doctor = ChildProcess.Run(memspice, ["doctor"], work, Timeout, outside);
            Assert.True(doctor.ExitCode == 1, doctor.ToString());
            var text = Regex.Replace(doctor.Out, @"[\s│]+", " ");   // the table wraps long details over several lines
            Assert.Contains($"no MemristorSpice checkout above {work}", text);
            Assert.Contains("MEMSPICE_HOME is unset", text);
            Assert.Contains($"{Path.Combine(work, "data", "mnist")}: train-images-idx3-ubyte missing", text);
            Assert.Contains($"{ngspice} (version", text);
            Assert.Contains("Some checks failed", text);
            Assert.DoesNotContain("   at ", doctor.Out + doctor.Err);

            // Pointed at the checkout through MEMSPICE_HOME, the same installed tool passes every check.
            var home = ChildProcess.Run(memspice, ["doctor"], work, Timeout, new Dictionary<string, string?> { ["MEMSPICE_HOME"] = root });
            Assert.True(home.ExitCode == 0, home.ToString());
            var homeText = Regex.Replace(home.Out, @"[\s│]+", " ");
            Assert.Contains($"{root} (from MEMSPICE_HOME)", homeText);
            Assert.Contains("4 IDX files valid", homeText);
            Assert.Contains("All checks passed.", homeText);

            // A command that needs the repository's weights says which file it misses (exit 1, no stack trace).
            var demo = ChildProcess.Run(memspice, ["demo", "--images", "1", "--out", Path.Combine(work, "demo")], work, Timeout, outside);
            Assert.True(demo.ExitCode == 1, demo.ToString());
            Assert.Contains(Path.Combine(work, "weights", "msccnn.msw") + " not found", demo.Err);
            Assert.DoesNotContain("   at ", demo.Out + demo.Err);
        }
        finally { Directory.Delete(temp, recursive: true); }
    }

    internal static bool IsReleaseBuild =>
#if DEBUG
        false;
#else
        true;
#endif

    /// <summary>The package version, read from Directory.Build.props (what every package and the tool must carry).</summary>
    private static string ProjectVersion(string root)
    {
        var match = Regex.Match(File.ReadAllText(Path.Combine(root, "Directory.Build.props")), "<Version>([^<]+)</Version>");
        Assert.True(match.Success, "no <Version> in Directory.Build.props");
        return match.Groups[1].Value;
    }
}
