using System.Globalization;
using System.Text;
using MemristorSpice.Crossbar.Layout;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Network.IO;

namespace MemristorSpice.Crossbar.Generation;

/// <summary>
/// Reads a crossbar weight matrix from CSV: one line per crossbar row (input i), one comma-separated value per output
/// j, the LAST line is the bias row. Blank lines and lines starting with '#' are skipped; a first line with no
/// number in it (column names) is skipped as a header. Every value must be a finite number, every line must have
/// the same number of values, and there must be at least two lines (one input and the bias).
/// </summary>
public static class WeightCsv
{
    /// <summary>Largest accepted file, in bytes (a 1024 x 1024 matrix in full precision is about 10 MB).</summary>
    public const long MaxFileBytes = 64L << 20;

    /// <summary>Parses a weights CSV (one row per input, one column per output); errors name <paramref name="fileName"/>, line and column.</summary>
    public static CrossbarMatrix Parse(string text, string fileName = "weights.csv")
    {
        if (text.Contains('\0'))
            throw new FormatException($"{fileName}: holds NUL bytes, so it is not a CSV text file.");
        var rows = new List<float[]>();
        var lineNumber = 0;
        bool headerSeen = false;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var fields = line.Split(',');
            if (rows.Count == 0 && !headerSeen && fields.All(f => !IsNumber(f)))
            {
                headerSeen = true;   // column names: the first line without any number
                continue;
            }
            var values = new float[fields.Length];
            for (int k = 0; k < fields.Length; k++)
            {
                var field = fields[k].Trim();
                if (!float.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out values[k]) || !float.IsFinite(values[k]))
                    throw new FormatException($"{fileName} line {lineNumber} (row {rows.Count + 1}), column {k + 1}: {InputName.Quote(field)} is not a finite number.");
            }
            if (rows.Count > 0 && values.Length != rows[0].Length)
                throw new FormatException($"{fileName} line {lineNumber} (row {rows.Count + 1}): {values.Length} columns, but row 1 has {rows[0].Length} (one per output); " +
                                          $"column {Math.Min(values.Length, rows[0].Length) + 1} is {(values.Length < rows[0].Length ? "missing" : "extra")}.");
            rows.Add(values);
        }
        if (rows.Count == 0)
            throw new FormatException($"{fileName}: no rows of numbers (the file is empty or holds only comments{(headerSeen ? " and a header line" : "")}).");
        if (rows.Count < 2)
            throw new FormatException($"{fileName}: need at least two rows (inputs, then the bias row last), found {rows.Count}.");
        int outputs = rows[0].Length;
        var flat = new float[rows.Count * outputs];
        for (int r = 0; r < rows.Count; r++) rows[r].CopyTo(flat, r * outputs);
        return new CrossbarMatrix(rows.Count, outputs, flat, null);
    }

    /// <summary>True when the file starts with the .msw magic (a network weights file, not a CSV matrix).</summary>
    public static bool IsNetworkFile(string path)
    {
        using var f = File.OpenRead(path);
        var head = new byte[WeightsFile.Magic.Length];
        return f.Read(head) == head.Length && head.AsSpan().SequenceEqual(WeightsFile.Magic);
    }

    private static bool IsNumber(string field) =>
        double.TryParse(field.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    /// <summary>Reads and parses a CSV file; a .msw network file is refused (callers check <see cref="IsNetworkFile"/> first to offer --layer).</summary>
    public static CrossbarMatrix Load(string path)
    {
        var length = new FileInfo(path).Length;
        if (length > MaxFileBytes)
            throw new FormatException($"{path}: {length} bytes, more than the {MaxFileBytes} accepted for a weight CSV.");
        var bytes = File.ReadAllBytes(path);
        if (bytes.AsSpan().StartsWith(WeightsFile.Magic))
            throw new FormatException($"{path} is a network weights file (.msw), not a CSV matrix; use 'memspice generate network --weights {path}'.");
        return Parse(new UTF8Encoding(false).GetString(bytes).TrimStart('\uFEFF'), path);
    }
}
