namespace MemristorSpice.Cosim;

/// <summary>
/// Writes a file under a temporary name in the target folder and renames it into place, so that an
/// interrupted or failed run never leaves half a file behind.
/// </summary>
public static class AtomicFile
{
    public static void Write(string path, Action<string> writeTemp)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            writeTemp(temp);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    public static void WriteAllBytes(string path, byte[] bytes) => Write(path, t => File.WriteAllBytes(t, bytes));

    public static void WriteAllText(string path, string text) => Write(path, t => File.WriteAllText(t, text));
}
