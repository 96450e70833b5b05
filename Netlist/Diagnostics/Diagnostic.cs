namespace MemristorSpice.Netlist.Diagnostics;

/// <summary>How bad a <see cref="Diagnostic"/> is.</summary>
public enum Severity
{
    /// <summary>Suspicious but readable; the netlist is still simulated.</summary>
    Warning,
    /// <summary>The netlist cannot be used; reading ends in a <see cref="NetlistException"/>.</summary>
    Error,
}

/// <summary>One problem found in a netlist: where, which token, what is wrong and how to fix it.</summary>
/// <param name="Severity">Error or warning.</param>
/// <param name="Location">File, line and column of the offending token.</param>
/// <param name="Token">The offending token as written; empty when the problem is at the end of the line.</param>
/// <param name="Message">What is wrong.</param>
/// <param name="Hint">How to fix it; may be empty.</param>
public sealed record Diagnostic(Severity Severity, SourceLocation Location, string Token, string Message, string Hint)
{
    /// <summary>Compiler-style line: <c>file:line:col: error: message at 'token'. Hint: ...</c>.</summary>
    public override string ToString()
    {
        var kind = Severity == Severity.Error ? "error" : "warning";
        var token = Token.Length > 0 ? $" at '{Shorten(Token)}'" : " at end of line";
        var hint = Hint.Length > 0 ? $" Hint: {Hint}" : "";
        return $"{Location}: {kind}: {Message}{token}.{hint}";
    }

    private static string Shorten(string token) => token.Length <= 60 ? token : token[..57] + "...";
}
