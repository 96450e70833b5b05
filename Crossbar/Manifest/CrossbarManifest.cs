using System.Text.Json;
using System.Text;
using MemristorSpice.Crossbar.Generation;
using MemristorSpice.Crossbar.Layout;
using MemristorSpice.Crossbar.Mapping;

namespace MemristorSpice.Crossbar.Manifest;

/// <summary>
/// The JSON manifest of one logical crossbar (file stem.manifest.json next to its netlists), format
/// "memristorspice-crossbar/1":
/// <list type="bullet">
/// <item>layer, kind, crossbar, channel, rowMeaning, rows, outputs, columns; mapping (Vread, amax, wmax, Gmin, Gmax, Rf,
/// outputVoltsPerUnit K), device, opAmp, nonIdealities; counts (tiles, memristors, opAmps).</item>
/// <item>tiles[]: netlist file, firstRow, rows, hasBias, rowSources[] (row, logicalRow, source, node, voltsPerUnit, bias)
/// — the excitation inputs — and outputs[] (output, node, tia and column nodes of the pair, difference stage).</item>
/// <item>cells: the name of the cell table stem.cells.csv (<see cref="WriteCells"/>): one line per weight or bias with
/// its tensor entry, input, logical row, output, weight, tile, tile row, and for the plus and minus device the
/// instance, row node, column node, target and programmed conductance and fault.</item>
/// </list>
/// A co-simulator drives tile t by setting each rowSources[k].source to input[logicalRow]·voltsPerUnit, reads
/// v(outputs[j].node), and recovers W·x + b as the sum over tiles of the outputs divided by outputVoltsPerUnit.
/// </summary>
public static class CrossbarManifest
{
    /// <summary>Format tag written into every manifest.</summary>
    public const string Format = "memristorspice-crossbar/1";

    /// <summary>The manifest JSON of <paramref name="x"/>.</summary>
    public static string Write(GeneratedCrossbar x)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            var o = x.Options;
            var ctx = x.Context;
            w.WriteStartObject();
            w.WriteString("format", Format);
            w.WriteString("layer", ctx.Layer);
            w.WriteString("kind", ctx.Kind);
            w.WriteNumber("crossbar", ctx.Crossbar);
            if (ctx.Channel is { } ch) w.WriteNumber("channel", ch); else w.WriteNull("channel");
            w.WriteString("rowMeaning", ctx.RowMeaning);
            w.WriteNumber("rows", x.Matrix.Rows);
            w.WriteNumber("outputs", x.Matrix.Outputs);
            w.WriteNumber("columns", x.Matrix.Shape.Columns);

            w.WriteStartObject("mapping");
            w.WriteString("scheme", "differential: G+ = Gmin + (Gmax-Gmin)*max(w,0)/wmax, G- = Gmin + (Gmax-Gmin)*max(-w,0)/wmax; bias row at Vread stores b/amax");
            w.WriteNumber("readVolts", o.ReadVolts);
            w.WriteNumber("inputFullScale", o.InputFullScale);
            w.WriteNumber("weightFullScale", x.Mapping.WeightFullScale);
            w.WriteNumber("gminSiemens", x.Mapping.Range.MinSiemens);
            w.WriteNumber("gmaxSiemens", x.Mapping.Range.MaxSiemens);
            w.WriteNumber("feedbackOhms", o.FeedbackOhms);
            w.WriteNumber("differenceOhms", o.DifferenceOhms);
            w.WriteNumber("outputVoltsPerUnit", x.OutputVoltsPerUnit);
            w.WriteEndObject();
            w.WriteString("device", x.Tiles[0].Device.SubcircuitName);
            w.WriteString("opAmp", CrossbarOpAmps.Describe(o.OpAmp));
            WriteNonIdealities(w, o.NonIdealities);
            var counts = x.Counts;
            w.WriteStartObject("counts");
            w.WriteNumber("tiles", counts.Crossbars);
            w.WriteNumber("memristors", counts.Memristors);
            w.WriteNumber("opAmps", counts.OpAmps);
            w.WriteEndObject();

            w.WriteStartArray("tiles");
            for (int t = 0; t < x.Tiles.Count; t++) WriteTile(w, x.Tiles[t], x.FileName(t));
            w.WriteEndArray();

            w.WriteString("cells", CellsFileName(x));
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()).Replace("\r\n", "\n") + "\n";
    }

    private static void WriteNonIdealities(Utf8JsonWriter w, CrossbarNonIdealities ni)
    {
        w.WriteStartObject("nonIdealities");
        w.WriteNumber("rowWireOhms", ni.RowWireOhms);
        w.WriteNumber("columnWireOhms", ni.ColumnWireOhms);
        w.WriteNumber("driverOhms", ni.DriverOhms);
        w.WriteNumber("variationSigma", ni.VariationSigma);
        w.WriteNumber("variationSeed", ni.VariationSeed);
        // Written only when set, so manifests of one-device cells are unchanged.
        if (ni.DevicesPerCell != 1) w.WriteNumber("devicesPerCell", ni.DevicesPerCell);
        if (ni.Levels is { } l) w.WriteNumber("levels", l); else w.WriteNull("levels");
        w.WriteNumber("stuckAtMinRate", ni.StuckAtMinRate);
        w.WriteNumber("stuckAtMaxRate", ni.StuckAtMaxRate);
        w.WriteNumber("faultSeed", ni.FaultSeed);
        w.WriteEndObject();
    }

    private static void WriteTile(Utf8JsonWriter w, CrossbarTileLayout tile, string file)
    {
        w.WriteStartObject();
        w.WriteNumber("tile", tile.Tile.Index);
        w.WriteString("netlist", file);
        w.WriteNumber("firstRow", tile.Tile.FirstRow);
        w.WriteNumber("rows", tile.Tile.Rows);
        w.WriteBoolean("hasBias", tile.Rows.Any(r => r.IsBias));
        w.WriteStartArray("rowSources");
        foreach (var r in tile.Rows)
        {
            w.WriteStartObject();
            w.WriteNumber("row", r.Row);
            w.WriteNumber("logicalRow", r.LogicalRow);
            w.WriteString("source", r.SourceName);
            w.WriteString("node", r.RowNode);
            w.WriteNumber("voltsPerUnit", r.VoltsPerUnit);
            w.WriteBoolean("bias", r.IsBias);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("outputs");
        for (int j = 0; j < tile.Differences.Count; j++)
        {
            var d = tile.Differences[j];
            w.WriteStartObject();
            w.WriteNumber("output", d.Output);
            w.WriteString("node", d.OutputNode);
            w.WriteString("columnPlus", tile.Tias[2 * j].InputNode);
            w.WriteString("columnMinus", tile.Tias[2 * j + 1].InputNode);
            w.WriteString("tiaPlus", tile.Tias[2 * j].Name);
            w.WriteString("tiaMinus", tile.Tias[2 * j + 1].Name);
            w.WriteString("difference", d.Name);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>File name of the cell table: stem.cells.csv.</summary>
    public static string CellsFileName(GeneratedCrossbar x) => $"{x.Context.Stem}.cells.csv";

    /// <summary>Column names of the cell table.</summary>
    public const string CellsHeader =
        "entry,input,row,output,weight,tile,tile_row,plus_device,plus_row_node,plus_column_node,plus_target_siemens,plus_programmed_siemens,plus_fault," +
        "minus_device,minus_row_node,minus_column_node,minus_target_siemens,minus_programmed_siemens,minus_fault";

    /// <summary>
    /// The cell table: one line per weight or bias entry (entry = tensor[i][j] in the layer's stored shape, or rR_oJ for
    /// a bare matrix), its logical row and output, the weight, tile and tile row, and both devices with their nodes,
    /// target and programmed conductance (Siemens) and fault.
    /// </summary>
    public static string WriteCells(GeneratedCrossbar x)
    {
        var sb = new StringBuilder();
        sb.Append(CellsHeader).Append('\n');
        var indexer = x.Context.Indexer;
        foreach (var tile in x.Tiles)
        {
            // Cells come in (plus, minus) pairs per (row, output) in layout order.
            for (int k = 0; k < tile.Cells.Count; k += 2)
            {
                CrossbarCell plus = tile.Cells[k], minus = tile.Cells[k + 1];
                if (plus.Output >= x.Matrix.Outputs) continue; // a spare column pair holds no weight
                string entry, input;
                if (indexer is not null)
                {
                    var at = indexer(plus.LogicalRow, plus.Output);
                    entry = at.Tensor + string.Concat(at.Index.Select(i => $"[{i}]"));
                    input = at.Input;
                }
                else
                {
                    entry = $"r{plus.LogicalRow}_o{plus.Output}";
                    input = plus.LogicalRow == x.Matrix.BiasRow ? "bias" : $"row {plus.LogicalRow}";
                }
                sb.Append(entry).Append(',').Append(input).Append(',').Append(I(plus.LogicalRow)).Append(',').Append(I(plus.Output)).Append(',')
                  .Append(N(x.Matrix[plus.LogicalRow, plus.Output])).Append(',').Append(I(tile.Tile.Index)).Append(',').Append(I(plus.Row));
                AppendDevice(sb, plus);
                AppendDevice(sb, minus);
                sb.Append('\n');
            }
        }
        return sb.ToString();
    }

    private static void AppendDevice(StringBuilder sb, CrossbarCell c) =>
        sb.Append(',').Append(c.Name).Append(',').Append(c.RowNode).Append(',').Append(c.ColumnNode).Append(',')
          .Append(N(c.Conductance.TargetSiemens)).Append(',').Append(N(c.Conductance.ProgrammedSiemens)).Append(',').Append(c.Conductance.Fault);

    private static string N(double v) => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
    private static string I(int v) => v.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
