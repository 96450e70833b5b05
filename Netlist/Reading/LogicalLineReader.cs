using MemristorSpice.Netlist.Diagnostics;

namespace MemristorSpice.Netlist.Reading;

/// <summary>
/// Turns the text of one file into logical lines: drops '*' comment lines and inline comments (after ';' or a
/// free-standing '$'), joins '+' continuation lines, and tokenizes. The title line is taken out first when
/// the file is the top-level deck.
/// </summary>
internal static class LogicalLineReader
{
    /// <summary>Leading characters that make ngspice 39 replace the line with a comment.</summary>
    private const string UnusualLead = "=[]?()&%$\"!:,;";

    public static List<Statement> Read(string text, string file, bool hasTitleLine, DiagnosticBag diagnostics, out string title)
    {
        title = "";
        var statements = new List<Statement>();
        var lines = text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
        List<Token>? tokens = null;
        List<string>? sourceLines = null;
        SourceLocation start = default;
        int first = 0;
        if (hasTitleLine && lines.Length > 0)
        {
            title = lines[0].Trim();
            first = 1;
        }
        // A '{...}' or '...' expression left open at the end of a line continues on the next '+' line: the text is
        // held until the expression closes and tokenized as one piece, located where it started.
        string? open = null;
        SourceLocation openAt = default;
        for (int n = first; n < lines.Length; n++)
        {
            string raw = lines[n];
            int lineNumber = n + 1;
            string body = StripInlineComment(raw);
            string trimmed = body.TrimStart();
            if (trimmed.Length == 0 || trimmed[0] == '*') continue;
            int indent = body.Length - trimmed.Length;
            if (UnusualLead.Contains(trimmed[0]))
            {
                // ngspice 39 turns such a line into a comment, with a warning (e.g. a model card's ')' alone on a line).
                diagnostics.Warn(new SourceLocation(file, lineNumber, indent + 1), trimmed[0].ToString(),
                    $"a line starting with '{trimmed[0]}' is read as a comment, as ngspice does", "start it with '+' to continue the line above");
                continue;
            }
            if (IsKeyword(trimmed, ".control"))
            {
                // ngspice's command language: '$' substitutes variables and ';' is no comment there, so the
                // block is kept as raw text lines for the control interpreter instead of being tokenized.
                Flush();
                var at = new SourceLocation(file, lineNumber, indent + 1);
                var block = new List<ControlLine>();
                int end = n + 1;
                while (end < lines.Length && !IsKeyword(lines[end].TrimStart(), ".endc"))
                {
                    string physical = lines[end];
                    string content = physical.TrimStart();
                    // '+' continues the previous command (ngspice joins continuation lines inside .control too).
                    if (content.StartsWith('+') && block.Count > 0)
                        block[^1] = block[^1] with { Text = block[^1].Text + " " + content[1..].Trim() };
                    else
                        block.Add(new ControlLine(content.TrimEnd(), new SourceLocation(file, end + 1, physical.Length - content.Length + 1)));
                    end++;
                }
                if (end >= lines.Length)
                    diagnostics.Error(at, ".control", "unterminated .control block", "close it with .endc");
                statements.Add(new Statement([new Token(TokenKind.Word, trimmed.Split((char[]?)null, 2)[0], at)], [raw], at) { ControlLines = block });
                n = end;
                continue;
            }
            if (trimmed[0] == '+')
            {
                if (tokens is null)
                {
                    diagnostics.Error(new SourceLocation(file, lineNumber, indent + 1), "+",
                        "continuation line without a line to continue", "remove the '+' or join it to a statement");
                    continue;
                }
                sourceLines!.Add(raw);
                Add(trimmed[1..], new SourceLocation(file, lineNumber, indent + 2));
                continue;
            }
            Flush();
            tokens = [];
            sourceLines = [raw];
            start = new SourceLocation(file, lineNumber, indent + 1);
            Add(trimmed, start);
        }
        Flush();
        return statements;

        void Add(string text, SourceLocation at)
        {
            if (open is not null)
            {
                open += " " + text;
                if (IsOpen(open)) return;
                text = open;
                at = openAt;
                open = null;
            }
            else if (IsOpen(text))
            {
                open = text;
                openAt = at;
                return;
            }
            tokens!.AddRange(LineTokenizer.Tokenize(text, at.File, at.Line, at.Column, diagnostics));
        }

        void Flush()
        {
            if (open is not null)
            {
                // Still open at the end of the statement: the tokenizer reports the missing '}' or quote.
                tokens!.AddRange(LineTokenizer.Tokenize(open, openAt.File, openAt.Line, openAt.Column, diagnostics));
                open = null;
            }
            if (tokens is { Count: > 0 }) statements.Add(new Statement(tokens, sourceLines!, start));
            tokens = null;
            sourceLines = null;
        }
    }

    /// <summary>True when <paramref name="text"/> ends inside a '{...}' expression or a quoted '...' expression.</summary>
    private static bool IsOpen(string text)
    {
        if (text.AsSpan().IndexOfAny('{', '\'') < 0) return false; // most lines: one vectorized scan
        int braces = 0;
        bool inQuote = false, inDoubleQuote = false;
        foreach (char c in text)
        {
            if (inQuote) { if (c == '\'') inQuote = false; continue; }
            if (inDoubleQuote) { if (c == '"') inDoubleQuote = false; continue; }
            switch (c)
            {
                case '{': braces++; break;
                case '}': if (braces > 0) braces--; break;
                case '\'' when braces == 0: inQuote = true; break;
                case '"' when braces == 0: inDoubleQuote = true; break;
            }
        }
        return braces > 0 || inQuote;
    }

    /// <summary>True when the line starts with the directive <paramref name="keyword"/> (any case) followed by nothing or white space.</summary>
    private static bool IsKeyword(string trimmed, string keyword) =>
        trimmed.StartsWith(keyword, StringComparison.OrdinalIgnoreCase) && (trimmed.Length == keyword.Length || char.IsWhiteSpace(trimmed[keyword.Length]));

    /// <summary>Cuts ';' comments and '$' comments (a '$' at the start or after white space) outside
    /// expressions and quotes.</summary>
    public static string StripInlineComment(string line)
    {
        int braces = 0;
        bool inQuote = false, inDoubleQuote = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (inQuote) { if (c == '\'') inQuote = false; continue; }
            if (inDoubleQuote) { if (c == '"') inDoubleQuote = false; continue; }
            switch (c)
            {
                case '{': braces++; break;
                case '}': if (braces > 0) braces--; break;
                case '\'' when braces == 0: inQuote = true; break;
                case '"' when braces == 0: inDoubleQuote = true; break;
                case ';' when braces == 0: return line[..i];
                case '$' when braces == 0 && (i == 0 || char.IsWhiteSpace(line[i - 1])): return line[..i];
            }
        }
        return line;
    }
}
