namespace MemristorSpice.Engine.Core;

/// <summary>A netlist: named entities (case-insensitive names), node initial conditions and nodesets.</summary>
public sealed class Circuit
{
    private readonly Dictionary<string, Entity> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<Entity> _entities = new();

    /// <summary>Empty circuit with the given title (the netlist's first line).</summary>
    public Circuit(string title = "circuit") { Title = title; }

    /// <summary>Title line of the netlist.</summary>
    public string Title { get; set; }

    /// <summary>Elements in the order they were added.</summary>
    public IReadOnlyList<Entity> Entities => _entities;

    /// <summary>.ic values in V per node name; used by the transient's initial point (and with uic).</summary>
    public Dictionary<string, double> InitialConditions { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>.nodeset values in V per node name: a first guess for the operating point, then released.</summary>
    public Dictionary<string, double> Nodesets { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Adds one entity (no array per call: elaboration adds 10^5 of them); names must be unique.</summary>
    public Circuit Add(Entity entity)
    {
        if (!_byName.TryAdd(entity.Name, entity))
            throw new CircuitException($"Duplicate element name '{entity.Name}'.");
        _entities.Add(entity);
        return this;
    }

    /// <summary>Adds entities; names must be unique.</summary>
    public Circuit Add(params Entity[] entities)
    {
        foreach (var e in entities)
        {
            if (!_byName.TryAdd(e.Name, e))
                throw new CircuitException($"Duplicate element name '{e.Name}'.");
            _entities.Add(e);
        }
        return this;
    }

    /// <summary>True if an element has this name (case-insensitive).</summary>
    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>Removes an entity by name; returns false if absent. Simulations already built keep their copy.</summary>
    public bool Remove(string name)
    {
        if (!_byName.Remove(name, out var e)) return false;
        _entities.Remove(e);
        return true;
    }

    /// <summary>Replaces the entity with the same name (e.g. a source with a new value) keeping its position.</summary>
    public void Replace(Entity entity)
    {
        if (!_byName.TryGetValue(entity.Name, out var old)) throw new CircuitException($"No element named '{entity.Name}' to replace.");
        _entities[_entities.IndexOf(old)] = entity;
        _byName[entity.Name] = entity;
    }

    /// <summary>Element by name (case-insensitive); throws a <see cref="CircuitException"/> if absent.</summary>
    public Entity this[string name] =>
        _byName.TryGetValue(name, out var e) ? e : throw new CircuitException($"No element named '{name}'.");

    /// <summary>Canonical node name: lower case; "gnd" is ground "0".</summary>
    public static string NormalizeNode(string name)
    {
        var n = name.Trim().ToLowerInvariant();
        return n == "gnd" ? "0" : n;
    }

    /// <summary>True for the ground node "0" (or "gnd").</summary>
    public static bool IsGround(string name) => NormalizeNode(name) == "0";
}
