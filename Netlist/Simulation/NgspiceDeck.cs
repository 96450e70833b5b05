using System.Text.RegularExpressions;
using System.Text;

namespace MemristorSpice.Netlist.Simulation;

/// <summary>
/// Writes the deck the ngspice backend runs from what our reader read, so that ngspice simulates the circuit we
/// simulate and nothing else.
/// </summary>
public static class NgspiceDeck
{
    /// <summary>
    /// Adds, after the title line, the registry's .subckt text of every native device the netlist uses
    /// without defining it, so that ngspice can run the file as our engine does.
    /// </summary>
    public static string WithNativeSubcircuits(string text, Model.NetlistCircuit circuit, NativeDevices.INativeDeviceRegistry registry)
    {
        var missing = circuit.Elements.OfType<Model.SubcircuitInstance>().Select(x => x.Subcircuit).Distinct()
            .Where(name => !circuit.Subcircuits.ContainsKey(name)).Select(registry.Find).OfType<NativeDevices.INativeDevice>().ToList();
        if (missing.Count == 0) return text;
        int end = text.IndexOf('\n');
        string title = end < 0 ? text : text[..(end + 1)];
        string rest = end < 0 ? "" : text[(end + 1)..];
        return title + (end < 0 ? "\n" : "") + string.Join("\n", missing.Select(d => d.SubcircuitText.TrimEnd())) + "\n" + rest;
    }

    /// <summary>Element letters our reader builds; a line of another kind never reaches ngspice.</summary>
    private const string ElementLetters = "rclkvifeghdmqsbxjw";

    /// <summary>Model types our elements use (D, MOSFET, BJT, switch, JFET, R/C/L); cards of other types (XSPICE file sources ...) are left out.</summary>
    private static readonly HashSet<string> ModelTypes = ["d", "nmos", "pmos", "npn", "pnp", "sw", "csw", "njf", "pjf", "r", "res", "c", "l"];

    /// <summary>Directives passed on as read: definitions and initial values. Analyses and options are written by us.</summary>
    private static readonly HashSet<string> DefinitionDirectives = [".subckt", ".ends", ".param", ".params", ".func", ".global", ".ic", ".nodeset"];

    /// <summary>
    /// Definitions that other dialects' models rely on and ngspice 39 lacks in B sources: stp() and if() (PSpice,
    /// LTspice) and the constants boltz/echarge/planck; the values equal our reader's (ConditionalFunctions,
    /// BuiltinFunctions). Only what the deck uses and does not define itself is added.
    /// </summary>
    private static readonly (string Name, string Definition)[] Prelude =
    [
        ("stp", ".func stp(x) {x > 0 ? 1 : 0}"),
        ("if", ".func if(c, a, b) {c ? a : b}"),
        ("boltz", ".param boltz=1.380649e-23"),
        ("echarge", ".param echarge=1.602176634e-19"),
        ("planck", ".param planck=6.62607015e-34"),
    ];

    /// <summary>
    /// The one self-contained deck ngspice runs for a netlist we read: our title; the lines our reader accepted,
    /// from every file, with .include/.lib already expanded and .control blocks already left out (by the reader);
    /// of those only element lines of the kinds we simulate, subcircuit/parameter/function definitions, .model
    /// cards of the types we use and .ic/.nodeset; then the options and temperature as we understood them, the
    /// <see cref="Prelude"/> definitions the deck needs, our analysis lines and .end. Output directives, unknown
    /// directives and comments (ngspice runs "*#" comment lines as commands) are not passed on, so nothing in the
    /// input can make ngspice read another file, run a command or write a file.
    /// </summary>
    public static string ForBatchRun(Reading.ReadResult read) => Build(read, read.Circuit.Analyses, []);

    /// <summary>
    /// <see cref="ForBatchRun"/> without analysis lines: the circuit for <see cref="Ngspice.NgspiceRunner.RunScriptAsync"/>,
    /// whose control script (written by us) runs the analyses one by one.
    /// </summary>
    public static string ForScriptRun(Reading.ReadResult read) => Build(read, [], []);

    /// <summary>
    /// The deck of <see cref="ForBatchRun"/> with one analysis only and, before it, the .meas lines of that analysis's
    /// kind as written (continuation lines included) - for a run without a raw file, the only way ngspice measures.
    /// </summary>
    public static string ForMeasurements(Reading.ReadResult read, Model.Analysis analysis)
    {
        string kind = AnalysisResult.KindOf(analysis);
        var locations = read.Circuit.Measurements.Where(m => m.AnalysisKind == kind).Select(m => m.Location).ToHashSet();
        var lines = read.Statements.Where(s => s.Keyword is ".meas" or ".measure" && locations.Contains(s.Location))
            .SelectMany(s => s.SourceLines).Select(l => l.TrimEnd()).ToList();
        // ngspice turns each measured vector into a .save; vdb(x) and the like cannot be saved, and a deck whose every
        // .save failed stores no data at all ("no data saved ... analysis not run"). .save all keeps every vector.
        if (lines.Count > 0) lines.Add(".save all");
        return Build(read, [analysis], lines);
    }

    private static string Build(Reading.ReadResult read, IEnumerable<Model.Analysis> analyses, IReadOnlyList<string> extraLines)
    {
        var text = new StringBuilder();
        text.Append(Title(read.Circuit.Title)).Append('\n');
        foreach (var s in read.Statements)
        {
            if (!Passes(s)) continue;
            foreach (var line in s.SourceLines) text.Append(line.TrimEnd()).Append('\n');
        }
        Writing.NetlistWriter.WriteOptions(read.Circuit.Options, text);
        string body = text.ToString();
        // A definition inside a .subckt (an included model's own .func stp) is local to it: only top-level ones count.
        string topLevel = TopLevel(body);
        foreach (var (name, definition) in Prelude)
            if (UsesName(body, name) && !DefinesName(topLevel, name)) text.Append(definition).Append('\n');
        foreach (var line in extraLines) text.Append(line).Append('\n');
        foreach (var analysis in analyses) text.Append(Writing.NetlistWriter.AnalysisLine(analysis)).Append('\n');
        text.Append(".end\n");
        return text.ToString();
    }

    private static bool Passes(Reading.Statement s)
    {
        if (!s.IsDirective) return s.Head.Kind == Reading.TokenKind.Word && ElementLetters.Contains(char.ToLowerInvariant(s.Head.Text[0]));
        string keyword = s.Keyword;
        if (keyword == ".model") return s.Tokens.Count > 2 && ModelTypes.Contains(s.Tokens[2].Text.ToLowerInvariant());
        return DefinitionDirectives.Contains(keyword);
    }

    /// <summary>One printable line (ngspice never interprets the title line, but it must stay one line).</summary>
    private static string Title(string title)
    {
        var t = new string(title.Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();
        return t.Length == 0 ? "untitled" : t;
    }

    private static bool UsesName(string text, string name) =>
        Regex.IsMatch(text, @"(?<![\w.])" + name + @"(?![\w.])" + (name is "stp" or "if" ? @"\s*\(" : ""), RegexOptions.IgnoreCase | RegexOptions.Multiline);

    /// <summary>The lines of the deck outside every .subckt ... .ends.</summary>
    private static string TopLevel(string deck)
    {
        var kept = new StringBuilder();
        int depth = 0;
        foreach (var line in deck.Split('\n'))
        {
            var t = line.TrimStart();
            if (t.StartsWith(".subckt", StringComparison.OrdinalIgnoreCase)) depth++;
            else if (t.StartsWith(".ends", StringComparison.OrdinalIgnoreCase)) depth = Math.Max(0, depth - 1);
            else if (depth == 0) kept.Append(line).Append('\n');
        }
        return kept.ToString();
    }

    private static bool DefinesName(string text, string name) =>
        Regex.IsMatch(text, @"^\s*\.(func\s+" + name + @"\s*\(|params?\b.*(?<![\w.])" + name + @"\s*=)", RegexOptions.IgnoreCase | RegexOptions.Multiline);
}
