namespace MemristorSpice.Netlist.Diagnostics;

/// <summary>
/// The only exception the netlist reader raises for bad input. It carries every error found (up to
/// <see cref="DiagnosticBag.MaxErrors"/>), each with file, line, column, offending token and a hint.
/// </summary>
public sealed class NetlistException : Exception
{
    /// <summary>Raises all errors found; the message lists each on its own line.</summary>
    public NetlistException(IReadOnlyList<Diagnostic> errors)
        : base(Compose(errors))
    {
        Errors = errors;
    }

    /// <summary>Raises a single error.</summary>
    public NetlistException(Diagnostic error)
        : this([error])
    {
    }

    /// <summary>Raises a single error built from its parts (see <see cref="Diagnostic"/>).</summary>
    public NetlistException(SourceLocation location, string token, string message, string hint)
        : this(new Diagnostic(Severity.Error, location, token, message, hint))
    {
    }

    /// <summary>Every error found, in reading order; never empty when raised by the reader.</summary>
    public IReadOnlyList<Diagnostic> Errors { get; }

    /// <summary>The first error (the one a user reads first).</summary>
    public Diagnostic First => Errors[0];

    private static string Compose(IReadOnlyList<Diagnostic> errors)
    {
        if (errors.Count == 0) return "netlist error";
        if (errors.Count == 1) return errors[0].ToString();
        return $"{errors.Count} errors in netlist:{Environment.NewLine}" +
               string.Join(Environment.NewLine, errors.Select(e => "  " + e));
    }
}
