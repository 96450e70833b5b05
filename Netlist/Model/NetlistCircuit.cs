namespace MemristorSpice.Netlist.Model;

/// <summary>
/// A netlist as data, independent of any simulator: title, elements with numeric values, models, analyses,
/// options, initial conditions and node sets. The reader produces it flattened (hierarchical names);
/// generators may add <see cref="Subcircuits"/> and instances for repeated blocks.
/// </summary>
public sealed class NetlistCircuit
{
    /// <summary>The title line (first line of the deck), written back first.</summary>
    public string Title { get; set; } = "";
    /// <summary>Elements in netlist order.</summary>
    public List<Element> Elements { get; } = [];
    /// <summary>.model cards by lower-case model name.</summary>
    public SortedDictionary<string, ModelCard> Models { get; } = new(StringComparer.Ordinal);
    /// <summary>.subckt definitions by lower-case name (empty for a read, flattened netlist).</summary>
    public SortedDictionary<string, SubcircuitDefinition> Subcircuits { get; } = new(StringComparer.Ordinal);
    /// <summary>Requested analyses (.op, .dc, .tran, .ac, .tf) in netlist order.</summary>
    public List<Analysis> Analyses { get; } = [];
    /// <summary>.meas/.measure lines in netlist order; evaluated after the analysis of their kind (tran, ac, dc).</summary>
    public List<Measurements.Measurement> Measurements { get; } = [];
    /// <summary>The .options and .temp values.</summary>
    public SimulationOptions Options { get; set; } = new();

    /// <summary>.ic v(node)=value, by lower-case node name.</summary>
    public SortedDictionary<string, double> InitialConditions { get; } = new(StringComparer.Ordinal);

    /// <summary>.nodeset v(node)=value, by lower-case node name.</summary>
    public SortedDictionary<string, double> NodeSets { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// A copy for a variant run (a sweep point, a small-signal probe): every element passed through
    /// <paramref name="map"/>, the same models, subcircuits, initial conditions and node sets, and
    /// <paramref name="options"/> (default: these options). Analyses are not copied.
    /// </summary>
    public NetlistCircuit With(Func<Element, Element> map, SimulationOptions? options = null)
    {
        var copy = new NetlistCircuit { Title = Title, Options = options ?? Options };
        copy.Elements.AddRange(Elements.Select(map));
        foreach (var (k, m) in Models) copy.Models[k] = m;
        foreach (var (k, d) in Subcircuits) copy.Subcircuits[k] = d;
        foreach (var (k, v) in InitialConditions) copy.InitialConditions[k] = v;
        foreach (var (k, v) in NodeSets) copy.NodeSets[k] = v;
        return copy;
    }

    /// <summary>The element with this lower-case (hierarchical) name, or null.</summary>
    public Element? FindElement(string name) => Elements.FirstOrDefault(e => e.Name == name);

    /// <summary>Every node name used by an element (ground "0" included when used), sorted.</summary>
    public IReadOnlyList<string> NodeNames() => Elements.SelectMany(e => e.Nodes).Distinct().Order(StringComparer.Ordinal).ToArray();

    /// <summary>The node names as a set, unsorted (what the reference checks need; sorting 10^5 names is most of <see cref="NodeNames"/>).</summary>
    internal HashSet<string> NodeSet()
    {
        var set = new HashSet<string>(Elements.Count, StringComparer.Ordinal);
        foreach (var e in Elements)
        {
            // Most elements have two terminals: reading them directly avoids a node list per element.
            if (e is TwoTerminal two)
            {
                set.Add(two.Positive);
                set.Add(two.Negative);
            }
            else
            {
                foreach (var n in e.Nodes) set.Add(n);
            }
        }
        return set;
    }

    /// <summary>Differences between two circuits, empty when they are the same circuit (order of elements ignored).</summary>
    public IReadOnlyList<string> DifferencesFrom(NetlistCircuit other)
    {
        var diffs = new List<string>();
        if (Title != other.Title) diffs.Add($"title '{Title}' vs '{other.Title}'");
        var mine = Elements.ToDictionary(e => e.Name);
        var theirs = other.Elements.ToDictionary(e => e.Name);
        foreach (var e in Elements)
        {
            if (!theirs.TryGetValue(e.Name, out var o)) diffs.Add($"element {e.Name} missing on the right");
            else if (!e.Equals(o)) diffs.Add($"element {e} vs {o}");
        }
        foreach (var o in other.Elements.Where(o => !mine.ContainsKey(o.Name))) diffs.Add($"element {o.Name} missing on the left");
        CompareMaps("model", Models, other.Models, diffs);
        if (!Analyses.SequenceEqual(other.Analyses))
            diffs.Add($"analyses [{string.Join(", ", Analyses)}] vs [{string.Join(", ", other.Analyses)}]");
        if (!Options.Equals(other.Options)) diffs.Add("options differ");
        CompareMaps("ic", InitialConditions, other.InitialConditions, diffs);
        CompareMaps("nodeset", NodeSets, other.NodeSets, diffs);
        return diffs;
    }

    private static void CompareMaps<T>(string what, IDictionary<string, T> a, IDictionary<string, T> b, List<string> diffs)
    {
        foreach (var (key, value) in a)
        {
            if (!b.TryGetValue(key, out var o)) diffs.Add($"{what} {key} missing on the right");
            else if (!Equals(value, o)) diffs.Add($"{what} {key}: {value} vs {o}");
        }
        foreach (var key in b.Keys.Where(k => !a.ContainsKey(k))) diffs.Add($"{what} {key} missing on the left");
    }
}
