using System.CommandLine;
using MemristorSpice.Cosim;
using MemristorSpice.Cosim.Configuration;

namespace MemristorSpice.Cli.Infrastructure;

/// <summary>
/// The design point of a command: the <c>--nonideal</c> (alias <c>--design</c>) JSON file, or <see cref="DesignPoint.Default"/>
/// without one, or <see cref="DesignPoint.Ideal"/> with <c>--ideal</c>, then the command-line overrides.
/// </summary>
internal static class CircuitSettings
{
    /// <summary>The option that names the design-point file (its alias <see cref="DesignAlias"/> means the same).</summary>
    public const string FileOption = "--nonideal";

    /// <summary>The alias of <see cref="FileOption"/>.</summary>
    public const string DesignAlias = "--design";

    /// <summary>The design-point file option of a command (<c>--nonideal</c>, alias <c>--design</c>).</summary>
    public static Option<string?> CreateFileOption(string description) => new(FileOption, DesignAlias) { Description = description };

    /// <summary>The <c>--ideal</c> flag: start from the ideal reference instead of the realistic default design.</summary>
    public static Option<bool> CreateIdealOption() => new("--ideal")
    {
        Description = "Start from the ideal reference design (no wires, ideal op-amps, ideal DAC/ADC, no column correction) instead of the realistic default; " +
                      "not with --nonideal/--design.",
    };

    /// <summary>Loads and checks the circuit settings; errors name the JSON field or, for an override, the option.</summary>
    public static NonIdealities Load(string? path, int? dacBits, int? adcBits, double? wireOhms, double? a0,
        double? gbwHz = null, double? wireFarads = null) => LoadDesign(path, false, dacBits, adcBits, wireOhms, a0, gbwHz, wireFarads).Circuit;

    /// <summary>
    /// Loads and checks the design point: the file (or the default or ideal design) with the overrides applied.
    /// Errors name the JSON field or, for an override, the option; <paramref name="ideal"/> with a file is a usage error.
    /// </summary>
    public static DesignPoint LoadDesign(string? path, bool ideal, int? dacBits = null, int? adcBits = null, double? wireOhms = null, double? a0 = null,
        double? gbwHz = null, double? wireFarads = null)
    {
        if (ideal && path is not null)
            throw new CliException($"--ideal and {FileOption}/{DesignAlias} both choose the design point; give one (the ideal reference is `memspice design --ideal`).",
                CliApp.UsageError);
        DesignPoint design;
        try { design = path is null ? ideal ? DesignPoint.Ideal : DesignPoint.Default : NonIdealitiesJson.LoadDesign(path); }
        catch (NonIdealitiesException ex) { throw new CliException($"{FileOption} {ex.Message}"); }
        var settings = design.Circuit;
        settings = settings with
        {
            DacBits = dacBits ?? settings.DacBits, AdcBits = adcBits ?? settings.AdcBits,
            WireRowOhms = wireOhms ?? settings.WireRowOhms, WireColumnOhms = wireOhms ?? settings.WireColumnOhms,
            OpAmpGain = a0 ?? settings.OpAmpGain,
            OpAmpGbwHz = gbwHz ?? settings.OpAmpGbwHz,
            WireCapacitanceFarads = wireFarads ?? settings.WireCapacitanceFarads,
        };
        // Ideal wires set on the command line drop the design's wire capacitance (it needs wire segments to hang on).
        if (wireOhms == 0 && wireFarads is null) settings = settings with { WireCapacitanceFarads = 0 };
        if (settings.FirstProblem() is { } p)
        {
            string? option = p.Field switch
            {
                "dac.bits" when dacBits is not null => "--dac-bits",
                "adc.bits" when adcBits is not null => "--adc-bits",
                "wire.rowOhms" or "wire.columnOhms" when wireOhms is not null => "--wire-ohms",
                "opAmp.a0" when a0 is not null => "--a0",
                "opAmp.gbwHz" when gbwHz is not null => "--gbw",
                "wire.capacitanceFarads" when wireFarads is not null => "--wire-farads",
                _ => null,
            };
            throw new CliException(option is null ? $"{FileOption}: field '{p.Field}' {p.Problem}." : $"{option} {p.Problem}.", CliApp.UsageError);
        }
        return design with { Circuit = settings };
    }

    /// <summary>The <c>--fault-aware</c> flag (design point mapping.faultAware).</summary>
    public static Option<bool> CreateFaultAwareOption() => new("--fault-aware")
    {
        Description = "Fault-aware mapping: per tile, permute rows and outputs (and use spare column pairs) so stuck devices meet the weights they hurt " +
                      "least, and let the partner of a stuck device compensate it (sets mapping.faultAware; docs/cosim.md \"Fault-aware mapping\").",
    };

    /// <summary>The <c>--spare-columns</c> option (design point mapping.spareColumns).</summary>
    public static Option<int?> CreateSpareColumnsOption() =>
        new Option<int?>("--spare-columns") { Description = "Spare column pairs per tile (overrides mapping.spareColumns; counted in area and power)." }.InRange();

    /// <summary>The <c>--fault-map</c> option (design point stuckAt.mapFile).</summary>
    public static Option<string?> CreateFaultMapOption() => new("--fault-map")
    {
        Description = "CSV of stuck devices by physical position (tile,row,column,device,stuck; e.g. a programming run's failed cells), added to the drawn " +
                      "stuck-at faults (overrides stuckAt.mapFile).",
    };

    /// <summary>The design's circuit with the fault-mapping options applied; a bad fault map names the option and the file line.</summary>
    public static NonIdealities WithFaultMapping(NonIdealities circuit, bool faultAware, int? spareColumns, string? faultMap)
    {
        circuit = circuit with { FaultAware = circuit.FaultAware || faultAware, SpareColumns = spareColumns ?? circuit.SpareColumns };
        if (faultMap is not null)
        {
            try { circuit = circuit with { FaultMapFile = faultMap, ListedFaults = FaultMapCsv.Load(faultMap) }; }
            catch (InvalidDataException ex) { throw new CliException($"--fault-map: {ex.Message}"); }
        }
        if (circuit.FirstProblem() is { } p) throw new CliException($"field '{p.Field}' {p.Problem}.", CliApp.UsageError);
        return circuit;
    }
}
