using MemristorSpice.Netlist.Diagnostics;

namespace MemristorSpice.Netlist.Reading;

/// <summary>Lexical class of a <see cref="Token"/>.</summary>
public enum TokenKind
{
    /// <summary>Names, numbers, keywords: anything up to white space or punctuation.</summary>
    Word,
    /// <summary>An expression written as {...} or '...'; the text is what is inside the delimiters.</summary>
    Expression,
    /// <summary>A "double-quoted" string (file names); the text is without quotes.</summary>
    QuotedString,
    /// <summary>The '=' of name=value.</summary>
    Equals,
    /// <summary>'('.</summary>
    LeftParen,
    /// <summary>')'.</summary>
    RightParen,
    /// <summary>',' (separator inside parentheses).</summary>
    Comma,
}

/// <summary>One token of a netlist line, with the place it was read from.</summary>
/// <param name="Kind">Lexical class.</param>
/// <param name="Text">The text, without delimiters for expressions and quoted strings.</param>
/// <param name="Location">Where the token starts.</param>
public sealed record Token(TokenKind Kind, string Text, SourceLocation Location)
{
    /// <summary>True for a word equal to <paramref name="word"/>, ignoring case (SPICE keywords are case-insensitive).</summary>
    public bool Is(string word) => Kind == TokenKind.Word && Text.Equals(word, StringComparison.OrdinalIgnoreCase);

    /// <summary>The text as written in the file (with delimiters), for messages and echo.</summary>
    public string Display => Kind switch
    {
        TokenKind.Expression => "{" + Text + "}",
        TokenKind.QuotedString => "\"" + Text + "\"",
        _ => Text,
    };

    /// <summary>The token as written (<see cref="Display"/>).</summary>
    public override string ToString() => Display;
}
