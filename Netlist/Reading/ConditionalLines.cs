using MemristorSpice.Netlist.Diagnostics;

namespace MemristorSpice.Netlist.Reading;

/// <summary>
/// Netlist-level <c>.if (condition)</c> / <c>.elseif (condition)</c> / <c>.else</c> / <c>.endif</c> (ngspice): keeps the
/// lines of the first branch whose condition is true (non-zero) and drops the rest, nested blocks allowed. Conditions
/// are evaluated once, at read time, with the top-level <c>.param</c> values read so far (as ngspice's numparam pass
/// does); a single '=' compares like '==', as ngspice allows in these conditions. Unbalanced blocks are located errors.
/// </summary>
internal static class ConditionalLines
{
    /// <summary>Most nested .if blocks (bounds the stack whatever the deck holds).</summary>
    private const int MaxDepth = 100;

    private sealed class Frame(Statement opening, bool parentActive)
    {
        public Statement Opening { get; } = opening;
        public bool ParentActive { get; } = parentActive;
        public bool Taken { get; set; }
        public bool Active { get; set; }
        public bool SeenElse { get; set; }
    }

    public static List<Statement> Select(List<Statement> statements, DiagnosticBag diagnostics)
    {
        if (!statements.Any(s => s.Keyword is ".if" or ".elseif" or ".else" or ".endif")) return statements;
        var output = new List<Statement>(statements.Count);
        var frames = new Stack<Frame>();
        var scope = new ParameterScope();
        int subcircuitDepth = 0;
        bool Active() => frames.Count == 0 || frames.Peek().Active;
        foreach (var s in statements)
        {
            switch (s.Keyword)
            {
                case ".if":
                {
                    if (frames.Count >= MaxDepth)
                    {
                        diagnostics.Error(s.Location, s.Head.Text, $".if blocks nested deeper than {MaxDepth}", "flatten the conditions");
                        return output;
                    }
                    var frame = new Frame(s, Active());
                    frame.Active = frame.ParentActive && Condition(s, scope, diagnostics);
                    frame.Taken = frame.Active;
                    frames.Push(frame);
                    break;
                }
                case ".elseif":
                {
                    if (!Open(frames, s, diagnostics)) break;
                    var frame = frames.Peek();
                    if (frame.SeenElse)
                        diagnostics.Error(s.Location, s.Head.Text, ".elseif after .else", "move the .elseif before the .else");
                    frame.Active = frame.ParentActive && !frame.Taken && Condition(s, scope, diagnostics);
                    frame.Taken |= frame.Active;
                    break;
                }
                case ".else":
                {
                    if (!Open(frames, s, diagnostics)) break;
                    var frame = frames.Peek();
                    if (frame.SeenElse)
                        diagnostics.Error(s.Location, s.Head.Text, "second .else in one .if block", "a block has at most one .else");
                    frame.SeenElse = true;
                    frame.Active = frame.ParentActive && !frame.Taken;
                    frame.Taken = true;
                    break;
                }
                case ".endif":
                    if (Open(frames, s, diagnostics)) frames.Pop();
                    break;
                default:
                    if (!Active()) break;
                    output.Add(s);
                    if (s.Keyword == ".subckt") subcircuitDepth++;
                    else if (s.Keyword == ".ends") subcircuitDepth = Math.Max(0, subcircuitDepth - 1);
                    else if (s.Keyword is ".param" or ".params" && subcircuitDepth == 0)
                        diagnostics.Try(() => { foreach (var p in ValueTokens.Assignments(s.Tokens, 1, ".param")) scope.Define(p); });
                    break;
            }
        }
        foreach (var open in frames)
            diagnostics.Error(open.Opening.Location, open.Opening.Head.Text, ".if without .endif", "close the block with .endif");
        return output;
    }

    private static bool Open(Stack<Frame> frames, Statement s, DiagnosticBag diagnostics)
    {
        if (frames.Count > 0) return true;
        diagnostics.Error(s.Location, s.Head.Text, $"{s.Keyword} without .if", "open the block with .if (condition)");
        return false;
    }

    /// <summary>True when the condition after the keyword is non-zero; an error (reported) counts as false.</summary>
    private static bool Condition(Statement s, ParameterScope scope, DiagnosticBag diagnostics)
    {
        if (s.Tokens.Count < 2)
        {
            diagnostics.Error(s.Location, s.Head.Text, $"{s.Keyword} without a condition", $"write {s.Keyword} (name == value)");
            return false;
        }
        // A lone '=' between operands compares (ngspice accepts .if (a = 1)): double it so the parser reads '=='.
        var tokens = new List<Token>(s.Tokens.Count + 2);
        for (int k = 1; k < s.Tokens.Count; k++)
        {
            var t = s.Tokens[k];
            tokens.Add(t);
            bool lone = t.Kind == TokenKind.Equals && s.Tokens[k - 1].Kind != TokenKind.Equals
                        && !(k + 1 < s.Tokens.Count && s.Tokens[k + 1].Kind == TokenKind.Equals)
                        && !(s.Tokens[k - 1].Text.Length > 0 && s.Tokens[k - 1].Text[^1] is '<' or '>' or '!');
            if (lone) tokens.Add(t);
        }
        bool result = false;
        diagnostics.Try(() => result = scope.Evaluate(ValueTokens.ToExpression(tokens, 0, tokens.Count)) != 0);
        return result;
    }
}
