namespace MemristorSpice.Engine.Core;

/// <summary>
/// Collects DC connectivity and voltage-defined branches; finds floating nodes (no DC path to ground,
/// union–find) and loops of voltage-defined branches (a new branch whose ends are already joined by such
/// branches closes a loop; the loop is named by a search in the voltage-branch forest).
/// </summary>
public sealed class TopologyBuilder
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly List<string> _names = new();
    private readonly List<int> _dcParent = new(), _vParent = new();
    private readonly List<List<(int To, string Element)>> _vEdges = new();
    private List<string>? _loop;

    private int Id(string node)
    {
        var n = Circuit.NormalizeNode(node);
        if (_ids.TryGetValue(n, out int id)) return id;
        id = _names.Count;
        _ids[n] = id; _names.Add(n);
        _dcParent.Add(id); _vParent.Add(id); _vEdges.Add(new());
        return id;
    }

    private static int Find(List<int> parent, int i)
    {
        while (parent[i] != i) { parent[i] = parent[parent[i]]; i = parent[i]; }
        return i;
    }

    /// <summary>
    /// True (default) when the analysis solves DC equations, where an inductor is a short that fixes its voltage to 0;
    /// false for a transient with uic, which solves no operating point: there an inductor's branch equation
    /// v = L·di/dt holds its current, not its voltage, so inductors in loops (in parallel, across a source) are fine.
    /// </summary>
    public bool InductorsAreShorts { get; init; } = true;

    /// <summary>
    /// True for a transient's operating point: an inductor that would close a loop of voltage sources and inductors
    /// (a transformer winding driven straight by a source) is not an error there. Its current at the operating point
    /// is undetermined; ngspice 39 fails its DC iterations on such a loop and then starts the transient from a
    /// "transient op" with (numerically) zero current in it. Those inductors are listed in
    /// <see cref="InductorsOpenAtOperatingPoint"/> and stamped as 1/GMIN conductances until the first time step.
    /// </summary>
    public bool InductorLoopsOpenAtOperatingPoint { get; init; }

    private readonly List<(string A, string B, string Element)> _pendingInductors = [];

    /// <summary>Inductors that close a loop of voltage sources and inductors (see <see cref="InductorLoopsOpenAtOperatingPoint"/>).</summary>
    public HashSet<string> InductorsOpenAtOperatingPoint { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>An inductor between a and b: voltage-defined when <see cref="InductorsAreShorts"/>, else a DC path only.</summary>
    public void Inductor(string a, string b, string element)
    {
        if (InductorsAreShorts && InductorLoopsOpenAtOperatingPoint) _pendingInductors.Add((a, b, element)); // after every source, so an inductor closes any loop it is in
        else if (InductorsAreShorts) VoltageDefined(a, b, element);
        else Conductive(a, b);
    }

    private void AddPendingInductors()
    {
        foreach (var (a, b, element) in _pendingInductors)
        {
            int ia = Id(a), ib = Id(b);
            if (Find(_vParent, ia) == Find(_vParent, ib))
            {
                Conductive(a, b);
                InductorsOpenAtOperatingPoint.Add(element);
            }
            else VoltageDefined(a, b, element);
        }
        _pendingInductors.Clear();
    }

    /// <summary>Reports a node as used.</summary>
    public void Attach(string node) => Id(node);

    /// <summary>A DC path between two nodes.</summary>
    public void Conductive(string a, string b)
    {
        int ia = Id(a), ib = Id(b);
        _dcParent[Find(_dcParent, ia)] = Find(_dcParent, ib);
    }

    /// <summary>A branch that fixes v(a) − v(b) (voltage source, inductor, E/H output); also a DC path.</summary>
    public void VoltageDefined(string a, string b, string element)
    {
        Conductive(a, b);
        int ia = Id(a), ib = Id(b);
        int ra = Find(_vParent, ia), rb = Find(_vParent, ib);
        if (ra == rb)
        {
            _loop ??= FindPath(ia, ib, element);
            return;
        }
        _vParent[ra] = rb;
        _vEdges[ia].Add((ib, element)); _vEdges[ib].Add((ia, element));
    }

    private List<string> FindPath(int from, int to, string closing)
    {
        var prev = new Dictionary<int, (int Node, string Element)> { [from] = (-1, "") };
        var queue = new Queue<int>();
        queue.Enqueue(from);
        while (queue.Count > 0)
        {
            int u = queue.Dequeue();
            if (u == to) break;
            foreach (var (v, el) in _vEdges[u])
                if (prev.TryAdd(v, (u, el))) queue.Enqueue(v);
        }
        var loop = new List<string> { closing };
        for (int u = to; prev.TryGetValue(u, out var p) && p.Node >= 0; u = p.Node) loop.Add(p.Element);
        return loop;
    }

    /// <summary>Throws <see cref="VoltageSourceLoopException"/> or <see cref="FloatingNodeException"/>.</summary>
    public void Validate(bool checkFloating)
    {
        AddPendingInductors();
        if (_loop is not null) throw new VoltageSourceLoopException(_loop);
        if (!checkFloating) return;
        if (!_ids.TryGetValue("0", out int ground))
            throw new FloatingNodeException(_names.Count > 0 ? _names : new List<string> { "(no ground node 0)" });
        int g = Find(_dcParent, ground);
        var floating = new List<string>();
        for (int i = 0; i < _names.Count; i++)
            if (Find(_dcParent, i) != g) floating.Add(_names[i]);
        if (floating.Count > 0) throw new FloatingNodeException(floating);
    }
}
