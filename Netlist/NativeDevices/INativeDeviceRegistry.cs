namespace MemristorSpice.Netlist.NativeDevices;

/// <summary>
/// A subcircuit name that our engine replaces by a native device (memristor, op-amp). The netlist text keeps
/// the subcircuit so ngspice runs it unchanged; our reader keeps the X instance as a
/// <see cref="Model.SubcircuitInstance"/> with its evaluated parameters, for the elaborator to build.
/// </summary>
public interface INativeDevice
{
    /// <summary>Lower-case subcircuit name, for example "memristor_biolek".</summary>
    string SubcircuitName { get; }

    /// <summary>Number of pins an instance must connect.</summary>
    int PinCount { get; }

    /// <summary>Parameter defaults; an instance may override any of them and no other.</summary>
    IReadOnlyDictionary<string, double> DefaultParameters { get; }

    /// <summary>The .subckt ... .ends text for ngspice when the netlist does not define the subcircuit itself.</summary>
    string SubcircuitText { get; }

    /// <summary>The engine entity for one instance (hierarchical name, connected nodes, all parameters resolved).</summary>
    MemristorSpice.Engine.Core.Entity Create(string name, IReadOnlyList<string> pins, IReadOnlyDictionary<string, double> parameters);
}

/// <summary>Looks native devices up by subcircuit name.</summary>
public interface INativeDeviceRegistry
{
    /// <summary>The native device that replaces the subcircuit of this lower-case name, or null when there is none.</summary>
    INativeDevice? Find(string subcircuitName);
}

/// <summary>A registry filled by registration calls (Devices registers its models here).</summary>
internal sealed class NativeDeviceRegistry : INativeDeviceRegistry
{
    private readonly Dictionary<string, INativeDevice> _devices = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A registry with no native devices: every subcircuit is flattened.</summary>
    public static INativeDeviceRegistry Empty { get; } = new NativeDeviceRegistry();

    public NativeDeviceRegistry Register(INativeDevice device)
    {
        if (!_devices.TryAdd(device.SubcircuitName, device))
            throw new ArgumentException($"native device '{device.SubcircuitName}' is already registered", nameof(device));
        return this;
    }

    public INativeDevice? Find(string subcircuitName) => _devices.GetValueOrDefault(subcircuitName);

    public IEnumerable<INativeDevice> All => _devices.Values;
}
