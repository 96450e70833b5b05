using System.Text.RegularExpressions;

namespace MemristorSpice.Netlist.Simulation;

/// <summary>
/// Prepares a netlist file for ngspice, which runs it from a temporary folder: .include and .lib file
/// paths are made absolute (relative to the including file, as our reader resolves them).
/// </summary>
public static partial class NgspiceDeck
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

    /// <summary>
    /// Output-only directives (our comparison reads ngspice's raw file, which holds every vector without them) and
    /// LTspice's .backanno, which every LTspice netlist export carries and ngspice rejects.
    /// </summary>
    private static readonly HashSet<string> OutputDirectives = [".print", ".plot", ".probe", ".save", ".meas", ".measure", ".four", ".width", ".backanno"];

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
    /// Makes a deck that our reader accepts run the same way in ngspice's batch mode: the .control block and
    /// output directives (which we ignore with a warning) become comments, keeping line numbers, and the
    /// <see cref="Prelude"/> definitions the deck uses are added before .end.
    /// </summary>
    public static string ForBatchRun(string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        // Our reader stops at .end (SPICE2 convention); ngspice reads on and fails on whatever follows, so the
        // lines after it are cut (outside a .control block, where .end does not occur).
        int last = Array.FindIndex(lines, 1, l => l.Trim().Equals(".end", StringComparison.OrdinalIgnoreCase));
        if (last > 0 && last < lines.Length - 1) lines = lines[..(last + 1)];
        bool inControl = false, commenting = false, optionLine = false;
        for (int k = 1; k < lines.Length; k++)
        {
            string trimmed = lines[k].TrimStart();
            string keyword = trimmed.Split((char[])[' ', '\t', '('], 2)[0].ToLowerInvariant();
            bool continuation = trimmed.StartsWith('+');
            if (keyword == ".control") inControl = true;
            bool drop = inControl || OutputDirectives.Contains(keyword) || (continuation && commenting);
            if (keyword == ".endc") inControl = false;
            if (!continuation) commenting = drop;
            if (drop) lines[k] = "* (not run by memspice compare) " + lines[k];
            else if (keyword == ".temp") lines[k] = FirstTemperature(lines[k]);
            else if (keyword.StartsWith(".opt", StringComparison.Ordinal) || (continuation && optionLine))
                lines[k] = FileTypeOption().Replace(lines[k], ""); // our reader of the raw file needs ngspice's ASCII format
            if (!continuation) optionLine = keyword.StartsWith(".opt", StringComparison.Ordinal);
        }
        string body = string.Join('\n', lines);
        var missing = Prelude.Where(p => UsesName(body, p.Name) && !DefinesName(body, p.Name)).Select(p => p.Definition).ToList();
        if (missing.Count == 0) return body;
        int end = lines.Length - 1;
        while (end > 0 && (lines[end].Trim().Length == 0 || lines[end].TrimStart().StartsWith('*'))) end--;
        if (end > 0 && lines[end].Trim().Equals(".end", StringComparison.OrdinalIgnoreCase))
            return string.Join('\n', lines.Take(end).Concat(missing).Concat(lines.Skip(end)));
        return body + "\n" + string.Join('\n', missing) + "\n";
    }

    /// <summary>
    /// ".temp 0 27 85" becomes ".temp 0": ngspice 39 rejects a list and would run at 27 °C, our reader takes the first
    /// value (ControlReader), so both backends run at the same temperature.
    /// </summary>
    private static string FirstTemperature(string line)
    {
        var fields = line.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length <= 2 || line.Contains('{') || line.Contains('\'')) return line;
        return fields[0] + " " + fields[1] + " $ first of: " + string.Join(' ', fields.Skip(1));
    }

    [GeneratedRegex(@"\bfiletype\s*=\s*\w+", RegexOptions.IgnoreCase)]
    private static partial Regex FileTypeOption();

    private static bool UsesName(string text, string name) =>
        Regex.IsMatch(text, @"(?<![\w.])" + name + @"(?![\w.])" + (name is "stp" or "if" ? @"\s*\(" : ""), RegexOptions.IgnoreCase | RegexOptions.Multiline);

    private static bool DefinesName(string text, string name) =>
        Regex.IsMatch(text, @"^\s*\.(func\s+" + name + @"\s*\(|params?\b.*(?<![\w.])" + name + @"\s*=)", RegexOptions.IgnoreCase | RegexOptions.Multiline);

    [GeneratedRegex(@"^(\s*\.(?:include|inc|lib)\s+)(""[^""]+""|'[^']+'|\S+)(.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex IncludeLine();

    public static string WithAbsoluteIncludes(string text, string fullPath)
    {
        var directory = Path.GetDirectoryName(fullPath) ?? ".";
        var lines = text.Replace("\r\n", "\n").Split('\n');
        for (int k = 1; k < lines.Length; k++)
        {
            var m = IncludeLine().Match(lines[k]);
            if (!m.Success) continue;
            bool isLibCall = m.Groups[1].Value.Trim().StartsWith(".lib", StringComparison.OrdinalIgnoreCase);
            if (isLibCall && m.Groups[3].Value.Trim().Length == 0) continue;
            var name = m.Groups[2].Value.Trim('"', '\'');
            var absolute = Path.IsPathRooted(name) ? name : Path.GetFullPath(Path.Combine(directory, name));
            lines[k] = m.Groups[1].Value + "\"" + absolute + "\"" + m.Groups[3].Value;
        }
        return string.Join('\n', lines);
    }
}
