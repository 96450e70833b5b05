using MemristorSpice.Devices.Spice;

namespace MemristorSpice.Netlist.NativeDevices;

/// <summary>
/// Registers every subcircuit of the Devices library (netlists/lib/devices.lib: MEM_*, OPAMP_*) as a native device,
/// so a netlist that instantiates them runs with native memristor/op-amp entities in our engine and unchanged in
/// ngspice.
/// </summary>
internal static class DeviceLibraryRegistry
{
    /// <summary>A registry holding all library devices.</summary>
    public static NativeDeviceRegistry Create()
    {
        var registry = new NativeDeviceRegistry();
        foreach (var device in DeviceLibrary.Devices) registry.Register(new LibraryNativeDevice(device));
        return registry;
    }

    private sealed class LibraryNativeDevice(LibraryDevice device) : INativeDevice
    {
        public string SubcircuitName { get; } = device.SubcircuitName.ToLowerInvariant();
        public int PinCount => device.Pins.Count;
        public IReadOnlyDictionary<string, double> DefaultParameters { get; } =
            device.DefaultParameters.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        public string SubcircuitText => device.SubcircuitText;

        public MemristorSpice.Engine.Core.Entity Create(string name, IReadOnlyList<string> pins, IReadOnlyDictionary<string, double> parameters) =>
            device.Create(name, pins, parameters);
    }
}
