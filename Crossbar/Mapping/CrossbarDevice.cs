using MemristorSpice.Devices.Memristors;
using MemristorSpice.Devices.Spice;

namespace MemristorSpice.Crossbar.Mapping;

/// <summary>
/// The memristor used for every crossbar cell: a preset of the checked-in ngspice library
/// (netlists/lib/devices.lib), so the native engine model and the ngspice subcircuit come from the same parameters.
/// </summary>
public sealed class CrossbarDevice
{
    private CrossbarDevice(string presetName, IMemristorModel model)
    {
        PresetName = presetName;
        Model = model;
    }

    /// <summary>Default cell device: VTEAM_XBAR (Ron 10 kOhm, Roff 1 MOhm, thresholds far above a 0.2 V read).</summary>
    public const string DefaultPreset = "VTEAM_XBAR";

    /// <summary>Preset name as in the library, for example VTEAM_XBAR.</summary>
    public string PresetName { get; }

    /// <summary>Device equations shared by the native entity and the subcircuit.</summary>
    public IMemristorModel Model { get; }

    /// <summary>Subcircuit name in devices.lib, for example MEM_VTEAM_XBAR.</summary>
    public string SubcircuitName => MemristorSubcircuit.NameOf(PresetName);

    /// <summary>Largest programmable conductance 1/Ron, Siemens.</summary>
    public double MaxConductanceSiemens => 1.0 / Model.MinResistanceOhms;

    /// <summary>Smallest programmable conductance 1/Roff, Siemens.</summary>
    public double MinConductanceSiemens => 1.0 / Model.MaxResistanceOhms;

    /// <summary>Names of the presets a crossbar can use (every memristor of devices.lib).</summary>
    public static IReadOnlyList<string> PresetNames =>
        [.. DeviceLibrary.LinearDrift.Select(p => p.Name), .. DeviceLibrary.Vteam.Select(p => p.Name)];

    /// <summary>The library preset of that name (case-insensitive); throws listing the known names.</summary>
    public static CrossbarDevice FromPreset(string name)
    {
        foreach (var p in DeviceLibrary.LinearDrift)
            if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) return new CrossbarDevice(p.Name, new LinearDriftModel(p));
        foreach (var p in DeviceLibrary.Vteam)
            if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) return new CrossbarDevice(p.Name, new VteamModel(p));
        throw new ArgumentException($"unknown memristor preset '{name}' (known: {string.Join(", ", PresetNames)}).");
    }

    /// <summary>Normalized state x0 that gives the conductance g (Siemens) in OP/DC reads.</summary>
    public double StateFor(double conductanceSiemens) => Model.StateForResistance(1.0 / conductanceSiemens);
}
