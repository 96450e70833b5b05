using System.Diagnostics;

namespace MemristorSpice.Benchmarks.Compare;

/// <summary>
/// Peak resident memory of this process over one measured run. On Linux the high-water mark (VmHWM) is reset by
/// writing 5 to /proc/self/clear_refs before the run, so each row reports its own peak; elsewhere it falls back to
/// the process-lifetime peak working set.
/// </summary>
public static class PeakMemory
{
    /// <summary>Collects garbage and resets the high-water mark; false when only the lifetime peak is available.</summary>
    public static bool Reset()
    {
        // Aggressive: also decommits the free heap, so the memory of an earlier, larger run does not stay resident
        // and count towards this run's peak.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    /// <summary>Peak resident set since the last <see cref="Reset"/> in MB.</summary>
    public static double PeakMegabytes()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line[6..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
        }
        catch (IOException) { }
        return Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
    }
}
