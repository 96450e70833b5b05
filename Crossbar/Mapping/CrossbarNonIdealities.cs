namespace MemristorSpice.Crossbar.Mapping;

/// <summary>
/// Departures of one generated crossbar from the ideal. All default to none (ideal wires, ideal drivers, exact
/// conductances). A co-simulation run's settings (Cosim's <c>NonIdealities</c>: these plus op-amps, converters and
/// calibration) produce one per crossbar through <c>CrossbarOptionsFactory</c>.
/// Variation draws from its own seeded stream, one draw per cell in row-major order of the logical crossbar; stuck-at
/// faults belong to PHYSICAL positions (<see cref="Faults.TileFaultMap"/>: a hash of seed, tile, row, column pair and
/// device), so a seed gives the same faulty devices whatever the placement of the weights.
/// </summary>
public sealed record CrossbarNonIdealities
{
    /// <summary>Resistance of one row-wire segment (between neighbouring cells, and from the row input to the first cell), Ohms.</summary>
    public double RowWireOhms { get; init; }

    /// <summary>Resistance of one column-wire segment (between neighbouring cells, and from the last cell to the TIA input), Ohms.</summary>
    public double ColumnWireOhms { get; init; }

    /// <summary>Output resistance of each row driver (DAC), Ohms.</summary>
    public double DriverOhms { get; init; }

    /// <summary>Sigma of the log-normal device variation: G = G_target·exp(sigma·z), z ~ N(0, 1); 0 = none.</summary>
    public double VariationSigma { get; init; }

    /// <summary>Seed of the variation draws.</summary>
    public int VariationSeed { get; init; } = 1;

    /// <summary>Largest <see cref="DevicesPerCell"/> accepted.</summary>
    public const int MaxDevicesPerCell = 64;

    /// <summary>
    /// k devices in parallel per cell, each programmed to the cell's target with its own variation factor and read
    /// with the TIA feedback conductance scaled by k: the cell reads G·mean_j clamp(e^{σ·z_j}) (variance of the factor
    /// divided by k), at k times the devices. 1 = one device per cell.
    /// </summary>
    public int DevicesPerCell { get; init; } = 1;

    /// <summary>
    /// Analog layers whose cells have <see cref="DevicesPerCell"/> devices; null = every layer. A network's other layers
    /// are generated with one device per cell (applied per layer by <see cref="Generation.NetworkGenerator"/>).
    /// </summary>
    public IReadOnlySet<string>? DevicesPerCellLayers { get; init; }

    /// <summary>These settings for the cells of <paramref name="layer"/>: one device per cell when <see cref="DevicesPerCellLayers"/> does not list it.</summary>
    public CrossbarNonIdealities ForLayer(string layer) =>
        DevicesPerCellOf(layer, DevicesPerCell, DevicesPerCellLayers) is var k && k != DevicesPerCell ? this with { DevicesPerCell = k } : this;

    /// <summary>Devices per cell of <paramref name="layer"/>: <paramref name="devicesPerCell"/> if <paramref name="layers"/> is null or lists it, else 1.</summary>
    public static int DevicesPerCellOf(string layer, int devicesPerCell, IReadOnlySet<string>? layers) =>
        layers is null || layers.Contains(layer) ? devicesPerCell : 1;

    /// <summary>Number of programmable conductance levels evenly spaced in [Gmin, Gmax] (≥ 2); null = continuous.</summary>
    public int? Levels { get; init; }

    /// <summary>Probability that a cell is stuck at Gmin (ignores programming and variation).</summary>
    public double StuckAtMinRate { get; init; }

    /// <summary>Probability that a cell is stuck at Gmax.</summary>
    public double StuckAtMaxRate { get; init; }

    /// <summary>Seed of the fault draws.</summary>
    public int FaultSeed { get; init; } = 2;

    /// <summary>Stuck devices listed by physical position (e.g. a programming run's failed cells), added to the drawn ones; null = none.</summary>
    public Faults.ListedFaults? ListedFaults { get; init; }

    /// <summary>Ideal crossbar: no wires, variation, levels or faults.</summary>
    public static CrossbarNonIdealities None { get; } = new();

    /// <summary>True when either wire resistance is non-zero.</summary>
    public bool HasWires => RowWireOhms > 0 || ColumnWireOhms > 0;

    /// <summary>Throws <see cref="ArgumentException"/> naming the broken rule.</summary>
    public CrossbarNonIdealities Validate()
    {
        static void NonNegative(double v, string what)
        {
            if (!(v >= 0 && double.IsFinite(v))) throw new ArgumentException($"{what} must be a finite value >= 0, got {v}.");
        }
        NonNegative(RowWireOhms, "row wire resistance (Ohms per segment)");
        NonNegative(ColumnWireOhms, "column wire resistance (Ohms per segment)");
        NonNegative(DriverOhms, "driver resistance (Ohms)");
        NonNegative(VariationSigma, "variation sigma");
        if (DevicesPerCell is < 1 or > MaxDevicesPerCell) throw new ArgumentException($"devices per cell must be in [1, {MaxDevicesPerCell}], got {DevicesPerCell}.");
        if (Levels is { } n && n < 2) throw new ArgumentException($"conductance levels must be at least 2, got {n}.");
        if (!(StuckAtMinRate >= 0 && StuckAtMaxRate >= 0 && StuckAtMinRate + StuckAtMaxRate <= 1))
            throw new ArgumentException($"stuck-at rates must be >= 0 with a sum <= 1, got Gmin {StuckAtMinRate} and Gmax {StuckAtMaxRate}.");
        return this;
    }
}
