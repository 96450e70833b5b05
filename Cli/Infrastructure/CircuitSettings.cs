using MemristorSpice.Cosim;
using MemristorSpice.Cosim.Configuration;

namespace MemristorSpice.Cli.Infrastructure;

/// <summary>The non-idealities of a co-simulation: the <c>--nonideal</c> JSON file (or defaults) with the command-line overrides.</summary>
internal static class CircuitSettings
{
    /// <summary>Loads and checks the settings; errors name the JSON field or, for an override, the option.</summary>
    public static NonIdealities Load(string? path, int? dacBits, int? adcBits, double? wireOhms, double? a0,
        double? gbwHz = null, double? wireFarads = null)
    {
        NonIdealities settings;
        try { settings = path is null ? new NonIdealities() : NonIdealitiesJson.Load(path); }
        catch (NonIdealitiesException ex) { throw new CliException($"--nonideal {ex.Message}"); }
        settings = settings with
        {
            DacBits = dacBits ?? settings.DacBits, AdcBits = adcBits ?? settings.AdcBits,
            WireRowOhms = wireOhms ?? settings.WireRowOhms, WireColumnOhms = wireOhms ?? settings.WireColumnOhms,
            OpAmpGain = a0 ?? settings.OpAmpGain,
            OpAmpGbwHz = gbwHz ?? settings.OpAmpGbwHz,
            WireCapacitanceFarads = wireFarads ?? settings.WireCapacitanceFarads,
        };
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
            throw new CliException(option is null ? $"--nonideal: field '{p.Field}' {p.Problem}." : $"{option} {p.Problem}.", CliApp.UsageError);
        }
        return settings;
    }
}
