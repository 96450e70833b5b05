using MemristorSpice.Devices.Memristors;
using MemristorSpice.Devices.Native;
using MemristorSpice.Devices.OpAmps;
using MemristorSpice.Engine.Core;

namespace MemristorSpice.Devices.Spice;

/// <summary>
/// One subcircuit of the device library with everything a netlist needs: name, pins, <c>params:</c> defaults,
/// the ngspice text, and a factory for the equivalent native engine entity with the instance's parameters.
/// </summary>
public sealed class LibraryDevice
{
    private readonly Func<string, IReadOnlyList<string>, IReadOnlyDictionary<string, double>, Entity> _create;

    private LibraryDevice(string name, IReadOnlyList<string> pins, IReadOnlyList<KeyValuePair<string, double>> defaults, string text,
        Func<string, IReadOnlyList<string>, IReadOnlyDictionary<string, double>, Entity> create)
    {
        SubcircuitName = name; Pins = pins; DefaultParameters = defaults; SubcircuitText = text; _create = create;
    }

    /// <summary>Subcircuit name as written in the library (upper case).</summary>
    public string SubcircuitName { get; }

    /// <summary>Pin names in order: memristors <c>pos neg</c>, op-amps <c>inp inn out</c>.</summary>
    public IReadOnlyList<string> Pins { get; }

    /// <summary>The <c>params:</c> of the subcircuit, lower-case names, in file order.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> DefaultParameters { get; }

    /// <summary>The .subckt ... .ends text (with its comment header).</summary>
    public string SubcircuitText { get; }

    /// <summary>The native entity of one instance; <paramref name="parameters"/> may hold any subset of the params
    /// (missing ones take the defaults; unknown names throw <see cref="ArgumentException"/>).</summary>
    public Entity Create(string name, IReadOnlyList<string> pins, IReadOnlyDictionary<string, double> parameters)
    {
        if (pins.Count != Pins.Count)
            throw new ArgumentException($"{SubcircuitName} has {Pins.Count} pins ({string.Join(' ', Pins)}), instance '{name}' connects {pins.Count}.");
        return _create(name, pins, parameters);
    }

    /// <summary>The linear-drift memristor as a two-pin (pos, neg) library subcircuit.</summary>
    public static LibraryDevice For(LinearDriftParameters p) =>
        new(MemristorSubcircuit.NameOf(p.Name), ["pos", "neg"], SubcircuitParameters.Of(p), MemristorSubcircuit.Write(p),
            (n, pins, v) => new Memristor(n, pins[0], pins[1], new LinearDriftModel(SubcircuitParameters.Apply(p, v))));

    /// <summary>The VTEAM memristor as a two-pin (pos, neg) library subcircuit.</summary>
    public static LibraryDevice For(VteamParameters p) =>
        new(MemristorSubcircuit.NameOf(p.Name), ["pos", "neg"], SubcircuitParameters.Of(p), MemristorSubcircuit.Write(p),
            (n, pins, v) => new Memristor(n, pins[0], pins[1], new VteamModel(SubcircuitParameters.Apply(p, v))));

    /// <summary>The TEAM memristor as a two-pin (pos, neg) library subcircuit.</summary>
    public static LibraryDevice For(TeamParameters p) =>
        new(MemristorSubcircuit.NameOf(p.Name), ["pos", "neg"], SubcircuitParameters.Of(p), MemristorSubcircuit.Write(p),
            (n, pins, v) => new Memristor(n, pins[0], pins[1], new TeamModel(SubcircuitParameters.Apply(p, v))));

    /// <summary>The op-amp as a three-pin (inp, inn, out) library subcircuit.</summary>
    public static LibraryDevice For(OpAmpParameters p) =>
        new(p.Name.ToUpperInvariant(), ["inp", "inn", "out"], SubcircuitParameters.Of(p), OpAmpSubcircuit.Write(p),
            (n, pins, v) => new OpAmp(n, pins[0], pins[1], pins[2], SubcircuitParameters.Apply(p, v)));
}
