namespace MemristorSpice.Cosim.Reports;

/// <summary>
/// Writing an output failed because of the user's environment (full disk, read-only location, permissions,
/// a missing folder). The message is one sentence naming the output path and the cause.
/// </summary>
public sealed class OutputWriteException(string path, string cause, Exception inner)
    : IOException($"cannot write {path}: {cause}.", inner)
{
    /// <summary>Output path as the user gave it.</summary>
    public string Path { get; } = path;
    /// <summary>The cause in plain words (e.g. "no space left on the device").</summary>
    public string Cause { get; } = cause;

    /// <summary>Wraps a low-level failure; an already wrapped one keeps its cause but gets the outer path.</summary>
    public static OutputWriteException For(string path, Exception ex) => new(path, CauseOf(ex), ex);

    /// <summary>The cause in plain words (errno values are the Linux ones .NET reports as HResult).</summary>
    public static string CauseOf(Exception ex) => ex switch
    {
        OutputWriteException w => w.Cause,
        UnauthorizedAccessException => "permission denied (read-only location or not yours)",
        DirectoryNotFoundException => "a folder on the path does not exist",
        PathTooLongException => "the path is too long",
        IOException io when io.HResult == 28 || io.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase) || io.Message.Contains("disk was full", StringComparison.OrdinalIgnoreCase) => "no space left on the device",
        IOException io when io.HResult == 30 || io.Message.Contains("Read-only file system", StringComparison.OrdinalIgnoreCase) => "read-only file system",
        IOException io when io.HResult == 122 || io.Message.Contains("quota", StringComparison.OrdinalIgnoreCase) => "disk quota exceeded",
        _ => ex.Message.TrimEnd('.'),
    };

    /// <summary>True for the exceptions an environment problem produces while writing.</summary>
    public static bool IsEnvironment(Exception ex) => ex is IOException or UnauthorizedAccessException;
}
