using System.Diagnostics;
using MemristorSpice.Netlist.Writing;

namespace MemristorSpice.Cosim.Reports;

/// <summary>
/// Produces an output folder all at once: files are written into a hidden sibling folder <c>.NAME.run.PID.tmp</c>
/// (which carries an incomplete <see cref="ResultMarker"/> from its first moment), the complete marker with every
/// file's SHA-256 is added, and only then does it take the target's place. The target is checked by
/// <see cref="OutputTarget.CheckFolder"/> before and again just before the swap; a replaced result folder loses only
/// the files its marker lists. An exception or cancellation leaves no partial output; a killed run's hidden folder
/// is removed by the next run into the same place once its process is gone.
/// </summary>
public static class AtomicDirectory
{
    /// <summary>Writes the folder <paramref name="directory"/> at once.</summary>
    /// <param name="directory">Target folder.</param>
    /// <param name="target">Rules the target must meet (empty, or a previous result of the same command).</param>
    /// <param name="writeInto">Writes the files into the temporary folder it is given.</param>
    /// <exception cref="OutputWriteException">An environment failure; names the folder.</exception>
    public static void Write(string directory, OutputTarget target, Action<string> writeInto)
    {
        var full = target.CheckFolder(directory);
        var parent = Path.GetDirectoryName(full)!;
        var name = Path.GetFileName(full);
        var temp = Path.Combine(parent, $".{name}.run.{Environment.ProcessId}.tmp");
        var old = Path.Combine(parent, $".{name}.run.{Environment.ProcessId}.old");
        try
        {
            Directory.CreateDirectory(parent);
            RemoveStale(parent, name);
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
            Directory.CreateDirectory(temp);
            new ResultMarker(target.Command, target.Version, false, []).Save(temp);
            writeInto(temp);
            ResultMarker.Of(temp, target.Command, target.Version).Save(temp);
            target.CheckFolder(directory);
            if (Directory.Exists(full))
            {
                if (Directory.EnumerateFileSystemEntries(full).Any()) Directory.Move(full, old);
                else Directory.Delete(full);
            }
            Directory.Move(temp, full);
            if (Directory.Exists(old)) RemoveOurs(old);
        }
        catch (Exception ex) when (OutputWriteException.IsEnvironment(ex) && ex is not OutputPathException)
        {
            throw OutputWriteException.For(directory, ex);
        }
        finally
        {
            try { if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true); }
            catch (Exception ex) when (OutputWriteException.IsEnvironment(ex)) { /* the next run removes it */ }
        }
    }

    /// <summary>
    /// Removes hidden folders <c>.NAME.run.PID.tmp/.old</c> left by killed runs: only when that process no longer
    /// exists and the folder carries our marker, and then only the files the marker lists (the rest stays).
    /// </summary>
    public static void RemoveStale(string parent, string name)
    {
        foreach (var dir in Directory.EnumerateDirectories(parent, $".{name}.run.*"))
        {
            var suffix = Path.GetFileName(dir)[($".{name}.run.".Length)..];
            var dot = suffix.IndexOf('.');
            if (dot <= 0 || suffix[(dot + 1)..] is not ("tmp" or "old") || !int.TryParse(suffix[..dot], out int pid)) continue;
            if (pid == Environment.ProcessId || IsAlive(pid) || ResultMarker.TryRead(dir) is null) continue;
            if (new DirectoryInfo(dir).LinkTarget is not null) continue;
            try { RemoveOurs(dir); }
            catch (Exception ex) when (OutputWriteException.IsEnvironment(ex) || ex is OutputPathException) { /* left for the user; not ours to force */ }
        }
    }

    /// <summary>Deletes the files a folder's marker lists, the marker, then the folders left empty; anything else stays.</summary>
    private static void RemoveOurs(string dir)
    {
        var marker = ResultMarker.TryRead(dir);
        if (marker is null) return;
        if (!marker.Complete)
        {
            // A run that never finished: everything in its hidden folder is what that run wrote.
            Directory.Delete(dir, recursive: true);
            return;
        }
        foreach (var f in marker.Files)
        {
            var path = OutputPaths.Inside(dir, f.Path);
            if (File.Exists(path)) File.Delete(path);
        }
        File.Delete(Path.Combine(dir, ResultMarker.FileName));
        foreach (var sub in Directory.EnumerateDirectories(dir, "*", SearchOption.AllDirectories).OrderByDescending(d => d.Length).Append(dir))
            if (!Directory.EnumerateFileSystemEntries(sub).Any()) Directory.Delete(sub);
    }

    private static bool IsAlive(int pid)
    {
        if (Directory.Exists("/proc/self")) return Directory.Exists($"/proc/{pid}");
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException) { return false; }
        catch (InvalidOperationException) { return false; }
    }
}
