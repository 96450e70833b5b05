namespace MemristorSpice.Netlist.Reading;

/// <summary>
/// ngspice's naming of flattened subcircuit contents: node n3 inside instance x1 is x1.n3; element r1 inside
/// x1 is r.x1.r1 (type letter, instance path, name). Ground (0, gnd) and .global nodes keep their names.
/// </summary>
internal sealed class NodeNamer(string path, IReadOnlyDictionary<string, string> pins, IReadOnlySet<string> globals)
{
    public string Path { get; } = path;

    public static NodeNamer TopLevel(IReadOnlySet<string> globals) =>
        new("", new Dictionary<string, string>(), globals);

    /// <summary>
    /// The naming of a subcircuit's own level: names stay as written (lower case; ground "0", .global nodes kept). Mapping
    /// such a name through an instance's namer gives what that namer gives for the name as written.
    /// </summary>
    public NodeNamer Local() => new("", EmptyPins, globals);

    private static readonly Dictionary<string, string> EmptyPins = new(StringComparer.Ordinal);

    public string Node(string name)
    {
        name = name.ToLowerInvariant();
        if (name is "0" or "gnd") return "0";
        if (globals.Contains(name)) return name;
        if (pins.TryGetValue(name, out var outer)) return outer;
        return Path.Length == 0 ? name : Path + "." + name;
    }

    public string Element(string name)
    {
        name = name.ToLowerInvariant();
        return Path.Length == 0 ? name : $"{name[0]}.{Path}.{name}";
    }

    /// <summary>The naming inside instance <paramref name="instanceName"/> (as written, e.g. x1) of this level.</summary>
    public NodeNamer Child(string instanceName, IReadOnlyDictionary<string, string> childPins)
    {
        string local = instanceName.ToLowerInvariant();
        return new NodeNamer(Path.Length == 0 ? local : Path + "." + local, childPins, globals);
    }
}
