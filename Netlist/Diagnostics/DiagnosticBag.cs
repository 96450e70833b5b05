namespace MemristorSpice.Netlist.Diagnostics;

/// <summary>
/// Collects warnings and errors while reading, so that one run reports every problem of a file. Reading
/// stops with a <see cref="NetlistException"/> once <see cref="MaxErrors"/> errors are collected.
/// </summary>
internal sealed class DiagnosticBag
{
    public const int MaxErrors = 20;

    private readonly List<Diagnostic> _errors = [];
    private readonly List<Diagnostic> _warnings = [];

    public IReadOnlyList<Diagnostic> Errors => _errors;
    public IReadOnlyList<Diagnostic> Warnings => _warnings;
    public bool HasErrors => _errors.Count > 0;

    public void Warn(SourceLocation location, string token, string message, string hint = "") =>
        _warnings.Add(new Diagnostic(Severity.Warning, location, token, message, hint));

    public void Error(SourceLocation location, string token, string message, string hint = "") =>
        Add(new Diagnostic(Severity.Error, location, token, message, hint));

    public void Add(Diagnostic diagnostic)
    {
        if (diagnostic.Severity == Severity.Warning)
        {
            _warnings.Add(diagnostic);
            return;
        }
        if (_errors.Contains(diagnostic)) return;
        _errors.Add(diagnostic);
        if (_errors.Count >= MaxErrors) throw new NetlistException(_errors.ToArray());
    }

    public void AddRange(NetlistException ex)
    {
        foreach (var e in ex.Errors) Add(e);
    }

    /// <summary>
    /// <see cref="Try(Action)"/> for a step that takes its state as an argument: with a static lambda nothing is
    /// allocated per call (the reader and the elaborator run one step per element).
    /// </summary>
    public bool Try<TState>(TState state, Action<TState> step)
    {
        try
        {
            step(state);
            return true;
        }
        catch (NetlistException ex)
        {
            return Record(ex);
        }
    }

    /// <summary>Runs a step; a NetlistException it raises is recorded instead of ending the read.</summary>
    public bool Try(Action step)
    {
        try
        {
            step();
            return true;
        }
        catch (NetlistException ex)
        {
            return Record(ex);
        }
    }

    /// <summary>Records the errors of a failed step (false); past <see cref="MaxErrors"/>, throws them all.</summary>
    private bool Record(NetlistException ex)
    {
        if (_errors.Count + ex.Errors.Count < MaxErrors)
        {
            AddRange(ex);
            return false;
        }
        foreach (var e in ex.Errors)
        {
            if (_errors.Count >= MaxErrors) break;
            if (!_errors.Contains(e)) _errors.Add(e);
        }
        throw new NetlistException(_errors.ToArray());
    }

    public void ThrowIfErrors()
    {
        if (_errors.Count > 0) throw new NetlistException(_errors.ToArray());
    }
}
