namespace MemristorSpice.Netlist.Diagnostics;

public enum Severity
{
    Warning,
    Error,
}

/// <summary>One problem found in a netlist: where, which token, what is wrong and how to fix it.</summary>
public sealed record Diagnostic(Severity Severity, SourceLocation Location, string Token, string Message, string Hint)
{
    public override string ToString()
    {
        var kind = Severity == Severity.Error ? "error" : "warning";
        var token = Token.Length > 0 ? $" at '{Shorten(Token)}'" : " at end of line";
        var hint = Hint.Length > 0 ? $" Hint: {Hint}" : "";
        return $"{Location}: {kind}: {Message}{token}.{hint}";
    }

    private static string Shorten(string token) => token.Length <= 60 ? token : token[..57] + "...";
}
