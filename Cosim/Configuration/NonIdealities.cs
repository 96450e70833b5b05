using B = MemristorSpice.Cosim.Configuration.DesignPointBounds;

namespace MemristorSpice.Cosim.Configuration;

/// <summary>
/// The circuit and converter non-idealities of a co-simulation run (docs/cosim.md "Design point"; mapping: docs/assumptions.md).
/// Every field has a JSON name (see <see cref="NonIdealitiesJson"/>); <see cref="Validate"/> names the bad field.
/// Null op-amp fields mean "ideal" for that aspect. The property initialisers are the baseline of code that builds
/// settings field by field (ideal wires and op-amps); the commands and the JSON file start from
/// <see cref="DesignPoint.Default"/> (<see cref="DesignPoint.RealisticCircuit"/>) instead.
/// </summary>
public sealed record NonIdealities
{
    /// <summary>Row read voltage for full-scale activation and on the bias row, volts (JSON vreadVolts).</summary>
    public double VreadVolts { get; init; } = 0.2;
    /// <summary>TIA feedback resistance Rf, ohms (JSON feedbackOhms).</summary>
    public double FeedbackOhms { get; init; } = 10_000;
    /// <summary>Memristor preset of the cells from netlists/lib/devices.lib (JSON device); its [1/Roff, 1/Ron] is the conductance window.</summary>
    public string DevicePreset { get; init; } = MemristorSpice.Crossbar.Mapping.CrossbarDevice.DefaultPreset;
    /// <summary>Output resistance of each row driver (DAC), ohms (JSON driverOhms); 0 = ideal driver.</summary>
    public double DriverOhms { get; init; }
    /// <summary>Wire resistance per cell segment along a row, ohms (JSON wire.rowOhms); 0 = ideal wires.</summary>
    public double WireRowOhms { get; init; }
    /// <summary>Wire resistance per cell segment along a column, ohms (JSON wire.columnOhms).</summary>
    public double WireColumnOhms { get; init; }
    /// <summary>
    /// Wire capacitance per cell segment to ground, farads (JSON wire.capacitanceFarads); 0 = none. Acts in tran mode
    /// only (a DC read does not see capacitors); it needs wire segments, i.e. wire.rowOhms or wire.columnOhms &gt; 0.
    /// </summary>
    public double WireCapacitanceFarads { get; init; }
    /// <summary>Log-normal device-to-device variation: sigma of ln(G) (JSON variation.sigma); 0 = none.</summary>
    public double VariationSigma { get; init; }
    /// <summary>Seed of the variation draw (JSON variation.seed).</summary>
    public int VariationSeed { get; init; } = 1;
    /// <summary>
    /// Devices in parallel per cell (JSON variation.devicesPerCell, default 1): k devices programmed to the same target
    /// with independent variation, read together with the TIA feedback conductance scaled by k, so the cell reads the
    /// mean of the k varied conductances (relative spread ≈ σ/√k) at k times the devices and the array read current.
    /// </summary>
    public int VariationDevicesPerCell { get; init; } = 1;
    /// <summary>
    /// Analog layers that get <see cref="VariationDevicesPerCell"/> devices per cell, comma-separated (JSON
    /// variation.devicesPerCellLayers, e.g. "dw1,dw2"); null = every layer. The other layers keep one device per cell.
    /// Applied by the co-simulation's tiles (dc and tran) and by <c>generate network --design</c>.
    /// </summary>
    public string? VariationDevicesPerCellLayers { get; init; }

    /// <summary>The settings of the tiles of <paramref name="layer"/>: one device per cell when <see cref="VariationDevicesPerCellLayers"/> does not list it.</summary>
    public NonIdealities ForLayer(string layer) =>
        MemristorSpice.Crossbar.Mapping.CrossbarNonIdealities.DevicesPerCellOf(layer, VariationDevicesPerCell, DevicesPerCellLayerSet) is var k
            && k != VariationDevicesPerCell ? this with { VariationDevicesPerCell = k } : this;

    /// <summary><see cref="VariationDevicesPerCellLayers"/> as a set of layer names; null = every layer.</summary>
    internal IReadOnlySet<string>? DevicesPerCellLayerSet =>
        VariationDevicesPerCellLayers?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
    /// <summary>Programmable conductance levels between Gmin and Gmax (JSON conductanceLevels); 0 = continuous.</summary>
    public int ConductanceLevels { get; init; }
    /// <summary>Share of cells stuck at Gmin (JSON stuckAt.gminRate).</summary>
    public double StuckAtGminRate { get; init; }
    /// <summary>Share of cells stuck at Gmax (JSON stuckAt.gmaxRate).</summary>
    public double StuckAtGmaxRate { get; init; }
    /// <summary>Seed of the stuck-at fault draw (JSON stuckAt.seed); faults are drawn per physical device (tile, row, column pair, G+/G−).</summary>
    public int FaultSeed { get; init; } = 1;
    /// <summary>
    /// CSV of stuck devices by physical position (JSON stuckAt.mapFile; columns tile,row,column,device,stuck, see
    /// <see cref="FaultMapCsv"/>), added to the drawn ones; null = none. <see cref="ListedFaults"/> holds its content.
    /// </summary>
    public string? FaultMapFile { get; init; }
    /// <summary>The devices listed in <see cref="FaultMapFile"/> (loaded with it); null = none.</summary>
    public MemristorSpice.Crossbar.Faults.ListedFaults? ListedFaults { get; init; }
    /// <summary>
    /// Fault-aware mapping (JSON mapping.faultAware): per tile the rows and outputs are permuted (and outputs moved to
    /// spare column pairs) so that stuck devices meet the weights they hurt least, and the partner of a stuck device
    /// compensates it (docs/cosim.md "Fault-aware mapping"). false = identity placement.
    /// </summary>
    public bool FaultAware { get; init; }
    /// <summary>Spare column pairs per tile (JSON mapping.spareColumns), each with two TIAs, a difference stage and an ADC; 0 = none.</summary>
    public int SpareColumns { get; init; }
    /// <summary>
    /// Op-amp DC open-loop gain A0, V/V (JSON opAmp.a0); null = ideal. When any op-amp field is set the TIAs and
    /// difference stages use the op-amp macro model (A0 defaults to 1e8 then); otherwise their exact nullor equivalents.
    /// </summary>
    public double? OpAmpGain { get; init; }
    /// <summary>Op-amp gain-bandwidth product, hertz (JSON opAmp.gbwHz); null = infinite. Acts in tran mode only.</summary>
    public double? OpAmpGbwHz { get; init; }
    /// <summary>Op-amp output swing limit ±, volts (JSON opAmp.swingVolts); null = unlimited.</summary>
    public double? OpAmpSwingVolts { get; init; }
    /// <summary>DAC resolution in bits (JSON dac.bits); 0 = ideal.</summary>
    public int DacBits { get; init; } = 8;
    /// <summary>DAC full scale = calibrated maximum activation × this factor (JSON dac.rangeScale).</summary>
    public double DacRangeScale { get; init; } = 1;
    /// <summary>ADC resolution in bits (JSON adc.bits); 0 = ideal.</summary>
    public int AdcBits { get; init; } = 8;
    /// <summary>ADC full scale = calibrated maximum |tile output| × this factor (JSON adc.rangeScale).</summary>
    public double AdcRangeScale { get; init; } = 1;
    /// <summary>Training images used to calibrate the converter ranges (JSON calibrationImages).</summary>
    public int CalibrationImages { get; init; } = 200;
    /// <summary>
    /// Training images on which the controller fits a digital gain and offset per tile output (applied after the ADC)
    /// against the ideal tile output (JSON columnCalibrationImages); 0 = no correction, the raw circuit output is used.
    /// </summary>
    public int ColumnCalibrationImages { get; init; } = 20;
    /// <summary>
    /// Where each layer's bias goes (JSON biasRow: "auto", "analog" or "digital"; default auto): a crossbar row, or
    /// added by the digital controller after the ADC when it would need a tile of its own (<see cref="MemristorSpice.Crossbar.Mapping.BiasPlacement"/>).
    /// </summary>
    public MemristorSpice.Crossbar.Mapping.BiasPlacement BiasRow { get; init; } = MemristorSpice.Crossbar.Mapping.BiasPlacement.Auto;

    /// <summary>
    /// How converter full scales are chosen from the calibration images (JSON rangeCalibration: "mse", the default, or
    /// "max"); see <see cref="MemristorSpice.Cosim.Controller.ConverterCalibration"/>.
    /// </summary>
    public RangeCalibration RangeCalibration { get; init; } = RangeCalibration.Mse;
    /// <summary>
    /// DAC polarity (JSON dac.polarity: "auto", the default, "unipolar" or "bipolar"). auto: bipolar for a layer whose
    /// input can be negative (its calibration inputs include negative values), unipolar otherwise.
    /// </summary>
    public DacPolarity DacPolarity { get; init; } = DacPolarity.Auto;

    /// <summary>Read noise (JSON object noise); disabled by default, see <see cref="NoiseSettings"/>.</summary>
    public NoiseSettings Noise { get; init; } = new();

    /// <summary>Ideal converters and devices: the reference configuration (only the scale factors remain).</summary>
    public static NonIdealities Ideal { get; } = new() { DacBits = 0, AdcBits = 0, ColumnCalibrationImages = 0 };

    /// <summary>The first invalid field as (JSON field path, problem), or null when all values are usable.</summary>
    /// <remarks>
    /// The circuit values share their sanity bounds with the matching command-line options through
    /// <see cref="DesignPointBounds"/>; the other upper bounds are sanity limits of the same kind.
    /// </remarks>
    public (string Field, string Problem)? FirstProblem()
    {
        static bool Pos(double v) => v > 0 && double.IsFinite(v);
        static bool NonNeg(double v) => v >= 0 && double.IsFinite(v);
        if (!Pos(VreadVolts) || VreadVolts > B.MaxVreadVolts) return ("vreadVolts", $"must be in (0, {B.Format(B.MaxVreadVolts)}] volts (got {VreadVolts})");
        if (!(FeedbackOhms >= B.MinFeedbackOhms && FeedbackOhms <= B.MaxFeedbackOhms))
            return ("feedbackOhms", $"must be in [{B.Format(B.MinFeedbackOhms)}, {B.Format(B.MaxFeedbackOhms)}] ohms (got {FeedbackOhms})");
        var presets = MemristorSpice.Crossbar.Mapping.CrossbarDevice.PresetNames;
        if (!presets.Contains(DevicePreset, StringComparer.OrdinalIgnoreCase))
            return ("device", $"must be one of {string.Join(", ", presets)} (got '{DevicePreset}')");
        if (!NonNeg(DriverOhms) || DriverOhms > B.MaxDriverOhms) return ("driverOhms", $"must be in [0, {B.Format(B.MaxDriverOhms)}] ohms (got {DriverOhms})");
        if (!NonNeg(WireRowOhms) || WireRowOhms > B.MaxWireOhms) return ("wire.rowOhms", $"must be in [0, {B.Format(B.MaxWireOhms)}] ohms per segment (got {WireRowOhms})");
        if (!NonNeg(WireColumnOhms) || WireColumnOhms > B.MaxWireOhms) return ("wire.columnOhms", $"must be in [0, {B.Format(B.MaxWireOhms)}] ohms per segment (got {WireColumnOhms})");
        if (!NonNeg(WireCapacitanceFarads) || WireCapacitanceFarads > B.MaxWireFarads)
            return ("wire.capacitanceFarads", $"must be in [0, {B.Format(B.MaxWireFarads)}] farads per segment (got {WireCapacitanceFarads})");
        if (WireCapacitanceFarads > 0 && WireRowOhms == 0 && WireColumnOhms == 0)
            return ("wire.capacitanceFarads", $"needs wire segments: set wire.rowOhms or wire.columnOhms > 0 (got {WireCapacitanceFarads} F with ideal wires)");
        if (!NonNeg(VariationSigma) || VariationSigma > 2) return ("variation.sigma", $"must be in [0, 2] (got {VariationSigma})");
        if (VariationDevicesPerCell is < 1 or > MemristorSpice.Crossbar.Mapping.CrossbarNonIdealities.MaxDevicesPerCell)
            return ("variation.devicesPerCell", $"must be in [1, {MemristorSpice.Crossbar.Mapping.CrossbarNonIdealities.MaxDevicesPerCell}] (got {VariationDevicesPerCell})");
        if (ConductanceLevels is < 0 or 1 or > 65536) return ("conductanceLevels", $"must be 0 (continuous) or in [2, 65536] (got {ConductanceLevels})");
        if (!(StuckAtGminRate is >= 0 and <= 1)) return ("stuckAt.gminRate", $"must be in [0, 1] (got {StuckAtGminRate})");
        if (!(StuckAtGmaxRate is >= 0 and <= 1)) return ("stuckAt.gmaxRate", $"must be in [0, 1] (got {StuckAtGmaxRate})");
        if (StuckAtGminRate + StuckAtGmaxRate > 1) return ("stuckAt.gmaxRate", $"gminRate + gmaxRate must not exceed 1 (got {StuckAtGminRate + StuckAtGmaxRate})");
        if (SpareColumns is < 0 or > MemristorSpice.Crossbar.Generation.CrossbarOptions.MaxSpareColumns)
            return ("mapping.spareColumns", $"must be in [0, {MemristorSpice.Crossbar.Generation.CrossbarOptions.MaxSpareColumns}] column pairs per tile (got {SpareColumns})");
        if (FaultMapFile is not null && ListedFaults is null) return ("stuckAt.mapFile", "is set but was not loaded");
        if (OpAmpGain is { } a0 && !(a0 >= 1 && a0 <= B.MaxOpAmpGain))
            return ("opAmp.a0", $"must be a gain in [1, {B.Format(B.MaxOpAmpGain)}] V/V, or null for ideal (got {a0})");
        if (OpAmpGbwHz is { } gbw && !(gbw >= B.MinGbwHz && gbw <= B.MaxGbwHz))
            return ("opAmp.gbwHz", $"must be in [{B.Format(B.MinGbwHz)}, {B.Format(B.MaxGbwHz)}] Hz, or null (got {gbw})");
        if (OpAmpSwingVolts is { } sw && !(Pos(sw) && sw <= 1e3)) return ("opAmp.swingVolts", $"must be in (0, 1000] volts, or null (got {sw})");
        if (DacBits is < 0 or > 30) return ("dac.bits", $"must be 0 (ideal) or in [1, 30] (got {DacBits})");
        if (!Pos(DacRangeScale) || DacRangeScale > 1e6) return ("dac.rangeScale", $"must be in (0, 1e6] (got {DacRangeScale})");
        if (AdcBits is < 0 or 1 or > 30) return ("adc.bits", $"must be 0 (ideal) or in [2, 30] (got {AdcBits})");
        if (!Pos(AdcRangeScale) || AdcRangeScale > 1e6) return ("adc.rangeScale", $"must be in (0, 1e6] (got {AdcRangeScale})");
        if (CalibrationImages is < 1 or > 1_000_000) return ("calibrationImages", $"must be in [1, 1000000] (got {CalibrationImages})");
        if (ColumnCalibrationImages is < 0 or > 1_000_000) return ("columnCalibrationImages", $"must be in [0, 1000000] (got {ColumnCalibrationImages})");
        if (Noise.FirstProblem() is { } noise) return noise;
        return null;
    }

    /// <summary>Throws <see cref="NonIdealitiesException"/> naming the first invalid field.</summary>
    public NonIdealities Validate()
    {
        if (FirstProblem() is { } p) throw new NonIdealitiesException(p.Field, p.Problem);
        return this;
    }
}

/// <summary>A non-ideality value that cannot be used; <see cref="Field"/> is its JSON path (e.g. "adc.bits").</summary>
public sealed class NonIdealitiesException(string field, string problem, string? source = null)
    : Exception($"{(source is null ? "" : source + ": ")}field '{field}' {problem}.")
{
    /// <summary>JSON path of the offending value (e.g. "adc.bits").</summary>
    public string Field { get; } = field;
}

/// <summary>How a converter's full scale is chosen from calibration values.</summary>
public enum RangeCalibration
{
    /// <summary>The full scale with the least squared conversion error (clipping plus rounding).</summary>
    Mse,
    /// <summary>The largest calibration value.</summary>
    Max,
}

/// <summary>Polarity of the row DACs of an analog layer.</summary>
public enum DacPolarity
{
    /// <summary>Bipolar where the layer's calibration inputs go negative, unipolar elsewhere.</summary>
    Auto,
    /// <summary>[0, +Vread]: negative activations clip to 0.</summary>
    Unipolar,
    /// <summary>[−Vread, +Vread]: signed activations.</summary>
    Bipolar,
}
