using System.Globalization;
using MemristorSpice.Crossbar.Layout;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Network;

namespace MemristorSpice.Crossbar.Generation;

/// <summary>
/// Reads a crossbar weight matrix from CSV: one line per crossbar row (input i), one comma-separated value per output
/// j, the LAST line is the bias row. Blank lines and lines starting with '#' are skipped. Every line must have the
/// same number of values; at least two lines (one input and the bias).
/// </summary>
public static class WeightCsv
{
    public static CrossbarMatrix Parse(string text, string fileName = "weights.csv")
    {
        var rows = new List<float[]>();
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var fields = line.Split(',');
            var values = new float[fields.Length];
            for (int k = 0; k < fields.Length; k++)
            {
                if (!float.TryParse(fields[k].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out values[k]) || !float.IsFinite(values[k]))
                    throw new FormatException($"{fileName} line {lineNumber}, value {k + 1}: '{fields[k].Trim()}' is not a finite number.");
            }
            if (rows.Count > 0 && values.Length != rows[0].Length)
                throw new FormatException($"{fileName} line {lineNumber}: {values.Length} values, but the first row has {rows[0].Length} (one per output).");
            rows.Add(values);
        }
        if (rows.Count < 2)
            throw new FormatException($"{fileName}: need at least two rows (inputs, then the bias row last), found {rows.Count}.");
        int outputs = rows[0].Length;
        var flat = new float[rows.Count * outputs];
        for (int r = 0; r < rows.Count; r++) rows[r].CopyTo(flat, r * outputs);
        return new CrossbarMatrix(rows.Count, outputs, flat, null);
    }

    public static CrossbarMatrix Load(string path) => Parse(File.ReadAllText(path), Path.GetFileName(path));
}
