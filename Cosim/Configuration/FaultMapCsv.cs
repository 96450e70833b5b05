using System.Globalization;
using CsvHelper;
using MemristorSpice.Crossbar.Faults;
using MemristorSpice.Crossbar.Mapping;

namespace MemristorSpice.Cosim.Configuration;

/// <summary>
/// Reads a fault map: CSV with the header <c>tile,row,column,device,stuck</c>, one stuck device per line, e.g.
/// <c>conv1/xbar0/tile0,17,3,positive,gmax</c>. tile = layer/xbarN/tileM (the co-simulation's tile identifier),
/// row = physical row of the tile, column = physical column pair (spare pairs follow the outputs), device =
/// positive|negative (also +/−, p/n), stuck = gmin|gmax. The devices are added to the drawn stuck-at faults
/// (set stuckAt.gminRate = gmaxRate = 0 to use the file alone).
/// </summary>
public static class FaultMapCsv
{
    /// <summary>Header of the file.</summary>
    public const string Header = "tile,row,column,device,stuck";

    /// <summary>Most lines read (a bound on the memory the file can take).</summary>
    public const int MaxLines = 10_000_000;

    /// <summary>Reads the file; errors name the file and line.</summary>
    /// <exception cref="InvalidDataException">Unreadable file, wrong header or a bad value.</exception>
    public static ListedFaults Load(string path)
    {
        StreamReader reader;
        try { reader = new StreamReader(path); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { throw new InvalidDataException($"{path}: cannot be read: {ex.Message}"); }
        using (reader)
        using (var csv = new CsvReader(reader, CultureInfo.InvariantCulture))
        {
            var entries = new List<(string, StuckDevice)>();
            try
            {
                if (!csv.Read() || !csv.ReadHeader() || !string.Join(',', csv.HeaderRecord!.Select(h => h.Trim().ToLowerInvariant())).Equals(Header, StringComparison.Ordinal))
                    throw new InvalidDataException($"{path}: line 1 must be the header {Header}.");
                while (csv.Read())
                {
                    int line = csv.Parser.Row;
                    if (entries.Count >= MaxLines) throw new InvalidDataException($"{path}: more than {MaxLines} lines.");
                    string Field(int i) => (csv.GetField(i) ?? "").Trim();
                    if (csv.Parser.Count != 5) throw new InvalidDataException($"{path}: line {line}: expected 5 fields ({Header}), got {csv.Parser.Count}.");
                    var tile = Field(0);
                    if (tile.Length == 0) throw new InvalidDataException($"{path}: line {line}: empty tile identifier.");
                    int Index(int i, string what) => int.TryParse(Field(i), NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v
                        : throw new InvalidDataException($"{path}: line {line}: {what} must be an integer >= 0, got '{Field(i)}'.");
                    int row = Index(1, "row"), column = Index(2, "column");
                    var device = Field(3).ToLowerInvariant() switch
                    {
                        "positive" or "+" or "p" => PairDevice.Positive,
                        "negative" or "-" or "n" => PairDevice.Negative,
                        var d => throw new InvalidDataException($"{path}: line {line}: device must be positive or negative, got '{d}'."),
                    };
                    var stuck = Field(4).ToLowerInvariant() switch
                    {
                        "gmin" => CellFault.StuckAtMin,
                        "gmax" => CellFault.StuckAtMax,
                        var f => throw new InvalidDataException($"{path}: line {line}: stuck must be gmin or gmax, got '{f}'."),
                    };
                    entries.Add((tile, new StuckDevice(row, column, device, stuck)));
                }
            }
            catch (CsvHelperException e) { throw new InvalidDataException($"{path}: {e.Message.Split('\n')[0]}"); }
            try { return new ListedFaults(entries, path); }
            catch (ArgumentException e) { throw new InvalidDataException(e.Message); }
        }
    }

    /// <summary>Writes <paramref name="devices"/> (tile identifier, device) in the file format.</summary>
    public static void Write(string path, IEnumerable<(string Tile, StuckDevice Device)> devices)
    {
        using var writer = new StreamWriter(path);
        writer.Write(Header + "\n");
        foreach (var (tile, d) in devices)
            writer.Write(string.Create(CultureInfo.InvariantCulture,
                $"{tile},{d.Row},{d.Column},{(d.Device == PairDevice.Positive ? "positive" : "negative")},{(d.Stuck == CellFault.StuckAtMin ? "gmin" : "gmax")}\n"));
    }

    /// <summary><see cref="Load"/> with a problem reported as a <see cref="NonIdealitiesException"/> on <paramref name="field"/>.</summary>
    internal static ListedFaults LoadOrThrow(string path, string field, string source)
    {
        try { return Load(path); }
        catch (InvalidDataException ex) { throw new NonIdealitiesException(field, $"cannot be used: {ex.Message}", source); }
    }
}
