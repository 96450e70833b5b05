using System.CommandLine;
using MemristorSpice.Cosim.Configuration;

namespace MemristorSpice.Cli.Infrastructure;

/// <summary>
/// Range checks for options: a bad value is a usage error that names the option and its range (exit 2). The numeric
/// ranges live in one table, <see cref="Ranges"/>, keyed by option name; <c>.InRange()</c> on an option looks it up there
/// (a numeric option of the same name means the same quantity in every command). The ranges are sanity bounds (far outside
/// any real circuit or training run) that keep a mistyped exponent from running for hours or exhausting memory; they are
/// listed in the security page of docs/ under "Numeric option ranges".
/// </summary>
internal static class OptionChecks
{
    /// <summary>Allowed interval [Min, Max] of a numeric option, with the unit shown in the error.</summary>
    internal readonly record struct OptionRange(double Min, double Max, string Unit);

    /// <summary>The one table of numeric option ranges.</summary>
    internal static readonly IReadOnlyDictionary<string, OptionRange> Ranges = new Dictionary<string, OptionRange>
    {
        // Crossbar circuit (cosim, generate, sweep values).
        ["--wire-ohms"] = new(0, DesignPointBounds.MaxWireOhms, "ohms per cell segment"),
        ["--row-wire"] = new(0, DesignPointBounds.MaxWireOhms, "ohms per cell segment"),
        ["--col-wire"] = new(0, DesignPointBounds.MaxWireOhms, "ohms per cell segment"),
        ["--wire-farads"] = new(0, DesignPointBounds.MaxWireFarads, "farads per cell segment"),
        ["--driver"] = new(0, DesignPointBounds.MaxDriverOhms, "ohms"),
        ["--a0"] = new(1, DesignPointBounds.MaxOpAmpGain, "V/V"),
        ["--opamp-gain"] = new(2, DesignPointBounds.MaxOpAmpGain, "V/V"),
        ["--gbw"] = new(DesignPointBounds.MinGbwHz, DesignPointBounds.MaxGbwHz, "Hz"),
        ["--read-time"] = new(1e-12, 1, "seconds"),
        ["--steps-per-slot"] = new(4, 10_000, "steps"),
        ["--chunk-patches"] = new(1, 1_000_000, "patches"),
        ["--ngspice-patches"] = new(1, 10_000, "patches"),
        ["--ngspice-check"] = new(0, 10_000, "patches"),
        ["--ngspice-budget"] = new(1, 1e6, "seconds"),
        ["--dac-bits"] = new(0, 30, "bits"),
        ["--adc-bits"] = new(0, 30, "bits"),
        ["--gmin"] = new(1e-12, 1, "siemens"),
        ["--gmax"] = new(1e-12, 1, "siemens"),
        ["--vread"] = new(1e-6, DesignPointBounds.MaxVreadVolts, "volts"),
        ["--input-full-scale"] = new(1e-12, 1e12, ""),
        ["--weight-full-scale"] = new(1e-12, 1e12, ""),
        ["--rf"] = new(DesignPointBounds.MinFeedbackOhms, DesignPointBounds.MaxFeedbackOhms, "ohms"),
        ["--rdiff"] = new(1e-3, 1e12, "ohms"),
        ["--variation"] = new(0, 5, "sigma of ln G"),
        ["--levels"] = new(2, 65_536, "levels"),
        ["--stuck-min"] = new(0, 1, "fraction of cells"),
        ["--stuck-max"] = new(0, 1, "fraction of cells"),
        ["--max-rows"] = new(2, 4096, "rows"),
        ["--channel"] = new(0, 1_000_000, "channel index"),
        ["--stimulus"] = new(0, 1_000_000, "test image index"),
        ["--stimulus-patches"] = new(1, 1_000_000, "patches"),
        ["--stimulus-start"] = new(0, 1_000_000, "patch index"),
        ["--phase-margin"] = new(1, 89, "degrees"),
        // memspice lifetime.
        ["--kelvin"] = new(1, 1000, "kelvin"),
        ["--activation-energy"] = new(0, 10, "eV"),
        ["--drift-seed"] = new(0, int.MaxValue, ""),
        ["--compensation-images"] = new(1, 10_000, "images"),
        ["--reads"] = new(1, 1e12, "inferences"),
        ["--tolerance"] = new(1e-9, 0.5, "normalized state"),
        ["--disturb-images"] = new(1, 10_000, "images"),
        // Workload size.
        ["--images"] = new(1, 1_000_000, "images"),
        ["--seeds"] = new(1, 10_000, "seeds"),
        ["--threads"] = new(1, 1024, "threads"),
        ["--noise-seed"] = new(0, int.MaxValue, "seed"),
        ["--cpus-per-task"] = new(1, 1024, "CPUs"),
        ["--max-points"] = new(1, 1_000_000_000, "points"),
        ["--max-include-bytes"] = new(1, 1L << 40, "bytes"),
        ["--max-elements"] = new(1, 1e9, "elements"),
        // Training.
        ["--epochs"] = new(1, 10_000, "epochs"),
        ["--finetune-epochs"] = new(0, 10_000, "epochs"),
        ["--sparsity-epochs"] = new(0, 10_000, "epochs"),
        ["--fade-epochs"] = new(0, 10_000, "epochs"),
        ["--batch"] = new(1, 65_536, "images"),
        ["--train-images"] = new(1, 1_000_000, "images"),
        ["--validation-images"] = new(0, 1_000_000, "images"),
        ["--lr"] = new(1e-6, 10, ""),
        ["--distill"] = new(0, 1, ""),
        ["--temperature"] = new(0.1, 100, ""),
        ["--ratio"] = new(0, 0.99, "share of channels"),
        ["--max-drop"] = new(0, 100, "percentage points"),
        // Programming through the array circuit (memspice program).
        ["--max-tiles"] = new(1, 1_000_000, "tiles"),
        ["--max-cells"] = new(1, 1_000_000, "cells"),
        ["--start-volts"] = new(0.01, 20, "volts"),
        ["--step-volts"] = new(0, 20, "volts"),
        ["--max-volts"] = new(0.01, 20, "volts"),
        ["--pulse-seconds"] = new(1e-12, 1, "seconds"),
        ["--tolerance"] = new(1e-6, 0.5, "fraction of Gmax - Gmin"),
        ["--max-pulses"] = new(1, 100_000, "pulses"),
        // Data set normalization (per-channel values on pixels scaled to [0, 1]).
        ["--mean"] = new(-1e6, 1e6, ""),
        ["--std"] = new(1e-9, 1e6, ""),
        ["--spare-columns"] = new(0, MemristorSpice.Crossbar.Generation.CrossbarOptions.MaxSpareColumns, "column pairs per tile"),
    };

    /// <summary>The table's range of an option; a missing entry is a programming error found when the commands are built.</summary>
    internal static OptionRange RangeOf(string option) => Ranges.TryGetValue(option, out var r) ? r
        : throw new InvalidOperationException($"{option} has no entry in OptionChecks.Ranges.");

    /// <summary>Null when <paramref name="value"/> is inside the option's range, else the usage error text.</summary>
    internal static string? Problem(string option, double value)
    {
        var r = RangeOf(option);
        if (value >= r.Min && value <= r.Max && double.IsFinite(value)) return null;
        string unit = r.Unit.Length > 0 ? " " + r.Unit : "";
        return $"{option} must be in [{Format(r.Min)}, {Format(r.Max)}]{unit} (got {Format(value)}).";
    }

    private static string Format(double v) => v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture);

    public static Option<double> InRange(this Option<double> option) => Checked(option, r => r.GetValueOrDefault<double>());

    public static Option<double?> InRange(this Option<double?> option) => Checked(option, r => r.GetValueOrDefault<double?>());

    public static Option<int> InRange(this Option<int> option) => Checked(option, r => r.GetValueOrDefault<int>());

    public static Option<int?> InRange(this Option<int?> option) => Checked(option, r => r.GetValueOrDefault<int?>());

    public static Option<long> InRange(this Option<long> option) => Checked(option, r => r.GetValueOrDefault<long>());

    private static Option<T> Checked<T>(Option<T> option, Func<System.CommandLine.Parsing.OptionResult, double?> value)
    {
        RangeOf(option.Name);
        option.Validators.Add(r =>
        {
            if (value(r) is double v && Problem(option.Name, v) is { } problem) r.AddError(problem);
        });
        return option;
    }

    public static Option<string> ExistingFile(this Option<string> option)
    {
        option.Validators.Add(r =>
        {
            var path = r.GetValueOrDefault<string>();
            if (!string.IsNullOrEmpty(path) && !File.Exists(path)) r.AddError($"{option.Name}: file not found: {path}");
        });
        return option;
    }

    /// <summary>Accepts only the listed values (case-insensitive); the error names the option and the choices.</summary>
    public static Option<string> OneOf(this Option<string> option, params string[] values)
    {
        option.Validators.Add(r =>
        {
            var v = r.GetValueOrDefault<string>();
            if (v is not null && !values.Contains(v, StringComparer.OrdinalIgnoreCase))
                r.AddError($"{option.Name} must be one of {string.Join(", ", values)} (got '{v}').");
        });
        return option;
    }
}
