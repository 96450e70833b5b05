using System.Text;
using System.Text.Json;

namespace MemristorSpice.Netlist.Generation;

/// <summary>
/// The JSON manifest of one logical crossbar (file stem.manifest.json next to its netlists), format
/// "memristorspice-crossbar/1":
/// <list type="bullet">
/// <item>layer, kind, crossbar, channel, rowMeaning, rows, outputs, columns; mapping (Vread, amax, wmax, Gmin, Gmax, Rf,
/// outputVoltsPerUnit K), device, opAmp, nonIdealities; counts (tiles, memristors, opAmps).</item>
/// <item>tiles[]: netlist file, firstRow, rows, hasBias, rowSources[] (row, logicalRow, source, node, voltsPerUnit, bias)
/// — the excitation inputs — and outputs[] (output, node, tia and column nodes of the pair, difference stage).</item>
/// <item>cells[]: one entry per weight or bias: tensor and index, input, logical row, output, weight, tile, tile row,
/// and for the plus and minus device: instance, row node, column node, target and programmed conductance, fault.</item>
/// </list>
/// A co-simulator drives tile t by setting each rowSources[k].source to input[logicalRow]·voltsPerUnit, reads
/// v(outputs[j].node), and recovers W·x + b as the sum over tiles of the outputs divided by outputVoltsPerUnit.
/// </summary>
public static class CrossbarManifest
{
    public const string Format = "memristorspice-crossbar/1";

    public static string Write(GeneratedCrossbar x)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
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

            w.WriteStartArray("cells");
            foreach (var tile in x.Tiles) WriteCells(w, x, tile);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()).Replace("\r\n", "\n") + "\n";
    }

    private static void WriteNonIdealities(Utf8JsonWriter w, NonIdealities ni)
    {
        w.WriteStartObject("nonIdealities");
        w.WriteNumber("rowWireOhms", ni.RowWireOhms);
        w.WriteNumber("columnWireOhms", ni.ColumnWireOhms);
        w.WriteNumber("driverOhms", ni.DriverOhms);
        w.WriteNumber("variationSigma", ni.VariationSigma);
        w.WriteNumber("variationSeed", ni.VariationSeed);
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

    private static void WriteCells(Utf8JsonWriter w, GeneratedCrossbar x, CrossbarTileLayout tile)
    {
        var indexer = x.Context.Indexer;
        // Cells come in (plus, minus) pairs per (row, output) in layout order.
        for (int k = 0; k < tile.Cells.Count; k += 2)
        {
            CrossbarCell plus = tile.Cells[k], minus = tile.Cells[k + 1];
            w.WriteStartObject();
            if (indexer is not null)
            {
                var at = indexer(plus.LogicalRow, plus.Output);
                w.WriteString("tensor", at.Tensor);
                w.WriteStartArray("index");
                foreach (var i in at.Index) w.WriteNumberValue(i);
                w.WriteEndArray();
                w.WriteString("input", at.Input);
            }
            w.WriteNumber("row", plus.LogicalRow);
            w.WriteNumber("output", plus.Output);
            w.WriteNumber("weight", x.Matrix[plus.LogicalRow, plus.Output]);
            w.WriteNumber("tile", tile.Tile.Index);
            w.WriteNumber("tileRow", plus.Row);
            WriteDevice(w, "plus", plus);
            WriteDevice(w, "minus", minus);
            w.WriteEndObject();
        }
    }

    private static void WriteDevice(Utf8JsonWriter w, string name, CrossbarCell c)
    {
        w.WriteStartObject(name);
        w.WriteString("device", c.Name);
        w.WriteString("rowNode", c.RowNode);
        w.WriteString("columnNode", c.ColumnNode);
        w.WriteNumber("targetSiemens", c.Conductance.TargetSiemens);
        w.WriteNumber("programmedSiemens", c.Conductance.ProgrammedSiemens);
        w.WriteString("fault", c.Conductance.Fault.ToString());
        w.WriteEndObject();
    }
}
