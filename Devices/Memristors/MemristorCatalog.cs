namespace MemristorSpice.Devices.Memristors;

/// <summary>
/// Memristor models by name, for the command line and netlist generators: model "linear-drift" with presets
/// hp-none, hp-joglekar, hp-biolek (default), hp-prodromakis; model "vteam" with presets memtorch (default),
/// readsafe, xbar; model "team" with preset demo.
/// </summary>
public static class MemristorCatalog
{
    private static readonly Dictionary<string, Dictionary<string, Func<IMemristorModel>>> Models = new(StringComparer.OrdinalIgnoreCase)
    {
        ["linear-drift"] = new(StringComparer.OrdinalIgnoreCase)
        {
            ["hp-biolek"] = () => new LinearDriftModel(MemristorPresets.Hp(WindowKind.Biolek)),
            ["hp-none"] = () => new LinearDriftModel(MemristorPresets.Hp(WindowKind.None)),
            ["hp-joglekar"] = () => new LinearDriftModel(MemristorPresets.Hp(WindowKind.Joglekar)),
            ["hp-prodromakis"] = () => new LinearDriftModel(MemristorPresets.Hp(WindowKind.Prodromakis)),
        },
        ["vteam"] = new(StringComparer.OrdinalIgnoreCase)
        {
            ["memtorch"] = () => new VteamModel(MemristorPresets.VteamMemTorch()),
            ["readsafe"] = () => new VteamModel(MemristorPresets.VteamReadSafe()),
            ["xbar"] = () => new VteamModel(MemristorPresets.VteamCrossbar()),
        },
        ["team"] = new(StringComparer.OrdinalIgnoreCase)
        {
            ["demo"] = () => new TeamModel(MemristorPresets.TeamDemo()),
        },
    };

    /// <summary>Model names.</summary>
    public static IReadOnlyList<string> ModelNames => [.. Models.Keys];

    /// <summary>Preset names of a model, default first.</summary>
    public static IReadOnlyList<string> PresetNames(string model) => [.. Presets(model).Keys];

    /// <summary>The model with the given preset (the model's default when null); clear errors for unknown names.</summary>
    public static IMemristorModel Create(string model, string? preset = null)
    {
        var presets = Presets(model);
        if (preset is null) return presets.Values.First()();
        return presets.TryGetValue(preset, out var make)
            ? make()
            : throw new ArgumentException($"unknown preset '{preset}' for model '{model}'; known: {string.Join(", ", presets.Keys)}.");
    }

    private static Dictionary<string, Func<IMemristorModel>> Presets(string model) =>
        Models.TryGetValue(model, out var presets)
            ? presets
            : throw new ArgumentException($"unknown memristor model '{model}'; known: {string.Join(", ", Models.Keys)}.");
}
