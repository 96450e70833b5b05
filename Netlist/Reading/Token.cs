using MemristorSpice.Netlist.Diagnostics;

namespace MemristorSpice.Netlist.Reading;

public enum TokenKind
{
    /// <summary>Names, numbers, keywords: anything up to white space or punctuation.</summary>
    Word,
    /// <summary>An expression written as {...} or '...'; the text is what is inside the delimiters.</summary>
    Expression,
    /// <summary>A "double-quoted" string (file names); the text is without quotes.</summary>
    QuotedString,
    Equals,
    LeftParen,
    RightParen,
    Comma,
}

/// <summary>One token of a netlist line, with the place it was read from.</summary>
public sealed record Token(TokenKind Kind, string Text, SourceLocation Location)
{
    public bool Is(string word) => Kind == TokenKind.Word && Text.Equals(word, StringComparison.OrdinalIgnoreCase);

    /// <summary>The text as written in the file (with delimiters), for messages and echo.</summary>
    public string Display => Kind switch
    {
        TokenKind.Expression => "{" + Text + "}",
        TokenKind.QuotedString => "\"" + Text + "\"",
        _ => Text,
    };

    public override string ToString() => Display;
}
