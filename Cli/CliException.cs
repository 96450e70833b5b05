namespace MemristorSpice.Cli;

/// <summary>
/// An error a user can fix (bad option value, missing file, unusable input). The message is printed as one
/// line, without a stack trace, and the process exits with <see cref="ExitCode"/>.
/// </summary>
internal sealed class CliException(string message, int exitCode = 1) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
