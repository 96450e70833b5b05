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
