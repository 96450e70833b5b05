using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace MemristorSpice.Benchmarks.Compare;

/// <summary>What the numbers were measured on: CPU, cores, memory, OS, .NET, ngspice version and the load at the start.</summary>
public sealed record MachineInfo(string Cpu, int Cores, double MemoryGb, string Os, string DotNet, string Ngspice, string LoadAverage, DateTime StartedUtc)
{
    public static MachineInfo Capture(string ngspiceExecutable = "ngspice") => new(
        CpuModel(), Environment.ProcessorCount, MemoryGigabytes(), RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription, NgspiceVersion(ngspiceExecutable), LoadAverageNow(), DateTime.UtcNow);

    /// <summary>The 1, 5 and 15 minute load averages ("n/a" off Linux).</summary>
    public static string LoadAverageNow()
    {
        try { return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "n/a"; }
    }

    private static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException) { return RuntimeInformation.ProcessArchitecture.ToString(); }
    }

    private static double MemoryGigabytes()
    {
        try
        {
            var line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            return long.Parse(line[9..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / (1024.0 * 1024.0);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            return GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024.0 * 1024.0);
        }
    }

    private static string NgspiceVersion(string executable)
    {
        try
        {
            var psi = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            psi.ArgumentList.Add("-v");
            using var p = Process.Start(psi)!;
            var text = p.StandardOutput.ReadToEnd();
            p.WaitForExit(10_000);
            var line = text.Split('\n').FirstOrDefault(l => l.Contains("ngspice-", StringComparison.Ordinal));
            return line is null ? "unknown" : line.Trim().TrimStart('*').Trim();
        }
        catch (System.ComponentModel.Win32Exception) { return "not found"; }
    }
}
