namespace MemristorSpice.Cosim.Reports;

/// <summary>
/// Writes a file under a temporary name in the target folder and renames it into place, so that an
/// interrupted or failed run never leaves half a file behind. Environment failures (full disk, permissions,
/// read-only location) become an <see cref="OutputWriteException"/> naming <c>path</c>.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/>, first checking it against <paramref name="target"/>'s rules for single output files.</summary>
    public static void Write(string path, OutputTarget target, Action<string> writeTemp) => Write(target.CheckFile(path), writeTemp, path);

    /// <summary>Writes <paramref name="path"/> through a temporary file.</summary>
    /// <param name="path">Final path.</param>
    /// <param name="writeTemp">Writes the content to the temporary path it is given.</param>
    public static void Write(string path, Action<string> writeTemp) => Write(path, writeTemp, path);

    private static void Write(string path, Action<string> writeTemp, string shownPath)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        var temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            Directory.CreateDirectory(dir);
            writeTemp(temp);
            File.Move(temp, full, overwrite: true);
        }
        catch (Exception ex) when (OutputWriteException.IsEnvironment(ex))
        {
            throw OutputWriteException.For(shownPath, ex);
        }
        finally
        {
            try { if (File.Exists(temp)) File.Delete(temp); }
            catch (Exception ex) when (OutputWriteException.IsEnvironment(ex)) { /* nothing more we can do on a failing disk */ }
        }
    }

    /// <summary>Writes bytes to <paramref name="path"/> atomically.</summary>
    public static void WriteAllBytes(string path, byte[] bytes) => Write(path, t => File.WriteAllBytes(t, bytes));

    /// <summary>Writes text (UTF-8) to <paramref name="path"/> atomically.</summary>
    public static void WriteAllText(string path, string text) => Write(path, t => File.WriteAllText(t, text));

    /// <summary>Writes bytes to <paramref name="path"/> atomically after checking it against <paramref name="target"/>.</summary>
    public static void WriteAllBytes(string path, OutputTarget target, byte[] bytes) => Write(path, target, t => File.WriteAllBytes(t, bytes));

    /// <summary>Writes text (UTF-8) to <paramref name="path"/> atomically after checking it against <paramref name="target"/>.</summary>
    public static void WriteAllText(string path, OutputTarget target, string text) => Write(path, target, t => File.WriteAllText(t, text));
}
