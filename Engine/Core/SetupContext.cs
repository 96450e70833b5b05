namespace MemristorSpice.Engine.Core;

/// <summary>Description of one MNA unknown; its result signal name is <see cref="Name"/>.</summary>
public sealed record Unknown(int Index, string Name, UnknownKind Kind, double AbsTol);

/// <summary>
/// Gives behaviors their unknowns, state slots and matrix handles. Phase 1 (<see cref="Entity.CreateBehavior"/>):
/// <see cref="Node"/>, <see cref="AddBranch"/>, <see cref="AddUnknown"/>, <see cref="AllocateStates"/>.
/// Phase 2 (<see cref="Behavior.Bind"/>): <see cref="Element"/>, <see cref="Branch"/>.
/// </summary>
public sealed class SetupContext
{
    private readonly Dictionary<string, int> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _branches = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<Unknown> _unknowns = new() { new Unknown(0, "v(0)", UnknownKind.Voltage, 0) };
    private int _stateCount;

    internal SetupContext(Circuit circuit, SimulationOptions options, AnalysisKind analysis, MnaSystem system)
    {
        Circuit = circuit; Options = options; Analysis = analysis; System = system;
        _nodes["0"] = 0;
    }

    /// <summary>Circuit being set up.</summary>
    public Circuit Circuit { get; }
    /// <summary>Tolerances and limits of this simulation (.options).</summary>
    public SimulationOptions Options { get; }
    /// <summary>Analysis the behaviors are created for.</summary>
    public AnalysisKind Analysis { get; }
    /// <summary>Inductors that close a loop of voltage sources and inductors: open (1/GMIN) at the transient's operating point.</summary>
    public IReadOnlySet<string> InductorsOpenAtOperatingPoint { get; init; } = new HashSet<string>();
    internal MnaSystem System { get; }
    internal bool BindPhase { get; set; }

    /// <summary>Unknowns allocated so far, in matrix order; index 0 is ground.</summary>
    public IReadOnlyList<Unknown> Unknowns => _unknowns;
    internal int StateCount => _stateCount;

    /// <summary>Unknown index of a node (created on first use); ground ("0", "gnd") is 0. Signal "v(node)".</summary>
    public int Node(string name)
    {
        var n = Circuit.NormalizeNode(name);
        if (_nodes.TryGetValue(n, out int idx)) return idx;
        if (BindPhase) throw new CircuitException($"Node '{name}' is not connected to any element.");
        idx = AddUnknown($"v({n})", UnknownKind.Voltage);
        _nodes[n] = idx;
        return idx;
    }

    /// <summary>True if a node with this name exists.</summary>
    public bool HasNode(string name) => _nodes.ContainsKey(Circuit.NormalizeNode(name));

    /// <summary>Adds an internal node of a device (e.g. behind a series resistance), signal "v(name)".</summary>
    public int AddInternalNode(string name) => Node(name);

    /// <summary>Adds the branch-current unknown of an element (signal "i(element)"), findable by <see cref="Branch"/>.</summary>
    public int AddBranch(string elementName)
    {
        int idx = AddUnknown($"i({elementName.ToLowerInvariant()})", UnknownKind.Current);
        _branches[elementName] = idx;
        return idx;
    }

    /// <summary>Branch-current unknown of another element (a voltage source, inductor, E or H source).</summary>
    public int Branch(string elementName) =>
        _branches.TryGetValue(elementName, out int idx) ? idx
            : throw new CircuitException($"Element '{elementName}' has no branch current (controlling source missing or not a voltage source).");

    /// <summary>
    /// Adds any extra unknown (e.g. a memristor state x). The absolute convergence tolerance defaults to VNTOL
    /// for voltages and ABSTOL for currents and states.
    /// </summary>
    public int AddUnknown(string name, UnknownKind kind, double? absTol = null)
    {
        if (BindPhase) throw new InvalidOperationException("Unknowns must be added in CreateBehavior (phase 1).");
        double tol = absTol ?? (kind == UnknownKind.Voltage ? Options.VnTol : Options.AbsTol);
        var u = new Unknown(_unknowns.Count, name.ToLowerInvariant(), kind, tol);
        _unknowns.Add(u);
        return u.Index;
    }

    /// <summary>Reserves consecutive slots in the state history vectors; returns the first slot.</summary>
    public int AllocateStates(int count)
    {
        if (BindPhase) throw new InvalidOperationException("States must be allocated in CreateBehavior (phase 1).");
        int first = _stateCount;
        _stateCount += count;
        return first;
    }

    /// <summary>Handle for matrix entry (row, column) given as unknown indices (ground gives a sink).</summary>
    public MatrixElement Element(int row, int column) => System.GetElement(row, column);
}
