using MemristorSpice.Cosim;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Ppa;

namespace MemristorSpice.Cli.Infrastructure;

/// <summary>The technology and base circuit settings that <c>report</c> and <c>sweep</c> read, with errors that name the option.</summary>
internal static class PpaInputs
{
    /// <summary>The default technology, or it with the fields of <paramref name="path"/>; errors name --tech and the field.</summary>
    public static Technology LoadTechnology(string? path)
    {
        if (path is not null && !File.Exists(path)) throw new CliException($"--tech: file not found: {path}", CliApp.UsageError);
        try { return path is null ? TechnologyFile.Default() : TechnologyFile.Load(path); }
        catch (TechnologyException ex) { throw new CliException($"--tech {ex.Message}"); }
    }

    /// <summary>
    /// Circuit settings of report and sweep: the --nonideal/--design file, else the default design point (or the
    /// ideal reference with <paramref name="ideal"/>), read voltage from the technology.
    /// </summary>
    public static NonIdealities BaseSettings(string? nonIdealPath, Technology tech, bool ideal = false) => Design(nonIdealPath, tech, ideal).Circuit;

    /// <summary>The design point of report and sweep (<see cref="BaseSettings"/> as its circuit) with its read timing.</summary>
    public static DesignPoint Design(string? nonIdealPath, Technology tech, bool ideal = false)
    {
        if (nonIdealPath is not null && !File.Exists(nonIdealPath)) throw new CliException($"--nonideal: file not found: {nonIdealPath}", CliApp.UsageError);
        var design = CircuitSettings.LoadDesign(nonIdealPath, ideal);
        if (design.Circuit.OpAmpSwingVolts is not null)
            throw new CliException("--nonideal: field 'opAmp.swingVolts' makes the read nonlinear; report and sweep use the dc fast path (leave it null).");
        return design with { Circuit = design.Circuit with { VreadVolts = tech.ReadVolts } };
    }
}
