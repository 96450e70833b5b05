using System.Globalization;
using System.Text;
using MemristorSpice.Crossbar.Generation;
using MemristorSpice.Crossbar.Layout;
using MemristorSpice.Crossbar.Manifest;
using MemristorSpice.Crossbar.Mapping;

namespace MemristorSpice.Cosim.Backends;

/// <summary>How the cells of a tile appear in its ngspice deck.</summary>
public enum NgspiceCellModel
{
    /// <summary>Memristor subcircuits of netlists/lib/devices.lib (B-source state equations): the devices' dynamics act.</summary>
    Memristor,
    /// <summary>Plain resistors R(x0): exact in a read below the devices' thresholds; used for tiles too big for B-source memristors.</summary>
    ReadResistor,
}

/// <summary>
/// ngspice decks of one tile, written by <see cref="CrossbarNetlistWriter"/> from the same layout our engine builds
/// its circuit from, then edited line by line: cells as resistors (optional), and for tran the row sources as the
/// pulse train (PWL), wire capacitors and a .tran card.
/// </summary>
public static class NgspiceTileDeck
{
    /// <summary>.op deck with the row sources at <paramref name="rowVolts"/>.</summary>
    public static string OperatingPoint(CrossbarTileLayout layout, double[] rowVolts, string deviceLibrary, NgspiceCellModel cells)
    {
        var text = CrossbarNetlistWriter.Write(CircuitDcBackend.WithRowVolts(layout, rowVolts, deviceLibrary));
        return SaveOutputs(layout, cells == NgspiceCellModel.ReadResistor ? Edit(layout, text, null) : text);
    }

    /// <summary>
    /// Adds a .save of the tile's output nodes before .end: the raw file (kept in the run folder) then holds the
    /// compared signals only, not every wire node of a big tile.
    /// </summary>
    private static string SaveOutputs(CrossbarTileLayout layout, string deck)
    {
        var save = new StringBuilder("* outputs compared with our engine (the only vectors in the raw file)\n.save");
        foreach (var node in layout.OutputNodes) save.Append(" v(").Append(node).Append(')');
        save.Append('\n');
        int end = deck.LastIndexOf(".end", StringComparison.Ordinal);
        return deck[..end] + save + deck[end..];
    }

    /// <summary>
    /// .tran deck of the pulse train: the tile starts at the operating point of <paramref name="previous"/>; patch p
    /// (row volts patches[p·Rows ..]) ramps in linearly over [p·T, p·T + h] and holds until (p+1)·T. The time step
    /// is capped at h. Wire capacitance per segment (far node to ground) as in <see cref="TranTileModel"/>.
    /// </summary>
    public static string Transient(CrossbarTileLayout layout, double[] previous, double[] patches, int count, double readSeconds,
        double stepSeconds, double wireFarads, string deviceLibrary, NgspiceCellModel cells)
    {
        var text = CrossbarNetlistWriter.Write(CircuitDcBackend.WithRowVolts(layout, previous, deviceLibrary), includeOperatingPoint: false);
        int rows = layout.Rows.Count;
        var sources = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (int r = 0; r < rows; r++)
        {
            var row = layout.Rows[r];
            var sb = new StringBuilder();
            sb.Append(row.SourceName).Append(' ').Append(row.SourceNode).Append(" 0 pwl(0 ").Append(N(previous[r]));
            double last = previous[r];
            for (int p = 0; p < count; p++)
            {
                double v = patches[p * rows + r];
                // Slot 0 starts at t = 0, where the list already holds the initial level (no repeated time point).
                sb.Append("\n+ ");
                if (p > 0) sb.Append(N(p * readSeconds)).Append(' ').Append(N(last)).Append(' ');
                sb.Append(N(p * readSeconds + stepSeconds)).Append(' ').Append(N(v));
                last = v;
            }
            sb.Append(')');
            sources[row.SourceName] = sb.ToString();
        }
        var extra = new StringBuilder();
        if (wireFarads > 0)
        {
            extra.Append("\n* wire capacitance per segment (far node to ground)\n");
            foreach (var w in layout.Wires) extra.Append('c').Append(w.Name).Append(' ').Append(w.NodeB).Append(" 0 ").Append(N(wireFarads)).Append('\n');
        }
        extra.Append("\n* pulse train: ").Append(count).Append(" patches, ").Append(N(readSeconds)).Append(" s per read slot\n");
        // Tight Newton tolerances: a node error δ at a TIA's virtual ground shows up as A0·δ at its output.
        extra.Append(".options reltol=1e-7 abstol=1e-15 vntol=1e-12\n");
        extra.Append(".tran ").Append(N(stepSeconds)).Append(' ').Append(N(count * readSeconds)).Append(" 0 ").Append(N(stepSeconds)).Append('\n');
        var edited = Edit(layout, text, sources, cells == NgspiceCellModel.ReadResistor);
        int end = edited.LastIndexOf(".end", StringComparison.Ordinal);
        return SaveOutputs(layout, edited[..end] + extra + edited[end..]);
    }

    private static string Edit(CrossbarTileLayout layout, string text, Dictionary<string, string>? sources, bool resistors = true)
    {
        var cells = resistors ? layout.Cells.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase) : null;
        var sb = new StringBuilder(text.Length);
        foreach (var line in text.Split('\n'))
        {
            int space = line.IndexOf(' ');
            var first = space < 0 ? line : line[..space];
            if (cells is not null && cells.TryGetValue(first, out var cell))
                sb.Append('r').Append(cell.Name).Append(' ').Append(cell.RowNode).Append(' ').Append(cell.ColumnNode).Append(' ')
                  .Append(N(layout.Device.Model.Resistance(cell.State))).Append(" ; read-mode resistor R(x0)");
            else if (sources is not null && sources.TryGetValue(first, out var source)) sb.Append(source);
            else sb.Append(line);
            sb.Append('\n');
        }
        return sb.ToString(0, sb.Length - 1);
    }

    private static string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
