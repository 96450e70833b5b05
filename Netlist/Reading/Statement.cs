using MemristorSpice.Netlist.Diagnostics;

namespace MemristorSpice.Netlist.Reading;

/// <summary>
/// One logical netlist line: a physical line plus its '+' continuation lines, comments removed, split into
/// tokens. <see cref="SourceLines"/> keeps the original text (used to hand subcircuits to ngspice verbatim).
/// </summary>
public sealed class Statement(IReadOnlyList<Token> tokens, IReadOnlyList<string> sourceLines, SourceLocation location)
{
    public IReadOnlyList<Token> Tokens { get; } = tokens;
    public IReadOnlyList<string> SourceLines { get; } = sourceLines;
    public SourceLocation Location { get; } = location;

    public Token Head => Tokens[0];

    /// <summary>Lower-case first word: ".param", "r1", ...</summary>
    public string Keyword => Head.Text.ToLowerInvariant();

    public bool IsDirective => Head.Kind == TokenKind.Word && Head.Text.StartsWith('.');

    public override string ToString() => string.Join(' ', Tokens.Select(t => t.Display));
}
