using MemristorSpice.Crossbar.Layout;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Devices.OpAmps;

namespace MemristorSpice.Crossbar.Generation;

/// <summary>
/// Everything that turns a weight matrix into a crossbar circuit besides the weights themselves.
/// Signal scaling (docs/assumptions.md, "Crossbar mapping"): input a ↦ row voltage a·Vread/amax; the bias row sits at Vread and holds b/amax;
/// weight w ↦ (G+, G−) with G± − Gmin = (Gmax − Gmin)·max(±w, 0)/wmax; each output is
/// out_j = K·(Σ_i w_ij·a_i + b_j), K = Rf·(Gmax − Gmin)·Vread/(wmax·amax) Volts per unit.
/// </summary>
public sealed record CrossbarOptions
{
    /// <summary>Read voltage: the row voltage of a full-scale input and of the bias row, Volts.</summary>
    public double ReadVolts { get; init; } = 0.2;

    /// <summary>amax: the input value that maps to <see cref="ReadVolts"/>.</summary>
    public double InputFullScale { get; init; } = 1.0;

    /// <summary>wmax: the weight that maps to Gmax; null = the largest |entry| of the crossbar matrix (bias entries divided by amax).</summary>
    public double? WeightFullScale { get; init; }

    /// <summary>Memristor preset of the cells.</summary>
    public string DevicePreset { get; init; } = CrossbarDevice.DefaultPreset;

    /// <summary>Mapping window; null = the device's whole range [1/Roff, 1/Ron].</summary>
    public ConductanceRange? Conductances { get; init; }

    /// <summary>TIA feedback resistor Rf, Ohms.</summary>
    public double FeedbackOhms { get; init; } = 10e3;

    /// <summary>The four equal resistors of each unity-gain difference stage, Ohms.</summary>
    public double DifferenceOhms { get; init; } = 10e3;

    /// <summary>Op-amp macro model of every TIA and difference stage; null = ideal (see <see cref="CrossbarOpAmps"/>).</summary>
    public OpAmpParameters? OpAmp { get; init; }

    /// <summary>Wire resistance, variation, levels and faults applied during generation; none by default.</summary>
    public CrossbarNonIdealities NonIdealities { get; init; } = CrossbarNonIdealities.None;

    /// <summary>Spare column pairs per tile (each with its two TIAs and difference stage; 0 = none): free places for
    /// the fault-aware placement to move outputs to. They rest at Gmin and their outputs are not read.</summary>
    public int SpareColumns { get; init; }

    /// <summary>Place each tile's rows and outputs so that stuck devices meet the weights they hurt least
    /// (<see cref="Faults.FaultAwarePlacement"/>), and set the partner of a stuck device to compensate it
    /// (<see cref="Faults.PairFaultCost"/>); false = identity placement, faults unknown to the mapping.</summary>
    public bool FaultAware { get; init; }

    /// <summary>Largest number of rows of one physical crossbar (tile).</summary>
    public int MaxTileRows { get; init; } = CrossbarMappingRules.MaxRows;

    /// <summary>Path written in the netlist's .include of the device library, relative to the netlist's folder.</summary>
    public string DeviceLibraryInclude { get; init; } = "../lib/devices.lib";

    /// <summary>Most spare column pairs per tile.</summary>
    public const int MaxSpareColumns = 1024;

    /// <summary>Throws <see cref="ArgumentException"/> naming the broken rule.</summary>
    public CrossbarOptions Validate()
    {
        if (!(ReadVolts > 0 && double.IsFinite(ReadVolts))) throw new ArgumentException($"read voltage must be > 0 V, got {ReadVolts}.");
        if (!(InputFullScale > 0 && double.IsFinite(InputFullScale))) throw new ArgumentException($"input full scale must be > 0, got {InputFullScale}.");
        if (WeightFullScale is { } w && !(w > 0 && double.IsFinite(w))) throw new ArgumentException($"weight full scale must be > 0, got {w}.");
        if (!(FeedbackOhms > 0 && double.IsFinite(FeedbackOhms))) throw new ArgumentException($"feedback resistance Rf must be > 0 Ohms, got {FeedbackOhms}.");
        if (!(DifferenceOhms > 0 && double.IsFinite(DifferenceOhms))) throw new ArgumentException($"difference-stage resistance must be > 0 Ohms, got {DifferenceOhms}.");
        if (SpareColumns is < 0 or > MaxSpareColumns) throw new ArgumentException($"spare column pairs per tile must be in [0, {MaxSpareColumns}], got {SpareColumns}.");
        if (MaxTileRows < 2) throw new ArgumentException($"maximum tile rows must be at least 2, got {MaxTileRows}.");
        if (string.IsNullOrWhiteSpace(DeviceLibraryInclude)) throw new ArgumentException("device library include path must not be empty.");
        // The path is written verbatim after .include: a line break in it would start a new netlist line.
        if (DeviceLibraryInclude.Any(Network.IO.InputName.IsUnsafe))
            throw new ArgumentException($"device library include path {Network.IO.InputName.Quote(DeviceLibraryInclude)} holds control or line-break characters.");
        OpAmp?.Validate();
        NonIdealities.Validate();
        var device = CrossbarDevice.FromPreset(DevicePreset);
        (Conductances ?? ConductanceRange.Of(device)).ValidateFor(device);
        return this;
    }
}
