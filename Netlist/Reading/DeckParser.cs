using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Expressions;

namespace MemristorSpice.Netlist.Reading;

/// <summary>
/// Sorts logical lines into a <see cref="Deck"/>: .subckt/.ends nesting, .param, .func, .model, element
/// lines per block, and control lines (analyses, options, .ic, .nodeset) at the top level.
/// </summary>
internal sealed class DeckParser(DiagnosticBag diagnostics)
{
    private static readonly HashSet<string> ControlDirectives =
        [".op", ".dc", ".tran", ".tf", ".ac", ".noise", ".options", ".option", ".opt", ".ic", ".nodeset", ".temp", ".meas", ".measure"];

    private static readonly HashSet<string> IgnoredDirectives =
        [".print", ".plot", ".save", ".probe", ".four", ".width", ".sens",
         ".disto", ".pz", ".sp", ".pss", ".step"];

    public Deck Parse(string title, IReadOnlyList<Statement> statements)
    {
        var top = new Block("", null, SourceLocation.None);
        var deck = new Deck(title, top);
        var current = top;
        foreach (var s in statements)
        {
            if (current != top) current.SourceLines.AddRange(s.SourceLines);
            diagnostics.Try(() => current = Dispatch(deck, current, s));
        }
        for (var open = current; open != top; open = open.Parent!)
            diagnostics.Error(open.Location, ".subckt " + open.Name, $"subcircuit '{open.Name}' has no .ends", "close it with .ends " + open.Name);
        return deck;
    }

    private Block Dispatch(Deck deck, Block current, Statement s)
    {
        if (!s.IsDirective)
        {
            if (s.Head.Kind != TokenKind.Word)
                throw new NetlistException(s.Head.Location, s.Head.Display, "a line must start with an element name or a directive",
                    "element names start with their type letter (R1, C2, V1, X1); directives with '.'");
            current.Elements.Add(s);
            return current;
        }
        string keyword = s.Keyword;
        switch (keyword)
        {
            case ".subckt":
                return OpenSubcircuit(current, s);
            case ".ends":
                return CloseSubcircuit(current, s);
            case ".param":
            case ".params": // PSpice/LTspice spelling, common in published memristor subcircuits
                current.Parameters.AddRange(ValueTokens.Assignments(s.Tokens, 1, ".param"));
                if (s.Tokens.Count == 1) throw new NetlistException(s.Location, ".param", ".param without assignments", "write .param name=value");
                return current;
            case ".func":
                current.Functions.Add(ParseFunction(s));
                return current;
            case ".model":
                if (s.Tokens.Count < 3) throw new NetlistException(s.Location, s.ToString(), ".model needs a name and a type", "write .model dmod D(is=1e-14)");
                current.Models.Add(s);
                return current;
            case ".csparam": // parameters handed to the .control blocks as vectors (ngspice)
                deck.ControlParameters.AddRange(ValueTokens.Assignments(s.Tokens, 1, ".csparam"));
                return current;
            case ".title":
                deck.Title = string.Join(' ', s.Tokens.Skip(1).Select(t => t.Display));
                return current;
            case ".global":
                if (current != deck.Top) throw new NetlistException(s.Location, s.Head.Text, ".global inside a subcircuit", "move it to the top level");
                deck.GlobalNodes.AddRange(s.Tokens.Skip(1));
                return current;
        }
        if (keyword is ".ic" or ".nodeset" && current != deck.Top)
        {
            // Published models set their state capacitor's start inside the subcircuit (.ic v(xsv)=x0).
            current.NodeValues.Add(s);
            return current;
        }
        if (ControlDirectives.Contains(keyword))
        {
            if (current != deck.Top)
                throw new NetlistException(s.Location, s.Head.Text, $"{keyword} inside subcircuit '{current.Name}'", "move it to the top level");
            deck.Controls.Add(s);
        }
        else if (IgnoredDirectives.Contains(keyword))
            diagnostics.Warn(s.Location, s.Head.Text, $"{keyword} is not supported and was ignored", "results hold every node voltage and source current");
        else
            diagnostics.Warn(s.Location, s.Head.Text, $"unknown directive {keyword} ignored", "supported: .param .func .subckt .model .include .lib .ic .nodeset .options .temp .op .dc .tran .ac .global .end");
        return current;
    }

    private Block OpenSubcircuit(Block current, Statement s)
    {
        var tokens = s.Tokens;
        if (tokens.Count < 2 || tokens[1].Kind != TokenKind.Word)
            throw new NetlistException(s.Location, s.ToString(), ".subckt needs a name", "write .subckt name pin1 pin2 ... [params: a=1]");
        string name = tokens[1].Text.ToLowerInvariant();
        var block = new Block(name, current, s.Location);
        block.SourceLines.AddRange(s.SourceLines);
        int k = 2;
        for (; k < tokens.Count; k++)
        {
            var t = tokens[k];
            if (t.Is("params:")) { k++; break; }
            if (k + 1 < tokens.Count && tokens[k + 1].Kind == TokenKind.Equals) break;
            if (t.Kind != TokenKind.Word)
                throw new NetlistException(t.Location, t.Display, "expected a pin name", "pins are plain names");
            string pin = t.Text.ToLowerInvariant();
            if (block.Pins.Contains(pin))
                throw new NetlistException(t.Location, t.Text, $"pin '{pin}' listed twice in subcircuit '{name}'", "give each pin a distinct name");
            block.Pins.Add(pin);
        }
        block.DefaultParameters.AddRange(ValueTokens.Assignments(tokens, k, ".subckt parameters"));
        // ngspice 39 keeps the first definition ("redefinition of .subckt ..., ignored"): a model file included twice
        // reads like that. The later body is read (so its .ends pairs) and dropped.
        if (current.Subcircuits.ContainsKey(name))
            diagnostics.Warn(tokens[1].Location, tokens[1].Text, $"subcircuit '{name}' defined again: this definition is ignored, the first one is used (as in ngspice)",
                "rename one of them if both are meant");
        else
            current.Subcircuits[name] = block;
        return block;
    }

    /// <summary>
    /// .ends closes the innermost open subcircuit. ngspice 39 pairs .subckt and .ends by nesting alone and ignores a
    /// name after .ends, so a different name (spice3f5's ltra_3.cir closes 'rlclump' with '.ends lump') is a warning.
    /// </summary>
    private Block CloseSubcircuit(Block current, Statement s)
    {
        if (current.Parent is null)
            throw new NetlistException(s.Location, s.ToString(), ".ends without .subckt", "remove it or open the subcircuit with .subckt");
        if (s.Tokens.Count > 1 && !s.Tokens[1].Text.Equals(current.Name, StringComparison.OrdinalIgnoreCase))
            diagnostics.Warn(s.Tokens[1].Location, s.Tokens[1].Text, $".ends {s.Tokens[1].Text} closes subcircuit '{current.Name}' (the name is ignored, as ngspice does)",
                $"write .ends {current.Name}");
        return current.Parent;
    }

    private static UserFunction ParseFunction(Statement s)
    {
        var t = s.Tokens;
        const string hint = "write .func name(a, b) {expression}";
        if (t.Count < 4 || t[1].Kind != TokenKind.Word || t[2].Kind != TokenKind.LeftParen || !ValueTokens.IsIdentifier(t[1].Text))
            throw new NetlistException(s.Location, s.ToString(), "malformed .func", hint);
        var parameters = new List<string>();
        int k = 3;
        while (k < t.Count && t[k].Kind != TokenKind.RightParen)
        {
            if (t[k].Kind == TokenKind.Comma) { k++; continue; }
            if (t[k].Kind != TokenKind.Word || !ValueTokens.IsIdentifier(t[k].Text))
                throw new NetlistException(t[k].Location, t[k].Display, "expected an argument name", hint);
            parameters.Add(t[k].Text.ToLowerInvariant());
            k++;
        }
        if (k >= t.Count) throw new NetlistException(s.Location, s.ToString(), "missing ')' after the arguments of .func", hint);
        k++;
        if (k < t.Count && t[k].Kind == TokenKind.Equals) k++;
        if (k >= t.Count) throw new NetlistException(s.Location, s.ToString(), ".func without a body", hint);
        var body = ValueTokens.ToExpression(t, k, t.Count);
        return new UserFunction(t[1].Text.ToLowerInvariant(), parameters, body, s.Location);
    }
}
