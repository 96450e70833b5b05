using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Network.Training;

namespace MemristorSpice.Cosim.Configuration;

/// <summary>
/// The training-time image of a co-simulation design point (docs/network.md, "Hardware-aware training"): the same
/// design-point JSON that cosim and sweep read sets the noise injected while training.
/// </summary>
public static class HardwareAwareTraining
{
    /// <summary>
    /// Injection options of <paramref name="design"/>: variation sigma and stuck-at rates as drawn per device by the
    /// co-simulation, Gmin/Gmax of the device preset's window [1/Roff, 1/Ron], DAC and ADC bits, calibration images,
    /// and the bias placement rule. Per-batch draws are seeded by variation.seed (a fresh draw per mini-batch).
    /// The digital column correction is modelled when the design fits one (columnCalibrationImages &gt; 0, fitted per
    /// mini-batch in training); wires, op-amps and levels are not.
    /// </summary>
    public static HardwareNoiseOptions Options(NonIdealities design)
    {
        var device = CrossbarDevice.FromPreset(design.DevicePreset);
        var placement = design.BiasRow;
        return new HardwareNoiseOptions
        {
            VariationSigma = design.VariationSigma,
            StuckAtMinRate = design.StuckAtGminRate,
            StuckAtMaxRate = design.StuckAtGmaxRate,
            ConductanceRatio = device.MinConductanceSiemens / device.MaxConductanceSiemens,
            DacBits = design.DacBits,
            AdcBits = design.AdcBits,
            Seed = design.VariationSeed,
            CalibrationImages = design.CalibrationImages,
            ColumnCorrection = design.ColumnCalibrationImages > 0,
            BiasOnCrossbar = inputs => CrossbarMappingRules.BiasOnCrossbar(inputs, placement),
        }.Validate();
    }

    /// <summary>Key/value strings for the weights file's metadata: what was injected.</summary>
    public static Dictionary<string, string> Metadata(HardwareNoiseOptions o, string source)
    {
        var ic = System.Globalization.CultureInfo.InvariantCulture;
        return new()
        {
            ["hardware_aware"] = source,
            ["hw_variation_sigma"] = o.VariationSigma.ToString("R", ic),
            ["hw_stuck_gmin_rate"] = o.StuckAtMinRate.ToString("R", ic),
            ["hw_stuck_gmax_rate"] = o.StuckAtMaxRate.ToString("R", ic),
            ["hw_gmin_over_gmax"] = o.ConductanceRatio.ToString("R", ic),
            ["hw_dac_bits"] = o.DacBits.ToString(ic),
            ["hw_adc_bits"] = o.AdcBits.ToString(ic),
            ["hw_seed"] = o.Seed.ToString(ic),
            ["hw_column_correction"] = o.ColumnCorrection ? "true" : "false",
        };
    }
}
