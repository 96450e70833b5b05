using MemristorSpice.Netlist.Diagnostics;

namespace MemristorSpice.Netlist.Reading;

/// <summary>
/// One logical netlist line: a physical line plus its '+' continuation lines, comments removed, split into
/// tokens. <see cref="SourceLines"/> keeps the original text (used to hand subcircuits to ngspice verbatim).
/// </summary>
public sealed class Statement(IReadOnlyList<Token> tokens, IReadOnlyList<string> sourceLines, SourceLocation location)
{
    /// <summary>Tokens of the logical line, continuations joined, comments removed.</summary>
    public IReadOnlyList<Token> Tokens { get; } = tokens;
    /// <summary>The physical lines as written, '+' lines included.</summary>
    public IReadOnlyList<string> SourceLines { get; } = sourceLines;
    /// <summary>Where the first token starts.</summary>
    public SourceLocation Location { get; } = location;

    /// <summary>For a <c>.control</c> statement: the raw lines up to <c>.endc</c> (neither included); null otherwise.</summary>
    public IReadOnlyList<ControlLine>? ControlLines { get; init; }

    /// <summary>The first token (element name or directive).</summary>
    public Token Head => Tokens[0];

    /// <summary>Lower-case first word: ".param", "r1", ...</summary>
    public string Keyword => Head.Text.ToLowerInvariant();

    /// <summary>True for a dot line (.model, .param, .tran, ...).</summary>
    public bool IsDirective => Head.Kind == TokenKind.Word && Head.Text.StartsWith('.');

    /// <summary>The tokens as written, separated by single spaces.</summary>
    public override string ToString() => string.Join(' ', Tokens.Select(t => t.Display));
}

/// <summary>One raw line of a <c>.control</c> block: text with leading and trailing white space removed, and where it starts.</summary>
/// <param name="Text">The line as written, trimmed.</param>
/// <param name="Location">File, line and column of its first character.</param>
public sealed record ControlLine(string Text, SourceLocation Location);
