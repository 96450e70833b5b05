using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration.Attributes;
using MemristorSpice.Crossbar.Mapping;

namespace MemristorSpice.Cosim.Programming;

/// <summary>One programmed cell as <c>memspice program</c> writes it to programmed.csv.</summary>
public sealed record ProgrammedCell
{
    /// <summary>Layer name.</summary>
    [Name("layer")] public required string Layer { get; init; }
    /// <summary>Logical crossbar of the layer.</summary>
    [Name("crossbar")] public required int Crossbar { get; init; }
    /// <summary>Tile of the logical crossbar.</summary>
    [Name("tile")] public required int Tile { get; init; }
    /// <summary>Row of the logical crossbar (the tile's first row plus the row in the tile).</summary>
    [Name("row")] public required int Row { get; init; }
    /// <summary>Physical column: 2j for G+ of output j, 2j+1 for G−.</summary>
    [Name("column")] public required int Column { get; init; }
    /// <summary>Target conductance of the co-simulation's mapping, Siemens.</summary>
    [Name("target_siemens")] public required double TargetSiemens { get; init; }
    /// <summary>Device conductance after the whole tile was programmed, Siemens.</summary>
    [Name("programmed_siemens")] public required double ProgrammedSiemens { get; init; }
    /// <summary>Normalized device state x after programming.</summary>
    [Name("state")] public required double State { get; init; }
}

/// <summary>
/// The states a programming run reached (programmed.csv of a <c>memspice program</c> folder). The co-simulation's
/// native backend reads them with <c>cosim --programmed dir/</c>: every listed cell gets its programmed conductance;
/// cells not listed keep the mapped one. A listed target that differs from the co-simulation's own mapping (another
/// design point, data set or weights) is an error, not a silent mix.
/// </summary>
public sealed class ProgrammedStates
{
    /// <summary>File name inside the output folder.</summary>
    public const string FileName = "programmed.csv";

    private readonly Dictionary<(string, int, int, int), ProgrammedCell> _cells;

    /// <summary>States of the given cells.</summary>
    public ProgrammedStates(IEnumerable<ProgrammedCell> cells)
    {
        _cells = [];
        foreach (var c in cells)
            if (!_cells.TryAdd((c.Layer, c.Crossbar, c.Row, c.Column), c))
                throw new ArgumentException($"cell {c.Layer}/xbar{c.Crossbar} row {c.Row} column {c.Column} is listed twice.");
    }

    /// <summary>Number of programmed cells.</summary>
    public int Count => _cells.Count;

    /// <summary>Cells applied so far (listed cells the co-simulation found in its mapping).</summary>
    public int Applied { get; private set; }

    /// <summary>Reads dir/programmed.csv; clear errors for a missing file or a bad value.</summary>
    public static ProgrammedStates Load(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path} not found (write it with 'memspice program --out {directory}').");
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        List<ProgrammedCell> cells;
        try { cells = csv.GetRecords<ProgrammedCell>().ToList(); }
        catch (CsvHelperException e) { throw new InvalidDataException($"{path}: {e.Message.Split('\n')[0]}"); }
        foreach (var c in cells)
            if (!(c.ProgrammedSiemens > 0 && double.IsFinite(c.ProgrammedSiemens) && c.TargetSiemens > 0 && double.IsFinite(c.TargetSiemens)))
                throw new InvalidDataException($"{path}: cell {c.Layer}/xbar{c.Crossbar} row {c.Row} column {c.Column} needs conductances > 0 S.");
        return new ProgrammedStates(cells);
    }

    /// <summary>Writes the cells as CSV to <paramref name="path"/>.</summary>
    public static void Write(string path, IEnumerable<ProgrammedCell> cells)
    {
        using var writer = new StreamWriter(path);
        using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
        csv.WriteRecords(cells);
    }

    /// <summary>The cell with its programmed conductance when listed (stuck-at cells stay stuck), else unchanged.</summary>
    public CellConductance Apply(string layer, int crossbar, int row, int column, CellConductance cell)
    {
        if (!_cells.TryGetValue((layer, crossbar, row, column), out var p) || cell.Fault != CellFault.None) return cell;
        // 1e-9 relative: the same mapping computed twice agrees to rounding; anything else is another mapping.
        if (Math.Abs(p.TargetSiemens - cell.LevelSiemens) > 1e-9 * cell.LevelSiemens)
            throw new InvalidOperationException(
                $"programmed state of {layer}/xbar{crossbar} row {row} column {column} was made for a target of {p.TargetSiemens:G6} S, " +
                $"this co-simulation maps {cell.LevelSiemens:G6} S: program with the same weights, design point and data set.");
        Applied++;
        return cell with { ProgrammedSiemens = p.ProgrammedSiemens, VariationFactor = 1 };
    }
}
