using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Crossbar.Generation;
using MemristorSpice.Crossbar.Layout;
using MemristorSpice.Crossbar.Manifest;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Devices.OpAmps;

namespace MemristorSpice.Cosim.Backends;

/// <summary>Translates the co-simulation settings into the crossbar generator's options for one layer.</summary>
public static class CrossbarOptionsFactory
{
    /// <summary>A0 used when only GBW or swing are configured (the library's ideal op-amp gain).</summary>
    public const double DefaultOpenLoopGain = 1e8;

    /// <summary>Generator options for one layer: read voltage, device, feedback resistor, op-amp and array non-idealities.</summary>
    /// <param name="s">Co-simulation settings.</param>
    /// <param name="inputFullScale">Activation that maps to Vread (the layer's DAC full scale).</param>
    public static CrossbarOptions For(NonIdealities s, double inputFullScale) => new CrossbarOptions
    {
        ReadVolts = s.VreadVolts,
        InputFullScale = inputFullScale,
        DevicePreset = s.DevicePreset,
        FeedbackOhms = s.FeedbackOhms,
        OpAmp = OpAmp(s),
        SpareColumns = s.SpareColumns,
        FaultAware = s.FaultAware,
        NonIdealities = new CrossbarNonIdealities
        {
            RowWireOhms = s.WireRowOhms, ColumnWireOhms = s.WireColumnOhms, DriverOhms = s.DriverOhms,
            VariationSigma = s.VariationSigma, VariationSeed = s.VariationSeed, DevicesPerCell = s.VariationDevicesPerCell,
            DevicesPerCellLayers = s.DevicesPerCellLayerSet,
            Levels = s.ConductanceLevels == 0 ? null : s.ConductanceLevels,
            StuckAtMinRate = s.StuckAtGminRate, StuckAtMaxRate = s.StuckAtGmaxRate, FaultSeed = s.FaultSeed,
            ListedFaults = s.ListedFaults,
        },
    }.Validate();

    /// <summary>The op-amp macro model of the settings, or null for ideal op-amps (exact nullor equivalents).</summary>
    public static OpAmpParameters? OpAmp(NonIdealities s)
    {
        if (s.OpAmpGain is null && s.OpAmpGbwHz is null && s.OpAmpSwingVolts is null) return null;
        // Input noise only when noise is on: the op-amp of a noiseless run stays the noiseless macro model.
        return new OpAmpParameters("XBAR_OPAMP", "co-simulation non-idealities (opAmp.a0/gbwHz/swingVolts, noise.opAmpVoltage/opAmpCurrent)",
            s.OpAmpGain ?? DefaultOpenLoopGain, s.OpAmpGbwHz, s.OpAmpSwingVolts, -s.OpAmpSwingVolts,
            NoiseVoltage: s.Noise.Enabled ? s.Noise.OpAmpNoiseVoltage : 0, NoiseCurrent: s.Noise.Enabled ? s.Noise.OpAmpNoiseCurrent : 0).Validate();
    }
}
