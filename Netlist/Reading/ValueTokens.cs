using System.Text;
using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Expressions;

namespace MemristorSpice.Netlist.Reading;

/// <summary>Turns the tokens of a value (one token, or an unbraced expression spread over tokens) into an expression tree.</summary>
internal static class ValueTokens
{
    /// <summary>Parses tokens [start, end) as one expression.</summary>
    public static Expr ToExpression(IReadOnlyList<Token> tokens, int start, int end)
    {
        if (end <= start) throw new NetlistException(tokens[Math.Max(0, Math.Min(start, tokens.Count) - 1)].Location, "", "missing value", "write a number or {expression}");
        if (end - start == 1)
        {
            var t = tokens[start];
            if (t.Kind == TokenKind.Expression) return ExpressionParser.Parse(t.Text, t.Location.Offset(1));
            if (t.Kind == TokenKind.Word && EngineeringNumber.TryParseToken(t.Text, out double v)) return new NumberExpr(v, t.Location);
            if (t.Kind != TokenKind.Word)
                throw new NetlistException(t.Location, t.Display, "expected a value", "write a number or {expression}");
        }
        var text = new StringBuilder();
        for (int k = start; k < end; k++)
        {
            var t = tokens[k];
            if (t.Kind is TokenKind.QuotedString)
                throw new NetlistException(t.Location, t.Display, "a quoted string is not a value", "write a number or {expression}");
            // '<=', '>=', '==', '!=' come out of the tokenizer split at '=' (a separate token): glue them back.
            if (t.Kind == TokenKind.Equals && text.Length > 1 && text[^2] is '<' or '>' or '=' or '!') text.Length--;
            text.Append(t.Kind == TokenKind.Expression ? "(" + t.Text + ")" : t.Text).Append(t.Kind == TokenKind.Equals && k + 1 < end && tokens[k + 1].Kind == TokenKind.Equals ? "" : " ");
        }
        return ExpressionParser.Parse(text.ToString().TrimEnd(), tokens[start].Location);
    }

    /// <summary>
    /// Reads name=value pairs from <paramref name="start"/>; a value runs until the next "name =" or the end.
    /// </summary>
    public static List<ParameterDefinition> Assignments(IReadOnlyList<Token> tokens, int start, string context)
    {
        var result = new List<ParameterDefinition>();
        int k = start;
        while (k < tokens.Count)
        {
            var name = tokens[k];
            if (name.Kind != TokenKind.Word || k + 1 >= tokens.Count || tokens[k + 1].Kind != TokenKind.Equals)
                throw new NetlistException(name.Location, name.Display, $"expected name=value in {context}", "write name=value pairs, for example r0=1k");
            if (!IsIdentifier(name.Text))
                throw new NetlistException(name.Location, name.Text, $"'{name.Text}' is not a valid name", "names start with a letter or '_'");
            int valueStart = k + 2;
            int valueEnd = valueStart;
            while (valueEnd < tokens.Count && !(valueEnd + 1 < tokens.Count && tokens[valueEnd].Kind == TokenKind.Word
                       && tokens[valueEnd + 1].Kind == TokenKind.Equals && valueEnd > valueStart && IsIdentifier(tokens[valueEnd].Text)))
                valueEnd++;
            if (valueEnd == valueStart)
                throw new NetlistException(tokens[k + 1].Location, name.Text + "=", $"missing value for '{name.Text}'", "write name=value");
            result.Add(new ParameterDefinition(name.Text.ToLowerInvariant(), ToExpression(tokens, valueStart, valueEnd), name.Location));
            k = valueEnd;
        }
        return result;
    }

    public static bool IsIdentifier(string text) =>
        text.Length > 0 && (char.IsAsciiLetter(text[0]) || text[0] == '_') &&
        text.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '$' or '#');
}
