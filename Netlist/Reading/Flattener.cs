using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Model;
using MemristorSpice.Netlist.NativeDevices;

namespace MemristorSpice.Netlist.Reading;

/// <summary>
/// Expands the deck into a flat list of elements: each X instance gets a child parameter scope (subcircuit
/// defaults, then instance overrides evaluated in the caller's scope), its nodes and elements get ngspice's
/// hierarchical names, and its .model cards become per-instance models. X instances of registered native
/// devices stay as <see cref="SubcircuitInstance"/>.
/// </summary>
internal sealed class Flattener(NetlistCircuit circuit, INativeDeviceRegistry registry, DiagnosticBag diagnostics)
{
    /// <summary>Most elements of the flattened circuit (<see cref="ReaderLimits.MaxElements"/>).</summary>
    public long MaxElements { get; init; } = ReaderLimits.Default.MaxElements;
    private const int MaxHierarchyDepth = 64;

    /// <summary>The circuit temperature, °C, for <c>temper</c> in .model parameter expressions.</summary>
    public double TemperatureCelsius { get; init; } = 27;

    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Block> _nativeDefinitions = new(StringComparer.Ordinal);
    private readonly BindingCache _sharing = new();

    /// <summary>The behavioral expressions shared between subcircuit instances while flattening.</summary>
    internal BindingCache Sharing => _sharing;

    private sealed class ModelScope(ModelScope? parent, string prefix)
    {
        private Dictionary<string, string>? _local;

        /// <summary>This level's models (made on the first .model card: most instances have none).</summary>
        public Dictionary<string, string> Local => _local ??= new(StringComparer.Ordinal);

        public string? Resolve(string name)
        {
            for (var s = this; s is not null; s = s.Parent)
            {
                if (s._local is not null && s._local.TryGetValue(name, out var full)) return full;
            }
            return null;
        }

        public bool Defines(string name) => _local is not null && _local.ContainsKey(name);

        public ModelScope? Parent { get; } = parent;
        public string Prefix { get; } = prefix;
    }

    public void FlattenTop(Deck deck, ParameterScope scope, IReadOnlySet<string> globals)
    {
        Expand(deck.Top, scope, NodeNamer.TopLevel(globals), null, []);
        foreach (var (name, block) in _nativeDefinitions)
            circuit.Subcircuits[name] = new SubcircuitDefinition(name, block.Pins, []) { SourceText = block.SourceLines.ToArray() };
    }

    private void Expand(Block block, ParameterScope scope, NodeNamer namer, ModelScope? parentModels, List<string> chain)
    {
        foreach (var p in block.Parameters) scope.Define(p);
        foreach (var f in block.Functions) scope.DefineFunction(f);
        // A level without .model cards resolves through its parent's scope: no scope object per instance.
        var models = block.Models.Count == 0 && parentModels is not null ? parentModels : new ModelScope(parentModels, namer.Path);
        foreach (var m in block.Models) diagnostics.Try(() => AddModel(m, scope, models));
        foreach (var s in block.NodeValues)
        {
            diagnostics.Try(() => ControlReader.ReadNodeValues(new CardReader(s, scope), namer.Node,
                s.Keyword == ".ic" ? circuit.InitialConditions : circuit.NodeSets, s.Keyword + " v(node)=value ...", null));
        }
        Func<string, SourceLocation, string> resolve = (name, at) => ResolveModel(models, name, at);
        Func<string, ModelCard?> find = name => models.Resolve(name) is { } full ? circuit.Models.GetValueOrDefault(full) : null;
        foreach (var s in block.Elements)
        {
            if (char.ToLowerInvariant(s.Head.Text[0]) == 'x')
                diagnostics.Try(() => Instance(block, s, scope, namer, models, chain));
            else
                diagnostics.Try((Flattener: this, Statement: s, Scope: scope, Namer: namer, Resolve: resolve, Find: find),
                    static a => a.Flattener.Add(ElementBuilder.Build(new CardReader(a.Statement, a.Scope), a.Namer, a.Resolve, a.Find, a.Flattener._sharing), a.Statement));
        }
    }

    private void AddModel(Statement s, ParameterScope scope, ModelScope models)
    {
        var nameToken = s.Tokens[1];
        if (nameToken.Kind != TokenKind.Word)
            throw new NetlistException(nameToken.Location, nameToken.Display, "expected a model name", ".model name type (param=value ...)");
        string local = nameToken.Text.ToLowerInvariant();
        string full = models.Prefix.Length == 0 ? local : models.Prefix + "." + local;
        if (models.Defines(local))
            throw new NetlistException(nameToken.Location, nameToken.Text, $"model '{local}' defined twice", "rename one of them");
        models.Local[local] = full;
        circuit.Models[full] = ModelCardReader.Read(s, scope, full, diagnostics, TemperatureCelsius);
    }

    private static string ResolveModel(ModelScope models, string name, SourceLocation at) =>
        models.Resolve(name) ?? throw new NetlistException(at, name, $"unknown model '{name}'", "define it with .model " + name + " <type>(...)");

    private void Add(Element element, Statement s)
    {
        if (!_names.Add(element.Name))
            throw new NetlistException(s.Head.Location, s.Head.Text, $"element '{element.Name}' defined twice", "element names must be unique");
        if (circuit.Elements.Count >= MaxElements)
            throw new NetlistException(s.Head.Location, s.Head.Text, $"the flattened circuit exceeds {MaxElements} elements",
                "check subcircuit nesting (each level multiplies the element count)");
        circuit.Elements.Add(element);
    }

    private void Instance(Block block, Statement s, ParameterScope scope, NodeNamer namer, ModelScope models, List<string> chain)
    {
        const string usage = "X<name> node1 node2 ... subckt [params:] [name=value ...]";
        var tokens = s.Tokens;
        int end = 1;
        while (end < tokens.Count && !tokens[end].Is("params:") && !(end + 1 < tokens.Count && tokens[end + 1].Kind == TokenKind.Equals))
        {
            if (tokens[end].Kind != TokenKind.Word) throw new NetlistException(tokens[end].Location, tokens[end].Display, "expected a node or subcircuit name", usage);
            end++;
        }
        if (end < 2) throw new NetlistException(s.Head.Location, s.Head.Text, "X instance without a subcircuit name", usage);
        var subcktToken = tokens[end - 1];
        string subckt = subcktToken.Text.ToLowerInvariant();
        var nodes = new List<string>(end - 2);
        for (int k = 1; k < end - 1; k++) nodes.Add(namer.Node(tokens[k].Text));
        int assignmentsStart = end < tokens.Count && tokens[end].Is("params:") ? end + 1 : end;
        var overrides = ValueTokens.Assignments(tokens, assignmentsStart, "instance parameters")
            .ToDictionary(d => d.Name, d => (d, Value: scope.Evaluate(d.Value)));

        var native = registry.Find(subckt);
        var definition = block.FindSubcircuit(subckt);
        if (native is not null)
        {
            AddNative(s, namer, native, definition, subckt, nodes, overrides.ToDictionary(o => o.Key, o => (o.Value.d, o.Value.Value)));
            return;
        }
        if (definition is null)
            throw new NetlistException(subcktToken.Location, subcktToken.Text, $"unknown subcircuit '{subckt}'", "define it with .subckt " + subckt + " ... .ends, or .include its file");
        if (nodes.Count != definition.Pins.Count)
            throw new NetlistException(s.Head.Location, s.Head.Text,
                $"subcircuit '{subckt}' has {definition.Pins.Count} pins ({string.Join(' ', definition.Pins)}) but the instance connects {nodes.Count}",
                $"defined at {definition.Location}");
        if (chain.Contains(subckt) || chain.Count >= MaxHierarchyDepth)
            throw new NetlistException(subcktToken.Location, subcktToken.Text,
                chain.Contains(subckt) ? "recursive subcircuit: " + string.Join(" -> ", chain.Append(subckt)) : $"subcircuits nested deeper than {MaxHierarchyDepth}",
                "a subcircuit cannot contain an instance of itself");

        var child = new ParameterScope(scope, definition.DefaultParameters.Count);
        foreach (var d in definition.DefaultParameters) child.Define(d);
        foreach (var (name, (d, value)) in overrides)
        {
            if (!Declares(definition, name))
            {
                // ngspice 39 drops an instance parameter the subcircuit does not declare, silently; a typo
                // (Toff for Roff) then changes nothing, so say so at the instance.
                diagnostics.Warn(d.Location, name, $"subcircuit '{subckt}' has no parameter '{name}': ignored, as ngspice does",
                    definition.DefaultParameters.Count == 0 ? "it takes no parameters" : "its parameters: " + string.Join(' ', definition.DefaultParameters.Select(p => p.Name)));
                continue;
            }
            child.Set(name, value);
        }
        var pins = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int k = 0; k < nodes.Count; k++) pins[definition.Pins[k]] = nodes[k];
        string instanceName = s.Head.Text.ToLowerInvariant();
        if (!_names.Add("x:" + namer.Path + "." + instanceName))
            throw new NetlistException(s.Head.Location, s.Head.Text, $"instance '{instanceName}' defined twice", "instance names must be unique");
        Expand(definition, child, namer.Child(instanceName, pins), models, [.. chain, subckt]);
    }

    private static bool Declares(Block definition, string name)
    {
        foreach (var p in definition.DefaultParameters)
        {
            if (p.Name == name) return true;
        }
        return false;
    }

    private void AddNative(Statement s, NodeNamer namer, INativeDevice native, Block? definition, string subckt, List<string> nodes,
        Dictionary<string, (ParameterDefinition Definition, double Value)> overrides)
    {
        if (nodes.Count != native.PinCount)
            throw new NetlistException(s.Head.Location, s.Head.Text, $"native device '{subckt}' has {native.PinCount} pins but the instance connects {nodes.Count}", "");
        var parameters = new SortedDictionary<string, double>(native.DefaultParameters.ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal);
        foreach (var (name, (d, value)) in overrides)
        {
            if (!parameters.ContainsKey(name))
                throw new NetlistException(d.Location, name, $"native device '{subckt}' has no parameter '{name}'",
                    "its parameters: " + string.Join(' ', parameters.Keys));
            parameters[name] = value;
        }
        if (definition is not null) _nativeDefinitions[subckt] = definition;
        Add(new SubcircuitInstance(namer.Element(s.Head.Text), nodes, subckt, parameters) { Location = s.Location }, s);
    }
}
