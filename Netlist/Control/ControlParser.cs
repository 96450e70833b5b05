using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Reading;

namespace MemristorSpice.Netlist.Control;

/// <summary>
/// Reads the lines of <c>.control</c> blocks into commands: loop and if nesting (foreach, while, repeat, dowhile,
/// if/else, each closed by end), every command word checked against what the interpreter runs. Commands that only
/// display or write results are dropped here and summarised in one warning; any other command is a located
/// "not supported" error, reported before anything is simulated.
/// </summary>
internal static class ControlParser
{
    /// <summary>Commands that run one analysis, with the arguments of the dot line of the same name.</summary>
    public static readonly HashSet<string> AnalysisCommands = ["op", "dc", "tran", "ac", "tf", "noise"];

    /// <summary>Commands the interpreter carries out (besides the analyses and the block words).</summary>
    private static readonly HashSet<string> Executed =
        ["run", "set", "unset", "let", "unlet", "alter", "altermod", "reset", "destroy", "option", "options", "opt", "quit", "exit", "break", "continue",
         "meas", "measure", "remcirc", "define", "undefine", "compose", "label", "goto"];

    /// <summary>Commands that only show, print, plot or write results (our results hold every vector anyway).</summary>
    private static readonly HashSet<string> DisplayOnly =
    [
        "plot", "iplot", "print", "echo", "wrdata", "write", "display", "listing", "show", "showmod", "setplot", "asciiplot",
        "gnuplot", "hardcopy", "save", "rusage", "status", "version", "linearize", "setscale", "settype", "fourier", "xgraph",
        "plot2", "edisplay", "inventory", "sysinfo", "help", "history", "wrs2p", "trace", "print_col", "setcs",
        // Post-processing into new plots for display (spectra); a later command that reads their vectors gets a located error.
        "fft", "spec", "psd",
    ];

    private static readonly HashSet<string> Openers = ["foreach", "while", "repeat", "dowhile", "if"];

    /// <summary>Parses every block; errors go to <paramref name="diagnostics"/>, the display commands to one warning.</summary>
    public static ControlProgram? Parse(IReadOnlyList<Statement> blocks, DiagnosticBag diagnostics)
    {
        if (blocks.Count == 0) return null;
        var top = new List<ControlCommand>();
        var ignored = new SortedDictionary<string, int>(StringComparer.Ordinal);
        SourceLocation? firstIgnored = null;
        foreach (var block in blocks)
        {
            // Each block is a unit: an 'end' cannot close a loop opened in an earlier block.
            var stack = new Stack<ControlCommand>();
            var inElse = new HashSet<ControlCommand>(ReferenceEqualityComparer.Instance);
            foreach (var line in block.ControlLines ?? [])
            {
                if (line.Text.Length == 0 || line.Text[0] is '*' or '#') continue;
                var uncommented = WithoutComment(line);
                if (uncommented.Text.Length == 0) continue;
                diagnostics.Try(() =>
                {
                    var command = Split(uncommented);
                    var target = stack.Count == 0 ? top : inElse.Contains(stack.Peek()) ? stack.Peek().ElseBody : stack.Peek().Body;
                    switch (command.Name)
                    {
                        case "end":
                            if (stack.Count == 0) throw command.Error("'end' without a foreach, while, repeat, dowhile or if to close", "remove it");
                            stack.Pop();
                            return;
                        case "else":
                            if (stack.Count == 0 || stack.Peek().Name != "if" || inElse.Contains(stack.Peek()))
                                throw command.Error("'else' without an open 'if'", "write if condition ... else ... end");
                            inElse.Add(stack.Peek());
                            return;
                    }
                    if (DisplayOnly.Contains(command.Name))
                    {
                        ignored[command.Name] = ignored.GetValueOrDefault(command.Name) + 1;
                        firstIgnored ??= command.Location;
                        return;
                    }
                    if (!AnalysisCommands.Contains(command.Name) && !Executed.Contains(command.Name) && !Openers.Contains(command.Name))
                        throw command.Error($"not supported: {command.Name}", Hint(command.Name));
                    // 'repeat' alone repeats until a break (bounded by the interpreter's command limit), as in ngspice.
                    if (Openers.Contains(command.Name) && command.Name != "repeat" && command.Arguments.Length == 0)
                        throw command.Error($"'{command.Name}' without its {(command.Name == "foreach" ? "variable and values" : command.Name == "repeat" ? "count" : "condition")}",
                            "foreach var v1 v2 ... | while cond | repeat n | dowhile cond | if cond, each closed by end");
                    target.Add(command);
                    if (Openers.Contains(command.Name)) stack.Push(command);
                });
            }
            if (stack.Count > 0)
            {
                var open = stack.Last();
                diagnostics.Error(open.Location, open.Name, $"'{open.Name}' is not closed by 'end' within its .control block", "add end");
            }
        }
        if (firstIgnored is { } at)
            diagnostics.Warn(at, ignored.Keys.First(), "display and output commands in .control ignored (results hold every vector): " +
                                     string.Join(", ", ignored.Select(p => p.Value == 1 ? p.Key : $"{p.Key} ×{p.Value}")),
                "use simulate --out/--plot for tables and plots");
        return new ControlProgram(top, blocks.Select(b => b.Location).ToList());
    }

    private static string Hint(string name) => name switch
    {
        "pz" or "sens" or "disto" or "pss" or "sp" => $"the {name} analysis is not available in our engine; use op, dc, tran, ac, tf or noise",
        "shell" or "source" or "load" or "cd" or "edit" or "rspice" => "commands that run programs or read files are never run",
        _ => "supported: op dc tran ac tf noise run set let define compose alter altermod foreach while repeat dowhile if label goto reset destroy option; " +
             "display commands (plot print echo wrdata write ...) are ignored",
    };

    /// <summary>
    /// The line without its trailing comment, as ngspice reads .control lines: from a ';' outside quotes, or from a '$'
    /// that stands alone (blank before and after; $name and $&amp;name stay substitutions).
    /// </summary>
    private static ControlLine WithoutComment(ControlLine line)
    {
        var text = line.Text;
        bool quoted = false;
        for (int k = 0; k < text.Length; k++)
        {
            if (text[k] == '"') quoted = !quoted;
            if (quoted) continue;
            if (text[k] == ';' || (text[k] == '$' && k > 0 && char.IsWhiteSpace(text[k - 1]) && (k + 1 == text.Length || char.IsWhiteSpace(text[k + 1]))))
                return line with { Text = text[..k].TrimEnd() };
        }
        return line;
    }

    /// <summary>Splits a line into its command word and the rest; <c>let x=1</c> and <c>if(x)</c> split at the first non-word character.</summary>
    private static ControlCommand Split(ControlLine line)
    {
        var text = line.Text;
        int k = 0;
        while (k < text.Length && (char.IsLetterOrDigit(text[k]) || text[k] is '_')) k++;
        if (k == 0) throw new NetlistException(line.Location, text.Length > 20 ? text[..20] : text, "expected a command", "each .control line starts with a command word");
        string name = text[..k].ToLowerInvariant();
        int start = k;
        while (start < text.Length && char.IsWhiteSpace(text[start])) start++;
        return new ControlCommand(name, text[start..].TrimEnd(), line, line.Location.Column + start);
    }
}
