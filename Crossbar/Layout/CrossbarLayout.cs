using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Devices.OpAmps;

namespace MemristorSpice.Crossbar.Layout;

/// <summary>A row input: a DAC voltage source, optionally behind its driver resistance.</summary>
/// <param name="Row">Index of the row in the tile's row list: the tile-local logical row (LogicalRow − FirstRow); the
/// physical row (node rowN) is <see cref="PhysicalRow"/>, equal to it unless the placement permutes the rows.</param>
/// <param name="LogicalRow">Row of the logical crossbar (patch entry; the last one is the bias).</param>
/// <param name="IsBias">True for the bias row (driven at Vread).</param>
/// <param name="SourceName">Voltage source name, for example vrow3 (the co-simulator's excitation).</param>
/// <param name="SourceNode">Node the source drives: rowN, or dacN when a driver resistor follows.</param>
/// <param name="RowNode">Row input node rowN.</param>
/// <param name="DriverName">Driver resistor name, null without driver resistance.</param>
/// <param name="DriverOhms">Driver (DAC output) resistance, Ohms; 0 without driver resistor.</param>
/// <param name="Volts">DC value written into the netlist, Volts.</param>
/// <param name="VoltsPerUnit">Row voltage per unit input: Vread/amax for inputs, Vread for the bias row (input 1).</param>
public sealed record RowDriver(int Row, int LogicalRow, bool IsBias, string SourceName, string SourceNode, string RowNode,
    string? DriverName, double DriverOhms, double Volts, double VoltsPerUnit)
{
    private readonly int? _physicalRow;

    /// <summary>Physical row of the tile the source drives (node rowN); <see cref="Row"/> unless set.</summary>
    public int PhysicalRow { get => _physicalRow ?? Row; init => _physicalRow = value; }
}

/// <summary>One memristor of the tile: row node (pos) → column node (neg).</summary>
/// <param name="Name">Instance name xm_rR_cJp / xm_rR_cJn.</param>
/// <param name="RowNode">Node of the cell's row wire.</param>
/// <param name="ColumnNode">Node of the cell's column wire.</param>
/// <param name="Row">Tile-local logical row (index in the tile's row list); the physical row is <see cref="PhysicalRow"/>.</param>
/// <param name="LogicalRow">Row in the logical crossbar (input index; the last is the bias row).</param>
/// <param name="Output">Output index j; j ≥ the tile's Outputs marks a cell of a spare column pair (no weight, not read).</param>
/// <param name="IsPositive">True for the G+ column Jp.</param>
/// <param name="Conductance">Programmed conductance and fault of the cell.</param>
/// <param name="State">Normalized state x0 that gives the programmed conductance.</param>
public sealed record CrossbarCell(string Name, string RowNode, string ColumnNode, int Row, int LogicalRow, int Output, bool IsPositive,
    CellConductance Conductance, double State)
{
    private readonly int? _physicalRow, _physicalColumn;

    /// <summary>Physical row of the tile; <see cref="Row"/> unless set.</summary>
    public int PhysicalRow { get => _physicalRow ?? Row; init => _physicalRow = value; }

    /// <summary>Physical column pair of the tile; <see cref="Output"/> unless set.</summary>
    public int PhysicalColumn { get => _physicalColumn ?? Output; init => _physicalColumn = value; }
}

/// <summary>A wire resistance segment, Ohms.</summary>
public sealed record WireSegment(string Name, string NodeA, string NodeB, double Ohms);

/// <summary>Transimpedance amplifier of physical column: input (virtual ground) → output = −Rf·I; Output ≥ the tile's Outputs for a spare pair.</summary>
public sealed record TiaStage(string Name, string InputNode, string OutputNode, int Output, bool IsPositive);

/// <summary>Unity difference stage of output j: out = V(plus) − V(minus) = V(tiaJn) − V(tiaJp) = Rf·(I+ − I−); Output ≥ the tile's Outputs for a spare pair.</summary>
public sealed record DifferenceStage(string Name, string PlusNode, string MinusNode, string OutputNode, int Output);

/// <summary>
/// The intermediate description of one physical crossbar (tile): every part with its name, nodes and value. The
/// engine <see cref="Engine.Core.Circuit"/> (<see cref="MemristorSpice.Crossbar.Generation.CrossbarCircuitBuilder"/>) and the ngspice text
/// (<see cref="MemristorSpice.Crossbar.Generation.CrossbarNetlistWriter"/>) are both produced from it, so they are the same circuit by construction.
/// </summary>
public sealed class CrossbarTileLayout
{
    /// <summary>Title line of the netlist.</summary>
    public required string Title { get; init; }
    /// <summary>Header comment lines (layer, mapping, parameters), without the leading '*'.</summary>
    public required IReadOnlyList<string> Header { get; init; }
    /// <summary>Which rows of the logical crossbar this tile holds.</summary>
    public required TileRows Tile { get; init; }
    /// <summary>Number of tiles of the logical crossbar.</summary>
    public required int TileCount { get; init; }
    /// <summary>Number of outputs (differential column pairs).</summary>
    public required int Outputs { get; init; }
    /// <summary>The memristor device of the cells.</summary>
    public required CrossbarDevice Device { get; init; }
    /// <summary>Op-amp macro model; null = ideal.</summary>
    public required OpAmpParameters? OpAmp { get; init; }
    /// <summary>TIA feedback resistance Rf, Ohms.</summary>
    public required double FeedbackOhms { get; init; }
    /// <summary>Difference-stage resistors, Ohms.</summary>
    public required double DifferenceOhms { get; init; }
    /// <summary>K: output Volts per unit of W·x + b.</summary>
    public required double OutputVoltsPerUnit { get; init; }
    /// <summary>Line that pulls the device library into the netlist.</summary>
    public required string DeviceLibraryInclude { get; init; }
    /// <summary>Row drivers, one per row of the tile.</summary>
    public required IReadOnlyList<RowDriver> Rows { get; init; }
    /// <summary>Memristor cells, two per (row, output).</summary>
    public required IReadOnlyList<CrossbarCell> Cells { get; init; }
    /// <summary>Wire segments between cells; empty without wire resistance.</summary>
    public required IReadOnlyList<WireSegment> Wires { get; init; }
    /// <summary>Transimpedance amplifiers, one per column: (G+, G−) of each entry of <see cref="Differences"/>, in its order.</summary>
    public required IReadOnlyList<TiaStage> Tias { get; init; }
    /// <summary>Difference stages (G+ column minus G− column): one per output in output order, then one per spare column pair.</summary>
    public required IReadOnlyList<DifferenceStage> Differences { get; init; }

    /// <summary>Op-amps in the tile: one per TIA and one per difference stage.</summary>
    public int OpAmpCount => Tias.Count + Differences.Count;

    /// <summary>Names of the row sources in row order (the co-simulator's excitation inputs).</summary>
    public IReadOnlyList<string> RowSourceNames => Rows.Select(r => r.SourceName).ToList();

    /// <summary>Output node of each output j (index j; spare column pairs are not read).</summary>
    public IReadOnlyList<string> OutputNodes => Differences.Take(Outputs).Select(d => d.OutputNode).ToList();

    /// <summary>Engine signal names v(outS) of the outputs, in output order.</summary>
    public IReadOnlyList<string> OutputSignals => Differences.Take(Outputs).Select(d => $"v({d.OutputNode})").ToList();

    /// <summary>
    /// Row source values (Volts, in <see cref="Rows"/> order) for a full logical-row input vector (the crossbar's patch
    /// with bias entry 1 last, as <c>AnalogStage.Patches</c> produces it).
    /// </summary>
    public double[] RowVolts(ReadOnlySpan<float> patch)
    {
        var v = new double[Rows.Count];
        for (int k = 0; k < Rows.Count; k++) v[k] = patch[Rows[k].LogicalRow] * Rows[k].VoltsPerUnit;
        return v;
    }
}
