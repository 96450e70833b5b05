using System.CommandLine;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Network.Training;

namespace MemristorSpice.Cli.Infrastructure;

/// <summary>
/// <c>--hardware-aware cfg.json</c> of train and finetune: the design-point JSON (the file cosim and sweep read)
/// whose variation, stuck-at and converter settings are injected into every mini-batch.
/// </summary>
internal static class HardwareAwareOption
{
    /// <summary>The option name.</summary>
    public const string Name = "--hardware-aware";

    /// <summary>A new option (path of the design-point JSON; must exist).</summary>
    public static Option<string?> Create()
    {
        var option = new Option<string?>(Name)
        {
            Description = "Design-point JSON (docs/cosim.md \"Design point\"): inject its conductance variation, stuck-at cells and DAC/ADC " +
                          "quantization into every mini-batch (fresh seeded draw per batch, straight-through gradients; docs/network.md).",
        };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } p && !File.Exists(p)) r.AddError($"{Name}: file not found: {p}");
        });
        return option;
    }

    /// <summary>The injection options of the file, or null without one; a bad file is a <see cref="CliException"/> naming the field.</summary>
    public static HardwareNoiseOptions? Load(string? path)
    {
        if (path is null) return null;
        try { return HardwareAwareTraining.Options(NonIdealitiesJson.LoadDesign(path).Circuit); }
        catch (NonIdealitiesException ex) { throw new CliException($"{Name} {Terminal.Plain(ex.Message)}"); }
    }

    /// <summary>One console line describing what is injected.</summary>
    public static string Describe(HardwareNoiseOptions o) =>
        FormattableString.Invariant($"Hardware-aware: variation sigma {o.VariationSigma:G3}, stuck-at Gmin {100 * o.StuckAtMinRate:G3} % / Gmax {100 * o.StuckAtMaxRate:G3} %, ") +
        FormattableString.Invariant($"Gmin/Gmax {o.ConductanceRatio:G3}, DAC {o.DacBits} bits, ADC {o.AdcBits} bits, seed {o.Seed}, fresh draw per mini-batch") +
        (o.ColumnCorrection ? ", column gain/offset correction fitted per mini-batch." : ".");
}
