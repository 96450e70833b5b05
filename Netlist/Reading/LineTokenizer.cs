using MemristorSpice.Netlist.Diagnostics;

namespace MemristorSpice.Netlist.Reading;

/// <summary>Splits one physical line (comments already removed) into tokens.</summary>
internal static class LineTokenizer
{
    private const string Punctuation = "=(),{}'\"";

    public static List<Token> Tokenize(string text, string file, int line, int firstColumn, DiagnosticBag diagnostics)
    {
        var tokens = new List<Token>();
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            var location = new SourceLocation(file, line, firstColumn + i);
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }
            switch (c)
            {
                case '=': tokens.Add(new Token(TokenKind.Equals, "=", location)); i++; continue;
                case '(': tokens.Add(new Token(TokenKind.LeftParen, "(", location)); i++; continue;
                case ')': tokens.Add(new Token(TokenKind.RightParen, ")", location)); i++; continue;
                case ',': tokens.Add(new Token(TokenKind.Comma, ",", location)); i++; continue;
                case '{': i = ReadBraced(text, i, location, tokens, diagnostics); continue;
                case '}':
                    diagnostics.Error(location, "}", "closing brace without an opening brace", "remove it or add the matching '{'");
                    i++;
                    continue;
                case '\'': i = ReadDelimited(text, i, '\'', TokenKind.Expression, location, tokens, diagnostics); continue;
                case '"': i = ReadDelimited(text, i, '"', TokenKind.QuotedString, location, tokens, diagnostics); continue;
            }
            int start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && !Punctuation.Contains(text[i])) i++;
            tokens.Add(new Token(TokenKind.Word, text[start..i], location));
        }
        return tokens;
    }

    private static int ReadBraced(string text, int open, SourceLocation location, List<Token> tokens, DiagnosticBag diagnostics)
    {
        int depth = 0;
        for (int i = open; i < text.Length; i++)
        {
            if (text[i] == '{') depth++;
            else if (text[i] == '}' && --depth == 0)
            {
                tokens.Add(new Token(TokenKind.Expression, text[(open + 1)..i], location));
                return i + 1;
            }
        }
        diagnostics.Error(location, text[open..], "expression is missing its closing '}'", "close the expression on this line or on a following + line");
        return text.Length;
    }

    private static int ReadDelimited(string text, int open, char delimiter, TokenKind kind, SourceLocation location,
        List<Token> tokens, DiagnosticBag diagnostics)
    {
        int close = text.IndexOf(delimiter, open + 1);
        if (close < 0)
        {
            diagnostics.Error(location, text[open..], $"missing closing {delimiter}", $"add the closing {delimiter} on the same line");
            return text.Length;
        }
        tokens.Add(new Token(kind, text[(open + 1)..close], location));
        return close + 1;
    }
}
